"""Forms only parse input; services validate the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import LANGUAGE_CHOICES
from meetings.models import MeetingAudience, MeetingFormat, RSVPStatus


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    format = forms.ChoiceField(label=_("Format"), choices=MeetingFormat.choices)
    on_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        required=False,
        help_text=_("Breakfast meetings default to 09:00-11:00."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_date = forms.DateField(
        label=_("Ends on (if another day)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Capacity"), required=False, min_value=1, help_text=_("Empty: no limit.")
    )
    audience = forms.ChoiceField(label=_("Who may attend"), choices=MeetingAudience.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="en")


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200)
    presenter = forms.CharField(label=_("Presenter"), required=False, max_length=200)
    on_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    at = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=0, max_value=24 * 60, initial=30
    )


class RSVPForm(forms.Form):
    response = forms.ChoiceField(
        choices=[(s, s) for s in (RSVPStatus.GOING, RSVPStatus.MAYBE, RSVPStatus.NOT_GOING)]
    )


class HarvestForm(forms.Form):
    decisions = forms.CharField(
        label=_("Decisions"), required=False, max_length=5000, widget=forms.Textarea
    )
    lessons = forms.CharField(
        label=_("Lessons"), required=False, max_length=5000, widget=forms.Textarea
    )
    follow_ups = forms.CharField(
        label=_("Follow-ups"), required=False, max_length=5000, widget=forms.Textarea
    )


class MeetingFilterForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any format")), *MeetingFormat.choices]
    )
    theme = forms.SlugField(label=_("Theme"), required=False, max_length=100)
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    past = forms.BooleanField(label=_("Past meetings"), required=False)


class TopicRoundForm(forms.Form):
    title = forms.CharField(label=_("Round title"), max_length=200)
    votes_per_member = forms.IntegerField(
        label=_("Votes per member"), min_value=1, max_value=20, initial=3
    )


class TopicProposalForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=200)
    why = forms.CharField(label=_("Why it matters"), max_length=2000, widget=forms.Textarea)


class RoundCloseForm(forms.Form):
    meeting = forms.IntegerField(required=False)
    chosen_count = forms.IntegerField(
        label=_("Topics to put on the agenda"), min_value=1, max_value=10, initial=3
    )
