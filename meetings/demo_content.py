"""Demo meetings for ``seed_demo``: facts only from the seed documents.

Partnerforum (Norway): breakfast meetings 09:00-11:00, seminars and full-day conferences in
a workshop model, topics chosen by the officials themselves in thematic blocks. Synergia
(Poland with Bulgaria, Latvia, Hungary): three-day online peer-learning sessions, day 1
analysis of practices, day 2 management challenges submitted by institutions, day 3 Open
Space, in editions.

Idempotent: a community that already has meetings is left alone.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.test.utils import override_settings
from django.utils import timezone

from communities.models import CommunityPage, Membership, MembershipStatus
from discussions import events
from meetings import services
from meetings.models import RSVP, Meeting, RSVPStatus
from peer_learning import services as peer_services
from peer_learning.models import DayPurpose, OpenSpaceSignup

SEED_LIMITS = {
    "POST_INTERVAL_SECONDS": 0,
    "NEW_ACCOUNT_MAX_POSTS": 10**6,
    "DUPLICATE_WINDOW_SECONDS": 0,
}

BREAKFAST_TOPICS = [
    (
        "Competence development for mid-career specialists",
        "Partner institutions are redesigning their training offers and want to compare "
        "what works.",
    ),
    (
        "Ethics in everyday decisions",
        "Ethics is one of the thematic blocks the officials asked for; cases from our own "
        "units would make it concrete.",
    ),
    (
        "Innovation without a dedicated budget",
        "Several of us run innovation work next to our main tasks.",
    ),
    (
        "Communication with citizens about reforms",
        "Communication is one of the Partnerforum thematic blocks and a daily problem.",
    ),
]


def _people(community: CommunityPage):
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


def seed_meetings(*, stdout=None) -> int:
    """Add past and upcoming meetings and an open topic round; returns meetings created."""
    created = 0
    with override_settings(PRAXIS_DISCUSSION_LIMITS=SEED_LIMITS), events.muted():
        created += _partnerforum()
        created += _hr_breakfast_with_topics()
        created += _synergia()
    if stdout is not None:
        stdout.write(f"meetings: {created} created")
    return created


def _community(slug: str) -> CommunityPage | None:
    community = CommunityPage.objects.filter(slug=slug).first()
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


def _partnerforum() -> int:
    community = _community("partnerforum-programme-group")
    if community is None:
        return 0
    CommunityPage.objects.filter(pk=community.pk).update(time_zone="Europe/Oslo")
    community.time_zone = "Europe/Oslo"
    facilitators, members = _people(community)
    if not facilitators:
        return 0
    host = facilitators[0]
    seminar = services.meeting_create(
        actor=host,
        community=community,
        title="Seminar: governance and state and local government",
        format="seminar",
        on_date=_day(-40),
        start_time=time(12, 0),
        end_time=time(15, 0),
        place="University of Oslo",
        description="A seminar in the workshop model: short inputs, then work in groups.",
        audience="members",
        language="en",
    )
    _going(seminar, members[:8], past=True)
    services.meeting_harvest(
        actor=host,
        meeting=seminar,
        decisions="Next semester's programme keeps the governance block.",
        lessons="Group work on participants' own cases worked better than long talks.",
        follow_ups="The secretariat collects cases from partners for the conference.",
    )
    conference = services.meeting_create(
        actor=host,
        community=community,
        title="Full-day conference: efficiency and innovation in public administration",
        format="conference",
        on_date=_day(45),
        start_time=time(9, 0),
        end_time=time(16, 0),
        place="BI Norwegian Business School, Oslo",
        capacity=60,
        audience="registered",
        language="en",
        description="Partners from public administration and academia shape the programme.",
    )
    _going(conference, members[:6], past=False)
    return 2


def _hr_breakfast_with_topics() -> int:
    community = _community("hr-competence-development")
    if community is None:
        return 0
    facilitators, members = _people(community)
    if not facilitators:
        return 0
    host = facilitators[0]
    breakfast = services.meeting_create(
        actor=host,
        community=community,
        title="Breakfast meeting: competence development",
        format="breakfast",
        on_date=_day(14),  # 09:00-11:00 in the community's time zone by default
        place="Conference room, ground floor",
        capacity=3,
        audience="members",
        language="en",
        description="Topics chosen by members in the autumn round.",
    )
    # A full breakfast with a waiting list, so the promotion can be tried.
    _going(breakfast, members[:5], past=False)
    closed = services.topic_round_open(
        actor=host, community=community, title="Topics for the breakfast meeting", meeting=breakfast
    )
    topics = [
        services.topic_propose(user=members[i % len(members)], topic_round=closed, title=t, why=w)
        for i, (t, w) in enumerate(BREAKFAST_TOPICS[:3])
    ]
    for i, voter in enumerate(members[:6]):
        for topic in topics[: 1 + i % 3]:
            services.topic_vote(user=voter, topic=topic)
    services.topic_round_close(actor=host, topic_round=closed, chosen_count=2)

    open_round = services.topic_round_open(
        actor=host, community=community, title="Topics for the next meetings"
    )
    proposals = [
        services.topic_propose(
            user=members[(i + 1) % len(members)], topic_round=open_round, title=t, why=w
        )
        for i, (t, w) in enumerate(BREAKFAST_TOPICS[1:])
    ]
    for i, voter in enumerate(members[:5]):
        services.topic_vote(user=voter, topic=proposals[i % len(proposals)])
    return 1


def _synergia() -> int:
    community = _community("synergia-peer-learning")
    if community is None:
        return 0
    facilitators, members = _people(community)
    if not facilitators:
        return 0
    host = facilitators[0]
    start = _synergia_start()
    session = services.meeting_create(
        actor=host,
        community=community,
        title="Synergia, peer-learning session (online)",
        place="Online, MS Teams",
        format="peer_learning",
        on_date=start,
        start_time=time(9, 0),
        end_date=start + timedelta(days=2),
        end_time=time(15, 0),
        online_url="https://example.org/synergia-session",
        audience="members",
        language="en",
        description="Three days in task groups: analysis of practices, management challenges "
        "submitted by institutions, and an Open Space.",
    )
    for offset, title in enumerate(
        [
            "Day 1: analysis of practices",
            "Day 2: management challenges submitted by institutions",
            "Day 3: Open Space",
        ]
    ):
        services.agenda_item_add(
            actor=host,
            meeting=session,
            title=title,
            starts_at=session.starts_at + timedelta(days=offset),
            duration_minutes=360,
        )
    _going(session, members[:10], past=True)
    _synergia_session(session, host, members[:10])
    return 1


def _synergia_start():
    """Session 5 ran on 8-10 February: the latest such February already over."""
    today = timezone.now().date()
    year = today.year if date(today.year, 2, 10) < today else today.year - 1
    return date(year, 2, 8)


SYNERGIA_DAY_NOTES = {
    DayPurpose.ANALYSIS: "Task groups analyse practices presented earlier in the "
    "educational and cooperation programme.",
    DayPurpose.CHALLENGES: "Task groups work on management challenges the institutions "
    "submitted when they were recruited to the project.",
    DayPurpose.OPEN_SPACE: "Participants exchange experience on the programme's topics in "
    "an Open Space.",
}

# (title, start, end, room); hosts and sign-ups are the session's participants.
OPEN_SPACE_SESSIONS = [
    (
        "Implementing a good practice in a Polish institution: first steps",
        time(9, 30),
        time(10, 30),
        "MS Teams, breakout room 1",
    ),
    (
        "Recommendations for implementing good practices in public administration",
        time(9, 30),
        time(10, 30),
        "MS Teams, breakout room 2",
    ),
    (
        "Management challenges submitted by institutions: what the task groups found",
        time(11, 0),
        time(12, 0),
        "MS Teams, breakout room 1",
    ),
]


# What each task group recorded: Synergia's peer-learning sessions exist to exchange
# experience of implementing the good practices presented in training and to work out
# recommendations for implementing them in public administration institutions.
SYNERGIA_RECOMMENDATIONS = [
    "**Implementing a presented practice**\n\n"
    "- Before adopting a practice from another institution, describe the problem it solved "
    "there and check that the same problem exists in your own unit.\n"
    "- Name one person who leads the implementation and reports back at the next session.\n"
    "- Start with a pilot in one department, then decide on the rest of the institution.",
    "**Management challenges submitted by institutions**\n\n"
    "- Describe each challenge in one page, with who is affected, before the session, so "
    "that the group can work on it from the first hour.\n"
    "- Ask managers from field administration as well as central administration: the same "
    "challenge looks different from each.\n"
    "- Agree on the next step the institution will take, not only on the diagnosis.",
    "**Keeping the exchange going after the session**\n\n"
    "- Keep the task group's thread open after the session and post what was tried.\n"
    "- Let the Open Space topics that drew most people become topics of the next edition.\n"
    "- Share the good practice each institution implements with the whole community.",
]


def _synergia_session(meeting: Meeting, host, participants) -> None:
    """Edition, three days with Synergia's purposes, three task groups mixed automatically
    (institutions spread out), and the Open Space board with a few proposed sessions."""
    session = peer_services.peer_session_create(
        actor=host, meeting=meeting, edition="Synergia, session 5", synergia_days=True
    )
    for day in session.days.all():
        peer_services.session_day_set(
            actor=host,
            session=session,
            on_date=day.date,
            purpose=day.purpose,
            notes=SYNERGIA_DAY_NOTES[day.purpose],
        )
    peer_services.task_groups_mix(actor=host, session=session, group_count=3)
    for group, text in zip(session.groups.all(), SYNERGIA_RECOMMENDATIONS, strict=False):
        peer_services.task_group_recommendations_set(actor=host, group=group, text=text)
    open_space = session.days.get(purpose=DayPurpose.OPEN_SPACE)
    hosts = [p for p in participants if p.pk != host.pk] or participants
    for index, (title, start, end, room) in enumerate(OPEN_SPACE_SESSIONS):
        # The session is past: the board is seeded as it was left, without the "board
        # open" rule of ``open_space_propose``.
        item = peer_services.open_space_create(
            host=hosts[index % len(hosts)],
            day=open_space,
            title=title,
            start_time=start,
            end_time=end,
            room=room,
        )
        OpenSpaceSignup.objects.bulk_create(
            OpenSpaceSignup(open_session=item, user=person)
            for person in participants[index + 1 :: 2]
            if person.pk != item.host_id
        )
