"""Fixtures for dashboards: organisations with several people, posts through services."""

from __future__ import annotations

import pytest

from communities.models import MembershipRole


@pytest.fixture(autouse=True)
def relaxed_limits(settings):
    settings.PRAXIS_DISCUSSION_LIMITS = {
        "POST_INTERVAL_SECONDS": 0,
        "NEW_ACCOUNT_MAX_POSTS": 10_000,
        "DUPLICATE_WINDOW_SECONDS": 0,
    }


@pytest.fixture
def staff_of(make_user, make_membership):
    """``staff_of(organisation, n, community)``: n members of the community from it."""

    def build(organisation, n, community=None, role=MembershipRole.MEMBER, **fields):
        people = [make_user(organisation=organisation, **fields) for _ in range(n)]
        if community is not None:
            for person in people:
                make_membership(user=person, community=community, role=role)
        return people

    return build
