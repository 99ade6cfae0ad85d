from __future__ import annotations

import pytest

from communities.models import MembershipRole, Visibility
from tests.guidebook.factories import GuidePageFactory, PracticePageFactory, guide, library
from tests.guidebook.factories import moderator as make_moderator


@pytest.fixture(autouse=True)
def relaxed_limits(settings):
    settings.PRAXIS_DISCUSSION_LIMITS = {
        "POST_INTERVAL_SECONDS": 0,
        "NEW_ACCOUNT_MAX_POSTS": 10_000,
    }


@pytest.fixture
def index(db):
    return library()


@pytest.fixture
def guide_index(db):
    return guide()


@pytest.fixture
def make_practice(index):
    return PracticePageFactory


@pytest.fixture
def make_chapter(guide_index):
    return GuidePageFactory


@pytest.fixture
def moderator(db):
    return make_moderator()


@pytest.fixture
def community(make_community):
    return make_community(title="Peer learning for managers")


@pytest.fixture
def private_community(make_community):
    return make_community(title="Internal audit practice", visibility=Visibility.MEMBERS)


@pytest.fixture
def people(make_user, make_membership):
    def build(community, role=MembershipRole.MEMBER, **user_fields):
        user = make_user(**user_fields)
        make_membership(user=user, community=community, role=role)
        return user

    return build


@pytest.fixture
def member(community, people):
    return people(community, display_name="Ana Novak")


@pytest.fixture
def facilitator(community, people):
    return people(community, role=MembershipRole.FACILITATOR, display_name="Kari Nordmann")
