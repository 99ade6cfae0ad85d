"""Reads for staff exchanges and study visits, each in a fixed number of queries.

Statistics are computed from the exchange rows every time: no stored totals that can drift.
They count exchanges that are agreed or done, as the programme reports them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from communities.models import Organisation, OrganisationType
from programmes.models import (
    PUBLIC_SECTOR_TYPES,
    Exchange,
    ExchangeOffer,
    ExchangeStatus,
    ExperienceReport,
    ProgrammePage,
    ProgrammeRound,
    StudyVisit,
    StudyVisitItem,
)
from programmes.permissions import (
    can_manage_offer,
    can_manage_visit,
    can_offer_exchange,
    can_report_on_exchange,
    can_report_on_visit,
    can_see_exchange_list,
    is_coordinator,
    is_exchange_side,
    is_round_coordinator,
    must_confirm_exchange,
    visible_exchange_filter,
)

COUNTED_STATUSES = (ExchangeStatus.AGREED, ExchangeStatus.DONE)
ACTIVE_STATUSES = (ExchangeStatus.PROPOSED, ExchangeStatus.AGREED)

PUBLIC, COMPANY, OTHER = "public", "company", "other"


def sector_of(organisation_type: str) -> str:
    if organisation_type in PUBLIC_SECTOR_TYPES:
        return PUBLIC
    if organisation_type == OrganisationType.COMPANY:
        return COMPANY
    return OTHER


# Statistics ---------------------------------------------------------------------------------


@dataclass
class ExchangeStatistics:
    """A round's exchange figures, as the programme reports them.

    Organisations take part whether they send or host people: a company that only hosts
    civil servants counts among the companies. Employees are counted by their home
    organisation. People without an account are counted once per exchange.
    """

    public_bodies: int = 0
    public_employees: int = 0
    companies: int = 0
    company_employees: int = 0
    other_organisations: int = 0
    other_employees: int = 0
    people: int = 0
    exchanges: int = 0
    agreed: int = 0
    done: int = 0
    total_days: int = 0

    @property
    def average_days(self) -> float | None:
        if not self.exchanges:
            return None
        return round(self.total_days / self.exchanges, 1)

    @property
    def organisations(self) -> int:
        return self.public_bodies + self.companies + self.other_organisations


@dataclass
class _Tally:
    organisations: dict[str, set] = field(
        default_factory=lambda: {PUBLIC: set(), COMPANY: set(), OTHER: set()}
    )
    people: dict[str, set] = field(
        default_factory=lambda: {PUBLIC: set(), COMPANY: set(), OTHER: set()}
    )
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total_days: int = 0
    exchanges: int = 0

    def add(self, row: dict) -> None:
        self.exchanges += 1
        self.statuses[row["status"]] += 1
        self.total_days += (row["ends_on"] - row["starts_on"]).days + 1
        home = sector_of(row["home_organisation__type"])
        host = sector_of(row["host_organisation__type"])
        self.organisations[home].add(row["home_organisation_id"])
        self.organisations[host].add(row["host_organisation_id"])
        person = ("user", row["participant_id"]) if row["participant_id"] else ("row", row["pk"])
        self.people[home].add(person)

    def result(self) -> ExchangeStatistics:
        everyone = self.people[PUBLIC] | self.people[COMPANY] | self.people[OTHER]
        return ExchangeStatistics(
            public_bodies=len(self.organisations[PUBLIC]),
            public_employees=len(self.people[PUBLIC]),
            companies=len(self.organisations[COMPANY]),
            company_employees=len(self.people[COMPANY]),
            other_organisations=len(self.organisations[OTHER]),
            other_employees=len(self.people[OTHER]),
            people=len(everyone),
            exchanges=self.exchanges,
            agreed=self.statuses[ExchangeStatus.AGREED],
            done=self.statuses[ExchangeStatus.DONE],
            total_days=self.total_days,
        )


_STAT_FIELDS = (
    "pk",
    "round_id",
    "status",
    "participant_id",
    "home_organisation_id",
    "home_organisation__type",
    "host_organisation_id",
    "host_organisation__type",
    "starts_on",
    "ends_on",
)


def _counted_rows(**filters):
    return (
        Exchange.objects.filter(status__in=COUNTED_STATUSES, **filters)
        .order_by()
        .values(*_STAT_FIELDS)
    )


def exchange_statistics(programme_round: ProgrammeRound) -> ExchangeStatistics:
    """One query, whatever the number of exchanges."""
    tally = _Tally()
    for row in _counted_rows(round_id=programme_round.pk):
        tally.add(row)
    return tally.result()


def exchange_statistics_by_round(rounds) -> dict[int, ExchangeStatistics]:
    """Figures for several rounds in one query."""
    tallies: dict[int, _Tally] = {r.pk: _Tally() for r in rounds}
    if not tallies:
        return {}
    for row in _counted_rows(round_id__in=list(tallies)):
        tallies[row["round_id"]].add(row)
    return {pk: tally.result() for pk, tally in tallies.items()}


# Offers -------------------------------------------------------------------------------------


def offers_with_places(queryset):
    return queryset.select_related("host_organisation", "contact", "round").annotate(
        places_taken=Count("exchanges", filter=Q(exchanges__status__in=COUNTED_STATUSES)),
    )


def offers_for_round(*, programme_round: ProgrammeRound) -> list[ExchangeOffer]:
    """Open offers first, then closed ones; each with ``places_taken`` and ``places_left``."""
    offers = list(
        offers_with_places(ExchangeOffer.objects.filter(round=programme_round)).order_by(
            "-is_open", "host_organisation__name", "topic", "pk"
        )
    )
    for offer in offers:
        offer.places_left = max(offer.places - offer.places_taken, 0)
    return offers


def offer_for_page(offer_id: int) -> ExchangeOffer | None:
    offer = (
        offers_with_places(ExchangeOffer.objects.filter(pk=offer_id))
        .select_related("round__programme")
        .first()
    )
    if offer is not None:
        offer.places_left = max(offer.places - offer.places_taken, 0)
    return offer


def application_of(*, user, offer: ExchangeOffer) -> Exchange | None:
    """The user's live application to this offer, if any."""
    if not (user and user.is_authenticated):
        return None
    return (
        Exchange.objects.filter(offer=offer, participant=user, status__in=ACTIVE_STATUSES)
        .order_by("-created_at")
        .first()
    )


def offer_page_context(*, offer: ExchangeOffer, user) -> dict:
    can_manage = can_manage_offer(user, offer)
    return {
        "offer": offer,
        "programme_round": offer.round,
        "programme": offer.round.programme,
        "can_manage": can_manage,
        "my_application": application_of(user=user, offer=offer),
        "applications": (
            list(
                Exchange.objects.filter(offer=offer)
                .select_related("participant", "home_organisation")
                .order_by("status", "starts_on", "pk")
            )
            if can_manage
            else []
        ),
    }


# Exchanges ----------------------------------------------------------------------------------


def _exchange_related(queryset):
    return queryset.select_related(
        "round__programme",
        "offer",
        "participant",
        "home_organisation",
        "host_organisation",
        "host_contact",
    )


def exchange_for_page(exchange_id: int) -> Exchange | None:
    return _exchange_related(Exchange.objects.filter(pk=exchange_id)).first()


def my_exchanges(*, user, programme_round: ProgrammeRound | None = None) -> list[Exchange]:
    """Exchanges where the user is the participant or the host's contact person, each
    with ``must_confirm``: whether it waits for this user's confirmation."""
    if not (user and user.is_authenticated):
        return []
    queryset = Exchange.objects.filter(Q(participant=user) | Q(host_contact=user))
    if programme_round is not None:
        queryset = queryset.filter(round=programme_round)
    exchanges = list(
        _exchange_related(queryset)
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=ExperienceReport.objects.filter(author=user),
                to_attr="my_reports",
            )
        )
        .order_by("-starts_on", "pk")
    )
    for exchange in exchanges:
        exchange.must_confirm = must_confirm_exchange(user, exchange)
    return exchanges


def exchanges_for_coordinator(*, programme_round: ProgrammeRound, user) -> list[Exchange]:
    return list(
        _exchange_related(
            Exchange.objects.filter(visible_exchange_filter(user, programme_round)).filter(
                round=programme_round
            )
        ).order_by("starts_on", "participant_name", "pk")
    )


def exchange_page_context(*, exchange: Exchange, user) -> dict:
    reports = list(
        ExperienceReport.objects.filter(exchange=exchange)
        .select_related("author", "thread__community")
        .order_by("created_at", "pk")
    )
    mine = next((r for r in reports if r.author_id == user.pk), None)
    return {
        "exchange": exchange,
        "programme_round": exchange.round,
        "programme": exchange.round.programme,
        "is_side": is_exchange_side(user, exchange),
        "is_coordinator": is_round_coordinator(user, exchange.round),
        "reports": reports,
        "my_report": mine,
        "can_report": can_report_on_exchange(user, exchange) and mine is None,
    }


# Study visits -------------------------------------------------------------------------------


def visit_for_page(visit_id: int) -> StudyVisit | None:
    return (
        StudyVisit.objects.filter(pk=visit_id, programme__live=True)
        .select_related("programme", "round")
        .first()
    )


def visit_page_context(*, visit: StudyVisit, user) -> dict:
    signed_in = bool(user and user.is_authenticated)
    participants = (
        list(visit.participants.select_related("organisation").order_by("display_name", "pk"))
        if signed_in
        else []
    )
    reports = (
        list(
            ExperienceReport.objects.filter(visit=visit)
            .select_related("author__organisation", "thread__community")
            .order_by("created_at", "pk")
        )
        if signed_in
        else []
    )
    mine = next((r for r in reports if r.author_id == user.pk), None) if signed_in else None
    return {
        "visit": visit,
        "programme": visit.programme,
        "hosts": list(visit.host_organisations.order_by("name")),
        "items": list(
            StudyVisitItem.objects.filter(visit=visit)
            .select_related("host_organisation")
            .order_by("day", "starts_at", "pk")
        ),
        "participants": participants,
        "participant_count": (len(participants) if signed_in else visit.participants.count()),
        "reports": reports,
        "report_count": len(reports) if signed_in else visit.reports.count(),
        "my_report": mine,
        "can_report": mine is None and can_report_on_visit(user, visit),
        "can_manage": can_manage_visit(user, visit),
    }


def _visits(queryset):
    return list(
        queryset.annotate(
            participant_total=Count("participants", distinct=True),
            report_total=Count("reports", distinct=True),
        )
        .prefetch_related(
            Prefetch("host_organisations", queryset=Organisation.objects.order_by("name"))
        )
        .order_by("-starts_on", "pk")
    )


# Sections merged into the round page and the programme page ------------------------------------


def round_section_context(*, programme_round: ProgrammeRound, user) -> dict:
    """For ``includes/round_section.html``: a fixed number of queries whatever the round holds.

    Everything sits under one key, ``exchange_section``, so it cannot clash with the round
    page's own context.
    """
    return {
        "exchange_section": {
            "round": programme_round,
            "statistics": exchange_statistics(programme_round),
            "open_offers": ExchangeOffer.objects.filter(
                round=programme_round, is_open=True
            ).count(),
            "offers_url": reverse(
                "programmes:exchange_offers", kwargs={"round_id": programme_round.pk}
            ),
            "statistics_csv_url": reverse(
                "programmes:exchange_statistics_csv", kwargs={"round_id": programme_round.pk}
            ),
            "can_offer": can_offer_exchange(user, programme_round),
            "can_see_list": can_see_exchange_list(user, programme_round),
            "my_exchanges": my_exchanges(user=user, programme_round=programme_round),
            "visits": _visits(StudyVisit.objects.filter(round=programme_round)),
        }
    }


def programme_section_context(*, programme: ProgrammePage, user) -> dict:
    """For ``includes/programme_section.html``: study visits and exchange totals per round."""
    rounds = list(ProgrammeRound.objects.filter(programme=programme).order_by("-number"))
    figures = exchange_statistics_by_round(rounds)
    return {
        "exchange_programme": {
            "programme": programme,
            "visits": _visits(StudyVisit.objects.filter(programme=programme)),
            "rounds": [
                (programme_round, figures[programme_round.pk])
                for programme_round in rounds
                if figures[programme_round.pk].exchanges
            ],
            "is_coordinator": is_coordinator(user, programme),
        }
    }
