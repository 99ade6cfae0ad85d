"""Live vote counts reach members' user sockets, and only theirs."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from django.db import transaction

from meetings import services
from tests.discussions.live_helpers import communicator, ensure_wagtail_root, session_key_for
from tests.meetings.factories import People

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def memory_layer(settings, transactional_db):
    ensure_wagtail_root()
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


def _world():
    group = People()
    topic_round = services.topic_round_open(
        actor=group.facilitator, community=group.community, title="Spring topics"
    )
    topic = services.topic_propose(
        user=group.member,
        topic_round=topic_round,
        title="Ethics in everyday decisions",
        why="Ethics is one of the thematic blocks the officials asked for.",
    )
    return group, topic_round, topic


def _vote(user, topic):
    with transaction.atomic():
        services.topic_vote(user=user, topic=topic)


async def test_vote_counts_are_pushed_to_members_only():
    group, topic_round, topic = await sync_to_async(_world)()
    member_socket = communicator("/ws/me/", await sync_to_async(session_key_for)(group.members[1]))
    outsider_socket = communicator("/ws/me/", await sync_to_async(session_key_for)(group.outsider))
    assert (await member_socket.connect(timeout=5))[0]
    assert (await outsider_socket.connect(timeout=5))[0]
    try:
        await sync_to_async(_vote)(group.member, topic)
        frame = await member_socket.receive_json_from(timeout=5)
        while frame.get("type") != "topic.votes":
            frame = await member_socket.receive_json_from(timeout=5)
        assert frame == {
            "type": "topic.votes",
            "round_id": topic_round.pk,
            "closed": False,
            "counts": {str(topic.pk): 1},
        }
        assert await outsider_socket.receive_nothing(timeout=0.3)
    finally:
        await member_socket.disconnect()
        await outsider_socket.disconnect()
