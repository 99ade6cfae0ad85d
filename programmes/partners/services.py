"""Writes for partner institutions' yearly participation records (no payment processing)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from communities.models import Organisation, User
from core.errors import ServiceError
from programmes.models import PartnerParticipation, PartnerStatus, ProgrammePage
from programmes.permissions import is_coordinator

MAX_FEE = Decimal("10000000000")


def _require_coordinator(actor: User, programme: ProgrammePage) -> None:
    if not is_coordinator(actor, programme):
        raise ServiceError(
            _("Only the programme's coordinators can keep partner records."), code="forbidden"
        )


def _clean_record(
    *,
    period_start: date | None,
    period_end: date | None,
    fee_amount,
    currency: str,
    status: str,
    note: str,
) -> dict:
    if period_start is None or period_end is None:
        raise ServiceError(_("Give the period's first and last day."), code="period")
    if period_end < period_start:
        raise ServiceError(_("The period cannot end before it starts."), code="period")
    if (period_end - period_start).days > 366:
        raise ServiceError(_("A participation record covers at most one year."), code="period")
    if status not in PartnerStatus.values:
        raise ServiceError(_("Choose a status: invited, active or lapsed."), code="status")
    currency = (currency or "").strip().upper()
    if fee_amount in (None, ""):
        fee = None
    else:
        try:
            fee = Decimal(str(fee_amount))
        except InvalidOperation:
            raise ServiceError(_("The fee must be a number."), code="fee") from None
        if not fee.is_finite() or fee < 0 or fee >= MAX_FEE:
            raise ServiceError(_("The fee must be zero or a positive amount."), code="fee")
        fee = fee.quantize(Decimal("0.01"))
    if fee is not None and (len(currency) != 3 or not currency.isalpha()):
        raise ServiceError(
            _("Give the fee's currency as a three-letter code, such as NOK or EUR."),
            code="currency",
        )
    return {
        "period_start": period_start,
        "period_end": period_end,
        "fee_amount": fee,
        "currency": currency if fee is not None else "",
        "status": status,
        "note": " ".join((note or "").split())[:300],
    }


@transaction.atomic
def partner_record_create(
    *,
    actor: User,
    programme: ProgrammePage,
    organisation: Organisation,
    period_start: date | None,
    period_end: date | None,
    fee_amount=None,
    currency: str = "",
    status: str = PartnerStatus.ACTIVE,
    note: str = "",
) -> PartnerParticipation:
    """Record an organisation's participation for a period (one record per period start)."""
    _require_coordinator(actor, programme)
    fields = _clean_record(
        period_start=period_start,
        period_end=period_end,
        fee_amount=fee_amount,
        currency=currency,
        status=status,
        note=note,
    )
    overlapping = PartnerParticipation.objects.filter(
        programme=programme,
        organisation=organisation,
        period_start__lte=fields["period_end"],
        period_end__gte=fields["period_start"],
    )
    if overlapping.exists():
        raise ServiceError(
            _("%(organisation)s already has a record for part of this period: edit that one.")
            % {"organisation": organisation.name},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            return PartnerParticipation.objects.create(
                programme=programme, organisation=organisation, **fields
            )
    except IntegrityError:
        raise ServiceError(
            _("%(organisation)s already has a record for this period.")
            % {"organisation": organisation.name},
            code="duplicate",
        ) from None


@transaction.atomic
def partner_record_update(
    *,
    actor: User,
    record: PartnerParticipation,
    period_start: date | None,
    period_end: date | None,
    fee_amount=None,
    currency: str = "",
    status: str,
    note: str = "",
) -> PartnerParticipation:
    record = PartnerParticipation.objects.select_for_update().get(pk=record.pk)
    _require_coordinator(actor, record.programme)
    fields = _clean_record(
        period_start=period_start,
        period_end=period_end,
        fee_amount=fee_amount,
        currency=currency,
        status=status,
        note=note,
    )
    overlapping = PartnerParticipation.objects.filter(
        programme_id=record.programme_id,
        organisation_id=record.organisation_id,
        period_start__lte=fields["period_end"],
        period_end__gte=fields["period_start"],
    ).exclude(pk=record.pk)
    if overlapping.exists():
        raise ServiceError(
            _("Another record of this organisation covers part of this period."),
            code="duplicate",
        )
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return record


@transaction.atomic
def partner_record_delete(*, actor: User, record: PartnerParticipation) -> None:
    _require_coordinator(actor, record.programme)
    record.delete()
