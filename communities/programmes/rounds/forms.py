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
