from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from discussions.models import PostLanguage, default_post_language
from discussions.services import DEFAULT_LIMITS


def _language_field(label) -> forms.ChoiceField:
    """The post's language, offered with the interface language chosen (the form's
    ``initial`` may choose another). Left out, the service takes the interface language."""
    return forms.ChoiceField(
        label=label, choices=PostLanguage.choices, required=False, initial=default_post_language
    )


class PostForm(forms.Form):
    source = forms.CharField(
        label=_("Your reply"),
        max_length=DEFAULT_LIMITS["MAX_POST_LENGTH"],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, _italic_, [link](https://...), - list, > quote."),
    )
    language = _language_field(_("Language of the post"))
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    client_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=DEFAULT_LIMITS["MAX_TITLE_LENGTH"])
    source = forms.CharField(
        label=_("What would you like to discuss?"),
        max_length=DEFAULT_LIMITS["MAX_POST_LENGTH"],
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: **bold**, _italic_, [link](https://...), - list, > quote."),
    )
    language = _language_field(_("Language of the thread"))
    tags = forms.CharField(
        label=_("Tags (optional)"),
        required=False,
        max_length=300,
        help_text=_("Separate tags with commas."),
    )
    client_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean_tags(self):
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()][:10]


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown to the author)"), max_length=500)


class FlagForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with this post?"), max_length=500)


class MoveForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Move to"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        from communities.models import CommunityPage

        if isinstance(communities, QuerySet):
            # A queryset of targets is used as it is: the choices cost one query.
            self.fields["community"].queryset = communities
        else:
            self.fields["community"].queryset = CommunityPage.objects.filter(
                pk__in=[c.pk for c in communities]
            )
