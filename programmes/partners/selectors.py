"""Reads for partner institutions: the public list and the coordinators' overview.

Totals are computed from the records on every read (nothing stored that can drift).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from programmes.models import PartnerParticipation, PartnerStatus, ProgrammePage


@dataclass
class YearSummary:
    year: int
    records: list[PartnerParticipation] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # Fees of active partners, per currency: {"NOK": Decimal("1900000.00")}.
    fees: dict[str, Decimal] = field(default_factory=dict)

    @property
    def active(self) -> list[PartnerParticipation]:
        return [r for r in self.records if r.status == PartnerStatus.ACTIVE]

    @property
    def lapsed(self) -> list[PartnerParticipation]:
        return [r for r in self.records if r.status == PartnerStatus.LAPSED]

    @property
    def invited(self) -> list[PartnerParticipation]:
        return [r for r in self.records if r.status == PartnerStatus.INVITED]

    @property
    def fee_totals(self) -> list[tuple[str, Decimal]]:
        return sorted(self.fees.items())


def partner_overview(*, programme: ProgrammePage, year: int | None = None) -> list[YearSummary]:
    """Every year with records, newest first (or only ``year``): one query."""
    records = PartnerParticipation.objects.filter(programme=programme).select_related(
        "organisation"
    )
    if year is not None:
        records = records.filter(period_start__year=year)
    summaries: dict[int, YearSummary] = {}
    for record in records.order_by("-period_start", "organisation__name"):
        summary = summaries.setdefault(record.year, YearSummary(year=record.year))
        summary.records.append(record)
    for summary in summaries.values():
        counts: dict[str, int] = defaultdict(int)
        fees: dict[str, Decimal] = defaultdict(Decimal)
        for record in summary.records:
            counts[record.status] += 1
            if record.status == PartnerStatus.ACTIVE and record.fee_amount is not None:
                fees[record.currency] += record.fee_amount
        summary.counts = {status: counts.get(status, 0) for status in PartnerStatus.values}
        summary.fees = dict(fees)
    return sorted(summaries.values(), key=lambda s: s.year, reverse=True)


def current_partners(*, programme: ProgrammePage) -> list[PartnerParticipation]:
    """Partners active today, or else in the latest period on record (one query)."""
    today = timezone.localdate()
    records = list(
        PartnerParticipation.objects.filter(programme=programme, status=PartnerStatus.ACTIVE)
        .select_related("organisation")
        .order_by("-period_start", "organisation__name")
    )
    current = [r for r in records if r.period_start <= today <= r.period_end]
    if current or not records:
        return current
    latest = max(r.period_start for r in records)
    return [r for r in records if r.period_start == latest]
