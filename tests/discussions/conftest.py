"""Fixtures for discussions: people in a community, threads, and recorded live events."""

from __future__ import annotations

import pytest

from communities.models import MembershipRole, Visibility
from discussions import events
from tests.discussions.factories import PostFactory, ThreadFactory


@pytest.fixture(autouse=True)
def relaxed_limits(settings):
    """Tests post quickly as the same person; the rate-limit tests set their own limits."""
    settings.PRAXIS_DISCUSSION_LIMITS = {
        "POST_INTERVAL_SECONDS": 0,
        "NEW_ACCOUNT_MAX_POSTS": 10_000,
    }


@pytest.fixture
def published(monkeypatch):
    """Every (group, message) the event publisher sends, instead of the channel layer."""
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(events, "send_now", lambda group, message: sent.append((group, message)))
    return sent


@pytest.fixture
def community(make_community):
    return make_community(title="Briefing external experts")


@pytest.fixture
def private_community(make_community):
    return make_community(title="Internal audit practice", visibility=Visibility.MEMBERS)


@pytest.fixture
def people(make_user, make_membership):
    """Build members of a community: ``people(community, role=..., **user_fields)``."""

    def build(community, role=MembershipRole.MEMBER, **user_fields):
        user = make_user(**user_fields)
        make_membership(user=user, community=community, role=role)
        return user

    return build


@pytest.fixture
def member(community, people):
    return people(community, display_name="Ana Novak")


@pytest.fixture
def other_member(community, people):
    return people(community, display_name="Jonas Petrauskas")


@pytest.fixture
def facilitator(community, people):
    return people(community, role=MembershipRole.FACILITATOR, display_name="Kari Nordmann")


@pytest.fixture
def thread(community, member):
    return ThreadFactory.create(community=community, author=member)


@pytest.fixture
def reply(thread, other_member):
    return PostFactory.create(thread=thread, author=other_member)
