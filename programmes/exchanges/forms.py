"""Forms only parse input; services validate the rules and say what is wrong."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import CommunityPage, Organisation, User
from programmes.models import ExchangeOffer, ExchangeStatus, ProgrammeRound


def _date(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _organisations():
    return Organisation.objects.order_by("name")


class UserField(forms.CharField):
    """A person by username or e-mail address; cleans to a ``User``."""

    default_error_messages = {
        "unknown": _("No one with this username or e-mail address has an active account."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("help_text", _("Their username or e-mail address."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        user = (
            User.objects.filter(Q(username__iexact=value) | Q(email__iexact=value), is_active=True)
            .select_related("organisation")
            .order_by("pk")
            .first()
        )
        if user is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return user


class OfferForm(forms.Form):
    host_organisation = forms.ModelChoiceField(
        label=_("Host organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Coordinators may publish offers for any organisation."),
    )
    host_department = forms.CharField(label=_("Host department"), required=False, max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    description = forms.CharField(
        label=_("What the guest will see and do"), max_length=3000, widget=forms.Textarea
    )
    starts_on = _date(_("From"), required=False)
    ends_on = _date(_("Until"), required=False)
    duration_days = forms.IntegerField(
        label=_("Or the duration in days"),
        required=False,
        min_value=1,
        max_value=90,
        help_text=_("About a week is usual."),
    )
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1)
    contact = UserField(
        label=_("Contact person"),
        required=False,
        help_text=_("Username or e-mail of a colleague at the host; empty: you."),
    )

    def __init__(self, *args, coordinator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if coordinator:
            self.fields["host_organisation"].queryset = _organisations()
        else:
            del self.fields["host_organisation"]


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("Why I apply"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you do now and what you hope to learn."),
    )
    starts_on = _date(
        _("I would start on"),
        required=False,
        help_text=_("Empty: the offer's dates."),
    )
    ends_on = _date(_("and finish on"), required=False)


class _PairForm(forms.Form):
    participant = UserField(
        label=_("Participant's account"),
        required=False,
        help_text=_("Username or e-mail; leave empty for someone without an account."),
    )
    participant_name = forms.CharField(
        label=_("Or the participant's name"), required=False, max_length=200
    )
    home_organisation = forms.ModelChoiceField(
        label=_("Home organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Empty: the participant account's organisation."),
    )
    host_organisation = forms.ModelChoiceField(
        label=_("Host organisation"), queryset=Organisation.objects.none(), required=False
    )
    host_contact = UserField(label=_("Host's contact person"), required=False)
    topic = forms.CharField(label=_("Topic"), required=False, max_length=200)
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_organisation"].queryset = _organisations()
        self.fields["host_organisation"].queryset = _organisations()


class MatchForm(_PairForm):
    offer = forms.ModelChoiceField(
        label=_("For the offer"),
        queryset=ExchangeOffer.objects.none(),
        required=False,
        help_text=_("Optional: the host and contact default to the offer's."),
    )

    field_order = ["offer"]

    def __init__(self, *args, programme_round: ProgrammeRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = ExchangeOffer.objects.filter(
            round=programme_round
        ).select_related("host_organisation")


class RecordForm(_PairForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ExchangeStatus.DONE, _("Done: it has taken place")),
            (ExchangeStatus.AGREED, _("Agreed: arranged, still to come")),
        ],
        initial=ExchangeStatus.DONE,
    )


class ReportForm(forms.Form):
    learned = forms.CharField(
        label=_("What I learned"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    will_change = forms.CharField(
        label=_("What I will change"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )


class PostReportForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=CommunityPage.objects.none(), empty_label=None
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class VisitForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=3000, widget=forms.Textarea)
    destination = forms.CharField(label=_("Destination"), max_length=200)
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"))
    round = forms.ModelChoiceField(
        label=pgettext_lazy("round of a programme", "Round"),
        queryset=ProgrammeRound.objects.none(),
        required=False,
    )
    host_organisations = forms.ModelMultipleChoiceField(
        label=_("Host organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = ProgrammeRound.objects.filter(programme=programme)
        self.fields["host_organisations"].queryset = _organisations()


class VisitItemForm(forms.Form):
    day = _date(_("Day"))
    starts_at = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    title = forms.CharField(label=_("Meeting"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    host_organisation = forms.ModelChoiceField(
        label=_("Host"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_organisation"].queryset = _organisations()


class ParticipantForm(forms.Form):
    user = UserField(label=_("Person"))
