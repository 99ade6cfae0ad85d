"""Seed Synergia's peer-learning session (``session.toml``) on the Synergia meeting from
the meetings demo: the edition, its three days with Synergia's purposes, task groups
mixed automatically (institutions spread out) with their recommendations, and the Open
Space board with a few proposed sessions.

Idempotent: a meeting that already has a peer-learning session is left alone.
"""

from __future__ import annotations

from pathlib import Path

from django.test.utils import override_settings

from communities.demo import demo_community
from core.demo import SEED_LIMITS, SeedContext, load_toml
from discussions import events
from meetings.demo.seed import active_people
from meetings.models import Meeting
from peer_learning import services
from peer_learning.models import DayPurpose, OpenSpaceSignup, PeerLearningSession

DATA = load_toml(Path(__file__).resolve().parent / "session.toml")


def seed(context: SeedContext) -> None:
    community = demo_community(DATA["community"])
    if community is None:
        return
    meeting = Meeting.objects.filter(community=community, title=DATA["meeting"]).first()
    if meeting is None or PeerLearningSession.objects.filter(meeting=meeting).exists():
        return
    facilitators, members = active_people(community)
    if not facilitators:
        return
    with override_settings(PRAXIS_DISCUSSION_LIMITS=SEED_LIMITS), events.muted():
        _session(meeting, facilitators[0], members[: DATA["participants"]])


def _session(meeting: Meeting, host, participants) -> None:
    session = services.peer_session_create(
        actor=host, meeting=meeting, edition=DATA["edition"], synergia_days=True
    )
    for day in session.days.all():
        services.session_day_set(
            actor=host,
            session=session,
            on_date=day.date,
            purpose=day.purpose,
            notes=DATA["day_notes"][day.purpose],
        )
    services.task_groups_mix(actor=host, session=session, group_count=DATA["task_groups"])
    for group, data in zip(session.groups.all(), DATA["task_group"], strict=False):
        services.task_group_recommendations_set(
            actor=host, group=group, text=data["recommendations"]
        )
    open_space = session.days.get(purpose=DayPurpose.OPEN_SPACE)
    hosts = [p for p in participants if p.pk != host.pk] or participants
    for index, data in enumerate(DATA["open_space"]):
        # The session is past: the board is seeded as it was left, without the "board
        # open" rule of ``open_space_propose``.
        item = services.open_space_create(
            host=hosts[index % len(hosts)],
            day=open_space,
            title=data["title"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            room=data["room"],
        )
        OpenSpaceSignup.objects.bulk_create(
            OpenSpaceSignup(open_session=item, user=person)
            for person in participants[index + 1 :: 2]
            if person.pk != item.host_id
        )
