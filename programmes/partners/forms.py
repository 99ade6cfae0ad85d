"""Forms only parse input; the partner services validate the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Organisation
from programmes.models import PartnerStatus

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnerRecordForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner institution"), queryset=Organisation.objects.order_by("name")
    )
    period_start = forms.DateField(label=_("Period from"), widget=_DATE)
    period_end = forms.DateField(label=_("Period until"), widget=_DATE)
    fee_amount = forms.DecimalField(
        label=_("Fee"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Empty: no fee for this period."),
    )
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    status = forms.ChoiceField(label=_("Status"), choices=PartnerStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class PartnerRecordEditForm(PartnerRecordForm):
    """The organisation of a record does not change: add a new record instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["organisation"]
