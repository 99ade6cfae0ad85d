"""Fixtures for discussions: people in a community, threads, and recorded live events."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers, get_channel_layer

from communities.models import MembershipRole, Visibility
from discussions import events
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.discussions.live_helpers import (
    communicator,
    expect,
    layer_config,
    require_redis,
    session_key_for,
)

db = sync_to_async


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


# Live sockets (test_consumers, test_event_sequence) ----------------------------------


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def layer(request, settings):
    """The channel layer under test, fresh for each test (a unique Redis prefix)."""
    if request.param == "redis":
        require_redis()
    settings.CHANNEL_LAYERS = layer_config(request.param)
    channel_layers.backends = {}  # the override already resets them; be explicit
    yield request.param
    backend = get_channel_layer()
    if request.param == "redis":
        await backend.flush()
        await backend.close_pools()
    channel_layers.backends = {}


@pytest.fixture
async def sockets(layer):
    """``await sockets.open(path, user=None)`` -> (communicator, connected, code); every
    socket opened is disconnected at the end of the test."""

    class Sockets:
        opened = []

        async def open(self, path, user=None, **kwargs):
            key = await db(session_key_for)(user) if user is not None else None
            socket = communicator(path, key, **kwargs)
            connected, code = await socket.connect(timeout=5)
            self.opened.append(socket)
            return socket, connected, code

        async def thread(self, thread, user=None, *, last_post_id=None):
            """A thread socket that said hello and finished its catch-up."""
            socket, connected, code = await self.open(f"/ws/threads/{thread.pk}/", user)
            assert connected, code
            if last_post_id is not None:
                await socket.send_json_to({"type": "hello", "last_post_id": last_post_id})
                await expect(socket, "catchup.done")
            return socket

        async def me(self, user):
            socket, connected, code = await self.open("/ws/me/", user)
            assert connected, code
            return socket

    helper = Sockets()
    helper.opened = []
    yield helper
    # All at once: on Redis, a consumer that holds channels_redis's receive lock finishes
    # only when its blocking read returns (redis-py shields it from cancellation).
    await asyncio.gather(
        *(socket.disconnect(timeout=1) for socket in helper.opened), return_exceptions=True
    )


@pytest.fixture
def private_thread(private_community, people):
    author = people(private_community, display_name="Private Author")
    return ThreadFactory.create(community=private_community, author=author)
