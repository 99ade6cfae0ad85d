"""factory_boy factories for meetings, RSVPs and topic rounds."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import (
    RSVP,
    AgendaItem,
    Meeting,
    MeetingAudience,
    MeetingFormat,
    RSVPStatus,
    TopicProposal,
    TopicRound,
)
from peer_learning.models import (
    DayPurpose,
    PeerLearningSession,
    SessionDay,
    TaskGroup,
    TaskGroupMember,
)
from tests.factories import CommunityPageFactory, UserFactory


def _next_week_at_nine():
    return (timezone.now() + timedelta(days=7)).replace(hour=8, minute=0, second=0, microsecond=0)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    community = factory.SubFactory(CommunityPageFactory)
    title = factory.Sequence(lambda n: f"Breakfast meeting {n}")
    format = MeetingFormat.BREAKFAST
    starts_at = factory.LazyFunction(_next_week_at_nine)
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    time_zone = "Europe/Oslo"
    audience = MeetingAudience.MEMBERS
    place = "University of Oslo"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    starts_at = factory.LazyAttribute(lambda item: item.meeting.starts_at)
    duration_minutes = 30


class RSVPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RSVP

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    status = RSVPStatus.GOING


class TopicRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopicRound

    community = factory.SubFactory(CommunityPageFactory)
    title = factory.Sequence(lambda n: f"Topics for the spring meetings {n}")
    votes_per_member = 3


class TopicProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopicProposal

    round = factory.SubFactory(TopicRoundFactory)
    title = factory.Sequence(lambda n: f"Competence development topic {n}")
    why = "Many of us are redesigning training programmes this year."
    proposer = factory.SubFactory(UserFactory)


class PeerLearningMeetingFactory(MeetingFactory):
    """A three-day online peer-learning session next week (09:00 the first day to 15:00
    the third, Oslo time)."""

    title = factory.Sequence(lambda n: f"Synergia peer-learning session {n}")
    format = MeetingFormat.PEER_LEARNING
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(days=2, hours=6))
    place = ""
    online_url = "https://example.org/synergia-session"


class PeerLearningSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerLearningSession

    meeting = factory.SubFactory(PeerLearningMeetingFactory)
    edition = factory.Sequence(lambda n: f"Synergia, session {n}")


class SessionDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionDay

    session = factory.SubFactory(PeerLearningSessionFactory)
    date = factory.LazyAttribute(lambda day: day.session.meeting.local_start.date())
    purpose = DayPurpose.OPEN_SPACE


class TaskGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskGroup

    session = factory.SubFactory(PeerLearningSessionFactory)
    name = factory.Sequence(lambda n: f"Task group {n}")


class TaskGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskGroupMember

    group = factory.SubFactory(TaskGroupFactory)
    session = factory.SelfAttribute("group.session")
    user = factory.SubFactory(UserFactory)


# Fixtures shared by the test_meetings*.py modules (they import them by name).

import pytest  # noqa: E402

from communities.models import MembershipRole, Visibility  # noqa: E402
from tests.factories import MembershipFactory  # noqa: E402


@pytest.fixture(autouse=True)
def relaxed_limits(settings):
    """Meetings open threads and post harvests; tests do that quickly as one person."""
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0, "NEW_ACCOUNT_MAX_POSTS": 10**4}


class People:
    """A community (public or members-only) with a facilitator, two members and an outsider."""

    def __init__(self, *, visibility=Visibility.PUBLIC, time_zone="Europe/Oslo"):
        self.community = CommunityPageFactory(visibility=visibility, time_zone=time_zone)
        self.facilitator = UserFactory()
        MembershipFactory(
            user=self.facilitator, community=self.community, role=MembershipRole.FACILITATOR
        )
        self.members = [UserFactory() for _ in range(2)]
        for member in self.members:
            MembershipFactory(user=member, community=self.community)
        self.member = self.members[0]
        self.outsider = UserFactory()


@pytest.fixture
def people(db):
    return People()


@pytest.fixture
def private_people(db):
    from communities.models import Visibility

    return People(visibility=Visibility.MEMBERS)
