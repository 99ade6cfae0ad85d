"""WebSocket consumers: thin adapters over permissions, selectors and services.

Client -> server frames (JSON objects with a ``type``):
- ``hello``   {last_post_id, shown_ids?, seq?, language?}: catch up from the database, then
  live (no gaps, no duplicates); posts among ``shown_ids`` hidden or deleted meanwhile are
  taken down
- ``typing``  {}: throttled, broadcast, never stored
- ``post``    {source, client_token, reply_to?, language?}: same service and limits as HTTP
  posting (``language``: a ``PostLanguage`` code; left out, the interface language)
- ``read``    {post_id}: the reader saw the thread up to this post (the page was visible
  while it arrived): the read marker moves forward, never back
- ``ping``    {}
Server -> client frames: ``post.created``, ``post.updated``, ``post.hidden``,
``reaction.changed``, ``thread.locked``, ``thread.answer`` {post_id, html: the answer
panel}, ``typing``, ``presence``,
``error`` {code, message, retry_after?; for a refused action the rest of
``core.views.error_payload`` too}, ``pong``, ``catchup.done`` {last_post_id, more, seq; when
more was missed than ``CATCHUP_LIMIT``: reload, message}.

Thread events carry ``seq``, the thread's event number (``discussions.events``). A
``hello`` with ``seq`` (the last number the page applied) is answered with the current state
of every post changed since (``post.created`` for one the page lacks, ``post.updated`` for
one it may show, ``post.hidden`` with the id only for one it may no longer see), the answer
panel if it changed, and ``catchup.done`` with the number the page now has; after it, a live
event at or below that number is not sent (the page has newer state).

Each person may have ``PRAXIS_MAX_SOCKETS_PER_USER`` (20) sockets open at once in one server
process; one more is accepted, told so in an ``error`` frame and closed 4409, so a browser
with too many tabs gets an answer instead of failing handshakes.

Each socket has a frame budget: ``hello`` a few a minute, any frame 20 a second; over it,
an ``error`` 429 {retry_after}; a socket that keeps going over is closed 4429.

Close codes: 4401 not signed in (where required; also once the login ends elsewhere: a
sign-out, a password change in another session, deactivation), 4404 no such thread or no
access, 4403 access revoked, 4400 bad frames, 4413 frame too large, 4429 too many frames,
4409 too many sockets of this person open at once (after an ``error`` 429 saying so),
4000 reconnect (the login session got a new key), 1013 try again later.

Every socket checks its login session and access again on the events that change them
(``session.recheck``, ``access.recheck``) and, as a backstop, every ``RECHECK_SECONDS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import time
import weakref

from channels.db import database_sync_to_async
from channels.exceptions import ChannelFull, StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.utils import await_many_dispatch
from django.utils.translation import gettext_lazy

from core.errors import ServiceError
from core.i18n import for_language, language_for_scope
from core.views import error_frame
from discussions import events
from discussions.socket_base import (  # noqa: F401 (limits and close codes re-exported)
    HELLO_BURST,
    HELLO_RATE,
    MAX_BAD_FRAMES,
    MAX_REFUSALS,
    MAX_SOCKETS_PER_USER,
    RECONNECT,
    TOO_MANY_SOCKETS,
    JsonFrameMixin,
    _is_id,
    _scope_user,
    _session_key,
    _session_still_valid,
)

logger = logging.getLogger(__name__)

TYPING_INTERVAL_SECONDS = 3.0
# Posts re-sent by one catch-up; a client further behind is told to reload the page.
CATCHUP_LIMIT = 200
MAX_SHOWN_IDS = 500  # posts on screen a client may ask about on (re)connect
# A fan-out that cannot join its group (the channel layer is unreachable) gives up then.
JOIN_TIMEOUT_SECONDS = 10
# Thread events queued for one socket; a socket this far behind is closed (the browser
# reconnects and catches up from the database) rather than silently skipping events.
INBOX_LIMIT = 1000


class ThreadFanout:
    """The one member of a thread's group in this process: it receives each thread event
    once from the channel layer and queues it for every socket with the thread open here.

    Without it every socket would receive every event from the channel layer itself; with
    1,000 readers that is 1,000 receives per event, each costing a few asyncio tasks in
    channels_redis (and a scan of every channel in the in-memory layer). Each socket still
    handles its events one at a time, in order, from its own queue (``inbox``), exactly as
    if they came from its own channel. Cross-process delivery is unchanged: each process
    has its own member in the group.
    """

    REFRESH_SECONDS = 3600  # re-join well within the layer's group expiry

    _by_layer: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __init__(self, layer, thread_id: int):
        self.layer = layer
        self.thread_id = thread_id
        self.group = events.thread_group(thread_id)
        self.members: set[ThreadConsumer] = set()
        self.channel = ""
        self.tasks: list[asyncio.Task] = []
        self.setup = asyncio.ensure_future(self._setup())

    @classmethod
    async def join(cls, layer, thread_id: int, consumer) -> ThreadFanout:
        hubs = cls._by_layer.setdefault(layer, {})
        hub = hubs.get(thread_id)
        if hub is None or hub.setup.cancelled():
            hub = hubs[thread_id] = cls(layer, thread_id)
        hub.members.add(consumer)
        try:
            # In the group before the socket goes on; bounded, so a socket never hangs
            # here (an unreachable layer) until the server kills it at shutdown.
            await asyncio.wait_for(asyncio.shield(hub.setup), JOIN_TIMEOUT_SECONDS)
        except BaseException:  # a timeout, a failure, or the socket cancelled meanwhile
            await asyncio.shield(hub.leave(consumer))
            raise
        return hub

    async def leave(self, consumer) -> None:
        self.members.discard(consumer)
        if self.members:
            return
        hubs = self._by_layer.get(self.layer, {})
        if hubs.get(self.thread_id) is self:
            del hubs[self.thread_id]
        for task in [self.setup, *self.tasks]:
            task.cancel()
        if self.channel:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(
                    self.layer.group_discard(self.group, self.channel), JOIN_TIMEOUT_SECONDS
                )

    async def _setup(self) -> None:
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        self.tasks = [
            asyncio.ensure_future(self._pump()),
            asyncio.ensure_future(self._refresh()),
        ]

    async def _pump(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # the layer hiccuped (Redis restart...): keep going
                logger.exception("thread %s: receiving live events failed", self.thread_id)
                await asyncio.sleep(1)
                continue
            for consumer in list(self.members):
                if consumer.takes_now(message):
                    # Idle and up to date: handle it here and now, exactly as its own loop
                    # would next (these handlers only send; they never wait on anything).
                    try:
                        await consumer.dispatch(message)
                    except Exception:
                        logger.exception("thread %s: delivering an event failed", self.thread_id)
                else:
                    consumer.local_deliver(message)

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(self.REFRESH_SECONDS)
            with contextlib.suppress(Exception):
                await self.layer.group_add(self.group, self.channel)


class ThreadConsumer(JsonFrameMixin, AsyncWebsocketConsumer):
    """``/ws/threads/<id>/``: one open thread."""

    fanout: ThreadFanout | None = None
    overflowed = False
    busy = False
    ready = False
    # Events the fan-out may hand straight to an idle socket: their handlers only send.
    DIRECT_EVENTS = frozenset(
        {
            "thread.post",
            "thread.post_hidden",
            "thread.simple",
            "thread.answer",
            "thread.typing",
            "presence.leave",
        }
    )

    async def __call__(self, scope, receive, send):
        """channels' ``AsyncConsumer.__call__`` plus a third source of messages: the thread
        events this process's ``ThreadFanout`` queues for this socket. All three are handled
        one at a time, in arrival order."""
        self.scope = scope
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.channel_name = await self.channel_layer.new_channel()
        self.channel_receive = functools.partial(self.channel_layer.receive, self.channel_name)
        self.base_send = send
        try:
            await await_many_dispatch(
                [receive, self.channel_receive, self.inbox.get], self.dispatch
            )
        except StopConsumer:
            pass
        finally:
            self.cancel_tasks()
            self.release_socket_slot()
            if self.fanout is not None:  # however the socket ended
                fanout, self.fanout = self.fanout, None
                await fanout.leave(self)

    async def to_self(self, message: dict) -> None:
        self.local_deliver(message)

    async def dispatch(self, message):
        self.busy = True
        try:
            await super().dispatch(message)
        finally:
            self.busy = False

    def takes_now(self, message: dict) -> bool:
        return (
            self.ready
            and not self.busy
            and not self.closing
            and not self.overflowed
            and message["type"] in self.DIRECT_EVENTS
            and self.inbox.empty()
        )

    def local_deliver(self, message: dict) -> None:
        if self.overflowed:
            return
        if self.inbox.qsize() >= INBOX_LIMIT:
            self.overflowed = True
            self.inbox.put_nowait({"type": "inbox.overflow"})
            return
        self.inbox.put_nowait(message)

    async def inbox_overflow(self, message):
        logger.warning("thread %s: a socket fell %d events behind", self.thread_id, INBOX_LIMIT)
        await self.close(code=1013)  # try again later: the client reconnects and catches up

    async def connect(self):
        from discussions import selectors

        self.user = _scope_user(self.scope)
        self.language = language_for_scope(self.scope, self.user)
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        self.groups_joined: list[str] = []
        self.last_sent_id = 0
        self.client_had = 0  # the client said it has every post up to this id
        self.client_shown: set[int] = set()  # the posts its page shows (from its hello)
        self.sent_ids: set[int] = set()
        self.seq_mode = False  # the page said which event number it has (hello ``seq``)
        self.seq = 0  # the last event number sent to it
        self.ready = False
        self.last_typing = 0.0
        self.community_id = None
        self.can_post = self.is_moderator = False
        self.identity = None
        if not _is_id(self.thread_id):
            await self.close(code=4404)
            return
        if not self.take_socket_slot():
            await self.refuse_too_many_sockets()
            return
        if self.user.is_authenticated:
            # Join the user group before deciding access, so a revocation or logout that
            # commits while we decide still reaches this socket (no window to slip through).
            await self._join(events.user_group(self.user.pk))
            if not await _session_still_valid(self.scope):
                await self.close(code=4401)
                return
        access = await self.in_db(selectors.thread_socket_access)(
            user=self.user, thread_id=self.thread_id
        )
        if access is None:
            await self.close(code=4404)
            return
        self.community_id = access["community_id"]
        self.can_post = access["can_post"]
        self.is_moderator = access["is_moderator"]
        self.identity = access["identity"]
        await self.accept()
        try:
            self.fanout = await ThreadFanout.join(self.channel_layer, self.thread_id, self)
        except TimeoutError:
            logger.warning("thread %s: could not join the live events in time", self.thread_id)
            await self.close(code=1013)  # try again later
            return
        self.start_rechecks()
        if self.identity:
            await self.channel_layer.group_send(
                events.thread_group(self.thread_id),
                {"type": "presence.join", "who": self.identity, "reply_to": self.channel_name},
            )

    async def _join(self, group: str):
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)

    async def disconnect(self, code):
        self.cancel_tasks()
        if getattr(self, "identity", None) and self.fanout is not None:
            await self.channel_layer.group_send(
                events.thread_group(self.thread_id),
                {"type": "presence.leave", "who": self.identity, "channel": self.channel_name},
            )
        if self.fanout is not None:
            fanout, self.fanout = self.fanout, None
            await fanout.leave(self)
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = []

    def frame_handlers(self):
        return {
            **super().frame_handlers(),
            "hello": self.on_hello,
            "typing": self.on_typing,
            "post": self.on_post,
            "read": self.on_read,
        }

    # Client frames ----------------------------------------------------------------------

    async def on_hello(self, frame):
        from discussions import selectors

        last = frame.get("last_post_id", 0)
        if last is None:
            last = 0
        if not _is_id(last, minimum=0):
            await self.send_error(400, "last_post_id must be a non-negative integer.")
            return
        shown = frame.get("shown_ids") or []
        if not isinstance(shown, list) or not all(_is_id(i) for i in shown[:MAX_SHOWN_IDS]):
            await self.send_error(400, "shown_ids must be a list of post ids.")
            return
        from discussions.models import PostLanguage

        language = frame.get("language") or ""
        if language and language not in PostLanguage.values:
            await self.send_error(400, "language must be one of the post languages.")
            return
        after_seq = frame.get("seq")
        if after_seq is not None and not _is_id(after_seq, minimum=0):
            await self.send_error(400, "seq must be a non-negative integer.")
            return
        if not await self.within_budget("hello", HELLO_RATE, HELLO_BURST):
            return  # a catch-up is the costly frame: a few a minute
        missed = await self.in_db(selectors.posts_after)(
            user=self.user,
            thread_id=self.thread_id,
            after_id=last,
            limit=CATCHUP_LIMIT,
            shown_ids=shown[:MAX_SHOWN_IDS],
            language=language,
            after_seq=after_seq,
        )
        # What the client shows is not sent again; anything else it lacks is, even with
        # an id below one it has (a post published late, or missed on another worker).
        self.client_shown = set(shown[:MAX_SHOWN_IDS])
        by_seq = after_seq is not None
        if by_seq:
            # The page's event number and the ids it shows say what it has: from now on a
            # live event is sent only if it is newer than this catch-up (``_news``).
            self.seq_mode = True
            self.seq = missed["seq"]
        for post_id in missed["gone"]:  # hidden or deleted while the client was away
            await self.send_json({"type": "post.hidden", "post_id": post_id})
        self.last_sent_id = max(self.last_sent_id, last)
        # A live event still queued for a post the client already has (it arrived on its
        # previous socket) must not be shown twice.
        self.client_had = max(self.client_had, last)
        for post_id, html in missed["posts"]:
            if by_seq:
                self.sent_ids.add(post_id)
                self.last_sent_id = max(self.last_sent_id, post_id)
                await self.send_json({"type": "post.created", "post_id": post_id, "html": html})
            else:
                await self._deliver_post("post.created", post_id, html)
        for post_id, html in missed["updated"]:  # edited, reacted to, shown again, marked
            await self.send_json({"type": "post.updated", "post_id": post_id, "html": html})
        if missed["answer"] is not None:
            await self.send_json(
                {
                    "type": "thread.answer",
                    "post_id": missed.get("answer_id"),
                    "html": missed["answer"],
                }
            )
        if missed["locked"] is not None:  # locked or unlocked while the page was away
            await self.send_json({"type": "thread.locked", "locked": missed["locked"]})
        done = {"type": "catchup.done", "last_post_id": self.last_sent_id, "more": missed["more"]}
        if by_seq:
            done["seq"] = self.seq
        if missed["more"]:  # further behind than one catch-up re-sends: reload the page
            done["reload"] = True
            done["message"] = self.say(
                gettext_lazy("Many posts came in while you were away. Reload to see them all.")
            )
        await self.send_json(done)
        self.ready = True

    async def on_typing(self, frame):
        if not self.can_post:
            return
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL_SECONDS:
            return
        self.last_typing = now
        await self.channel_layer.group_send(
            events.thread_group(self.thread_id),
            {"type": "thread.typing", "who": self.identity, "channel": self.channel_name},
        )

    async def on_read(self, frame):
        from discussions import services

        post_id = frame.get("post_id")
        if not _is_id(post_id):
            await self.send_error(400, "post_id must be a post id.")
            return
        if not self.user.is_authenticated or self.community_id is None:
            return  # nobody's read state to keep
        # Only as far as this socket delivered (or the client had): nothing unseen.
        post_id = min(post_id, max(self.last_sent_id, self.client_had))
        if post_id <= getattr(self, "read_to", 0):
            return
        self.read_to = post_id
        await self.in_db(services.mark_seen_live)(
            user=self.user, thread_id=self.thread_id, post_id=post_id
        )

    async def on_post(self, frame):
        from discussions import services

        source = frame.get("source")
        token = frame.get("client_token", "")
        reply_to = frame.get("reply_to")
        language = frame.get("language")
        if token is None:
            token = ""
        if not isinstance(source, str) or not isinstance(token, str):
            await self.send_error(400, "A post needs 'source' (text) and 'client_token'.")
            return
        if reply_to is not None and not _is_id(reply_to):
            await self.send_error(400, "reply_to must be a post id.")
            return
        if language is not None and not isinstance(language, str):
            await self.send_error(400, "language must be a language code.")
            return
        if not self.user.is_authenticated:
            await self.send_error(
                401, self.say(gettext_lazy("Sign in to take part in the discussion."))
            )
            return
        try:
            post_id = await self.in_db(services.post_from_socket)(
                user=self.user,
                thread_id=self.thread_id,
                source=source,
                client_token=token[:64],
                reply_to_id=reply_to,
                language=language or None,
            )
        except ServiceError as error:
            # The same body as the JSON answer over HTTP (core.views.error_payload).
            await self.send_json(error_frame(error))
        else:
            await self.send_json(
                {"type": "post.accepted", "post_id": post_id, "client_token": token}
            )

    # Group events -----------------------------------------------------------------------

    async def _deliver_post(self, event: str, post_id: int, html: str, text: str = ""):
        if event == "post.created":
            # With the ids it shows, the client lacks whatever else there is; without
            # them (an older client), it is taken to have everything up to its last id.
            had = post_id in self.client_shown if self.client_shown else post_id <= self.client_had
            if post_id in self.sent_ids or had:
                return
            self.sent_ids.add(post_id)
            self.last_sent_id = max(self.last_sent_id, post_id)
        if text:
            await self.send_text(text)
        else:
            await self.send_json({"type": event, "post_id": post_id, "html": html})

    def _news(self, message) -> bool:
        """Is this thread event newer than what the page has? Once the page said which
        event number it has (a ``hello`` with ``seq``), an event at or below the number
        this socket sent it last is stale: a catch-up already sent the post's current
        state. Each frame sent moves the number on; a page that sees one that is not the
        next knows it missed something and asks (the frame carries ``seq``)."""
        seq = message.get("seq")
        if not self.seq_mode or seq is None:
            return True
        if seq <= self.seq:
            return False
        self.seq = seq
        return True

    async def thread_post(self, message):
        if not self.ready and message["event"] == "post.created":
            # Before catch-up the client is told nothing; catch-up will include it.
            return
        if not self._news(message):
            return
        # The same frame for every reader: encode it once per process, not once per socket
        # (the message is this process's own copy, shared by its sockets).
        # One encoding per language: the fragment's buttons speak the reader's language.
        frames = message.setdefault("_frames", {})
        html = for_language(message["html"], self.language)
        text = frames.get(self.language)
        if text is None:
            frame = {"type": message["event"], "post_id": message["post_id"], "html": html}
            if message.get("seq") is not None:
                frame["seq"] = message["seq"]
            text = frames[self.language] = json.dumps(frame)
        if self.seq_mode and message.get("seq") is not None:
            # In step by number: new to this page whatever it showed at its hello.
            if message["event"] == "post.created":
                self.sent_ids.add(message["post_id"])
                self.last_sent_id = max(self.last_sent_id, message["post_id"])
            await self.send_text(text)
            return
        await self._deliver_post(message["event"], message["post_id"], html, text)

    def _with_seq(self, frame: dict, message: dict) -> dict:
        if message.get("seq") is not None:
            frame["seq"] = message["seq"]
        return frame

    async def thread_post_hidden(self, message):
        if not self._news(message):
            return
        if self.is_moderator and message.get("moderator_html"):
            frame = {
                "type": "post.updated",
                "post_id": message["post_id"],
                "html": for_language(message["moderator_html"], self.language),
            }
        else:  # the id only: a hidden post's content is for the facilitators
            frame = {"type": "post.hidden", "post_id": message["post_id"]}
        await self.send_json(self._with_seq(frame, message))

    async def thread_answer(self, message):
        """The answer changed: the panel in this reader's language."""
        if not self._news(message):
            return
        frame = {
            "type": "thread.answer",
            "post_id": message["post_id"],
            "html": for_language(message["html"], self.language),
        }
        await self.send_json(self._with_seq(frame, message))

    async def thread_simple(self, message):
        if not self._news(message):
            return
        payload = {k: v for k, v in message.items() if k not in {"type", "event"} and v is not None}
        await self.send_json({"type": message["event"], **payload})

    async def thread_typing(self, message):
        if message.get("channel") != self.channel_name:
            await self.send_json({"type": "typing", "who": message["who"]})

    async def presence_join(self, message):
        if message.get("reply_to") == self.channel_name:
            return
        await self.send_json({"type": "presence", "action": "join", "who": message["who"]})
        if self.identity:
            # Many people in the thread at once: the newcomer may miss some names. Presence
            # is best-effort; a full channel must never take this socket down.
            with contextlib.suppress(ChannelFull):
                await self.channel_layer.send(
                    message["reply_to"], {"type": "presence.here", "who": self.identity}
                )

    async def presence_here(self, message):
        await self.send_json({"type": "presence", "action": "join", "who": message["who"]})

    async def presence_leave(self, message):
        if message.get("channel") != self.channel_name:
            await self.send_json({"type": "presence", "action": "leave", "who": message["who"]})

    def revoke(self) -> None:
        self.ready = False  # nothing more is delivered, even if the close is slow
        self.community_id = None

    async def access_revoked(self, message):
        if self.community_id is not None and message.get("community_id") == self.community_id:
            self.revoke()
            await self.send_json({"type": "access.revoked"})
            await self.close(code=4403)

    async def access_recheck(self, message):
        """Membership or the thread's community changed: decide again from the database."""
        from discussions import selectors

        if self.community_id is None or self.closing:
            return  # never authorised, or already revoked
        access = await self.in_db(selectors.thread_socket_access)(
            user=self.user, thread_id=self.thread_id
        )
        if access is None:
            self.revoke()
            await self.send_json({"type": "access.revoked"})
            await self.close(code=4403)
            return
        self.community_id = access["community_id"]
        self.can_post = access["can_post"]
        self.is_moderator = access["is_moderator"]

    access_granted = access_recheck

    async def session_ended(self, message):
        if message.get("session_key") in ("", _session_key(self.scope)):
            await self.close(code=4401)

    async def user_notification(self, message):
        """Thread sockets ignore notifications; the user socket shows them."""

    async def user_unread(self, message):
        """Thread sockets ignore the unread count; the user socket shows it."""


class UserConsumer(JsonFrameMixin, AsyncWebsocketConsumer):
    """``/ws/me/``: notifications and the live feed across my communities."""

    async def connect(self):
        from discussions import selectors

        self.user = _scope_user(self.scope)
        self.language = language_for_scope(self.scope, self.user)
        self.groups_joined: list[str] = []
        self.community_ids: set[int] = set()
        if not self.user.is_authenticated:
            await self.close(code=4401)
            return
        if not self.take_socket_slot():
            await self.refuse_too_many_sockets()
            return
        # The user group first: a revocation or logout committed while we read the
        # memberships is then queued for this socket rather than missed.
        await self._join(events.user_group(self.user.pk))
        if not await _session_still_valid(self.scope):
            await self.close(code=4401)
            return
        await self.accept()
        community_ids = await database_sync_to_async(selectors.member_community_ids)(user=self.user)
        for community_id in community_ids:
            await self._join(events.community_group(community_id))
        self.community_ids = set(community_ids)
        await self.mark_seen()
        self.start_rechecks()

    async def _join(self, group: str):
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)

    async def _leave(self, group: str):
        await self.channel_layer.group_discard(group, self.channel_name)
        if group in self.groups_joined:
            self.groups_joined.remove(group)

    async def disconnect(self, code):
        self.cancel_tasks()
        for group in list(getattr(self, "groups_joined", [])):
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = []

    async def feed_item(self, message):
        if message["community_id"] not in self.community_ids:
            return  # left (or never joined) meanwhile: fail closed
        await self.send_json(
            {
                "type": "feed.post",
                "community_id": message["community_id"],
                "html": for_language(message["html"], self.language),
            }
        )

    async def user_notification(self, message):
        await self.send_json(
            {"type": "notification", "unread": message["unread"], "html": message["html"]}
        )

    async def user_unread(self, message):
        await self.send_json({"type": "notification.count", "unread": message["unread"]})

    async def meeting_votes(self, message):
        """Live topic vote counts (meetings.events), for members only."""
        if message["community_id"] not in self.community_ids:
            return  # left (or never joined) meanwhile: fail closed
        await self.send_json(
            {
                "type": "topic.votes",
                "round_id": message["round_id"],
                "closed": message["closed"],
                "counts": message["counts"],
            }
        )

    async def meeting_board(self, message):
        """Live Open Space board (meetings.events), for members only."""
        if message["community_id"] not in self.community_ids:
            return  # left (or never joined) meanwhile: fail closed
        await self.send_json(
            {
                "type": "open_space.board",
                "session_id": message["session_id"],
                "day_id": message["day_id"],
                "sessions": message["sessions"],
                "counts": message["counts"],
            }
        )

    def revoke(self) -> None:
        self.community_ids = set()  # feed and boards stop at once

    async def access_revoked(self, message):
        self.community_ids.discard(message["community_id"])
        await self._leave(events.community_group(message["community_id"]))

    async def access_recheck(self, message):
        """Membership changed (joined, role): follow exactly the communities the database
        says, now."""
        from discussions import selectors

        if self.closing:
            return
        ids = set(await database_sync_to_async(selectors.member_community_ids)(user=self.user))
        for community_id in self.community_ids - ids:
            await self._leave(events.community_group(community_id))
        for community_id in ids - self.community_ids:
            await self._join(events.community_group(community_id))
        self.community_ids = ids

    access_granted = access_recheck

    async def session_ended(self, message):
        if message.get("session_key") in ("", _session_key(self.scope)):
            await self.close(code=4401)

    async def thread_post(self, message):
        """Not used on the user socket."""
