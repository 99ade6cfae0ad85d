# ruff: noqa: F811  (fixtures imported from meeting_factories are used as arguments)
"""Peer-learning sessions: days, task groups (mixing, members-only threads), the Open Space
board (sign-ups, bad input, live updates), the session page's queries, and who may do what;
plus the in-app notification of a waiting-list promotion."""

from __future__ import annotations

import math
from collections import Counter
from datetime import time, timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import MembershipRole, Visibility
from core.errors import ServiceError
from discussions import selectors as discussion_selectors
from discussions import services as discussion_services
from discussions.models import Notification, NotificationKind, Post, Thread
from meetings import services
from meetings.models import RSVP, MeetingAudience, RSVPStatus
from peer_learning import services as peer_services
from peer_learning.models import (
    DayPurpose,
    OpenSpaceSession,
    OpenSpaceSignup,
    SessionDay,
    TaskGroup,
    TaskGroupMember,
)
from tests.discussions.live_helpers import communicator, ensure_wagtail_root, session_key_for
from tests.factories import (
    CommunityPageFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.meetings.factories import (  # noqa: F401 (fixtures)
    MeetingFactory,
    PeerLearningMeetingFactory,
    RSVPFactory,
    relaxed_limits,
)

# Institutions from Synergia's four countries; sizes chosen so mixing has work to do.
INSTITUTIONS = [
    ("Chancellery of the Prime Minister", "PL", 5),
    ("Institute of Public Administration", "BG", 3),
    ("Latvian School of Public Administration", "LV", 2),
    ("National University of Public Service", "HU", 1),
]


class Session:
    """A community with a facilitator, a peer-learning session (three Synergia days),
    participants from several institutions and countries, a member who is not taking
    part and an outsider."""

    def __init__(self, *, visibility=Visibility.PUBLIC, sizes=INSTITUTIONS):
        self.community = CommunityPageFactory(visibility=visibility, time_zone="Europe/Oslo")
        self.facilitator = UserFactory(display_name="Facilitator")
        MembershipFactory(
            user=self.facilitator, community=self.community, role=MembershipRole.FACILITATOR
        )
        self.meeting = PeerLearningMeetingFactory(
            community=self.community, audience=MeetingAudience.MEMBERS
        )
        self.participants = []
        for name, country, size in sizes:
            organisation = OrganisationFactory(name=name, country=country)
            for _ in range(size):
                self.participants.append(self.add_participant(organisation=organisation))
        self.bystander = UserFactory(display_name="Member not taking part")
        MembershipFactory(user=self.bystander, community=self.community)
        self.outsider = UserFactory(display_name="Outsider")
        self.session = peer_services.peer_session_create(
            actor=self.facilitator, meeting=self.meeting, edition="Synergia, session 5"
        )
        self.days = list(self.session.days.all())
        self.open_space = next(d for d in self.days if d.purpose == DayPurpose.OPEN_SPACE)

    def add_participant(self, **user_fields):
        person = UserFactory(**user_fields)
        MembershipFactory(user=person, community=self.community)
        RSVPFactory(meeting=self.meeting, user=person, status=RSVPStatus.GOING)
        return person

    def propose(self, user, title="Implementing a good practice: first steps", **fields):
        values = {
            "start_time": time(9, 30),
            "end_time": time(10, 30),
            "room": "MS Teams, breakout room 1",
        }
        values.update(fields)
        return peer_services.open_space_propose(
            user=user, day=self.open_space, title=title, **values
        )


@pytest.fixture
def world(db):
    return Session()


@pytest.fixture
def private_world(db):
    return Session(visibility=Visibility.MEMBERS)


def board_rows():
    return (
        OpenSpaceSession.objects.count(),
        OpenSpaceSignup.objects.count(),
        Thread.objects.count(),
        Post.objects.count(),
    )


# Sessions and days ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_session_gets_synergias_three_days(world):
    first = world.meeting.local_start.date()
    assert [(d.date, d.purpose) for d in world.days] == [
        (first, DayPurpose.ANALYSIS),
        (first + timedelta(days=1), DayPurpose.CHALLENGES),
        (first + timedelta(days=2), DayPurpose.OPEN_SPACE),
    ]
    assert world.session.edition == "Synergia, session 5"
    assert world.meeting.peer_learning == world.session


@pytest.mark.django_db
def test_session_setup_is_refused_cleanly(world):
    other = PeerLearningMeetingFactory(community=world.community)
    for actor, edition, message in [
        (world.participants[0], "Synergia, session 6", "Only the community's facilitators"),
        (world.facilitator, " x ", "Name the edition"),
    ]:
        with pytest.raises(ServiceError, match=message):
            peer_services.peer_session_create(actor=actor, meeting=other, edition=edition)
    with pytest.raises(ServiceError, match="already a peer-learning session"):
        peer_services.peer_session_create(
            actor=world.facilitator, meeting=world.meeting, edition="Again"
        )
    outside = world.meeting.local_end.date() + timedelta(days=1)
    with pytest.raises(ServiceError, match="must fall within the meeting's dates"):
        peer_services.session_day_set(
            actor=world.facilitator, session=world.session, on_date=outside, purpose="other"
        )
    with pytest.raises(ServiceError, match="purpose"):
        peer_services.session_day_set(
            actor=world.facilitator,
            session=world.session,
            on_date=world.days[0].date,
            purpose="karaoke",
        )
    assert not hasattr(other, "peer_learning") or other.peer_learning is None
    assert SessionDay.objects.filter(session=world.session).count() == 3
    assert SessionDay.objects.get(pk=world.days[0].pk).purpose == DayPurpose.ANALYSIS


# Task groups and mixing --------------------------------------------------------------------


def _fake_people(sizes):
    """Unsaved people with organisations (ids only): mix_plan needs nothing else."""
    people, pk = [], 0
    for org_id, size in enumerate(sizes, start=1):
        for _ in range(size):
            pk += 1
            person = UserFactory.build(pk=pk, username=f"p{pk}", organisation_id=org_id)
            people.append(person)
    return people


@pytest.mark.parametrize(
    ("sizes", "groups"),
    [
        ((5, 3, 2, 1), 3),
        ((9, 1, 1, 1), 3),  # one dominant institution: still spread as thinly as possible
        ((4, 4, 4), 4),
        ((7, 6, 2, 2, 1, 1, 1), 5),
        ((1, 1, 1, 1, 1), 2),
        ((12,), 4),
    ],
)
def test_mixing_keeps_every_institutions_share_minimal(sizes, groups):
    people = _fake_people(sizes)
    plan = peer_services.mix_plan(people, groups)

    assert sorted(p.pk for group in plan for p in group) == [p.pk for p in people]
    sizes_per_group = [len(group) for group in plan]
    assert max(sizes_per_group) - min(sizes_per_group) <= 1
    for group in plan:
        counts = Counter(p.organisation_id for p in group)
        for org_id, n in counts.items():
            # The least possible: an institution of s people over g groups has ceil(s/g).
            assert n <= math.ceil(sizes[org_id - 1] / groups)
    largest_share = max(max(Counter(p.organisation_id for p in g).values()) for g in plan)
    assert largest_share == math.ceil(max(sizes) / groups)


@pytest.mark.django_db
def test_mix_automatically_assigns_everyone_and_opens_private_threads(world):
    groups = peer_services.task_groups_mix(
        actor=world.facilitator, session=world.session, group_count=3
    )

    assert [g.name for g in groups] == ["Task group 1", "Task group 2", "Task group 3"]
    members = TaskGroupMember.objects.filter(session=world.session)
    assert sorted(m.user_id for m in members) == sorted(p.pk for p in world.participants)
    for group in groups:
        people = [m.user for m in members.filter(group=group).select_related("user")]
        by_org = Counter(p.organisation_id for p in people)
        assert max(by_org.values()) <= 2  # ceil(5 / 3): the Chancellery never dominates
        assert len(by_org) >= 2
        thread = Thread.objects.get(pk=group.thread_id)
        assert thread.restricted
        assert set(thread.readers.values_list("pk", flat=True)) == {p.pk for p in people}
    # Mixing again replaces the assignments instead of adding to them.
    peer_services.task_groups_mix(actor=world.facilitator, session=world.session, group_count=2)
    assert TaskGroupMember.objects.filter(session=world.session).count() == 11
    assert TaskGroup.objects.filter(session=world.session).count() == 3
    assert not Thread.objects.get(pk=groups[2].thread_id).readers.exists()


@pytest.mark.django_db
def test_assigning_moves_a_participant_and_their_thread_access(world):
    first = peer_services.task_group_create(
        actor=world.facilitator, session=world.session, name="A"
    )
    second = peer_services.task_group_create(
        actor=world.facilitator, session=world.session, name="B"
    )
    person = world.participants[0]
    peer_services.task_group_assign(
        actor=world.facilitator, session=world.session, user=person, group=first
    )
    peer_services.task_group_assign(
        actor=world.facilitator, session=world.session, user=person, group=second
    )
    assert list(TaskGroupMember.objects.filter(user=person).values_list("group_id", flat=True)) == [
        second.pk
    ]
    assert not first.thread.readers.filter(pk=person.pk).exists()
    assert second.thread.readers.filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_task_group_rules_refuse_cleanly(world):
    group = peer_services.task_group_create(
        actor=world.facilitator, session=world.session, name="A"
    )
    before = (TaskGroup.objects.count(), TaskGroupMember.objects.count(), Thread.objects.count())
    refusals = [
        (
            lambda: peer_services.task_group_create(
                actor=world.participants[0], session=world.session, name="Mine"
            ),
            "Only the community's facilitators",
        ),
        (
            lambda: peer_services.task_group_create(
                actor=world.facilitator, session=world.session, name="a"
            ),
            "already has a group with that name",
        ),
        (
            lambda: peer_services.task_group_assign(
                actor=world.facilitator, session=world.session, user=world.bystander, group=group
            ),
            "not a participant",
        ),
        (
            lambda: peer_services.task_groups_mix(
                actor=world.participants[0], session=world.session, group_count=3
            ),
            "Only the community's facilitators",
        ),
        (
            lambda: peer_services.task_groups_mix(
                actor=world.facilitator, session=world.session, group_count=50
            ),
            "between 1 and 20",
        ),
        (
            lambda: peer_services.task_groups_mix(
                actor=world.facilitator, session=world.session, group_count=12
            ),
            "not enough for 12 groups",
        ),
    ]
    for call, message in refusals:
        with pytest.raises(ServiceError, match=message):
            call()
    assert (TaskGroup.objects.count(), TaskGroupMember.objects.count(), Thread.objects.count()) == (
        before
    )


# Group thread privacy ------------------------------------------------------------------------


@pytest.fixture
def grouped(world):
    group = peer_services.task_group_create(
        actor=world.facilitator, session=world.session, name="A"
    )
    insider, other = world.participants[0], world.participants[1]
    peer_services.task_group_assign(
        actor=world.facilitator, session=world.session, user=insider, group=group
    )
    discussion_services.post_create(
        author=insider, thread=group.thread, source="What our institution tried on day 1."
    )
    return world, group, insider, other


@pytest.mark.django_db
def test_group_thread_page_is_for_its_members_and_facilitators(grouped, login, client):
    world, group, insider, other = grouped
    url = reverse("thread_detail", args=[group.thread_id])
    assert login(insider).get(url).status_code == 200
    assert login(world.facilitator).get(url).status_code == 200
    assert login(other).get(url).status_code == 404  # a participant of another group
    assert login(world.bystander).get(url).status_code == 404  # a community member
    assert client.get(url).status_code == 404  # public community, anonymous
    reply = reverse("post_reply", args=[group.thread_id])
    before = Post.objects.count()
    assert login(other).post(reply, {"source": "Let me in"}).status_code == 404
    assert Post.objects.count() == before


@pytest.mark.django_db
def test_group_thread_is_not_listed_for_others(grouped, login):
    world, group, insider, other = grouped

    def listed(user):
        page = discussion_selectors.threads_for_community(community=world.community, user=user)
        return group.thread_id in {t.pk for t in page.object_list}

    assert listed(insider) and listed(world.facilitator)
    assert not listed(other) and not listed(world.bystander)
    community_page = login(world.bystander).get(world.community.url).content.decode()
    assert group.thread.title not in community_page
    recent = discussion_selectors.recent_posts_for(user=world.bystander, limit=50)
    assert all(post.thread_id != group.thread_id for post in recent)
    recent = discussion_selectors.recent_posts_for(user=insider, limit=50)
    assert any(post.thread_id == group.thread_id for post in recent)


# The Open Space board ------------------------------------------------------------------------


@pytest.mark.django_db
def test_propose_sign_up_and_withdraw(world):
    host, guest = world.participants[0], world.participants[5]
    item = world.propose(host)
    assert item.host == host
    assert item.thread.title.startswith("Open Space: ")
    assert not item.thread.restricted
    assert item.starts_at.astimezone(world.meeting.tzinfo).time() == time(9, 30)
    assert item.starts_at.astimezone(world.meeting.tzinfo).date() == world.open_space.date
    peer_services.open_space_signup(user=guest, item=item)
    assert list(item.signups.values_list("user_id", flat=True)) == [guest.pk]
    peer_services.open_space_withdraw(user=guest, item=item)
    assert not item.signups.exists()


@pytest.mark.django_db
def test_board_refuses_bad_input_and_changes_nothing(world):
    host, guest = world.participants[0], world.participants[5]
    item = world.propose(host)
    peer_services.open_space_signup(user=guest, item=item)
    before = board_rows()
    analysis_day = world.days[0]
    cases = [
        (lambda: world.propose(host, title=" "), "title of at least three characters"),
        (
            lambda: world.propose(host, title="Later", start_time=time(11), end_time=time(10)),
            "must end after it starts",
        ),
        (lambda: world.propose(host, title="Nowhere", room="", link=""), "a room or a link"),
        (
            lambda: world.propose(host, title="Bad link", room="", link="javascript:alert(1)"),
            "web address",
        ),
        (lambda: world.propose(host, start_time=None), "start and end time"),
        (lambda: world.propose(guest, title=item.title.upper()), "already on the board"),
        (lambda: world.propose(world.bystander, title="Not registered"), "Register for"),
        (lambda: world.propose(world.outsider, title="Outsider"), "does not exist"),
        (
            lambda: peer_services.open_space_propose(
                user=host,
                day=analysis_day,
                title="On day one",
                start_time=time(9),
                end_time=time(10),
                room="Room 1",
            ),
            "Open Space day",
        ),
        (lambda: peer_services.open_space_signup(user=guest, item=item), "already signed up"),
        (lambda: peer_services.open_space_signup(user=host, item=item), "You host this session"),
        (lambda: peer_services.open_space_signup(user=world.bystander, item=item), "Register for"),
        (
            lambda: peer_services.open_space_withdraw(user=world.participants[6], item=item),
            "have not signed up",
        ),
    ]
    for call, message in cases:
        with pytest.raises(ServiceError, match=message):
            call()
    assert board_rows() == before


@pytest.mark.django_db
def test_board_closes_when_the_session_is_over(world):
    item = world.propose(world.participants[0])
    type(world.meeting).objects.filter(pk=world.meeting.pk).update(
        starts_at=world.meeting.starts_at - timedelta(days=30),
        ends_at=world.meeting.ends_at - timedelta(days=30),
    )
    before = board_rows()
    with pytest.raises(ServiceError, match="board is closed"):
        peer_services.open_space_signup(user=world.participants[5], item=item)
    assert board_rows() == before


@pytest.mark.django_db
def test_board_views_work_without_javascript(world, login):
    host, guest = world.participants[0], world.participants[5]
    board = world.open_space.get_absolute_url()
    propose = reverse("open_space_propose", args=[world.meeting.pk, world.open_space.pk])
    response = login(host).post(
        propose,
        {"title": "Recommendations", "start_time": "11:00", "end_time": "10:00", "room": "R1"},
    )
    assert response.status_code == 400
    assert "must end after it starts" in response.content.decode()
    assert not OpenSpaceSession.objects.exists()
    response = login(host).post(
        propose,
        {"title": "Recommendations", "start_time": "10:00", "end_time": "11:00", "room": "R1"},
    )
    assert response.status_code == 302
    item = OpenSpaceSession.objects.get()
    signup = reverse(
        "open_space_signup", args=[world.meeting.pk, world.open_space.pk, item.pk, "signup"]
    )
    guest_client = login(guest)
    assert guest_client.post(signup).status_code == 302
    response = guest_client.post(signup, follow=True)
    assert "already signed up" in response.content.decode()
    assert item.signups.count() == 1
    page = guest_client.get(board).content.decode()
    assert "Recommendations" in page and "Withdraw" in page
    fragment = guest_client.get(board + "?fragment=1").content.decode()
    assert "<html" not in fragment and f'id="open-space-{item.pk}"' in fragment
    bogus = reverse("open_space_signup", args=[world.meeting.pk, world.open_space.pk, item.pk, "x"])
    assert guest_client.post(bogus).status_code == 404


# Session page: queries and permissions ---------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_session_page_queries_do_not_grow(world, login):
    peer_services.task_groups_mix(actor=world.facilitator, session=world.session, group_count=2)
    world.propose(world.participants[0])
    url = world.session.get_absolute_url()
    board = world.open_space.get_absolute_url()
    facilitator = login(world.facilitator)
    participant = login(world.participants[1])
    facilitator.get(url), participant.get(url)  # first requests of a session do a bit more
    small = (_queries(facilitator, url), _queries(participant, url), _queries(participant, board))

    organisation = OrganisationFactory(name="Latvian State Chancellery", country="LV")
    for _ in range(8):
        world.add_participant(organisation=organisation)
    peer_services.task_groups_mix(actor=world.facilitator, session=world.session, group_count=4)
    for n, person in enumerate(world.participants[2:6]):
        item = world.propose(person, title=f"Open Space session number {n}")
        peer_services.open_space_signup(user=world.participants[0], item=item)
    large = (_queries(facilitator, url), _queries(participant, url), _queries(participant, board))
    assert large == small
    assert max(large) <= 25


@pytest.mark.django_db
def test_session_page_shows_days_groups_and_institutions(world, login):
    peer_services.task_groups_mix(actor=world.facilitator, session=world.session, group_count=3)
    page = login(world.participants[0]).get(world.session.get_absolute_url()).content.decode()
    assert "Synergia, session 5" in page
    assert "Analysis of practices" in page
    assert "Management challenges submitted by institutions" in page
    assert "Open Space board" in page
    assert "Task group 1" in page and "You work in" in page
    assert "from 4 institutions" in page
    assert "Mix automatically" not in page  # not for participants
    assert (
        "Mix automatically"
        in login(world.facilitator).get(world.session.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("bystander", 200),  # a member sees the session (not the other groups' threads)
        ("participant", 200),
        ("facilitator", 200),
        ("superuser", 200),
    ],
)
def test_members_only_community_permission_matrix(private_world, client, login, viewer, expected):
    world = private_world
    group = peer_services.task_group_create(
        actor=world.facilitator, session=world.session, name="A"
    )
    users = {
        "outsider": world.outsider,
        "bystander": world.bystander,
        "participant": world.participants[0],
        "facilitator": world.facilitator,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    browser = client if viewer == "anonymous" else login(users[viewer])
    assert browser.get(world.session.get_absolute_url()).status_code == expected
    assert browser.get(world.open_space.get_absolute_url()).status_code == expected
    thread_status = browser.get(reverse("thread_detail", args=[group.thread_id])).status_code
    assert thread_status == (200 if viewer in {"facilitator", "superuser"} else 404)

    # Only facilitators (and superusers) change groups; others get a message, nothing changes.
    before = (TaskGroup.objects.count(), TaskGroupMember.objects.count())
    # One group (it exists): a superuser who is not a member can mix too (creating a group
    # would need a membership, to author its thread).
    response = browser.post(reverse("task_groups_mix", args=[world.meeting.pk]), {"group_count": 1})
    after = (TaskGroup.objects.count(), TaskGroupMember.objects.count())
    if viewer in {"facilitator", "superuser"}:
        assert after != before
    else:
        assert response.status_code in {302, 404}
        assert after == before


@pytest.mark.django_db
def test_meeting_page_links_to_its_session(world, login):
    page = login(world.participants[0]).get(world.meeting.get_absolute_url()).content.decode()
    assert world.session.get_absolute_url() in page
    other = PeerLearningMeetingFactory(community=world.community)
    page = login(world.facilitator).get(other.get_absolute_url()).content.decode()
    assert reverse("peer_session_create", args=[other.pk]) in page
    response = login(world.facilitator).post(
        reverse("peer_session_create", args=[other.pk]),
        {"edition": "Synergia, session 6", "synergia_days": "on"},
    )
    assert response.status_code == 302
    assert other.peer_learning.days.count() == 3


# Waiting-list promotion notification ------------------------------------------------------------


@pytest.mark.django_db
def test_promotion_from_waiting_list_notifies_in_app(login, django_capture_on_commit_callbacks):
    community = CommunityPageFactory(time_zone="Europe/Oslo")
    facilitator = UserFactory()
    MembershipFactory(user=facilitator, community=community, role=MembershipRole.FACILITATOR)
    going, waiting = UserFactory(), UserFactory()
    for person in (going, waiting):
        MembershipFactory(user=person, community=community)
    on_date = (PeerLearningMeetingFactory.build().starts_at).date()
    meeting = services.meeting_create(
        actor=facilitator,
        community=community,
        title="Breakfast meeting: competence development",
        format="breakfast",
        on_date=on_date,
        place="Conference room",
        capacity=1,
    )
    services.rsvp_set(user=going, meeting=meeting, response="going")
    services.rsvp_set(user=waiting, meeting=meeting, response="going")
    assert not Notification.objects.filter(recipient=waiting).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_set(user=going, meeting=meeting, response="not_going")

    assert RSVP.objects.get(user=waiting).status == RSVPStatus.GOING
    note = Notification.objects.get(recipient=waiting)
    assert (note.kind, note.thread_id, note.actor) == (
        NotificationKind.PROMOTED,
        meeting.thread_id,
        None,
    )
    page = login(waiting).get(reverse("notifications")).content.decode()
    assert "you moved from the waiting list to going" in page
    assert discussion_selectors.unread_notification_count(user=waiting) == 1


# Live: the board over the community socket, group threads over theirs -------------------------


@pytest.fixture
def memory_layer(settings, transactional_db):
    ensure_wagtail_root()
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0, "NEW_ACCOUNT_MAX_POSTS": 10**4}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


async def _next(socket, wanted: str, timeout: float = 5) -> dict:
    frame = await socket.receive_json_from(timeout=timeout)
    while frame.get("type") != wanted:
        frame = await socket.receive_json_from(timeout=timeout)
    return frame


def _in_transaction(call, **kwargs):
    with transaction.atomic():
        return call(**kwargs)


@pytest.mark.django_db(transaction=True)
async def test_board_updates_live_for_members_only(memory_layer):
    world = await sync_to_async(Session)()
    item = await sync_to_async(world.propose)(world.participants[0])
    watcher = communicator("/ws/me/", await sync_to_async(session_key_for)(world.bystander))
    outsider = communicator("/ws/me/", await sync_to_async(session_key_for)(world.outsider))
    assert (await watcher.connect(timeout=5))[0]
    assert (await outsider.connect(timeout=5))[0]
    try:
        await sync_to_async(_in_transaction)(
            peer_services.open_space_signup, user=world.participants[5], item=item
        )
        frame = await _next(watcher, "open_space.board")
        assert frame == {
            "type": "open_space.board",
            "session_id": world.session.pk,
            "day_id": world.open_space.pk,
            "sessions": [item.pk],
            "counts": {str(item.pk): 1},
        }
        second = await sync_to_async(world.propose)(world.participants[1], title="Second one")
        frame = await _next(watcher, "open_space.board")
        assert frame["sessions"] == [item.pk, second.pk]
        assert await outsider.receive_nothing(timeout=0.3)
    finally:
        await watcher.disconnect()
        await outsider.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_group_thread_socket_and_feed_are_private(memory_layer):
    world = await sync_to_async(Session)()
    group = await sync_to_async(peer_services.task_group_create)(
        actor=world.facilitator, session=world.session, name="A"
    )
    insider, other = world.participants[0], world.participants[1]
    await sync_to_async(peer_services.task_group_assign)(
        actor=world.facilitator, session=world.session, user=insider, group=group
    )
    path = f"/ws/threads/{group.thread_id}/"
    refused = communicator(path, await sync_to_async(session_key_for)(other))
    connected, code = await refused.connect(timeout=5)
    assert (connected, code) == (False, 4404)

    member_socket = communicator(path, await sync_to_async(session_key_for)(insider))
    assert (await member_socket.connect(timeout=5))[0]
    feed = communicator("/ws/me/", await sync_to_async(session_key_for)(world.bystander))
    assert (await feed.connect(timeout=5))[0]
    try:
        await member_socket.send_json_to({"type": "hello", "last_post_id": 0})
        await _next(member_socket, "catchup.done")
        thread = await sync_to_async(Thread.objects.get)(pk=group.thread_id)
        await sync_to_async(_in_transaction)(
            discussion_services.post_create, author=insider, thread=thread, source="Day 2 notes."
        )
        assert (await _next(member_socket, "post.created"))["html"]
        assert await feed.receive_nothing(timeout=0.3)  # no feed item for a group's post

        # Moved out of the group: the open socket loses the thread at once.
        await sync_to_async(_in_transaction)(
            peer_services.task_group_assign,
            actor=world.facilitator,
            session=world.session,
            user=insider,
            group=None,
        )
        assert (await _next(member_socket, "access.revoked"))["type"] == "access.revoked"
    finally:
        await member_socket.disconnect()
        await feed.disconnect()
