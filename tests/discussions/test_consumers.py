"""The live sockets, through the real ASGI application, on each channel layer.

Every test runs twice: on the in-memory layer (embedded mode) and on channels_redis
(scale-out; skipped locally without Redis, a failure in CI). Data is written through the
services in committed transactions, exactly as the HTTP views do, so events are published
on commit by the real code path.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers, get_channel_layer
from django.apps import apps
from django.db import transaction

from communities import services as community_services
from communities.models import Membership, MembershipRole
from discussions import consumers, selectors, services
from discussions.models import Post, ReadState
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.discussions.live_helpers import (
    communicator,
    drain,
    ensure_wagtail_root,
    expect,
    frames_until,
    layer_config,
    read_frame,
    session_key_for,
    signed_in_client,
)

pytestmark = pytest.mark.django_db(transaction=True)

db = sync_to_async  # every ORM call from an async test goes through here


@pytest.fixture(autouse=True)
def wagtail_root(transactional_db):
    ensure_wagtail_root()


def reply(thread, author, source=None):
    return PostFactory.create(thread=thread, author=author, source=source)


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


# Connecting ------------------------------------------------------------------------------


async def test_who_may_open_a_thread_socket(
    sockets, thread, private_thread, member, make_user, people
):
    private_member = await db(people)(private_thread.community, display_name="Insider")
    outsider = await db(make_user)(display_name="Outsider")

    for path, user, allowed, code in [
        (f"/ws/threads/{private_thread.pk}/", private_member, True, None),
        (f"/ws/threads/{private_thread.pk}/", outsider, False, 4404),
        (f"/ws/threads/{private_thread.pk}/", None, False, 4404),
        (f"/ws/threads/{thread.pk}/", member, True, None),
        (f"/ws/threads/{thread.pk}/", outsider, True, None),  # public: anyone signed in
        (f"/ws/threads/{thread.pk}/", None, True, None),  # public: anonymous too
        ("/ws/threads/999999/", member, False, 4404),
        (f"/ws/threads/{2**70}/", member, False, 4404),  # not an id: refused, no crash
        ("/ws/me/", None, False, 4401),
        ("/ws/me/", outsider, True, None),
    ]:
        _socket, connected, got = await sockets.open(path, user)
        assert connected is allowed, (path, user)
        if not allowed:
            assert got == code, (path, user, got)


async def test_foreign_origin_is_refused(sockets, thread, member):
    _socket, connected, _code = await sockets.open(
        f"/ws/threads/{thread.pk}/", member, origin="http://evil.example"
    )
    assert not connected


async def _open_with_origin(sockets, path, user, origin, server):
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    key = await db(session_key_for)(user)
    headers = [(b"host", b"127.0.0.1:8000"), (b"cookie", f"sessionid={key}".encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    socket = WebsocketCommunicator(application, path, headers=headers)
    socket.scope["server"] = server  # the port this server runs on (Daphne fills it in)
    sockets.opened.append(socket)
    connected, _code = await socket.connect(timeout=5)
    return connected


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://127.0.0.1:8000", True),  # the site itself
        ("http://localhost:8000", True),  # another allowed host, on the running port
        ("http://127.0.0.1:9999", False),  # another port on the same host
        ("https://127.0.0.1:8000", False),  # another scheme
        ("http://127.0.0.1", False),  # the default port is another port
        ("http://evil.example:8000", False),
        ("null", False),  # sandboxed frames, file:// pages
        (None, False),  # no Origin header: refused, as Channels does
    ],
)
async def test_origin_must_match_scheme_host_and_port(sockets, thread, member, origin, allowed):
    connected = await _open_with_origin(
        sockets, f"/ws/threads/{thread.pk}/", member, origin, ("127.0.0.1", 8000)
    )
    assert connected is allowed, origin


async def test_production_accepts_the_csrf_trusted_origins_only(sockets, settings, thread, member):
    settings.PRAXIS_WS_LOCAL_ORIGINS = False
    settings.ALLOWED_HOSTS = ["praxis.example"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://praxis.example"]
    path, server = f"/ws/threads/{thread.pk}/", ("10.0.0.5", 8000)
    for origin, allowed in [
        ("https://praxis.example", True),
        ("http://praxis.example", False),
        ("https://praxis.example:8443", False),
        ("http://praxis.example:8000", False),  # Daphne's own port behind the proxy
        (settings.PRAXIS_BASE_URL, False),
    ]:
        assert await _open_with_origin(sockets, path, member, origin, server) is allowed, origin


# Catch-up ----------------------------------------------------------------------------------


async def test_catch_up_sends_missed_posts_once_each_in_order(sockets, thread, other_member):
    had = thread.last_post_id
    missed = [await db(reply)(thread, other_member) for _ in range(3)]

    socket = await sockets.thread(thread, other_member)
    await socket.send_json_to({"type": "hello", "last_post_id": had})
    frames = await frames_until(socket, "catchup.done")
    assert [f["post_id"] for f in frames[:-1]] == [p.pk for p in missed]
    assert all(f["type"] == "post.created" for f in frames[:-1])
    assert frames[-1] == {"type": "catchup.done", "last_post_id": missed[-1].pk, "more": False}

    live = await db(reply)(thread, other_member)
    assert (await expect(socket, "post.created"))["post_id"] == live.pk
    assert await socket.receive_nothing(timeout=0.3)

    # A reconnect that has the first two: the rest, once each.
    again = await sockets.thread(thread, other_member)
    await again.send_json_to({"type": "hello", "last_post_id": missed[1].pk})
    frames = await frames_until(again, "catchup.done")
    assert [f.get("post_id") for f in frames] == [missed[2].pk, live.pk, None]
    assert frames[-1] == {"type": "catchup.done", "last_post_id": live.pk, "more": False}


async def test_post_made_between_connect_and_hello_arrives_once(sockets, thread, other_member):
    had = thread.last_post_id
    socket = await sockets.thread(thread, other_member)
    meanwhile = await db(reply)(thread, other_member)  # its live event reaches the socket
    await asyncio.sleep(0.2)  # ... and is handled before the hello
    await socket.send_json_to({"type": "hello", "last_post_id": had})
    frames = await frames_until(socket, "catchup.done")
    assert [f["post_id"] for f in frames if f["type"] == "post.created"] == [meanwhile.pk]
    assert await socket.receive_nothing(timeout=0.3)


async def test_posts_made_during_catch_up_are_neither_lost_nor_doubled(
    sockets, thread, other_member, monkeypatch
):
    had = thread.last_post_id
    missed = await db(reply)(thread, other_member)
    made = {}
    original = selectors.posts_after

    def racing_posts_after(**kwargs):
        # One post commits just before the catch-up query (so it is in the catch-up AND
        # its live event is queued), one just after it (live only).
        made["before"] = reply(thread, other_member, "Committed just before the query.")
        result = original(**kwargs)
        made["after"] = reply(thread, other_member, "Committed just after the query.")
        return result

    monkeypatch.setattr(selectors, "posts_after", racing_posts_after)
    socket = await sockets.thread(thread, other_member)
    await socket.send_json_to({"type": "hello", "last_post_id": had})
    frames = await frames_until(socket, "catchup.done")
    live = await expect(socket, "post.created")
    assert await socket.receive_nothing(timeout=0.4)

    caught_up = [f["post_id"] for f in frames if f["type"] == "post.created"]
    assert caught_up == [missed.pk, made["before"].pk]
    assert live["post_id"] == made["after"].pk
    assert caught_up + [live["post_id"]] == sorted({*caught_up, live["post_id"]})


async def test_late_or_repeated_live_events_are_not_shown_twice(sockets, thread, other_member):
    """An event can reach a new socket after the client already has the post (it came on
    the previous socket, or in the catch-up): the client sees each post once."""
    first = await db(reply)(thread, other_member)
    second = await db(reply)(thread, other_member)
    socket = await sockets.thread(thread, other_member)
    await socket.send_json_to({"type": "hello", "last_post_id": first.pk})
    frames = await frames_until(socket, "catchup.done")
    assert [f.get("post_id") for f in frames] == [second.pk, None]

    layer = get_channel_layer()
    for post in (first, second):  # the client has both
        await layer.group_send(
            f"thread.{thread.pk}",
            {"type": "thread.post", "event": "post.created", "post_id": post.pk, "html": "x"},
        )
    assert await socket.receive_nothing(timeout=0.3)


# Live events -------------------------------------------------------------------------------


async def test_live_post_events_carry_the_server_rendered_fragment(
    sockets, thread, member, other_member, facilitator
):
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)

    post = await db(reply)(thread, other_member, "Our **ministry** briefs experts in writing.")
    created = await expect(socket, "post.created")
    assert created["post_id"] == post.pk
    organisation = await db(lambda: other_member.organisation.name)()
    assert f'id="post-{post.pk}"' in created["html"]
    assert "<strong>ministry</strong>" in created["html"]
    assert organisation in created["html"]
    assert other_member.department in created["html"]

    await db(services.post_edit)(editor=other_member, post=post, source="Edited: in writing.")
    updated = await expect(socket, "post.updated")
    assert updated["post_id"] == post.pk and "Edited: in writing." in updated["html"]

    await db(services.reaction_toggle)(user=member, post=post, kind="helpful")
    reaction = await expect(socket, "reaction.changed")
    assert reaction == {
        "type": "reaction.changed",
        "post_id": post.pk,
        "seq": updated["seq"] + 1,  # the thread's next event number
        "counts": {"helpful": 1},
    }

    await db(services.thread_set_flags)(actor=facilitator, thread=thread, locked=True)
    assert await expect(socket, "thread.locked") == {
        "type": "thread.locked",
        "locked": True,
        "seq": reaction["seq"] + 1,  # numbered like every thread event
    }
    assert await socket.receive_nothing(timeout=0.2)


async def test_hidden_post_disappears_for_members_and_is_marked_for_facilitators(
    sockets, thread, member, other_member, facilitator
):
    post = await db(reply)(thread, other_member, "Something that breaks the rules.")
    members = await sockets.thread(thread, member, last_post_id=post.pk)
    facilitators = await sockets.thread(thread, facilitator, last_post_id=post.pk)
    await drain(members)

    await db(services.post_hide)(actor=facilitator, post=post, reason="Off topic")
    hidden = await expect(members, "post.hidden")
    assert hidden == {"type": "post.hidden", "post_id": post.pk, "seq": hidden["seq"]}  # no text
    marked = await expect(facilitators, "post.updated")
    assert marked["post_id"] == post.pk
    assert "post-hidden" in marked["html"] and "Off topic" in marked["html"]
    assert "Something that breaks the rules." in marked["html"]
    assert await members.receive_nothing(timeout=0.2)


async def test_posts_hidden_or_deleted_while_away_are_taken_down_on_reconnect(
    sockets, thread, member, other_member, facilitator
):
    kept = await db(reply)(thread, other_member, "Still here.")
    hidden = await db(reply)(thread, other_member, "Hidden while you were away.")
    deleted = await db(reply)(thread, other_member, "Deleted by its author meanwhile.")
    await db(services.post_hide)(actor=facilitator, post=hidden, reason="Off topic")
    await db(services.post_delete)(user=other_member, post=deleted)

    socket = await sockets.thread(thread, member)
    shown = [kept.pk, hidden.pk, deleted.pk]
    await socket.send_json_to({"type": "hello", "last_post_id": deleted.pk, "shown_ids": shown})
    frames = await frames_until(socket, "catchup.done")
    assert sorted(f["post_id"] for f in frames if f["type"] == "post.hidden") == [
        hidden.pk,
        deleted.pk,
    ]
    assert not [f for f in frames if f["type"] == "post.created"]

    await socket.send_json_to({"type": "hello", "last_post_id": 0, "shown_ids": ["x"]})
    assert (await expect(socket, "error"))["code"] == 400


async def test_a_moderator_keeps_hidden_posts_on_reconnect_and_loses_deleted_ones(
    sockets, thread, other_member, facilitator
):
    """A facilitator's page shows hidden posts marked with the reason; catching up after a
    reload or reconnect must not take them down (only deleted posts go)."""
    hidden = await db(reply)(thread, other_member, "Hidden, still shown to moderators.")
    deleted = await db(reply)(thread, other_member, "Deleted by its author.")
    await db(services.post_hide)(actor=facilitator, post=hidden, reason="Off topic")
    await db(services.post_delete)(user=other_member, post=deleted)

    socket = await sockets.thread(thread, facilitator)
    shown = [hidden.pk, deleted.pk]
    await socket.send_json_to({"type": "hello", "last_post_id": deleted.pk, "shown_ids": shown})
    frames = await frames_until(socket, "catchup.done")
    assert [f["post_id"] for f in frames if f["type"] == "post.hidden"] == [deleted.pk]


async def test_a_facilitator_who_steps_back_no_longer_gets_the_moderator_view(
    sockets, thread, member, other_member, facilitator, people
):
    second = await db(people)(thread.community, role=MembershipRole.FACILITATOR)
    post = await db(reply)(thread, other_member, "To be hidden later.")
    socket = await sockets.thread(thread, facilitator, last_post_id=post.pk)
    membership = await db(Membership.objects.get)(user=facilitator, community=thread.community)
    await db(community_services.membership_set_role)(
        actor=second, community=thread.community, membership_id=membership.pk, role="member"
    )
    await asyncio.sleep(0.3)  # the re-check runs on the socket
    await db(services.post_hide)(actor=second, post=post, reason="Off topic")
    hidden = await expect(socket, "post.hidden")
    assert hidden == {"type": "post.hidden", "post_id": post.pk, "seq": hidden["seq"]}


async def test_typing_is_throttled_not_echoed_and_never_stored(
    sockets, thread, member, other_member
):
    writer = await sockets.thread(thread, member, last_post_id=thread.last_post_id)
    reader = await sockets.thread(thread, other_member, last_post_id=thread.last_post_id)
    anonymous = await sockets.thread(thread, None, last_post_id=thread.last_post_id)
    await drain(writer)
    await drain(reader)
    before = await db(_row_counts)()

    for _ in range(3):
        await writer.send_json_to({"type": "typing"})
    await anonymous.send_json_to({"type": "typing"})  # may not post: not broadcast

    typing = await expect(reader, "typing")
    assert typing["who"]["id"] == member.pk
    assert typing["who"]["name"] == "Ana Novak"
    assert typing["who"]["organisation"] == await db(lambda: member.organisation.label)()
    assert await reader.receive_nothing(timeout=0.4)  # throttled: one, not three
    assert await writer.receive_nothing(timeout=0.1)  # not echoed to its sender
    assert await db(_row_counts)() == before


async def test_presence_join_and_leave_with_organisation(sockets, thread, member, other_member):
    first = await sockets.thread(thread, member)
    second = await sockets.thread(thread, other_member)

    joined = await expect(first, "presence", skip=())
    assert joined["action"] == "join"
    assert joined["who"] == {
        "id": other_member.pk,
        "name": "Jonas Petrauskas",
        "organisation": await db(lambda: other_member.organisation.label)(),
    }
    here = await expect(second, "presence", skip=())  # who was already there
    assert here["action"] == "join" and here["who"]["id"] == member.pk

    await second.disconnect()
    left = await expect(first, "presence", skip=())
    assert left["action"] == "leave" and left["who"]["id"] == other_member.pk


# Posting over the socket -----------------------------------------------------------------


async def test_posting_over_the_socket_has_the_same_limits_as_http(
    sockets, thread, other_member, make_user, settings
):
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 5, "NEW_ACCOUNT_MAX_POSTS": 100}
    socket = await sockets.thread(thread, other_member, last_post_id=thread.last_post_id)

    frame = {"type": "post", "source": "We pay experts per milestone.", "client_token": "tok-1"}
    await socket.send_json_to(frame)
    accepted = await expect(socket, "post.accepted")
    created = await expect(socket, "post.created")
    assert created["post_id"] == accepted["post_id"]
    assert accepted["client_token"] == "tok-1"

    # The same client token again (a double submit): the same post, not a second one.
    await socket.send_json_to(frame)
    again = await expect(socket, "post.accepted")
    assert again["post_id"] == accepted["post_id"]
    assert await db(Post.objects.filter(author=other_member, client_token="tok-1").count)() == 1

    # A different post within 5 seconds: refused with 429 and when to retry.
    await socket.send_json_to(
        {"type": "post", "source": "And a second thought.", "client_token": "tok-2"}
    )
    refused = await expect(socket, "error")
    assert refused["code"] == 429 and 1 <= refused["retry_after"] <= 5
    assert refused["message"]
    # ... exactly as over HTTP.
    client = await db(signed_in_client)(other_member)
    response = await db(client.post)(
        f"/threads/{thread.pk}/reply/",
        {"source": "Over HTTP now.", "client_token": "tok-3"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 429
    assert await socket.receive_nothing(timeout=0.3)  # nothing was published
    assert await db(Post.objects.filter(thread=thread).count)() == 2

    # Over-long posts are refused with a message, not a crash.
    await socket.send_json_to({"type": "post", "source": "x" * 20_001, "client_token": "t4"})
    assert (await expect(socket, "error"))["code"] == 400

    # Anonymous readers and signed-in non-members of a public thread cannot post.
    anonymous = await sockets.thread(thread, None)
    await anonymous.send_json_to({"type": "post", "source": "Hi", "client_token": "a"})
    assert (await expect(anonymous, "error"))["code"] == 401
    outsider = await db(make_user)()
    stranger = await sockets.thread(thread, outsider)
    await stranger.send_json_to({"type": "post", "source": "Hi", "client_token": "b"})
    assert (await expect(stranger, "error"))["code"] == 403


# Bad frames --------------------------------------------------------------------------------


async def test_bad_frames_get_an_error_and_the_socket_keeps_working(sockets, thread, member):
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)
    await drain(socket)

    async def still_working():
        await socket.send_json_to({"type": "ping"})
        assert await expect(socket, "pong", skip=()) == {"type": "pong"}

    # Wrong field types: an error each, and they do not count towards closing.
    for frame in [
        {"type": "hello", "last_post_id": "12"},
        {"type": "hello", "last_post_id": -1},
        {"type": "hello", "last_post_id": True},
        {"type": "hello", "last_post_id": 10**30},
        {"type": "post", "source": 5, "client_token": "x"},
        {"type": "post", "source": "Hello there", "client_token": ["x"]},
        {"type": "post", "source": "Hello there", "client_token": "x", "reply_to": "3"},
        {"type": "post", "source": "Hello there", "client_token": "x", "reply_to": 10**30},
    ]:
        await socket.send_json_to(frame)
        error = await expect(socket, "error", skip=())
        assert error["code"] == 400, frame
    await still_working()

    # Not JSON, not an object, no or unknown type: an error each, and the socket goes on.
    for text in ["{", "[1, 2]", '{"type": 5}', '{"type": "nope"}']:
        await socket.send_to(text_data=text)
        assert (await expect(socket, "error", skip=()))["code"] == 400
        await still_working()
    # The fifth bad frame (binary, not even UTF-8): an error, then the socket is closed.
    assert consumers.MAX_BAD_FRAMES == 5
    await socket.send_to(bytes_data=b"\xff\xfe\x00")
    assert (await read_frame(socket))["code"] == 400
    assert (await read_frame(socket)) == {"type": "close", "code": 4400}
    assert await db(Post.objects.filter(thread=thread).count)() == 1


async def test_deeply_nested_json_is_an_error_not_a_crash(sockets, thread, member):
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)
    await socket.send_to(text_data="[" * 60_000)  # under 64 KB, too deep for the parser
    assert (await expect(socket, "error", skip=()))["code"] == 400
    await socket.send_json_to({"type": "ping"})
    assert await expect(socket, "pong") == {"type": "pong"}


async def test_repeated_bad_frames_close_the_socket(sockets, thread, member):
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)
    await drain(socket)
    for text in ["not json", "42", "null", '"text"', "[]"][: consumers.MAX_BAD_FRAMES]:
        await socket.send_to(text_data=text)
    frames = [await read_frame(socket) for _ in range(consumers.MAX_BAD_FRAMES + 1)]
    assert [f["type"] for f in frames] == ["error"] * consumers.MAX_BAD_FRAMES + ["close"]
    assert frames[-1]["code"] == 4400


async def test_oversized_frames_close_the_socket(sockets, thread, member):
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)
    await drain(socket)
    big = '{"type": "post", "client_token": "big", "source": "' + "x" * (64 * 1024) + '"}'
    await socket.send_to(text_data=big)
    error = await read_frame(socket)
    assert error["type"] == "error" and error["code"] == 413
    assert await read_frame(socket) == {"type": "close", "code": 4413}
    assert not await db(Post.objects.filter(client_token="big").exists)()

    me = await sockets.me(member)
    await me.send_to(bytes_data=b"x" * (64 * 1024 + 1))
    assert (await read_frame(me))["code"] == 413
    assert await read_frame(me) == {"type": "close", "code": 4413}


# Revocation --------------------------------------------------------------------------------


async def _revocation_setup(sockets, private_thread, people):
    community = private_thread.community
    leaver = await db(people)(community, display_name="Leaving Member")
    stayer = await db(people)(community, display_name="Staying Member")
    thread_socket = await sockets.thread(
        private_thread, leaver, last_post_id=private_thread.last_post_id
    )
    me_socket = await sockets.me(leaver)
    # Before: both sockets receive the community's posts.
    first = await db(reply)(private_thread, stayer)
    assert (await expect(thread_socket, "post.created"))["post_id"] == first.pk
    assert (await expect(me_socket, "feed.post"))["community_id"] == community.pk
    return community, leaver, stayer, thread_socket, me_socket


async def _assert_revoked(thread_socket, me_socket, private_thread, stayer, code, started):
    frames = await frames_until(thread_socket, "close", timeout=5, skip=("presence",))
    assert frames[-1] == {"type": "close", "code": code}
    assert time.monotonic() - started < 5
    # After: a new post reaches neither the (closed) thread socket nor the user socket.
    await db(reply)(private_thread, stayer)
    assert await me_socket.receive_nothing(timeout=0.5)


async def test_leaving_stops_the_sockets_within_5_seconds(sockets, private_thread, people):
    community, leaver, stayer, thread_socket, me_socket = await _revocation_setup(
        sockets, private_thread, people
    )
    started = time.monotonic()
    await db(community_services.membership_leave)(user=leaver, community=community)
    await _assert_revoked(thread_socket, me_socket, private_thread, stayer, 4403, started)
    # And a new socket is refused.
    _socket, connected, code = await sockets.open(f"/ws/threads/{private_thread.pk}/", leaver)
    assert (connected, code) == (False, 4404)


async def test_removal_stops_the_sockets_within_5_seconds(
    sockets, private_thread, people, make_user
):
    community, leaver, stayer, thread_socket, me_socket = await _revocation_setup(
        sockets, private_thread, people
    )
    chair = await db(people)(community, role=MembershipRole.FACILITATOR)
    membership = await db(Membership.objects.get)(user=leaver, community=community)
    started = time.monotonic()
    await db(community_services.membership_remove)(
        actor=chair, community=community, membership_id=membership.pk
    )
    await _assert_revoked(thread_socket, me_socket, private_thread, stayer, 4403, started)


async def test_logout_closes_that_sessions_sockets_only(sockets, private_thread, people):
    community = private_thread.community
    person = await db(people)(community, display_name="Two Devices")
    stayer = await db(people)(community)
    laptop = await db(signed_in_client)(person)
    key = laptop.cookies["sessionid"].value
    make = communicator
    thread_socket = make(f"/ws/threads/{private_thread.pk}/", key)
    me_socket = make("/ws/me/", key)
    for socket in (thread_socket, me_socket):
        assert (await socket.connect(timeout=5))[0]
        sockets.opened.append(socket)
    phone = await sockets.thread(private_thread, person, last_post_id=private_thread.last_post_id)

    started = time.monotonic()
    await db(laptop.logout)()  # django.contrib.auth.logout -> user_logged_out
    closed = await frames_until(thread_socket, "close", timeout=5)
    assert closed == [{"type": "close", "code": 4401}]
    assert (await read_frame(me_socket, 5)) == {"type": "close", "code": 4401}
    assert time.monotonic() - started < 5
    # The other session (another device) stays connected and live.
    post = await db(reply)(private_thread, stayer)
    assert (await expect(phone, "post.created"))["post_id"] == post.pk
    # The ended session cannot open a socket any more.
    again = make("/ws/me/", key)
    sockets.opened.append(again)
    assert (await again.connect(timeout=5)) == (False, 4401)


def _change_password(client, password="another long passphrase 42") -> None:
    """Through the real view: allauth -> ``update_session_auth_hash`` keeps this session."""
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "pw-for-tests", "password1": password, "password2": password},
    )
    assert response.status_code == 302, response


async def _open_with_key(sockets, path, key):
    socket = communicator(path, key)
    sockets.opened.append(socket)
    connected, code = await socket.connect(timeout=5)
    return socket, connected, code


async def test_a_password_change_closes_the_other_sessions_sockets(sockets, private_thread, people):
    community = private_thread.community
    person = await db(people)(community, display_name="Changes Password")
    stayer = await db(people)(community)
    laptop = await db(signed_in_client)(person)  # changes the password
    own_socket, connected, _ = await _open_with_key(
        sockets, f"/ws/threads/{private_thread.pk}/", laptop.cookies["sessionid"].value
    )
    assert connected
    phone = await sockets.thread(private_thread, person, last_post_id=private_thread.last_post_id)
    phone_me = await sockets.me(person)

    started = time.monotonic()
    await db(_change_password)(laptop)
    assert await frames_until(phone, "close", timeout=5) == [{"type": "close", "code": 4401}]
    assert await read_frame(phone_me, 5) == {"type": "close", "code": 4401}
    assert time.monotonic() - started < 5
    # The changing session got a new key: its socket is told to reconnect (not "signed
    # out"), and reconnecting with its cookie works; the other session's cookie does not.
    closed = await frames_until(own_socket, "close", timeout=5)
    assert closed == [{"type": "close", "code": consumers.RECONNECT}]
    again, connected, _ = await _open_with_key(
        sockets, f"/ws/threads/{private_thread.pk}/", laptop.cookies["sessionid"].value
    )
    assert connected
    await again.send_json_to({"type": "hello", "last_post_id": private_thread.last_post_id})
    await expect(again, "catchup.done")
    post = await db(reply)(private_thread, stayer)
    assert (await expect(again, "post.created"))["post_id"] == post.pk
    await db(person.refresh_from_db)()
    _socket, connected, code = await sockets.open(f"/ws/threads/{private_thread.pk}/", person)
    assert connected  # a fresh login with the new password is fine


async def test_an_old_sessions_cookie_cannot_open_a_socket_after_a_password_change(
    sockets, thread, make_user
):
    person = await db(make_user)()
    old = await db(session_key_for)(person)
    laptop = await db(signed_in_client)(person)
    await db(_change_password)(laptop)
    for path in (f"/ws/threads/{thread.pk}/", "/ws/me/"):
        _socket, connected, code = await _open_with_key(sockets, path, old)
        if path == "/ws/me/":
            assert (connected, code) == (False, 4401)
        else:  # a public thread stays open to anyone, as anonymous: no login any more
            assert connected
            await _socket.send_json_to({"type": "post", "source": "x", "client_token": "t"})
            assert (await expect(_socket, "error"))["code"] == 401


def _deactivate(user) -> None:
    user.is_active = False  # as the admin or a service saves it
    user.save()


async def test_deactivation_closes_every_socket_within_5_seconds(sockets, private_thread, people):
    community = private_thread.community
    person = await db(people)(community, display_name="Leaves The Service")
    stayer = await db(people)(community)
    thread_socket = await sockets.thread(
        private_thread, person, last_post_id=private_thread.last_post_id
    )
    me_socket = await sockets.me(person)
    others = await sockets.thread(private_thread, stayer, last_post_id=private_thread.last_post_id)

    started = time.monotonic()
    await db(_deactivate)(person)
    assert await frames_until(thread_socket, "close", timeout=5) == [
        {"type": "close", "code": 4401}
    ]
    assert await read_frame(me_socket, 5) == {"type": "close", "code": 4401}
    assert time.monotonic() - started < 5
    post = await db(reply)(private_thread, stayer)
    assert (await expect(others, "post.created"))["post_id"] == post.pk  # others unaffected


async def test_a_change_no_event_announces_is_caught_by_the_periodic_recheck(
    sockets, settings, private_thread, people
):
    from communities.models import User

    settings.PRAXIS_SOCKET_RECHECK_SECONDS = 1
    person = await db(people)(private_thread.community)
    thread_socket = await sockets.thread(
        private_thread, person, last_post_id=private_thread.last_post_id
    )
    me_socket = await sockets.me(person)
    await db(User.objects.filter(pk=person.pk).update)(is_active=False)  # no signal
    assert await frames_until(thread_socket, "close", timeout=5) == [
        {"type": "close", "code": 4401}
    ]
    assert await read_frame(me_socket, 5) == {"type": "close", "code": 4401}


async def test_a_sign_in_elsewhere_or_a_profile_save_closes_nothing(sockets, thread, member):
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)

    def save_profile():
        member.display_name = "Ana N."
        member.save()
        signed_in_client(member)  # another login: last_login saved

    await db(save_profile)()
    assert await socket.receive_nothing(timeout=1)


def _make_members_only(community) -> None:
    from communities.models import Visibility

    page = community.specific_class.objects.get(pk=community.pk)
    page.visibility = Visibility.MEMBERS
    page.save_revision().publish()  # as the admin publishes it


async def test_making_a_community_members_only_closes_outsiders_sockets(
    sockets, thread, member, other_member, make_user
):
    outsider = await db(make_user)(display_name="Outsider")
    last = thread.last_post_id
    anonymous = await sockets.thread(thread, None, last_post_id=last)
    signed_in = await sockets.thread(thread, outsider, last_post_id=last)
    inside = await sockets.thread(thread, member, last_post_id=last)

    started = time.monotonic()
    await db(_make_members_only)(thread.community)
    for socket in (anonymous, signed_in):
        frames = await frames_until(socket, "close", timeout=5)
        assert frames[-1] == {"type": "close", "code": 4403}
    assert time.monotonic() - started < 5
    post = await db(reply)(thread, other_member)
    assert (await expect(inside, "post.created"))["post_id"] == post.pk
    _socket, connected, code = await sockets.open(f"/ws/threads/{thread.pk}/", outsider)
    assert (connected, code) == (False, 4404)


# Frame budget ------------------------------------------------------------------------------


@pytest.fixture
def catch_ups(monkeypatch):
    """Counts the catch-ups the server actually runs (the costly database + render part)."""
    calls = []
    real = selectors.posts_after

    def counting(**kwargs):
        calls.append(kwargs["after_id"])
        return real(**kwargs)

    monkeypatch.setattr(selectors, "posts_after", counting)
    return calls


async def test_a_burst_of_hello_frames_costs_a_handful_of_catch_ups(sockets, thread, catch_ups):
    socket, connected, _code = await sockets.open(f"/ws/threads/{thread.pk}/")  # anonymous
    assert connected
    started = time.monotonic()
    for _ in range(1000):
        await socket.send_json_to({"type": "hello", "last_post_id": 0})
    frames = await frames_until(socket, "close", timeout=10)
    assert frames[-1] == {"type": "close", "code": 4429}
    assert time.monotonic() - started < 10
    assert 1 <= len(catch_ups) <= consumers.HELLO_BURST
    refusals = [f for f in frames if f["type"] == "error"]
    assert refusals and all(f["code"] == 429 and f["retry_after"] >= 1 for f in refusals)
    assert len(refusals) <= consumers.MAX_REFUSALS  # the refusals are bounded too
    assert "Too many messages" in refusals[0]["message"]


async def test_normal_use_stays_within_the_budget(sockets, thread, member, other_member, catch_ups):
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)
    for _ in range(3):  # reconnect-like hellos, pings and typing between them
        await socket.send_json_to({"type": "ping"})
        assert await expect(socket, "pong")
        await socket.send_json_to({"type": "typing"})
        await socket.send_json_to({"type": "hello", "last_post_id": thread.last_post_id})
        assert (await expect(socket, "catchup.done"))["more"] is False
    assert len(catch_ups) == 4
    post = await db(reply)(thread, other_member)
    assert (await expect(socket, "post.created"))["post_id"] == post.pk


async def test_over_the_hello_budget_is_an_error_and_the_socket_stays(
    sockets, thread, member, catch_ups
):
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)
    for _ in range(consumers.HELLO_BURST):
        await socket.send_json_to({"type": "hello", "last_post_id": thread.last_post_id})
    refusal = await expect(socket, "error", skip=("presence", "catchup.done"))
    assert refusal["code"] == 429
    assert refusal["message"] == "Too many messages at once. Wait a moment and try again."
    assert refusal["retry_after"] >= 1
    await socket.send_json_to({"type": "ping"})
    assert await expect(socket, "pong")  # still open: one refusal is no abuse
    assert len(catch_ups) == consumers.HELLO_BURST


async def test_a_catch_up_resends_at_most_its_limit_then_says_reload(
    sockets, monkeypatch, thread, member, other_member
):
    assert consumers.CATCHUP_LIMIT <= 200
    monkeypatch.setattr(consumers, "CATCHUP_LIMIT", 3)
    start = thread.last_post_id
    posts = [await db(reply)(thread, other_member) for _ in range(5)]
    socket, connected, _code = await sockets.open(f"/ws/threads/{thread.pk}/", member)
    assert connected
    await socket.send_json_to({"type": "hello", "last_post_id": start})
    frames = await frames_until(socket, "catchup.done")
    assert [f["post_id"] for f in frames if f["type"] == "post.created"] == [
        p.pk for p in posts[:3]
    ]
    done = frames[-1]
    assert done["more"] is True and done["reload"] is True
    assert "Reload" in done["message"]


async def test_a_fan_out_that_cannot_join_gives_up_and_leaves_no_task_behind(
    sockets, layer, monkeypatch, thread
):
    backend = get_channel_layer()
    real_group_add = backend.group_add

    async def stuck(group, channel):
        if group.startswith("thread."):
            await asyncio.sleep(3600)  # an unreachable layer
        return await real_group_add(group, channel)

    monkeypatch.setattr(backend, "group_add", stuck)
    monkeypatch.setattr(consumers, "JOIN_TIMEOUT_SECONDS", 0.5)
    started = time.monotonic()
    socket, connected, _code = await sockets.open(f"/ws/threads/{thread.pk}/")
    assert connected  # accepted, then closed: the client tries again later
    assert await read_frame(socket, 5) == {"type": "close", "code": 1013}
    assert time.monotonic() - started < 5
    await socket.disconnect(timeout=1)
    await asyncio.sleep(0.1)
    assert not consumers.ThreadFanout._by_layer.get(backend)
    names = {task.get_coro().__qualname__ for task in asyncio.all_tasks()}
    assert not {n for n in names if "ThreadFanout" in n or "_recheck" in n}, names


async def test_a_closed_socket_leaves_no_periodic_task_behind(sockets, thread, member):
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)
    me = await sockets.me(member)
    names = lambda: {t.get_coro().__qualname__ for t in asyncio.all_tasks()}  # noqa: E731
    assert sum("_recheck_periodically" in n for n in names()) >= 1
    await socket.disconnect(timeout=1)
    await me.disconnect(timeout=1)
    await asyncio.sleep(0.1)
    assert not any("_recheck_periodically" in n for n in names())


async def test_a_rolled_back_post_publishes_nothing(sockets, thread, member, other_member):
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)
    me = await sockets.me(member)
    await drain(socket)

    def post_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.post_create(author=other_member, thread=thread, source="Never happened.")
            raise RuntimeError("rolled back")

    await db(post_then_fail)()
    assert await socket.receive_nothing(timeout=0.5)
    assert await me.receive_nothing(timeout=0.1)
    assert not await db(Post.objects.filter(source="Never happened.").exists)()


# The user socket ---------------------------------------------------------------------------


async def test_user_socket_gets_notifications_and_its_communities_feed_only(
    sockets, make_community, people, make_user
):
    from communities.models import Visibility

    mine_public = await db(make_community)(title="Mine, public")
    mine_private = await db(make_community)(title="Mine, private", visibility=Visibility.MEMBERS)
    other_public = await db(make_community)(title="Not mine, public")
    other_private = await db(make_community)(
        title="Not mine, private", visibility=Visibility.MEMBERS
    )
    me = await db(people)(mine_public, display_name="Feed Reader")
    await db(community_services.membership_create_facilitator)(user=me, community=mine_private)
    others = {c.pk: await db(people)(c) for c in (mine_public, mine_private)}
    others.update({c.pk: await db(people)(c) for c in (other_public, other_private)})

    my_thread = await db(ThreadFactory.create)(community=mine_public, author=me)
    threads = {
        c.pk: await db(ThreadFactory.create)(community=c, author=others[c.pk])
        for c in (mine_private, other_public, other_private)
    }
    socket = await sockets.me(me)

    # A reply in my own thread: a notification (with the unread count) and a feed item.
    await db(reply)(my_thread, others[mine_public.pk])
    frames = [await read_frame(socket), await read_frame(socket)]
    by_type = {f["type"]: f for f in frames}
    assert by_type["notification"]["unread"] == 1
    assert my_thread.title in by_type["notification"]["html"]
    assert by_type["feed.post"]["community_id"] == mine_public.pk

    await db(reply)(threads[mine_private.pk], others[mine_private.pk])
    assert (await expect(socket, "feed.post"))["community_id"] == mine_private.pk

    # Nothing from communities I am not in, public or not.
    await db(reply)(threads[other_public.pk], others[other_public.pk])
    await db(reply)(threads[other_private.pk], others[other_private.pk])
    assert await socket.receive_nothing(timeout=0.5)

    # Joining a community starts its feed on the open socket.
    await db(community_services.membership_join)(user=me, community=other_public)
    await asyncio.sleep(0.3)
    post = await db(reply)(threads[other_public.pk], others[other_public.pk])
    item = await expect(socket, "feed.post")
    assert item["community_id"] == other_public.pk and f"#post-{post.pk}" in item["html"]


async def test_live_unread_count_is_the_headers_count(
    sockets, private_thread, people, thread, make_membership
):
    """Notifications of a community one has left are neither shown nor counted."""
    me = await db(people)(thread.community, display_name="Counting Reader")
    await db(make_membership)(user=me, community=private_thread.community)
    await db(services.follow_set)(user=me, thread=private_thread, follow=True)
    await db(services.follow_set)(user=me, thread=thread, follow=True)
    replier = await db(people)(private_thread.community)
    socket = await sockets.me(me)

    await db(reply)(private_thread, replier)
    assert (await expect(socket, "notification", skip=("feed.post",)))["unread"] == 1
    await db(community_services.membership_leave)(user=me, community=private_thread.community)
    await db(reply)(thread, await db(people)(thread.community))
    notification = await expect(socket, "notification", skip=("feed.post",))
    assert notification["unread"] == 1  # the private one no longer counts
    assert notification["unread"] == await db(selectors.unread_notification_count)(user=me)


async def test_presence_survives_a_full_channel(sockets, layer, settings, thread, people):
    """Presence is best-effort: a joiner whose channel is full (many people already in the
    thread) misses some "here" replies, but no socket crashes."""
    config = layer_config(layer)
    config["default"].setdefault("CONFIG", {})["capacity"] = 1
    settings.CHANNEL_LAYERS = config
    channel_layers.backends = {}
    viewers = [await db(people)(thread.community) for _ in range(5)]
    opened = [await sockets.thread(thread, viewer) for viewer in viewers]
    await asyncio.sleep(0.3)
    for socket in opened:
        await drain(socket)
        await socket.send_json_to({"type": "ping"})
        assert await expect(socket, "pong") == {"type": "pong"}


async def test_posting_over_the_socket_in_a_language(sockets, thread, other_member):
    socket = await sockets.thread(thread, other_member, last_post_id=thread.last_post_id)
    await socket.send_json_to(
        {
            "type": "post",
            "source": "Vi betaler per milepæl.",
            "client_token": "nb-1",
            "language": "nb",
        }
    )
    accepted = await expect(socket, "post.accepted")
    created = await expect(socket, "post.created")
    assert 'data-language="nb"' in created["html"] and 'lang="nb"' in created["html"]
    assert await db(lambda: Post.objects.get(pk=accepted["post_id"]).language)() == "nb"

    # An unknown language or one of the wrong type: an error frame, nothing written, and
    # the socket goes on.
    for language in ["xx", 5, ["nb"]]:
        await socket.send_json_to(
            {"type": "post", "source": f"Bad {language}", "client_token": "x", "language": language}
        )
        error = await expect(socket, "error", skip=("typing", "presence"))
        assert error["code"] == 400 and error["message"], language
    await socket.send_json_to({"type": "ping"})
    assert await expect(socket, "pong") == {"type": "pong"}
    assert await db(Post.objects.filter(thread=thread).count)() == 2


# Read state and answers, live ------------------------------------------------------------


async def test_a_read_frame_moves_the_read_marker_forward_only_and_clears_notifications(
    sockets, thread, member, other_member
):
    def read_to(user):
        state = ReadState.objects.filter(thread=thread, user=user).first()
        return state.last_read_post_id if state else 0

    had = thread.last_post_id
    await db(services.follow_set)(user=other_member, thread=thread, follow=True)
    socket = await sockets.thread(thread, other_member, last_post_id=had)
    me = await sockets.me(other_member)
    first = await db(reply)(thread, member, "First, delivered live.")
    second = await db(reply)(thread, member, "Second, delivered live.")
    assert (await expect(socket, "post.created"))["post_id"] == first.pk
    assert (await expect(socket, "post.created"))["post_id"] == second.pk
    before = await db(read_to)(other_member)
    assert before < first.pk

    await socket.send_json_to({"type": "read", "post_id": first.pk})
    count = await expect(me, "notification.count", skip=("notification", "feed.post"))
    assert count == {"type": "notification.count", "unread": 1}  # the second is still unread
    assert await db(read_to)(other_member) == first.pk

    # Beyond what the socket delivered: only as far as it did. Backwards: nothing.
    await socket.send_json_to({"type": "read", "post_id": second.pk + 1000})
    assert (await expect(me, "notification.count", skip=("notification", "feed.post")))[
        "unread"
    ] == 0
    assert await db(read_to)(other_member) == second.pk
    await socket.send_json_to({"type": "read", "post_id": first.pk})
    await socket.send_json_to({"type": "ping"})
    await expect(socket, "pong")
    assert await db(read_to)(other_member) == second.pk

    await socket.send_json_to({"type": "read", "post_id": "all"})
    assert (await expect(socket, "error"))["code"] == 400


async def test_a_read_frame_from_a_reader_without_access_changes_nothing(
    sockets, thread, member, other_member
):
    socket = await sockets.thread(thread, None, last_post_id=thread.last_post_id)  # anonymous
    post = await db(reply)(thread, other_member)
    await expect(socket, "post.created")
    await socket.send_json_to({"type": "read", "post_id": post.pk})
    await socket.send_json_to({"type": "ping"})
    await expect(socket, "pong")
    assert await db(ReadState.objects.filter(thread=thread).count)() == 2  # the two authors


async def test_marking_the_answer_updates_the_panel_and_both_posts_live(
    sockets, thread, member, other_member
):
    first = await db(reply)(thread, other_member, "The first good answer.")
    second = await db(reply)(thread, other_member, "An even better answer.")
    socket = await sockets.thread(thread, other_member, last_post_id=second.pk)

    await db(services.answer_mark)(actor=member, post=first)
    updated = await expect(socket, "post.updated")
    assert updated["post_id"] == first.pk and "answer-pill" in updated["html"]
    answer = await expect(socket, "thread.answer")
    assert answer["post_id"] == first.pk
    assert "The first good answer." in answer["html"]

    await db(services.answer_mark)(actor=member, post=second)
    frames = [await expect(socket, "post.updated"), await expect(socket, "post.updated")]
    assert [f["post_id"] for f in frames] == [first.pk, second.pk]
    assert "answer-pill" not in frames[0]["html"] and "answer-pill" in frames[1]["html"]
    assert (await expect(socket, "thread.answer"))["post_id"] == second.pk

    await db(services.answer_mark)(actor=member, post=second, clear=True)
    assert "answer-pill" not in (await expect(socket, "post.updated"))["html"]
    cleared = await expect(socket, "thread.answer")
    assert cleared["post_id"] is None and "answer-panel" not in cleared["html"]


async def test_a_post_missed_before_a_later_one_arrived_is_healed_by_the_next_hello(
    sockets, thread, other_member
):
    """Issue 20: the page has the later post but missed an earlier one (its publish after
    commit failed, or went to another worker). The next hello sends it, and only it."""
    opener = thread.last_post_id
    missed = await db(reply)(thread, other_member)
    later = await db(reply)(thread, other_member)

    socket = await sockets.thread(thread, other_member)
    await socket.send_json_to(
        {"type": "hello", "last_post_id": later.pk, "shown_ids": [opener, later.pk]}
    )
    frames = await frames_until(socket, "catchup.done")

    assert [f["post_id"] for f in frames if f["type"] == "post.created"] == [missed.pk]
    # A second heal finds nothing more to send.
    await socket.send_json_to(
        {"type": "hello", "last_post_id": later.pk, "shown_ids": [opener, missed.pk, later.pk]}
    )
    frames = await frames_until(socket, "catchup.done")
    assert [f for f in frames if f["type"] == "post.created"] == []


async def test_a_language_filtered_page_is_not_sent_posts_in_other_languages(
    sockets, thread, other_member
):
    opener = thread.last_post_id
    await db(services.post_create)(
        author=other_member, thread=thread, source="Mi uporabljamo isti obrazec.", language="sl"
    )
    english = await db(services.post_create)(
        author=other_member, thread=thread, source="We use the same form.", language="en"
    )

    socket = await sockets.thread(thread, other_member)
    await socket.send_json_to(
        {"type": "hello", "last_post_id": opener, "shown_ids": [opener], "language": "en"}
    )
    frames = await frames_until(socket, "catchup.done")
    assert [f["post_id"] for f in frames if f["type"] == "post.created"] == [english.pk]

    await socket.send_json_to({"type": "hello", "last_post_id": 0, "language": "xx"})
    assert (await expect(socket, "error"))["code"] == 400


# A database connection lost under the socket -----------------------------------------------


@contextlib.contextmanager
def backends_terminated(times: int):
    """The next ``times`` database connections opened, in any thread, have their
    PostgreSQL backend terminated (from a second connection) before their first query."""
    from django.db.backends.signals import connection_created

    from tests.db_faults import terminate_backend

    left = {"times": times}
    lock = threading.Lock()

    def terminate_first_query(execute, sql, params, many, context):
        wrapper = context["connection"]
        with lock:
            armed = left["times"] > 0 and wrapper in armed_connections
            if armed:
                left["times"] -= 1
                armed_connections.discard(wrapper)
        if armed:
            terminate_backend(wrapper.settings_dict, wrapper.connection.info.backend_pid)
        return execute(sql, params, many, context)

    armed_connections: set = set()

    def arm(sender, connection, **kwargs):
        with lock:
            if left["times"] > 0:
                armed_connections.add(connection)
                if terminate_first_query not in connection.execute_wrappers:
                    connection.execute_wrappers.append(terminate_first_query)

    connection_created.connect(arm, weak=False)
    try:
        yield left
    finally:
        connection_created.disconnect(arm)
        from django.db import connections

        for wrapper in connections.all(initialized_only=True):
            if terminate_first_query in wrapper.execute_wrappers:
                wrapper.execute_wrappers.remove(terminate_first_query)


@pytest.mark.postgres
async def test_rechecks_that_lose_their_database_connection_leave_the_socket_open(
    sockets, settings, thread, member, other_member
):
    """PostgreSQL ends the connections of a few periodic rechecks (as in a restart or a
    failover): the socket stays open and the next post arrives live."""
    from django.db import close_old_connections

    settings.PRAXIS_SOCKET_RECHECK_SECONDS = 0.3
    socket = await sockets.thread(thread, member, last_post_id=thread.last_post_id)
    await db(close_old_connections)()  # the next recheck opens a new connection
    with backends_terminated(times=3) as left:
        deadline = time.monotonic() + 6
        while left["times"] and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
    settings.PRAXIS_SOCKET_RECHECK_SECONDS = 60
    post = await db(reply)(thread, other_member, "Still connected after the outage.")
    frames = await frames_until(socket, "post.created", skip=("presence", "typing"), timeout=5)
    assert [f for f in frames if f["type"] == "close"] == []
    assert frames[-1]["post_id"] == post.pk
    assert left["times"] == 0, "fewer rechecks reached the database than were terminated"
