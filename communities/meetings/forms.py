"""Forms only parse input; services validate the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.meetings.models import DayPurpose, MeetingAudience, MeetingFormat, RSVPStatus
from communities.models import LANGUAGE_CHOICES


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
