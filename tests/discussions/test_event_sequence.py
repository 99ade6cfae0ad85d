"""Issue 20: per-thread event numbers, replay by number on reconnect, the per-person cap on
open sockets. Through the real ASGI application, on each channel layer (the ``layer`` and
``sockets`` fixtures of ``test_consumers``)."""

from __future__ import annotations

import collections

import pytest
from asgiref.sync import sync_to_async

from discussions import consumers, events, selectors, services, socket_base
from discussions.models import Thread
from tests.discussions.live_helpers import ensure_wagtail_root, expect, frames_until, read_frame
from tests.discussions.test_consumers import reply

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def wagtail_root(transactional_db):
    ensure_wagtail_root()


db = sync_to_async


def _seq(thread) -> int:
    return Thread.objects.values_list("event_seq", flat=True).get(pk=thread.pk)


async def _page(sockets, thread, user, *, shown):
    """A page that caught up by number: (socket, the number it has)."""
    socket = await sockets.thread(thread, user)
    await socket.send_json_to(
        {"type": "hello", "last_post_id": max(shown), "shown_ids": shown, "seq": 0}
    )
    done = await expect(socket, "catchup.done", skip=("presence", "post.created", "post.updated"))
    assert done["seq"] == await db(_seq)(thread)
    return socket, done["seq"]


async def test_every_thread_event_takes_the_next_number(
    sockets, thread, member, other_member, facilitator
):
    first = await db(reply)(thread, other_member, "A reply to number.")
    socket, seq = await _page(sockets, thread, member, shown=[thread.last_post_id, first.pk])

    post = await db(reply)(thread, other_member, "Another reply.")
    await db(services.post_edit)(editor=other_member, post=post, source="Another reply, edited.")
    await db(services.reaction_toggle)(user=member, post=post, kind="helpful")
    await db(services.answer_mark)(actor=member, post=post)
    await db(services.post_hide)(actor=facilitator, post=first, reason="Off topic")
    await db(services.post_unhide)(actor=facilitator, post=first)
    await db(services.post_delete)(user=other_member, post=post)  # also clears the answer

    kinds = [
        "post.created",
        "post.updated",
        "reaction.changed",
        "post.updated",  # the new answer, marked
        "thread.answer",
        "post.hidden",
        "post.updated",  # shown again
        "post.hidden",  # deleted
        "thread.answer",  # the answer cleared with it
    ]
    frames = [await expect(socket, kind) for kind in kinds]
    assert [f["seq"] for f in frames] == list(range(seq + 1, seq + 1 + len(kinds)))
    assert await db(_seq)(thread) == seq + len(kinds)


async def test_an_edit_and_a_reaction_missed_while_away_arrive_once_on_reconnect(
    sockets, thread, member, other_member
):
    edited = await db(reply)(thread, other_member, "Before the edit.")
    liked = await db(reply)(thread, other_member, "Worth a thank you.")
    shown = [thread.last_post_id, edited.pk, liked.pk]
    first, seq = await _page(sockets, thread, member, shown=shown)
    await first.disconnect()  # the laptop lid closes

    await db(services.post_edit)(editor=other_member, post=edited, source="After the edit.")
    await db(services.reaction_toggle)(user=member, post=liked, kind="thanks")
    await db(services.reaction_toggle)(user=other_member, post=liked, kind="thanks")
    await db(services.post_edit)(editor=other_member, post=edited, source="After two edits.")

    again = await sockets.thread(thread, member)
    await again.send_json_to(
        {"type": "hello", "last_post_id": liked.pk, "shown_ids": shown, "seq": seq}
    )
    frames = await frames_until(again, "catchup.done")
    updates = [f for f in frames if f["type"] == "post.updated"]
    # Each changed post once, in its current state (not once per change).
    assert sorted(f["post_id"] for f in updates) == sorted([edited.pk, liked.pk])
    by_id = {f["post_id"]: f["html"] for f in updates}
    assert "After two edits." in by_id[edited.pk] and "Before the edit." not in by_id[edited.pk]
    assert 'class="count">2<' in by_id[liked.pk].replace(" ", "")
    assert [f for f in frames if f["type"] == "post.created"] == []
    assert frames[-1]["seq"] == seq + 4
    # Nothing more: no live echo of what the catch-up sent.
    await again.send_json_to({"type": "ping"})
    assert await expect(again, "pong")
    # And the next change follows on from the catch-up's number.
    await db(services.reaction_toggle)(user=other_member, post=edited, kind="helpful")
    assert (await expect(again, "reaction.changed"))["seq"] == seq + 5


async def test_a_lock_takes_the_next_number_and_one_missed_arrives_on_reconnect(
    sockets, thread, member, facilitator
):
    shown = [thread.last_post_id]
    socket, seq = await _page(sockets, thread, member, shown=shown)
    await db(services.thread_set_flags)(actor=facilitator, thread=thread, locked=True)
    frame = await expect(socket, "thread.locked")
    assert frame["locked"] is True and frame["seq"] == seq + 1
    await socket.disconnect()  # away while the thread is unlocked and locked again

    await db(services.thread_set_flags)(actor=facilitator, thread=thread, locked=False)
    again = await sockets.thread(thread, member)
    await again.send_json_to(
        {"type": "hello", "last_post_id": max(shown), "shown_ids": shown, "seq": seq + 1}
    )
    frames = await frames_until(again, "catchup.done")
    assert {"type": "thread.locked", "locked": False} in frames
    assert frames[-1]["seq"] == seq + 2
    # A page that had every number gets no lock frame.
    third = await sockets.thread(thread, member)
    await third.send_json_to(
        {"type": "hello", "last_post_id": max(shown), "shown_ids": shown, "seq": seq + 2}
    )
    frames = await frames_until(third, "catchup.done")
    assert [f for f in frames if f["type"] == "thread.locked"] == []


async def test_a_missed_event_is_a_gap_the_page_sees_and_a_hello_fills(
    sockets, monkeypatch, thread, member, other_member
):
    socket, seq = await _page(sockets, thread, member, shown=[thread.last_post_id])
    real = events.send_now
    lost = []

    def losing_the_first(group, message):  # a publish that failed after commit
        if not lost and message.get("event") == "post.created":
            lost.append(message)
            return
        real(group, message)

    monkeypatch.setattr(events, "send_now", losing_the_first)
    missed = await db(reply)(thread, other_member, "Its event never went out.")
    later = await db(reply)(thread, other_member, "This one arrives.")
    frame = await expect(socket, "post.created")
    assert frame["post_id"] == later.pk
    assert frame["seq"] == seq + 2  # not seq + 1: the page knows it missed one

    await socket.send_json_to(
        {
            "type": "hello",
            "last_post_id": thread.last_post_id,
            "shown_ids": [thread.last_post_id],
            "seq": seq,
        }
    )
    frames = await frames_until(socket, "catchup.done")
    assert [f["post_id"] for f in frames if f["type"] == "post.created"] == [missed.pk, later.pk]
    assert frames[-1]["seq"] == seq + 2


async def test_a_post_hidden_while_away_is_taken_down_and_its_text_never_sent(
    sockets, thread, member, other_member, facilitator
):
    post = await db(reply)(thread, other_member, "Text only facilitators may see later.")
    shown = [thread.last_post_id, post.pk]
    _first, seq = await _page(sockets, thread, member, shown=shown)
    await db(services.post_hide)(actor=facilitator, post=post, reason="Personal data")

    for user, wanted in ((member, "post.hidden"), (facilitator, "post.updated")):
        socket = await sockets.thread(thread, user)
        await socket.send_json_to(
            {"type": "hello", "last_post_id": post.pk, "shown_ids": shown, "seq": seq}
        )
        frames = await frames_until(socket, "catchup.done")
        about = [f for f in frames if f.get("post_id") == post.pk]
        assert [f["type"] for f in about] == [wanted]
        text_sent = any("Text only facilitators" in f.get("html", "") for f in frames)
        assert text_sent is (user == facilitator)


async def test_a_restricted_threads_events_never_reach_a_non_member(
    sockets, private_thread, people, make_user
):
    community = private_thread.community
    author = await db(people)(community)
    outsider = await db(make_user)()
    post = await db(reply)(private_thread, author, "For the members only.")
    await db(services.post_edit)(editor=author, post=post, source="Still for members only.")
    # No socket (refused on connect), and the catch-up itself answers nothing.
    _socket, connected, code = await sockets.open(f"/ws/threads/{private_thread.pk}/", outsider)
    assert (connected, code) == (False, 4404)
    replay = await db(selectors.posts_after)(
        user=outsider, thread_id=private_thread.pk, after_id=0, limit=10, after_seq=0
    )
    assert replay["posts"] == replay["updated"] == replay["gone"] == []
    assert replay["answer"] is None


async def test_a_language_filtered_page_gets_no_changes_in_other_languages(
    sockets, thread, member, other_member
):
    opener = thread.last_post_id
    _first, seq = await _page(sockets, thread, member, shown=[opener])
    slovenian = await db(services.post_create)(
        author=other_member, thread=thread, source="Mi uporabljamo isti obrazec.", language="sl"
    )
    await db(services.post_edit)(editor=other_member, post=slovenian, source="Isti obrazec.")
    english = await db(services.post_create)(
        author=other_member, thread=thread, source="We use the same form.", language="en"
    )
    socket = await sockets.thread(thread, member)
    await socket.send_json_to(
        {
            "type": "hello",
            "last_post_id": opener,
            "shown_ids": [opener],
            "language": "en",
            "seq": seq,
        }
    )
    frames = await frames_until(socket, "catchup.done")
    assert [f.get("post_id") for f in frames[:-1]] == [english.pk]
    assert frames[-1]["seq"] == seq + 3


async def test_a_bad_seq_is_an_error(sockets, thread, member):
    socket = await sockets.thread(thread, member)
    for bad in (-1, "3", 1.5, True):
        await socket.send_json_to({"type": "hello", "last_post_id": 0, "seq": bad})
        assert (await expect(socket, "error"))["code"] == 400


async def test_one_person_over_the_socket_cap_is_told_so_and_others_are_not(
    sockets, settings, monkeypatch, thread, member, other_member
):
    settings.PRAXIS_MAX_SOCKETS_PER_USER = 3
    # This test's own count (ids are reused between tests; nothing else may count here).
    monkeypatch.setattr(socket_base, "_open_sockets", collections.Counter())
    for _ in range(2):
        await sockets.thread(thread, member)
    await sockets.me(member)
    over, connected, _code = await sockets.open(f"/ws/threads/{thread.pk}/", member)
    assert connected  # accepted only to say why, not a failed handshake
    refusal = await read_frame(over)
    assert refusal["type"] == "error" and refusal["code"] == 429
    assert "Too many Praxis pages are open at once" in refusal["message"]
    assert await read_frame(over) == {"type": "close", "code": consumers.TOO_MANY_SOCKETS}
    # Someone else is not affected; a socket closed frees its place.
    await sockets.thread(thread, other_member)
    await sockets.opened[0].disconnect()
    again, connected, _code = await sockets.open(f"/ws/threads/{thread.pk}/", member)
    await again.send_json_to({"type": "ping"})
    assert await expect(again, "pong")


async def test_changes_made_during_the_catch_up_are_neither_lost_nor_doubled(
    sockets, monkeypatch, thread, member, other_member
):
    post = await db(reply)(thread, other_member, "The text as the page has it.")
    shown = [thread.last_post_id, post.pk]
    first, seq = await _page(sockets, thread, member, shown=shown)
    await first.disconnect()
    real = selectors.posts_after

    def racing(**kwargs):
        # One edit commits just before the catch-up reads (it is in the catch-up AND its
        # live event is queued behind it), one just after (live only).
        services.post_edit(editor=other_member, post=post, source="Edited just before.")
        result = real(**kwargs)
        services.reaction_toggle(user=member, post=post, kind="helpful")
        return result

    monkeypatch.setattr(selectors, "posts_after", racing)
    socket = await sockets.thread(thread, member)
    await socket.send_json_to(
        {"type": "hello", "last_post_id": post.pk, "shown_ids": shown, "seq": seq}
    )
    frames = await frames_until(socket, "catchup.done")
    assert [f["type"] for f in frames] == ["post.updated", "catchup.done"]
    assert "Edited just before." in frames[0]["html"]
    assert frames[-1]["seq"] == seq + 1
    live = await expect(socket, "reaction.changed")  # the edit's live event is not re-sent
    assert live["seq"] == seq + 2
    assert await socket.receive_nothing(timeout=0.4)
