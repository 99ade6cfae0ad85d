"""Live fragments and socket refusals speak the reader's language, not the poster's."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.utils import translation

from tests.discussions.factories import PostFactory, ThreadFactory
from tests.discussions.live_helpers import (
    ensure_wagtail_root,
    expect,
    layer_config,
    session_key_for,
    ws_headers,
)
from tests.i18n.test_user_language import said_in

pytestmark = pytest.mark.django_db(transaction=True)

db = sync_to_async


@pytest.fixture(autouse=True)
def memory_layer(transactional_db, settings):
    ensure_wagtail_root()
    settings.CHANNEL_LAYERS = layer_config("memory")
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0, "NEW_ACCOUNT_MAX_POSTS": 99}
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


async def open_thread(thread, *, user=None, accept_language: str = "en"):
    key = await db(session_key_for)(user) if user is not None else None
    from config.asgi import application

    headers = [*ws_headers(key), (b"accept-language", accept_language.encode())]
    socket = WebsocketCommunicator(application, f"/ws/threads/{thread.pk}/", headers=headers)
    connected, code = await socket.connect(timeout=5)
    assert connected, code
    await socket.send_json_to({"type": "hello", "last_post_id": thread.last_post_id or 0})
    await expect(socket, "catchup.done")
    return socket


def _thread_with_poster(make_community, make_user, make_membership):
    community = make_community(title="E-services uptake")
    poster = make_user(language="en", display_name="Maja Novak")
    make_membership(user=poster, community=community)
    return ThreadFactory.create(community=community, author=poster), poster


async def test_a_live_post_arrives_in_each_readers_language(
    make_community, make_user, make_membership
):
    thread, poster = await db(_thread_with_poster)(make_community, make_user, make_membership)
    polish_reader = await db(make_user)(language="pl")
    polish = await open_thread(thread, user=polish_reader, accept_language="en")
    lithuanian = await open_thread(thread, accept_language="lt")
    english = await open_thread(thread, accept_language="en")
    reply, reply_pl, reply_lt = "Reply", said_in("pl", "Reply"), said_in("lt", "Reply")

    def post_in_english():
        with translation.override("en"), transaction.atomic():
            PostFactory.create(thread=thread, author=poster, source="Uptake rose after the form.")

    await db(post_in_english)()
    frames = {
        name: await expect(socket, "post.created")
        for name, socket in (("pl", polish), ("lt", lithuanian), ("en", english))
    }
    assert reply_pl in frames["pl"]["html"] and f">{reply}<" not in frames["pl"]["html"]
    assert reply_lt in frames["lt"]["html"]
    assert f"{reply}" in frames["en"]["html"]
    assert all("Uptake rose after the form." in frame["html"] for frame in frames.values())
    for socket in (polish, lithuanian, english):
        await socket.disconnect()


async def test_a_refusal_on_the_socket_is_in_the_readers_language(
    make_community, make_user, make_membership
):
    thread, _poster = await db(_thread_with_poster)(make_community, make_user, make_membership)
    socket = await open_thread(thread, accept_language="sl")
    await socket.send_json_to({"type": "post", "source": "Hello", "client_token": "t1"})
    error = await expect(socket, "error")
    assert error["code"] == 401
    assert error["message"] == said_in("sl", "Sign in to take part in the discussion.")
    await socket.disconnect()
