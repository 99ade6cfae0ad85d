"""Writes of the pre-aggregated counts (the app's services): recompute from the posts.

Every function recomputes whole rows from the source tables, so running one twice, or
late, or after a rollback gives the same rows: ``refresh_person_days`` for the people
and days a commit touched, ``refresh_threads`` for the threads, ``refresh_recent`` (the
periodic job) for the last two days, ``rebuild`` for everything.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from communities.models import User
from dashboards.models import (
    COUNTED,
    PERIOD_DAYS,
    AggregateVersion,
    CommunityActivity,
    PersonDay,
    PersonPeriod,
    ThreadReach,
)
from discussions.models import Post, Thread
from meetings.models import RSVP, RSVPStatus

BATCH = 2000


def bump_version() -> None:
    """The aggregates changed: dashboards cached under the old version are stale."""
    if not AggregateVersion.objects.filter(pk=1).update(number=F("number") + 1):
        AggregateVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def _people(user_ids) -> dict[int, dict]:
    rows = User.objects.filter(pk__in=set(user_ids)).values(
        "id",
        "organisation_id",
        "organisation__type",
        "organisation__level_of_government",
        "organisation__country",
        "country",
        "department",
        "staff_level",
    )
    return {
        row["id"]: {
            "organisation_id": row["organisation_id"],
            "organisation_type": row["organisation__type"] or "",
            "government_level": row["organisation__level_of_government"] or "",
            "country": str(row["organisation__country"] or row["country"] or ""),
            "department": row["department"] or "",
            "staff_level": row["staff_level"] or "",
        }
        for row in rows
    }


def _posts(where: Q):
    opening = Post.objects.filter(thread=OuterRef("thread_id")).order_by("id").values("id")[:1]
    return (
        Post.objects.visible()
        .filter(where, thread__restricted=False)
        .annotate(opening_id=Subquery(opening))
        .values(
            "id",
            "author_id",
            "created_at",
            "thread_id",
            "thread__community_id",
            "thread__author_id",
            "thread__answer_id",
            "thread__created_at",
            "reply_to__author_id",
            "opening_id",
        )
        .order_by("id")
    )


def _rsvps(where: Q):
    return (
        RSVP.objects.filter(where, status=RSVPStatus.GOING, meeting__starts_at__lte=timezone.now())
        .exclude(meeting__community__isnull=True)
        .values("user_id", "meeting__community_id", "meeting__starts_at")
    )


def _compute(posts, rsvps):
    """PersonDay and ThreadReach rows (unsaved) from post and RSVP values."""
    posts, rsvps = list(posts), list(rsvps)
    people = _people(
        [p["author_id"] for p in posts]
        + [p["thread__author_id"] for p in posts]
        + [p["reply_to__author_id"] for p in posts if p["reply_to__author_id"]]
        + [r["user_id"] for r in rsvps]
    )
    days: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    repliers: dict[int, set] = defaultdict(set)
    reach: dict[int, dict] = {}
    for post in posts:
        author = people.get(post["author_id"])
        if author is None:
            continue
        key = (
            timezone.localdate(post["created_at"]),
            post["thread__community_id"],
            post["author_id"],
        )
        row = days[key]
        row["posts"] += 1
        thread_id = post["thread_id"]
        reach.setdefault(
            thread_id,
            {
                "community_id": post["thread__community_id"],
                "day": timezone.localdate(post["thread__created_at"]),
                "replies": 0,
            },
        )
        if post["id"] == post["opening_id"]:
            row["threads"] += 1
        else:
            row["replies"] += 1
            reach[thread_id]["replies"] += 1
            if author["organisation_id"]:
                repliers[thread_id].add(author["organisation_id"])
            target = people.get(post["reply_to__author_id"] or post["thread__author_id"], {})
            if target and post["author_id"] != (
                post["reply_to__author_id"] or post["thread__author_id"]
            ):
                if target["organisation_id"] != author["organisation_id"]:
                    row["cross_org_replies"] += 1
                if target["country"] != author["country"]:
                    row["cross_country_replies"] += 1
        if post["id"] == post["thread__answer_id"]:
            row["answers"] += 1
            asker = people.get(post["thread__author_id"], {})
            if asker and asker["organisation_id"] != author["organisation_id"]:
                row["answers_to_other_org"] += 1
    for rsvp in rsvps:
        if rsvp["user_id"] not in people:
            continue
        key = (
            timezone.localdate(rsvp["meeting__starts_at"]),
            rsvp["meeting__community_id"],
            rsvp["user_id"],
        )
        days[key]["meetings_attended"] += 1
    person_days = [
        PersonDay(
            day=day,
            month=day.replace(day=1),
            community_id=community_id,
            user_id=user_id,
            **people[user_id],
            **counts,
        )
        for (day, community_id, user_id), counts in days.items()
    ]
    reaches = [
        ThreadReach(
            thread_id=thread_id,
            replier_organisations=len(repliers[thread_id]),
            **values,
        )
        for thread_id, values in reach.items()
    ]
    return person_days, reaches


KEYS_PER_QUERY = 100  # SQLite refuses very deep OR trees


# Rollups: person-periods and weekly and monthly activity, summed from the person-days ------


def _period_sums(today: date) -> dict:
    """One Sum per period and count: ``{"30d__posts": Sum("posts", filter=...), ...}``."""
    sums = {}
    for period, days in PERIOD_DAYS.items():
        since = None if days is None else today - timedelta(days=days - 1)
        for name in COUNTED:
            sums[f"{period}__{name}"] = Sum(name, filter=Q(day__gte=since) if since else None)
    return sums


def _person_periods(rows, today: date) -> list[PersonPeriod]:
    rows = list(rows)
    people = _people({row["user_id"] for row in rows})
    made = []
    for row in rows:
        person = people.get(row["user_id"])
        if person is None:
            continue
        for period in PERIOD_DAYS:
            counts = {name: row[f"{period}__{name}"] or 0 for name in COUNTED}
            if any(counts.values()):
                made.append(
                    PersonPeriod(
                        period=period,
                        community_id=row["community_id"],
                        user_id=row["user_id"],
                        organisation_id=person["organisation_id"],
                        **counts,
                    )
                )
    return made


def _activity(person_days, kind: str) -> list[CommunityActivity]:
    bucket = TruncWeek("day") if kind == "week" else F("month")
    return [
        CommunityActivity(kind=kind, **row)
        for row in person_days.filter(posts__gt=0)
        .annotate(start=bucket)
        .values("community_id", "start", "organisation_id")
        .annotate(posts=Sum("posts"))
        .order_by()
    ]


def _week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def refresh_rollups(*, pairs: set[tuple[int, int]], days: set[tuple[int, date]]) -> None:
    """Recompute the person-periods of these (community, user) pairs and the weekly and
    monthly activity of these (community, day)s; everything when the day has changed."""
    today = timezone.localdate()
    as_of = AggregateVersion.objects.filter(pk=1).values_list("periods_as_of", flat=True).first()
    if as_of != today:
        rebuild_rollups()
        return
    if pairs:
        communities = {c for c, _u in pairs}
        users = sorted({u for _c, u in pairs})
        for start in range(0, len(users), BATCH):
            some = users[start : start + BATCH]
            # The whole (communities x users) block: deleted and recomputed alike.
            PersonPeriod.objects.filter(community_id__in=communities, user_id__in=some).delete()
            rows = (
                PersonDay.objects.filter(community_id__in=communities, user_id__in=some)
                .values("community_id", "user_id")
                .annotate(**_period_sums(today))
                .order_by()
            )
            PersonPeriod.objects.bulk_create(_person_periods(rows, today), batch_size=BATCH)
    if days:
        communities = {c for c, _d in days}
        first = min(day for _c, day in days)
        last = max(day for _c, day in days)
        for kind, start, end in (
            ("week", _week_of(first), _week_of(last) + timedelta(days=6)),
            ("month", first.replace(day=1), (last.replace(day=1) + timedelta(days=32))),
        ):
            if kind == "month":
                end = end.replace(day=1) - timedelta(days=1)
            CommunityActivity.objects.filter(
                kind=kind, community_id__in=communities, start__gte=start, start__lte=end
            ).delete()
            block = PersonDay.objects.filter(
                community_id__in=communities, day__gte=start, day__lte=end
            )
            CommunityActivity.objects.bulk_create(_activity(block, kind), batch_size=BATCH)


def rebuild_rollups() -> None:
    """Every person-period and weekly and monthly count again, as of today."""
    today = timezone.localdate()
    with transaction.atomic():
        PersonPeriod.objects.all().delete()
        CommunityActivity.objects.all().delete()
        rows = (
            PersonDay.objects.values("community_id", "user_id")
            .annotate(**_period_sums(today))
            .order_by()
        )
        PersonPeriod.objects.bulk_create(_person_periods(rows, today), batch_size=BATCH)
        for kind in ("week", "month"):
            CommunityActivity.objects.bulk_create(
                _activity(PersonDay.objects.all(), kind), batch_size=BATCH
            )
        if not AggregateVersion.objects.filter(pk=1).update(periods_as_of=today):
            AggregateVersion.objects.create(pk=1, number=0, periods_as_of=today)


@transaction.atomic
def refresh_person_days(*, keys: set[tuple[date, int, int]]) -> None:
    """Recompute the rows of these (day, community id, user id) keys."""
    keys = sorted(keys)
    for start in range(0, len(keys), KEYS_PER_QUERY):
        _refresh_some(set(keys[start : start + KEYS_PER_QUERY]))
    if keys:
        refresh_rollups(
            pairs={(community_id, user_id) for _day, community_id, user_id in keys},
            days={(community_id, day) for day, community_id, _user in keys},
        )
        bump_version()


def _refresh_some(keys: set[tuple[date, int, int]]) -> None:
    wanted, post_q, rsvp_q = Q(pk__in=[]), Q(pk__in=[]), Q(pk__in=[])
    for day, community_id, user_id in keys:
        wanted |= Q(day=day, community_id=community_id, user_id=user_id)
        post_q |= Q(author_id=user_id, thread__community_id=community_id, created_at__date=day)
        rsvp_q |= Q(user_id=user_id, meeting__community_id=community_id)
    PersonDay.objects.filter(wanted).delete()
    person_days, _reaches = _compute(_posts(post_q), _rsvps(rsvp_q))
    PersonDay.objects.bulk_create(
        [row for row in person_days if (row.day, row.community_id, row.user_id) in keys]
    )


@transaction.atomic
def refresh_threads(*, thread_ids: set[int]) -> None:
    """Recompute the reach of these threads (a restricted one is removed)."""
    if not thread_ids:
        return
    thread_ids = sorted(thread_ids)
    for start in range(0, len(thread_ids), BATCH):
        some = thread_ids[start : start + BATCH]
        ThreadReach.objects.filter(thread_id__in=some).delete()
        _days, reaches = _compute(_posts(Q(thread_id__in=some)), [])
        ThreadReach.objects.bulk_create(reaches)
    bump_version()


def refresh_recent(*, days: int = 2) -> None:
    """The periodic job: the last ``days`` days of every community, recomputed."""
    since = timezone.localdate() - timedelta(days=days)
    with transaction.atomic():
        recent = PersonDay.objects.filter(day__gte=since)
        touched = set(recent.values_list("community_id", "user_id", "day"))
        recent.delete()
        posts = _posts(Q(created_at__date__gte=since))
        rsvps = _rsvps(Q(meeting__starts_at__date__gte=since))
        person_days, _reaches = _compute(posts, rsvps)
        fresh = [r for r in person_days if r.day >= since]
        PersonDay.objects.bulk_create(fresh, batch_size=BATCH)
        touched |= {(r.community_id, r.user_id, r.day) for r in fresh}
        refresh_rollups(
            pairs={(c, u) for c, u, _day in touched}, days={(c, day) for c, _u, day in touched}
        )
        bump_version()
        thread_ids = set(posts.values_list("thread_id", flat=True))
    refresh_threads(thread_ids=thread_ids)


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Everything from scratch (``manage.py rebuild_dashboards``)."""
    PersonDay.objects.all().delete()
    ThreadReach.objects.all().delete()
    person_days, reaches = _compute(_posts(Q()).iterator(chunk_size=BATCH), _rsvps(Q()))
    PersonDay.objects.bulk_create(person_days, batch_size=BATCH)
    ThreadReach.objects.bulk_create(reaches, batch_size=BATCH)
    rebuild_rollups()
    bump_version()
    return {"person_days": len(person_days), "threads": len(reaches)}


def keys_for(*, posts=(), threads=(), rsvps=()) -> set[tuple[date, int, int]]:
    """The (day, community id, user id) keys that changed posts, threads (all their
    posts: a new answer, a thread made restricted) and RSVPs touch; two queries at most."""
    from meetings.models import Meeting

    keys = set()
    thread_ids = {thread_id for _day, thread_id, _user in posts} | set(threads)
    if thread_ids:
        communities = dict(
            Thread.objects.filter(pk__in=thread_ids).values_list("id", "community_id")
        )
        for day, thread_id, user_id in posts:
            if thread_id in communities:
                keys.add((day, communities[thread_id], user_id))
        for author_id, created_at, community_id in Post.objects.filter(
            thread_id__in=set(threads)
        ).values_list("author_id", "created_at", "thread__community_id"):
            keys.add((timezone.localdate(created_at), community_id, author_id))
    if rsvps:
        meetings = {
            pk: (community_id, starts_at)
            for pk, community_id, starts_at in Meeting.objects.filter(
                pk__in={meeting_id for meeting_id, _user in rsvps}, community__isnull=False
            ).values_list("id", "community_id", "starts_at")
        }
        for meeting_id, user_id in rsvps:
            if meeting_id in meetings:
                community_id, starts_at = meetings[meeting_id]
                keys.add((timezone.localdate(starts_at), community_id, user_id))
    return keys


def affected(
    *, posts=(), threads=(), rsvps=(), moved=(), users=(), organisations=()
) -> tuple[set[tuple[date, int, int]], set[int]]:
    """The person-day keys and threads a commit made stale: ``keys_for``'s, plus those of
    threads moved to another community (their old community's rows: ``moved`` holds
    (thread id, old community id)) and of people whose copied-in profile changed (their
    own rows, the rows of those who replied to them, and the reach of the threads they
    replied in). Organisations stand for their people."""
    keys = keys_for(posts=posts, threads=threads, rsvps=rsvps)
    thread_ids = set(threads)
    if moved:
        old = dict(moved)
        for thread_id, author_id, created_at in Post.objects.filter(
            thread_id__in=set(old)
        ).values_list("thread_id", "author_id", "created_at"):
            keys.add((timezone.localdate(created_at), old[thread_id], author_id))
    users = set(users)
    if organisations:
        users |= set(
            User.objects.filter(organisation_id__in=set(organisations)).values_list("pk", flat=True)
        )
    if users:
        users = sorted(users)
        for start in range(0, len(users), BATCH):
            some = users[start : start + BATCH]
            keys |= set(
                PersonDay.objects.filter(user_id__in=some).values_list(
                    "day", "community_id", "user_id"
                )
            )
            touching = (
                Q(author_id__in=some)
                | Q(reply_to__author_id__in=some)
                | Q(thread__author_id__in=some)
            )
            for author_id, created_at, community_id, thread_id in Post.objects.filter(
                touching
            ).values_list("author_id", "created_at", "thread__community_id", "thread_id"):
                keys.add((timezone.localdate(created_at), community_id, author_id))
                thread_ids.add(thread_id)
    return keys, thread_ids
