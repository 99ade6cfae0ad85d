"""The programme views: partners' participation by year, staff exchanges and study visits
by sector and country, and the people challenge outcomes reached, in a fixed number of
queries whatever the data size.

Counts only, and people are folded as on the other dashboards: a group of fewer than
``MIN_GROUP`` people is never shown on its own. Community activity is read from the
aggregates (never the posts) and only for the communities the viewer may read; exchanges
and visits are counted as the programme pages count them (agreed or done exchanges), and
challenges only once their round's selection is announced (as they are public then).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from dashboards.models import IllustrativeActivity, PersonDay
from dashboards.permissions import MIN_GROUP
from dashboards.selectors import OTHER, UNKNOWN
from programmes.models import (
    Challenge,
    ChallengeStatus,
    Exchange,
    PartnerParticipation,
    PartnerStatus,
    ProgrammePage,
    StudyVisit,
)

COUNTED_EXCHANGES = ("agreed", "done")
SECTORS = {
    "public": _("Public administration"),
    "company": _("Companies"),
    "other": _("Universities, NGOs and others"),
}


@dataclass
class PartnerYear:
    year: int
    partners: int  # partner organisations active that year
    posting_partners: int | None  # of them, those whose staff posted (None: under k)
    posts: int | None
    posters: int | None  # people of partner organisations who posted that year


@dataclass
class PlaceRow:
    label: str
    people: int  # distinct people taking part (exchange participants, visitors)
    sent: int
    hosted: int
    visits: int
    organisations: int
    is_other: bool = False


@dataclass
class RoundReach:
    label: str
    selected: int
    outcomes: int
    reached: int


@dataclass
class ProgrammeView:
    programmes: list[dict]
    current: int | None
    partner_years: list[PartnerYear]
    by_sector: list[PlaceRow]
    by_country: list[PlaceRow]
    reach: list[RoundReach]
    hidden: dict[str, bool] = field(default_factory=dict)
    illustrative: bool = False


def sector_of(organisation_type: str) -> str:
    from programmes.exchanges.selectors import sector_of as programme_sector

    return programme_sector(organisation_type)


def programme_view(*, user, programme_id: int | None, community_ids: list[int]) -> ProgrammeView:
    """Nine queries, whatever the data size; ``community_ids`` are those ``user`` may read."""
    # 1. the live programmes (a choice on the page) and their communities
    programmes = list(ProgrammePage.objects.live().order_by("title").values("pk", "title"))
    known = {p["pk"] for p in programmes}
    current = programme_id if programme_id in known else None
    chosen = [current] if current else sorted(known)
    links = ProgrammePage.communities.through.objects.filter(programmepage_id__in=chosen)
    # 2. the programmes' communities, only those the viewer may read
    communities = set(
        links.filter(communitypage_id__in=community_ids).values_list("communitypage_id", flat=True)
    )

    # 3. partner records: organisations active in each year
    partners: dict[int, set] = defaultdict(set)
    for organisation_id, start, end in PartnerParticipation.objects.filter(
        programme_id__in=chosen, status=PartnerStatus.ACTIVE
    ).values_list("organisation_id", "period_start", "period_end"):
        for year in range(start.year, end.year + 1):
            partners[year].add(organisation_id)
    every_partner = set().union(*partners.values()) if partners else set()

    # 4. what partners' staff did in the programme's communities, per year and person
    activity: dict[int, dict] = defaultdict(lambda: {"posts": 0, "people": set(), "orgs": set()})
    if communities and every_partner:
        for row in (
            PersonDay.objects.filter(
                community_id__in=communities, organisation_id__in=every_partner, posts__gt=0
            )
            .annotate(year=ExtractYear("day"))
            .values("year", "organisation_id", "user_id")
            .annotate(posts=Sum("posts"))
        ):
            if row["organisation_id"] not in partners.get(row["year"], ()):
                continue  # a partner's staff count in the years it was a partner
            year = activity[row["year"]]
            year["posts"] += row["posts"]
            year["people"].add(row["user_id"])
            year["orgs"].add(row["organisation_id"])
    partner_years, hidden_years = [], False
    for year in sorted(set(partners) | set(activity)):
        done = activity.get(year)
        people = len(done["people"]) if done else 0
        shown = people >= MIN_GROUP or people == 0
        hidden_years |= not shown
        partner_years.append(
            PartnerYear(
                year=year,
                partners=len(partners.get(year, ())),
                posting_partners=(len(done["orgs"]) if done else 0) if shown else None,
                posts=(done["posts"] if done else 0) if shown else None,
                posters=people if shown else None,
            )
        )

    # 5. exchanges (agreed or done) and 6. study visits, by sector and country
    by_sector: dict[str, dict] = defaultdict(_place)
    by_country: dict[str, dict] = defaultdict(_place)
    for row in Exchange.objects.filter(
        round__programme_id__in=chosen, status__in=COUNTED_EXCHANGES
    ).values(
        "pk",
        "participant_id",
        "home_organisation_id",
        "home_organisation__type",
        "home_organisation__country",
        "host_organisation_id",
        "host_organisation__type",
        "host_organisation__country",
    ):
        person = ("user", row["participant_id"]) if row["participant_id"] else ("row", row["pk"])
        for side, counter in (("home", "sent"), ("host", "hosted")):
            for groups, key in (
                (by_sector, sector_of(row[f"{side}_organisation__type"])),
                (by_country, str(row[f"{side}_organisation__country"] or "")),
            ):
                group = groups[key]
                group[counter] += 1
                group["people"].add(person)
                group["organisations"].add(row[f"{side}_organisation_id"])
    visits = StudyVisit.objects.filter(programme_id__in=chosen)
    through = StudyVisit.participants.through.objects.filter(studyvisit__in=visits)
    participants: dict[int, set] = defaultdict(set)
    for visit_id, user_id in through.values_list("studyvisit_id", "user_id"):
        participants[visit_id].add(("user", user_id))
    for (
        visit_id,
        organisation_id,
        kind,
        country,
    ) in StudyVisit.host_organisations.through.objects.filter(studyvisit__in=visits).values_list(
        "studyvisit_id",
        "organisation_id",
        "organisation__type",
        "organisation__country",
    ):
        for groups, key in ((by_sector, sector_of(kind)), (by_country, str(country or ""))):
            group = groups[key]
            group["visit_ids"].add(visit_id)
            group["people"] |= participants.get(visit_id, set())
            group["organisations"].add(organisation_id)

    from django_countries import countries as country_names

    sectors, hidden_sector = _fold_places(by_sector, {k: str(v) for k, v in SECTORS.items()})
    places, hidden_country = _fold_places(by_country, dict(country_names))

    # 7. challenge outcomes: selected challenges of announced rounds
    reach: dict[tuple, dict] = {}
    for row in (
        Challenge.objects.filter(
            round__programme_id__in=chosen,
            status=ChallengeStatus.SELECTED,
            round__selection_published_at__isnull=False,
        )
        .values(
            "round__number", "round__title", "round__programme__title", "outcome", "people_reached"
        )
        .order_by("round__programme__title", "round__number")
    ):
        key = (row["round__programme__title"], row["round__number"], row["round__title"])
        entry = reach.setdefault(key, {"selected": 0, "outcomes": 0, "reached": 0})
        entry["selected"] += 1
        entry["outcomes"] += bool(row["outcome"])
        entry["reached"] += row["people_reached"] or 0
    rounds = [
        RoundReach(
            label=f"{programme} – {title}" if current is None else title,
            selected=entry["selected"],
            outcomes=entry["outcomes"],
            reached=entry["reached"],
        )
        for (programme, _number, title), entry in reach.items()
    ]
    # 8. is any of the community activity the demo's illustrative one?
    illustrative = IllustrativeActivity.objects.filter(community_id__in=communities).exists()
    return ProgrammeView(
        illustrative=illustrative,
        programmes=programmes,
        current=current,
        partner_years=partner_years,
        by_sector=sectors,
        by_country=places,
        reach=rounds,
        hidden={"years": hidden_years, "sector": hidden_sector, "country": hidden_country},
    )


def _place() -> dict:
    return {"people": set(), "sent": 0, "hosted": 0, "visit_ids": set(), "organisations": set()}


def _fold_places(groups: dict[str, dict], labels: dict) -> tuple[list[PlaceRow], bool]:
    """Groups of fewer than MIN_GROUP people go into "other" (left out if it is small too)."""
    rows, other = [], _place()
    for key, group in groups.items():
        if len(group["people"]) < MIN_GROUP:
            other["people"] |= group["people"]
            other["sent"] += group["sent"]
            other["hosted"] += group["hosted"]
            other["visit_ids"] |= group["visit_ids"]
            other["organisations"] |= group["organisations"]
            continue
        rows.append(_place_row(str(labels.get(key, key) or UNKNOWN), group))
    rows.sort(key=lambda row: (-row.people, row.label))
    hidden = False
    if len(other["people"]) >= MIN_GROUP:
        rows.append(_place_row(str(OTHER), other, is_other=True))
    elif other["people"]:
        hidden = True
    return rows, hidden


def _place_row(label: str, group: dict, *, is_other: bool = False) -> PlaceRow:
    return PlaceRow(
        label=label,
        people=len(group["people"]),
        sent=group["sent"],
        hosted=group["hosted"],
        visits=len(group["visit_ids"]),
        organisations=len(group["organisations"]),
        is_other=is_other,
    )
