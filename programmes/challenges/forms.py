"""Forms only parse input; the services validate the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ChallengeForm(forms.Form):
    """A draft may be saved incomplete; sending it needs every field (the service checks)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(
        label=_("The problem"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What goes wrong today, and for whom."),
    )
    change_sought = forms.CharField(
        label=_("The change sought"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should be different when the challenge is solved."),
    )
    affected = forms.CharField(
        label=_("Who is affected"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    affected_count = forms.IntegerField(
        label=_("How many people are affected"),
        required=False,
        min_value=0,
        max_value=10**9,
        help_text=_("An estimate is fine."),
    )
    help_wanted = forms.CharField(
        label=_("What help is wanted"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which know-how, from which kind of organisation."),
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False, max_length=254)


def score_form_class(criteria):
    """One whole-number field per criterion (0..its highest score), and a comment."""
    fields = {}
    for criterion in criteria:
        fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
            label=criterion.name,
            min_value=0,
            max_value=criterion.max_score,
            help_text=_("%(description)s 0 to %(max)d; weight %(weight)d.")
            % {
                "description": criterion.description,
                "max": criterion.max_score,
                "weight": criterion.weight,
            },
            widget=forms.NumberInput(attrs={"min": 0, "max": criterion.max_score}),
        )
    fields["comment"] = forms.CharField(
        label=_("Comment for the commission"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    return type("ScoreForm", (forms.Form,), fields)


class PersonForm(forms.Form):
    person = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        help_text=_("They need a Praxis account."),
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What changed thanks to the challenge's work."),
    )
    people_reached = forms.IntegerField(
        label=_("People the outcome reached"),
        required=False,
        min_value=0,
        max_value=10**9,
    )


# Round settings ---------------------------------------------------------------------------


def _date(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _whole(label, *, low, high, help_text=""):
    """Parsed here, checked by the service (one place says what the range is)."""
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"min": low, "max": high}),
    )


class RoundForm(forms.Form):
    number = _whole(_("Number"), low=1, high=999, help_text=_("Rounds are numbered 1, 2, 3…"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the round is about and who may take part."),
    )
    starts_on = _date(_("Starts on"))
    ends_on = _date(_("Ends on"))
    call_deadline = forms.DateTimeField(
        label=_("Deadline for challenges"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Date and time, for example 2026-05-31 17:00. Leave empty if the round takes no "
            "challenges. It cannot be after the round ends."
        ),
    )
    max_selected = _whole(
        _("Challenges selected at most"),
        low=1,
        high=50,
        help_text=_("From 1 to 50; the commission selects no more than this."),
    )
    showcase_on = _date(_("Final showcase on"), required=False)
    showcase_place = forms.CharField(label=_("Showcase place"), required=False, max_length=200)

    def round_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "title": data["title"],
            "description": data.get("description") or "",
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "call_deadline": data.get("call_deadline"),
            "max_selected": data["max_selected"],
            "showcase_on": data.get("showcase_on"),
            "showcase_place": data.get("showcase_place") or "",
        }


class RoundSettingsForm(RoundForm):
    showcase_summary = forms.CharField(
        label=_("Showcase summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the final showcase presented; shown on the showcase page."),
    )

    def __init__(self, *args, announced: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if announced:
            # Shown, not editable: the form keeps the stored values (the service refuses
            # a change anyway).
            for name in ("call_deadline", "max_selected"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: the selection is announced.")

    def round_fields(self) -> dict:
        return {
            **super().round_fields(),
            "showcase_summary": self.cleaned_data.get("showcase_summary") or "",
        }


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("What the commission looks for"), required=False, max_length=500
    )
    weight = _whole(
        _("Weight"), low=1, high=10, help_text=_("From 1 to 10: how much the criterion counts.")
    )
    max_score = _whole(
        _("Highest score"),
        low=1,
        high=10,
        help_text=_("From 1 to 10: commissioners score from 0 to this."),
    )

    def criterion_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data.get("description") or "",
            "weight": data["weight"],
            "max_score": data["max_score"],
        }
