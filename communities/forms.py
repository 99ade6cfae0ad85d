from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from communities import services
from communities.models import (
    LANGUAGE_CHOICES,
    DigestFrequency,
    EmailDelivery,
    EmailKind,
    MembershipRole,
    Organisation,
    StaffLevel,
    User,
)


class CommunityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or topic"), required=False, max_length=100)
    theme = forms.SlugField(label=_("Theme"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("activity", _("Recent activity")),
            ("size", _("Most members")),
            ("newest", _("Newest")),
            ("name", _("Name")),
        ],
    )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, department or job title"), required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    staff_level = forms.ChoiceField(
        label=_("Staff level"),
        required=False,
        choices=[("", _("Any level")), *StaffLevel.choices],
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *MembershipRole.choices]
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Why would you like to join? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    person = forms.CharField(
        label=_("Username or e-mail address"),
        max_length=254,
        help_text=_("The person must already have a Praxis account."),
    )

    def clean_person(self):
        value = self.cleaned_data["person"].strip()
        user = (
            User.objects.filter(is_active=True, username__iexact=value).first()
            or User.objects.filter(is_active=True, email__iexact=value).first()
        )
        if user is None:
            raise forms.ValidationError(_("Nobody with that username or e-mail uses Praxis."))
        return user


class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Languages you can discuss your work in."),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "organisation",
            "department",
            "job_title",
            "staff_level",
            "country",
            "languages",
            "language",
            "bio",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form: who you are and where you work."""

    display_name = forms.CharField(label=_("Display name"), max_length=120)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Not listed? Leave it empty; an editor can add your organisation."),
    )
    department = forms.CharField(label=_("Department or unit"), max_length=200, required=False)
    staff_level = forms.ChoiceField(
        label=_("Staff level"), choices=[("", "---------"), *StaffLevel.choices], required=False
    )
    country = User._meta.get_field("country").formfield(required=False)

    def interface_language(self, request) -> str:
        language = translation.get_language() or ""
        return language if language in dict(settings.LANGUAGES) else ""

    def signup(self, request, user):
        services.profile_update(
            user=user,
            display_name=self.cleaned_data["display_name"],
            organisation=self.cleaned_data.get("organisation"),
            department=self.cleaned_data.get("department", ""),
            staff_level=self.cleaned_data.get("staff_level", ""),
            country=self.cleaned_data.get("country", ""),
            # The language the person signed up in is the one Praxis keeps speaking to them.
            language=self.interface_language(request),
        )


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form with a label that says what to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail")


class EmailPreferencesForm(forms.Form):
    """One choice per kind of e-mail, and the digest's frequency."""

    digest_frequency = forms.ChoiceField(
        label=_("Digest of activity in my communities"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        initial = {kind: user.email_delivery(kind) for kind in EmailKind.values}
        initial["digest_frequency"] = user.digest_frequency
        super().__init__(*args, initial=initial, **kwargs)
        for kind, label in EmailKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=EmailDelivery.choices, widget=forms.RadioSelect
            )
        self.order_fields([*EmailKind.values, "digest_frequency"])

    def preferences(self) -> dict:
        data = self.cleaned_data
        return {
            "deliveries": {kind: data[kind] for kind in EmailKind.values},
            "digest_frequency": data["digest_frequency"],
        }
