"""What a dashboard shows, read from the aggregates only, in a fixed number of queries.

``dashboard(community_ids=..., period=..., facilitation=...)`` answers for one community
or many: participation by each dimension (groups under ``MIN_GROUP`` people folded into
"other"), boundary-spanning measures, the diversity index and its monthly trend, the
dominance signal, quiet members, and a comparison across communities.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import (
    CommunityPage,
    GovernmentLevel,
    Membership,
    MembershipStatus,
    OrganisationType,
    StaffLevel,
    User,
)
from dashboards.models import (
    COUNTED,
    PERIOD_DAYS,
    CommunityActivity,
    IllustrativeActivity,
    PersonDay,
    PersonPeriod,
    ThreadReach,
)
from dashboards.permissions import MIN_GROUP

PERIODS = {
    "30d": (_("Last 30 days"), PERIOD_DAYS["30d"]),
    "quarter": (_("Last quarter (90 days)"), PERIOD_DAYS["quarter"]),
    "year": (_("Last 12 months"), PERIOD_DAYS["year"]),
    "all": (_("All time"), PERIOD_DAYS["all"]),
}
DEFAULT_PERIOD = "quarter"

MEASURES = ("members", "posters", "posts", "replies", "answers", "meetings_attended")
MEASURE_LABELS = {
    "members": _("Members"),
    "posters": _("Active posters"),
    "posts": _("Posts"),
    "replies": _("Replies"),
    "answers": _("Answers"),
    "meetings_attended": _("Meeting attendance"),
}
OTHER = pgettext_lazy("dashboard group", "Other")
UNKNOWN = _("Not stated")
TREND_MONTHS = 12
WEEKLY_PERIODS = ("30d", "quarter")  # their trend is weekly; the longer ones' monthly


@dataclass
class Dimension:
    key: str
    label: str
    field: str  # on PersonDay; members carry the same keys
    title: str


DIMENSIONS = [
    Dimension(
        "organisation", _("Organisation"), "organisation_id", _("Participation by organisation")
    ),
    Dimension(
        "organisation_type",
        _("Organisation type"),
        "organisation_type",
        _("Participation by organisation type"),
    ),
    Dimension(
        "government_level",
        _("Level of government"),
        "government_level",
        _("Participation by level of government"),
    ),
    Dimension("country", _("Country"), "country", _("Participation by country")),
    Dimension("department", _("Department"), "department", _("Participation by department")),
    Dimension("staff_level", _("Staff level"), "staff_level", _("Participation by staff level")),
]


@dataclass
class GroupRow:
    label: str
    people: int
    values: dict[str, int]
    is_other: bool = False


@dataclass
class Breakdown:
    dimension: Dimension
    rows: list[GroupRow]
    hidden_people: bool = False  # an "other" of fewer than MIN_GROUP people is left out


@dataclass
class Dashboard:
    period: str
    since: date | None
    breakdowns: list[Breakdown]
    totals: dict[str, int]
    threads_started: int
    spanning_threads: int
    replies: int
    cross_org_replies: int
    cross_country_replies: int
    answers: int
    answers_to_other_org: int
    diversity: float | None
    trend: list[dict]
    communities: list[dict] = field(default_factory=list)
    dominance: list[dict] = field(default_factory=list)
    quiet_members: int | None = None
    illustrative: bool = False
    trend_kind: str = "month"  # or "week": each point's "start" is a Monday

    @property
    def spanning_share(self) -> float | None:
        return self.spanning_threads / self.threads_started if self.threads_started else None


def period_start(period: str, *, today: date | None = None) -> date | None:
    days = PERIODS.get(period, PERIODS[DEFAULT_PERIOD])[1]
    today = today or timezone.localdate()
    return None if days is None else today - timedelta(days=days - 1)


def gini_simpson(counts) -> float | None:
    """1 - sum of squared shares: the chance two posts come from different organisations."""
    total = sum(counts)
    if not total:
        return None
    return 1 - sum((n / total) ** 2 for n in counts)


def _labels(dimension: Dimension, organisations: dict) -> dict:
    if dimension.key == "organisation":
        return organisations
    if dimension.key == "organisation_type":
        return dict(OrganisationType.choices)
    if dimension.key == "government_level":
        return dict(GovernmentLevel.choices)
    if dimension.key == "staff_level":
        return dict(StaffLevel.choices)
    if dimension.key == "country":
        from django_countries import countries

        return dict(countries)
    return {}


def _vectors(people: dict[int, dict], activity: dict[int, dict], members: set) -> dict:
    """Each person's MEASURES as a tuple (member or not, posted or not, then the counts),
    computed once so that every breakdown only sums tuples."""
    summed = [m for m in MEASURES if m in COUNTED]
    zero = (0,) * len(summed)
    vectors = {}
    for user_id in people:
        done = activity.get(user_id)
        counts = tuple(done[m] or 0 for m in summed) if done else zero
        vectors[user_id] = (int(user_id in members), int(bool(done and done["posts"])), *counts)
    return vectors


def _fold(dimension, people: dict[int, dict], vectors: dict[int, tuple], names):
    """Group people by ``dimension``; groups under MIN_GROUP people become "other"."""
    groups: dict[object, set] = defaultdict(set)
    for user_id, attrs in people.items():
        groups[attrs[dimension.field] or ""].add(user_id)
    labels = _labels(dimension, names)
    rows, other = [], set()
    for key, user_ids in groups.items():
        if len(user_ids) < MIN_GROUP:
            other |= user_ids
            continue
        rows.append(_row(str(labels.get(key, key) or UNKNOWN), user_ids, vectors))
    rows.sort(key=lambda row: (-row.values["posts"], -row.people, row.label))
    hidden = False
    if len(other) >= MIN_GROUP:
        rows.append(_row(str(OTHER), other, vectors, is_other=True))
    elif other:
        hidden = True
    return Breakdown(dimension=dimension, rows=rows, hidden_people=hidden)


def _row(label, user_ids, vectors, *, is_other=False) -> GroupRow:
    sums = [sum(column) for column in zip(*(vectors[u] for u in user_ids), strict=True)]
    return GroupRow(
        label=label,
        people=len(user_ids),
        values=dict(zip(MEASURES, sums or [0] * len(MEASURES), strict=True)),
        is_other=is_other,
    )


CACHE_SECONDS = 3600


def dashboard(*, community_ids: list[int], period: str, facilitation: bool) -> Dashboard:
    """The dashboard, cached under the aggregates' version (one query when cached): a
    cached one is never older than the aggregates, in any process."""
    import hashlib

    from django.core.cache import cache
    from django.utils.translation import get_language

    from dashboards.models import AggregateVersion

    version, as_of = AggregateVersion.objects.filter(pk=1).values_list(
        "number", "periods_as_of"
    ).first() or (None, None)
    ids = ",".join(str(pk) for pk in sorted(community_ids))
    key = (
        "dashboards:"
        + hashlib.sha256(
            f"{version}|{get_language()}|{period}|{facilitation}|{timezone.localdate()}|{ids}".encode()
        ).hexdigest()
    )
    cached = cache.get(key)
    if cached is None:
        cached = compute_dashboard(
            community_ids=community_ids,
            period=period,
            facilitation=facilitation,
            rollups=as_of == timezone.localdate(),
        )
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def compute_dashboard(
    *, community_ids: list[int], period: str, facilitation: bool, rollups: bool = False
) -> Dashboard:
    """Nine queries (ten with the facilitators' view), whatever the data size. With
    ``rollups`` (the person-periods are as of today) it reads one row per person and
    community (``PersonPeriod``) and the weekly or monthly counts (``CommunityActivity``)
    instead of the person-days: the same figures from far fewer rows."""
    period = period if period in PERIODS else DEFAULT_PERIOD
    since = period_start(period)
    in_period = Q(community_id__in=community_ids)
    if since:
        in_period &= Q(day__gte=since)
    if rollups:
        source = PersonPeriod.objects.filter(period=period, community_id__in=community_ids)
        ever = PersonPeriod.objects.filter(period="all", community_id__in=community_ids)
    else:
        source = PersonDay.objects.filter(in_period)
        ever = PersonDay.objects.filter(community_id__in=community_ids)

    # 1. what each person did in the period (grouped by person only: the cheap grouping)
    activity: dict[int, dict] = {
        row["user_id"]: row
        for row in source.values("user_id")
        .annotate(**{name: Sum(name) for name in COUNTED})
        .order_by()
    }

    # 2. the members now (people who only read count as members)
    active = Membership.objects.filter(
        community_id__in=community_ids, status=MembershipStatus.ACTIVE
    )
    members = set(active.values_list("user_id", flat=True).distinct())

    # 3. everyone's profile as it is now: members and whoever wrote in the period
    people: dict[int, dict] = {}
    names: dict = {}
    for row in User.objects.filter(
        Q(pk__in=active.values("user_id")) | Q(pk__in=source.values("user_id"))
    ).values(
        "id",
        "organisation_id",
        "organisation__name",
        "organisation__type",
        "organisation__level_of_government",
        "organisation__country",
        "country",
        "department",
        "staff_level",
    ):
        names[row["organisation_id"]] = row["organisation__name"]
        people[row["id"]] = {
            "organisation_id": row["organisation_id"],
            "organisation_type": row["organisation__type"] or "",
            "government_level": row["organisation__level_of_government"] or "",
            "country": str(row["organisation__country"] or row["country"] or ""),
            "department": row["department"] or "",
            "staff_level": row["staff_level"] or "",
        }
    vectors = _vectors(people, activity, members)
    breakdowns = [_fold(d, people, vectors, names) for d in DIMENSIONS]
    totals = {name: sum(row[name] or 0 for row in activity.values()) for name in COUNTED}

    # 4. threads started in the period and how many drew replies from 3+ organisations
    reach = ThreadReach.objects.filter(in_period).aggregate(
        started=Count("pk"), spanning=Count("pk", filter=Q(replier_organisations__gte=3))
    )

    # 5. posts per community and organisation in the period (diversity, dominance, comparison)
    by_community: dict[int, Counter] = defaultdict(Counter)
    posters: dict[int, Counter] = defaultdict(Counter)
    for row in (
        source.filter(posts__gt=0)
        .values("community_id", "organisation_id")
        .annotate(posts=Sum("posts"), people=Count("user_id", distinct=True))
        .order_by()
    ):
        by_community[row["community_id"]][row["organisation_id"]] += row["posts"]
        posters[row["community_id"]][row["organisation_id"]] += row["people"]

    # 6. the trend: posts and diversity per week (the 30 days and the quarter: each week
    # the period touches) or per month (the last TREND_MONTHS months)
    trend_kind = "week" if period in WEEKLY_PERIODS else "month"
    trend = _trend(community_ids, trend_kind, since, rollups=rollups)

    # 7. the communities' names (8. with their member counts)
    titles = dict(CommunityPage.objects.filter(pk__in=community_ids).values_list("pk", "title"))
    member_counts = dict(
        Membership.objects.filter(community_id__in=community_ids, status=MembershipStatus.ACTIVE)
        .values("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    communities, dominance = [], []
    for community_id, title in sorted(titles.items(), key=lambda item: item[1]):
        counts = by_community.get(community_id, Counter())
        total = sum(counts.values())
        communities.append(
            {
                "id": community_id,
                "title": title,
                "members": member_counts.get(community_id, 0),
                "posters": sum(posters[community_id].values()),
                "posts": total,
                "diversity": gini_simpson(counts.values()),
            }
        )
        if total and facilitation:
            organisation_id, top = counts.most_common(1)[0]
            if top * 2 > total:
                named = posters[community_id][organisation_id] >= MIN_GROUP
                dominance.append(
                    {
                        "community": title,
                        "organisation": names.get(organisation_id) if named else None,
                        "share": top / total,
                    }
                )

    quiet = None
    if facilitation:  # 9. members who never posted in these communities
        quiet = (
            Membership.objects.filter(
                community_id__in=community_ids, status=MembershipStatus.ACTIVE
            )
            .exclude(user_id__in=ever.filter(posts__gt=0).values("user_id"))
            .values("user_id")
            .distinct()
            .count()
        )

    # 10. is any of it the demo's illustrative activity?
    illustrative = IllustrativeActivity.objects.filter(community_id__in=community_ids).exists()
    all_counts = Counter()
    for counts in by_community.values():
        all_counts.update(counts)
    return Dashboard(
        period=period,
        since=since,
        breakdowns=breakdowns,
        totals={**{name: totals[name] for name in COUNTED}, "members": len(members)},
        threads_started=reach["started"],
        spanning_threads=reach["spanning"],
        replies=totals["replies"],
        cross_org_replies=totals["cross_org_replies"],
        cross_country_replies=totals["cross_country_replies"],
        answers=totals["answers"],
        answers_to_other_org=totals["answers_to_other_org"],
        diversity=gini_simpson(all_counts.values()),
        trend=trend,
        communities=communities,
        dominance=dominance,
        quiet_members=quiet,
        illustrative=illustrative,
        trend_kind=trend_kind,
    )


def _trend(community_ids, kind: str, since: date | None, *, rollups: bool) -> list[dict]:
    """One query: posts per week or month and organisation, then the series in order."""
    today = timezone.localdate()
    if kind == "week":
        first = since - timedelta(days=since.weekday())
        step = lambda start: start + timedelta(days=7)  # noqa: E731
    else:
        back = today.year * 12 + today.month - 1 - (TREND_MONTHS - 1)  # months since year 0
        first = date(back // 12, back % 12 + 1, 1)
        step = lambda start: (start + timedelta(days=32)).replace(day=1)  # noqa: E731
    if rollups:
        rows = (
            CommunityActivity.objects.filter(
                kind=kind, community_id__in=community_ids, start__gte=first
            )
            .values("start", "organisation_id")
            .annotate(n=Sum("posts"))
            .order_by()
        )
    else:
        from django.db.models import F
        from django.db.models.functions import TruncWeek

        bucket = TruncWeek("day") if kind == "week" else F("month")
        rows = (
            PersonDay.objects.filter(community_id__in=community_ids, day__gte=first, posts__gt=0)
            .annotate(start=bucket)
            .values("start", "organisation_id")
            .annotate(n=Sum("posts"))
            .order_by()
        )
    series: dict[date, Counter] = defaultdict(Counter)
    for row in rows:
        series[row["start"]][row["organisation_id"]] += row["n"]
    trend, start = [], first
    while start <= today:
        counts = series.get(start, Counter())
        trend.append(
            {
                "start": start,
                "month": start,
                "posts": sum(counts.values()),
                "diversity": gini_simpson(counts.values()),
            }
        )
        start = step(start)
    return trend
