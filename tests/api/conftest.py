from __future__ import annotations

import pytest

from communities.models import Visibility
from meetings.models import MeetingAudience
from tests.guidebook.conftest import guide_index, index, make_chapter, make_practice  # noqa: F401
from tests.meetings.factories import MeetingFactory


@pytest.fixture
def public_community(make_community):
    return make_community(title="Open data in ministries", themes=["open-data"])


@pytest.fixture
def private_community(make_community):
    return make_community(
        title="Internal audit practice", visibility=Visibility.MEMBERS, listed_in_index=True
    )


@pytest.fixture
def make_meeting(db):
    def build(community, **fields):
        fields.setdefault("audience", MeetingAudience.REGISTERED)
        return MeetingFactory(community=community, **fields)

    return build
