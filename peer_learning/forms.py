"""Forms for peer-learning sessions, task groups and the Open Space board."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peer_learning.models import DayPurpose

# Peer-learning sessions ---------------------------------------------------------------------


class PeerSessionForm(forms.Form):
    edition = forms.CharField(
        label=_("Edition"),
        max_length=200,
        help_text=_("For example “Synergia, session 5”."),
    )
    synergia_days = forms.BooleanField(
        label=_(
            "Plan the first three days as in Synergia: analysis of practices, management "
            "challenges submitted by institutions, Open Space"
        ),
        required=False,
        initial=True,
    )


class SessionDayForm(forms.Form):
    on_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=DayPurpose.choices)
    notes = forms.CharField(label=_("What happens"), required=False, max_length=300)


class TaskGroupForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=120)


class RecommendationsForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendations"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown. What the group recommends, and why; leave empty to clear."),
    )


class MixForm(forms.Form):
    group_count = forms.IntegerField(
        label=_("Number of groups"), min_value=1, max_value=20, initial=3
    )


class AssignForm(forms.Form):
    user = forms.IntegerField(min_value=1)
    group = forms.IntegerField(required=False, min_value=0)


class OpenSpaceForm(forms.Form):
    title = forms.CharField(label=_("Title of your session"), max_length=200)
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    room = forms.CharField(label=_("Room"), required=False, max_length=200)
    link = forms.CharField(
        label=_("Or a link"),
        required=False,
        max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
