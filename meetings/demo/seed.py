"""Seed the demo meetings from ``meetings.toml``: Partnerforum's seminar and conference,
the HR community's breakfast with its topic rounds, and Synergia's online session.

Idempotent: a community that already has meetings is left alone.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.test.utils import override_settings
from django.utils import timezone

from communities.demo import demo_community
from communities.models import CommunityPage, Membership, MembershipStatus
from core.demo import SEED_LIMITS, SeedContext, load_toml
from discussions import events
from meetings import services
from meetings.models import RSVP, Meeting, RSVPStatus

DATA = load_toml(Path(__file__).resolve().parent / "meetings.toml")


def seed(context: SeedContext) -> dict[str, int]:
    """Add past and upcoming meetings and an open topic round."""
    created = 0
    with override_settings(PRAXIS_DISCUSSION_LIMITS=SEED_LIMITS), events.muted():
        created += _partnerforum(DATA["partnerforum"])
        created += _hr_breakfast_with_topics(DATA["hr_breakfast"])
        created += _synergia(DATA["synergia"])
    return {"meetings": created}


def active_people(community: CommunityPage):
    """(facilitators, members): active members, earliest first; members include the
    facilitators."""
    memberships = list(
        Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
        .select_related("user")
        .order_by("joined_at", "id")
    )
    facilitators = [m.user for m in memberships if m.role == "facilitator"]
    members = [m.user for m in memberships]
    return facilitators, members


def _day(days_from_now: int):
    return (timezone.now() + timedelta(days=days_from_now)).date()


def _community(slug: str) -> CommunityPage | None:
    community = demo_community(slug)
    if community is None or Meeting.objects.filter(community=community).exists():
        return None
    return community


def _going(meeting: Meeting, people, *, past: bool) -> None:
    if past:
        RSVP.objects.bulk_create(
            RSVP(meeting=meeting, user=person, status=RSVPStatus.GOING) for person in people
        )
        return
    for person in people:
        services.rsvp_set(user=person, meeting=meeting, response="going")


def _mark(meeting: Meeting, data: dict) -> None:
    """An invented meeting (its date, attendance and record) is marked illustrative."""
    if data.get("illustrative", False):
        Meeting.objects.filter(pk=meeting.pk).update(is_illustrative=True)
        meeting.is_illustrative = True


def _create(host, community, data: dict) -> Meeting:
    """One meeting from its TOML table; returns it after the RSVPs and harvest."""
    fields = {
        k: v
        for k, v in data.items()
        if k not in ("days_from_now", "going", "harvest", "illustrative")
    }
    meeting = services.meeting_create(
        actor=host, community=community, on_date=_day(data["days_from_now"]), **fields
    )
    _mark(meeting, data)
    past = data["days_from_now"] < 0
    _, members = active_people(community)
    _going(meeting, members[: data["going"]], past=past)
    if "harvest" in data:
        services.meeting_harvest(actor=host, meeting=meeting, **data["harvest"])
    return meeting


def _partnerforum(data: dict) -> int:
    community = _community(data["community"])
    if community is None:
        return 0
    CommunityPage.objects.filter(pk=community.pk).update(time_zone=data["time_zone"])
    community.time_zone = data["time_zone"]
    facilitators, _members = active_people(community)
    if not facilitators:
        return 0
    for meeting in data["meeting"]:
        _create(facilitators[0], community, meeting)
    return len(data["meeting"])


def _hr_breakfast_with_topics(data: dict) -> int:
    community = _community(data["community"])
    if community is None:
        return 0
    facilitators, members = active_people(community)
    if not facilitators:
        return 0
    host = facilitators[0]
    breakfast = _create(host, community, data["meeting"])
    topics = [(t["title"], t["why"]) for t in data["topic"]]
    closed = services.topic_round_open(
        actor=host, community=community, title=data["closed_round"], meeting=breakfast
    )
    chosen = [
        services.topic_propose(user=members[i % len(members)], topic_round=closed, title=t, why=w)
        for i, (t, w) in enumerate(topics[:3])
    ]
    for i, voter in enumerate(members[:6]):
        for topic in chosen[: 1 + i % 3]:
            services.topic_vote(user=voter, topic=topic)
    services.topic_round_close(actor=host, topic_round=closed, chosen_count=2)

    open_round = services.topic_round_open(
        actor=host, community=community, title=data["open_round"]
    )
    proposals = [
        services.topic_propose(
            user=members[(i + 1) % len(members)], topic_round=open_round, title=t, why=w
        )
        for i, (t, w) in enumerate(topics[1:])
    ]
    for i, voter in enumerate(members[:5]):
        services.topic_vote(user=voter, topic=proposals[i % len(proposals)])
    return 1


def _synergia(data: dict) -> int:
    community = _community(data["community"])
    if community is None:
        return 0
    facilitators, members = active_people(community)
    if not facilitators:
        return 0
    host = facilitators[0]
    start = synergia_start()
    fields = {k: v for k, v in data["meeting"].items() if k not in ("end_days", "illustrative")}
    session = services.meeting_create(
        actor=host,
        community=community,
        on_date=start,
        end_date=start + timedelta(days=data["meeting"]["end_days"]),
        **fields,
    )
    _mark(session, data["meeting"])
    for offset, title in enumerate(data["agenda"]):
        services.agenda_item_add(
            actor=host,
            meeting=session,
            title=title,
            starts_at=session.starts_at + timedelta(days=offset),
            duration_minutes=data["agenda_minutes"],
        )
    _going(session, members[: data["going"]], past=True)
    return 1


def synergia_start():
    """Session 5 ran on 8-10 February (its year is not given): the demo's illustrative
    session in its format takes the latest such February already over."""
    today = timezone.now().date()
    year = today.year if date(today.year, 2, 10) < today else today.year - 1
    return date(year, 2, 8)
