# ruff: noqa: F811  (fixtures imported from meeting_factories are used as arguments)
"""Meeting services: scheduling, agenda, RSVP with a waiting list, harvest, topic voting."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import ServiceError
from discussions.models import Post
from meetings import services
from meetings.models import (
    RSVP,
    AgendaItem,
    Meeting,
    MeetingAudience,
    MeetingFormat,
    RSVPStatus,
    TopicVote,
)
from tests.factories import MembershipFactory, UserFactory
from tests.meetings.factories import (  # noqa: F401 (fixtures)
    MeetingFactory,
    People,
    TopicProposalFactory,
    TopicRoundFactory,
    people,
    private_people,
    relaxed_limits,
)

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1


def schedule(people, **overrides):
    fields = {
        "actor": people.facilitator,
        "community": people.community,
        "title": "Breakfast: competence development",
        "format": MeetingFormat.BREAKFAST,
        "on_date": date(NEXT_YEAR, 3, 10),
    }
    fields.update(overrides)
    return services.meeting_create(**fields)


# Scheduling -------------------------------------------------------------------------------


def test_breakfast_defaults_to_nine_to_eleven_in_the_community_time_zone(people):
    meeting = schedule(people)
    oslo = ZoneInfo("Europe/Oslo")
    assert meeting.starts_at.astimezone(oslo).time() == time(9, 0)
    assert meeting.ends_at.astimezone(oslo).time() == time(11, 0)
    assert meeting.time_zone == "Europe/Oslo"
    # 09:00 in Oslo in March (CET) is 08:00 UTC.
    assert meeting.starts_at.astimezone(ZoneInfo("UTC")).hour == 8


def test_summer_breakfast_uses_daylight_saving_time(people):
    meeting = schedule(people, on_date=date(NEXT_YEAR, 7, 7))
    assert meeting.starts_at.astimezone(ZoneInfo("UTC")).hour == 7


def test_scheduling_opens_the_meetings_live_thread(people):
    meeting = schedule(people)
    assert meeting.thread is not None
    assert meeting.thread.community == people.community
    assert f"/meetings/{meeting.pk}/" in meeting.thread.posts.get().source


def test_conference_needs_times_and_spans_days(people):
    with pytest.raises(ServiceError, match="start and end times"):
        schedule(people, format=MeetingFormat.CONFERENCE)
    meeting = schedule(
        people,
        format=MeetingFormat.CONFERENCE,
        start_time=time(9),
        end_time=time(16),
        end_date=date(NEXT_YEAR, 3, 11),
    )
    assert meeting.ends_at - meeting.starts_at == timedelta(days=1, hours=7)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_time": time(11), "end_time": time(9)}, "end after it starts"),
        ({"title": "  "}, "title"),
        ({"format": "party"}, "formats"),
        ({"capacity": 0}, "Capacity"),
        ({"online_url": "javascript:alert(1)"}, "web address"),
        ({"language": "xx"}, "language"),
        ({"audience": "everyone"}, "attend"),
        ({"on_date": None}, "date"),
    ],
)
def test_bad_meeting_input_is_refused_and_nothing_is_created(people, overrides, message):
    with pytest.raises(ServiceError, match=message):
        schedule(people, **overrides)
    assert not Meeting.objects.exists()
    assert not Post.objects.exists()


def test_only_facilitators_schedule(people):
    for person in (people.member, people.outsider):
        with pytest.raises(ServiceError, match="facilitators"):
            schedule(people, actor=person)
    assert not Meeting.objects.exists()


def test_agenda_item_outside_the_meeting_is_refused(people):
    meeting = schedule(people)
    with pytest.raises(ServiceError, match="within the meeting's time"):
        services.agenda_item_add(
            actor=people.facilitator,
            meeting=meeting,
            title="Late item",
            starts_at=meeting.ends_at - timedelta(minutes=10),
            duration_minutes=30,
        )
    with pytest.raises(ServiceError, match="within the meeting's time"):
        services.agenda_item_add(
            actor=people.facilitator,
            meeting=meeting,
            title="Early item",
            starts_at=meeting.starts_at - timedelta(minutes=1),
        )
    item = services.agenda_item_add(
        actor=people.facilitator,
        meeting=meeting,
        title="Welcome and coffee",
        presenter="Partnerforum secretariat",
        starts_at=meeting.starts_at,
        duration_minutes=15,
    )
    assert list(meeting.agenda_items.all()) == [item]
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    with pytest.raises(ServiceError, match="facilitators"):
        services.agenda_item_add(
            actor=people.member, meeting=meeting, title="Mine", starts_at=meeting.starts_at
        )


def test_editing_the_time_refuses_to_strand_agenda_items(people):
    meeting = schedule(people)
    services.agenda_item_add(
        actor=people.facilitator,
        meeting=meeting,
        title="Closing",
        starts_at=meeting.ends_at - timedelta(minutes=30),
        duration_minutes=30,
    )
    with pytest.raises(ServiceError, match="outside the new time"):
        services.meeting_update(
            actor=people.facilitator,
            meeting=meeting,
            title=meeting.title,
            format=meeting.format,
            on_date=date(NEXT_YEAR, 3, 10),
            start_time=time(9),
            end_time=time(10),
        )
    meeting.refresh_from_db()
    assert meeting.local_end.time() == time(11)


# RSVP and the waiting list ------------------------------------------------------------------


def test_full_meeting_puts_people_on_the_waiting_list_and_promotes_in_order(people):
    meeting = schedule(people, capacity=1)
    first, second = people.members
    third = UserFactory()
    MembershipFactory(user=third, community=people.community)

    assert services.rsvp_set(user=first, meeting=meeting, response="going").status == "going"
    waiting_1 = services.rsvp_set(user=second, meeting=meeting, response="going")
    waiting_2 = services.rsvp_set(user=third, meeting=meeting, response="going")
    assert (waiting_1.status, waiting_2.status) == (RSVPStatus.WAITING, RSVPStatus.WAITING)
    assert services.waiting_position(waiting_1) == 1
    assert services.waiting_position(waiting_2) == 2
    # Answering going again keeps the place in the queue.
    services.rsvp_set(user=third, meeting=meeting, response="going")
    assert services.waiting_position(RSVP.objects.get(user=third)) == 2

    mail.outbox.clear()
    with pytest.raises(AssertionError):  # on_commit never runs inside the test transaction
        assert mail.outbox
    services.rsvp_set(user=first, meeting=meeting, response="not_going")
    statuses = dict(RSVP.objects.values_list("user_id", "status"))
    assert statuses == {first.pk: "not_going", second.pk: "going", third.pk: "waiting"}
    promoted = RSVP.objects.get(user=second)
    assert promoted.promoted_at is not None and promoted.waitlisted_at is None
    assert services.waiting_position(RSVP.objects.get(user=third)) == 1


def test_promotion_sends_an_email_on_commit(people, django_capture_on_commit_callbacks):
    meeting = schedule(people, capacity=1)
    first, second = people.members
    services.rsvp_set(user=first, meeting=meeting, response="going")
    services.rsvp_set(user=second, meeting=meeting, response="going")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_set(user=first, meeting=meeting, response="maybe")
    assert [message.to for message in mail.outbox] == [[second.email]]
    assert meeting.title in mail.outbox[0].subject


def test_leaving_the_waiting_list_promotes_nobody(people):
    meeting = schedule(people, capacity=1)
    first, second = people.members
    services.rsvp_set(user=first, meeting=meeting, response="going")
    services.rsvp_set(user=second, meeting=meeting, response="going")
    services.rsvp_set(user=second, meeting=meeting, response="not_going")
    assert RSVP.objects.get(user=first).status == "going"
    assert RSVP.objects.get(user=second).status == "not_going"


def test_raising_capacity_promotes_the_waiting_list(people):
    meeting = schedule(people, capacity=1)
    first, second = people.members
    services.rsvp_set(user=first, meeting=meeting, response="going")
    services.rsvp_set(user=second, meeting=meeting, response="going")
    services.meeting_update(
        actor=people.facilitator,
        meeting=meeting,
        title=meeting.title,
        format=meeting.format,
        on_date=date(NEXT_YEAR, 3, 10),
        capacity=2,
    )
    assert RSVP.objects.get(user=second).status == "going"


def test_rsvp_refusals_change_nothing(private_people):
    people = private_people
    meeting = schedule(people)
    with pytest.raises(ServiceError, match="does not exist"):
        services.rsvp_set(user=people.outsider, meeting=meeting, response="going")
    with pytest.raises(ServiceError, match="going, maybe or not going"):
        services.rsvp_set(user=people.member, meeting=meeting, response="perhaps")
    assert not RSVP.objects.exists()


def test_members_only_meeting_in_public_community_refuses_non_members(people):
    members_only = schedule(people)
    with pytest.raises(ServiceError, match="does not exist"):
        services.rsvp_set(user=people.outsider, meeting=members_only, response="going")
    open_meeting = schedule(people, audience=MeetingAudience.REGISTERED, title="Open seminar")
    answer = services.rsvp_set(user=people.outsider, meeting=open_meeting, response="going")
    assert answer.status == "going"
    assert RSVP.objects.count() == 1


def test_no_answers_after_the_meeting(people):
    past = MeetingFactory(
        community=people.community,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=2),
    )
    with pytest.raises(ServiceError, match="over"):
        services.rsvp_set(user=people.member, meeting=past, response="going")


# Harvest -------------------------------------------------------------------------------------


def test_harvest_is_posted_to_the_meetings_thread_and_edited_in_place(people):
    meeting = schedule(people)
    with pytest.raises(ServiceError, match="after the meeting has started"):
        services.meeting_harvest(actor=people.facilitator, meeting=meeting, decisions="x")
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(ServiceError, match="at least one"):
        services.meeting_harvest(actor=people.facilitator, meeting=meeting)
    with pytest.raises(ServiceError, match="facilitators"):
        services.meeting_harvest(actor=people.member, meeting=meeting, decisions="x")
    meeting = services.meeting_harvest(
        actor=people.facilitator,
        meeting=meeting,
        decisions="Pilot mentoring in two agencies.",
        lessons="Small groups work better online.",
        follow_ups="Secretariat circulates the template.",
    )
    post = meeting.harvest_post
    assert post.thread_id == meeting.thread_id
    assert "Pilot mentoring" in post.source and "### Follow-ups" in post.source
    services.meeting_harvest(actor=people.facilitator, meeting=meeting, decisions="Changed.")
    post.refresh_from_db()
    assert "Changed." in post.source
    assert meeting.thread.posts.count() == 2  # the opening post and one harvest


# Topic rounds and dot-voting -------------------------------------------------------------------


@pytest.fixture
def voting(people):
    topic_round = services.topic_round_open(
        actor=people.facilitator, community=people.community, title="Spring topics"
    )
    topics = [
        services.topic_propose(
            user=people.members[i % 2],
            topic_round=topic_round,
            title=f"Topic number {i}",
            why="It matters to several ministries this year.",
        )
        for i in range(5)
    ]
    return topic_round, topics


def test_default_is_three_votes_one_per_topic(people, voting):
    topic_round, topics = voting
    assert topic_round.votes_per_member == 3
    for topic in topics[:3]:
        services.topic_vote(user=people.member, topic=topic)
    with pytest.raises(ServiceError, match="already voted"):
        services.topic_vote(user=people.member, topic=topics[0])
    with pytest.raises(ServiceError, match="used all 3"):
        services.topic_vote(user=people.member, topic=topics[3])
    assert TopicVote.objects.filter(user=people.member).count() == 3


def test_votes_move_until_the_round_closes(people, voting):
    topic_round, topics = voting
    for topic in topics[:3]:
        services.topic_vote(user=people.member, topic=topic)
    services.topic_unvote(user=people.member, topic=topics[0])
    services.topic_vote(user=people.member, topic=topics[4])
    services.topic_vote_move(user=people.member, from_topic=topics[1], to_topic=topics[3])
    voted = set(TopicVote.objects.filter(user=people.member).values_list("topic_id", flat=True))
    assert voted == {topics[2].pk, topics[3].pk, topics[4].pk}
    with pytest.raises(ServiceError, match="not voted"):
        services.topic_unvote(user=people.member, topic=topics[0])

    services.topic_round_close(actor=people.facilitator, topic_round=topic_round)
    with pytest.raises(ServiceError, match="closed"):
        services.topic_vote(user=people.members[1], topic=topics[0])
    with pytest.raises(ServiceError, match="closed"):
        services.topic_unvote(user=people.member, topic=topics[2])
    with pytest.raises(ServiceError, match="already closed"):
        services.topic_round_close(actor=people.facilitator, topic_round=topic_round)
    assert TopicVote.objects.filter(user=people.member).count() == 3


def test_only_members_propose_and_vote(people, voting):
    topic_round, topics = voting
    with pytest.raises(ServiceError, match="Join the community"):
        services.topic_vote(user=people.outsider, topic=topics[0])
    with pytest.raises(ServiceError, match="Join the community"):
        services.topic_propose(
            user=people.outsider, topic_round=topic_round, title="Outsider topic", why="x" * 20
        )
    with pytest.raises(ServiceError, match="already been proposed"):
        services.topic_propose(
            user=people.member, topic_round=topic_round, title="topic NUMBER 1", why="x" * 20
        )
    with pytest.raises(ServiceError, match="facilitators"):
        services.topic_round_close(actor=people.member, topic_round=topic_round)
    assert topic_round.topics.count() == 5


def test_closing_turns_top_topics_into_agenda_items_chosen_by_members(people, voting):
    topic_round, topics = voting
    meeting = schedule(people)
    voters = [*people.members, people.facilitator]
    for voter in voters:
        services.topic_vote(user=voter, topic=topics[2])
    for voter in voters[:2]:
        services.topic_vote(user=voter, topic=topics[4])
    services.topic_vote(user=voters[0], topic=topics[0])

    items = services.topic_round_close(
        actor=people.facilitator, topic_round=topic_round, meeting=meeting, chosen_count=2
    )
    assert [item.title for item in items] == ["Topic number 2", "Topic number 4"]
    assert all(item.chosen_by_members for item in items)
    assert items[0].starts_at == meeting.starts_at
    assert items[1].ends_at == meeting.ends_at
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2
    assert {t.pk for t in topic_round.topics.filter(chosen=True)} == {topics[2].pk, topics[4].pk}


def test_vote_events_are_published_on_commit_only(people, voting, monkeypatch):
    from discussions import events

    sent = []
    monkeypatch.setattr(events, "send_now", lambda group, message: sent.append((group, message)))
    topic_round, topics = voting
    services.topic_vote(user=people.member, topic=topics[0])
    assert sent == []  # the test transaction never commits


def test_vote_event_carries_the_counts(
    people, voting, monkeypatch, django_capture_on_commit_callbacks
):
    from discussions import events

    sent = []
    monkeypatch.setattr(events, "send_now", lambda group, message: sent.append((group, message)))
    topic_round, topics = voting
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_vote(user=people.member, topic=topics[1])
    assert sent == [
        (
            f"community.{people.community.pk}",
            {
                "type": "meeting.votes",
                "event": "topic.votes",
                "community_id": people.community.pk,
                "round_id": topic_round.pk,
                "closed": False,
                "counts": {str(t.pk): int(t == topics[1]) for t in topics},
            },
        )
    ]


def test_round_settings_are_validated(people):
    with pytest.raises(ServiceError, match="between 1 and"):
        services.topic_round_open(
            actor=people.facilitator,
            community=people.community,
            title="Too many",
            votes_per_member=0,
        )
    other = People()
    foreign = schedule(other)
    with pytest.raises(ServiceError, match="upcoming meeting of this community"):
        services.topic_round_open(
            actor=people.facilitator, community=people.community, title="Wrong", meeting=foreign
        )
    round_ = TopicRoundFactory(community=people.community)
    TopicProposalFactory(round=round_)
    assert round_.topics.count() == 1


# Calendar tokens --------------------------------------------------------------------------------


def test_calendar_tokens_are_stable_until_reset(people):
    first = services.calendar_token_for(user=people.member)
    assert services.calendar_token_for(user=people.member) == first
    second = services.calendar_token_reset(user=people.member)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.key != first.key
    assert services.calendar_token_for(user=people.member) == second


def test_a_new_time_reaches_those_coming_by_mail_once_and_only_them(
    people, django_capture_on_commit_callbacks
):
    meeting = schedule(people)
    going, not_going = people.members
    services.rsvp_set(user=going, meeting=meeting, response="going")
    services.rsvp_set(user=not_going, meeting=meeting, response="not_going")
    mail.outbox.clear()

    def update(on_date, title=meeting.title):
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_update(
                actor=people.facilitator,
                meeting=meeting,
                title=title,
                format=meeting.format,
                on_date=on_date,
            )

    update(date(NEXT_YEAR, 3, 12))
    [message] = mail.outbox
    assert message.to == [going.email]
    assert "Changed" in message.subject and meeting.title in message.subject
    assert "12" in message.body and message.extra_headers["List-Unsubscribe"]
    # A new title alone (same time and place) e-mails nobody.
    update(date(NEXT_YEAR, 3, 12), title="Breakfast: competences")
    assert len(mail.outbox) == 1
