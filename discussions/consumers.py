"""WebSocket consumers: thin adapters over permissions, selectors and services.

Client -> server frames (JSON objects with a ``type``):
- ``hello``   {last_post_id, shown_ids?}: catch up from the database, then live (no gaps,
  no duplicates); posts among ``shown_ids`` hidden or deleted meanwhile are taken down
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
``core.views.error_payload`` too}, ``pong``, ``catchup.done`` {last_post_id, more; when
more was missed than ``CATCHUP_LIMIT``: reload, message}.

Each socket has a frame budget: ``hello`` a few a minute, any frame 20 a second; over it,
an ``error`` 429 {retry_after}; a socket that keeps going over is closed 4429.

Close codes: 4401 not signed in (where required; also once the login ends elsewhere: a
sign-out, a password change in another session, deactivation), 4404 no such thread or no
access, 4403 access revoked, 4400 bad frames, 4413 frame too large, 4429 too many frames,
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
import random
import time
import weakref
from importlib import import_module

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import ChannelFull, StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.utils import await_many_dispatch
from django.conf import settings
from django.contrib import auth
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.functional import empty
from django.utils.translation import gettext_lazy

from core.errors import ServiceError
from core.i18n import for_language, language_for_scope, speaking
from core.presence import amark_seen
from core.views import error_frame
from discussions import events

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 64 * 1024
TYPING_INTERVAL_SECONDS = 3.0
# Posts re-sent by one catch-up; a client further behind is told to reload the page.
CATCHUP_LIMIT = 200
MAX_SHOWN_IDS = 500  # posts on screen a client may ask about on (re)connect
MAX_BAD_FRAMES = 5
# Per-socket frame budget (token buckets): any frames 20 a second (bursts of 40), catch-ups
# ("hello") 5 a minute. A frame over budget is refused with an error; a socket that keeps
# going over (20 refusals, forgiven one per 10 s) is closed 4429.
FRAME_RATE, FRAME_BURST = 20.0, 40
HELLO_RATE, HELLO_BURST = 5 / 60, 5
MAX_REFUSALS, REFUSALS_FORGIVEN_PER_SECOND = 20, 0.1
RECONNECT = 4000  # the client reconnects at once and is decided again on connect
# Every socket checks its login and access again this often (with jitter), as a backstop
# for changes no event announces (a bulk update, an expired session); events close it
# within moments otherwise.
RECHECK_SECONDS = 60
# A fan-out that cannot join its group (the channel layer is unreachable) gives up then.
JOIN_TIMEOUT_SECONDS = 10
# Ids travel through the database as signed 64-bit integers; anything larger is no id.
MAX_ID = 2**63 - 1
# Thread events queued for one socket; a socket this far behind is closed (the browser
# reconnects and catches up from the database) rather than silently skipping events.
INBOX_LIMIT = 1000


class TokenBucket:
    """``burst`` tokens, refilled at ``rate`` a second; ``take()`` spends one if there is."""

    def __init__(self, rate: float, burst: float):
        self.rate, self.burst = rate, burst
        self.tokens, self.at = float(burst), time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def wait(self) -> int:
        """Seconds until the next token."""
        return max(1, int((1 - self.tokens) / self.rate + 0.999))


def _is_id(value, *, minimum: int = 1) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and minimum <= value <= MAX_ID


class JsonFrameMixin:
    """Parse frames defensively: bad input gets an error frame or a close, never a crash."""

    bad_frames = 0
    closing = False
    language = settings.LANGUAGE_CODE  # the reader's, set on connect

    def say(self, message) -> str:
        """A message for the person at this socket, in their language."""
        with translation.override(self.language):
            return str(message)

    def in_db(self, function):
        """``function`` on the database thread, in the reader's language (fragments it
        renders and refusals it raises speak to this reader)."""
        return database_sync_to_async(speaking(self.language, function))

    async def close(self, code=None, reason=None):
        # After a close (revocation, logout, bad frames) nothing more is sent.
        self.closing = True
        await super().close(code=code, reason=reason)

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.cancel_tasks()  # however the socket ended (a server shutdown too)

    def start_task(self, coroutine) -> asyncio.Task:
        """A task of this socket's own: cancelled when the socket goes (``cancel_tasks``)."""
        tasks = self.__dict__.setdefault("_tasks", set())
        task = asyncio.ensure_future(coroutine)
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return task

    def cancel_tasks(self) -> None:
        for task in list(self.__dict__.get("_tasks", ())):
            task.cancel()

    def start_rechecks(self) -> None:
        self.start_task(self._recheck_periodically())

    async def _recheck_periodically(self):
        interval = getattr(settings, "PRAXIS_SOCKET_RECHECK_SECONDS", RECHECK_SECONDS)
        while True:
            await asyncio.sleep(interval * random.uniform(0.75, 1.25))  # noqa: S311
            await self.to_self({"type": "socket.recheck"})

    async def to_self(self, message: dict) -> None:
        """Handle ``message`` in this socket's own order, after what is queued already."""
        with contextlib.suppress(ChannelFull):
            await self.channel_layer.send(self.channel_name, message)

    async def session_recheck(self, message):
        """The password or the active flag changed: is this socket's login still good?"""
        if self.closing:
            return
        state = await database_sync_to_async(_login_state)(self.scope)
        if state == VALID:
            return
        self.revoke()
        # Gone from the store: perhaps only given a new key (the session that changed the
        # password): the browser reconnects with its cookie and is decided on connect.
        await self.close(code=4401 if state == ENDED else RECONNECT)

    async def socket_recheck(self, message):
        await self.session_recheck(message)
        if not self.closing:
            await self.access_recheck(message)

    def revoke(self) -> None:
        """Nothing more is delivered, even if the close is slow."""

    async def access_recheck(self, message):
        """Decide access again from the database (each consumer its own)."""

    async def mark_seen(self) -> None:
        """Reading or writing live: no e-mail about it (at most once a minute)."""
        user = getattr(self, "user", None)
        now = time.monotonic()
        if user is not None and user.is_authenticated and now - getattr(self, "_seen", -60) >= 60:
            self._seen = now
            await amark_seen(user.pk)

    def budget(self, name: str, rate: float, burst: float) -> TokenBucket:
        buckets = self.__dict__.setdefault("_buckets", {})
        if name not in buckets:
            buckets[name] = TokenBucket(rate, burst)
        return buckets[name]

    async def within_budget(self, name: str, rate: float, burst: float) -> bool:
        """Spend one of this socket's ``name`` tokens; none left: refuse the frame (an
        error frame), and close the socket (4429) if it keeps going over."""
        bucket = self.budget(name, rate, burst)
        if bucket.take():
            return True
        if not self.budget("refusals", REFUSALS_FORGIVEN_PER_SECOND, MAX_REFUSALS).take():
            await self.close(code=4429)
            return False
        await self.send_error(
            429,
            self.say(gettext_lazy("Too many messages at once. Wait a moment and try again.")),
            retry_after=bucket.wait(),
        )
        return False

    async def receive(self, text_data=None, bytes_data=None):
        if self.closing or not await self.within_budget("frames", FRAME_RATE, FRAME_BURST):
            return
        await self.mark_seen()
        raw = text_data if text_data is not None else (bytes_data or b"")
        size = len(raw.encode() if isinstance(raw, str) else raw)
        if size > MAX_FRAME_BYTES:
            await self.send_error(
                413, self.say(gettext_lazy("This is too long to send (the limit is 64 KB)."))
            )
            await self.close(code=4413)
            return
        try:
            frame = json.loads(raw)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            await self.bad_frame("Frames must be JSON objects.")
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.bad_frame("Frames must be JSON objects with a 'type'.")
            return
        handler = self.frame_handlers().get(frame["type"])
        if handler is None:
            await self.bad_frame(f"Unknown frame type: {frame['type'][:40]}")
            return
        try:
            await handler(frame)
        except Exception:  # one bad frame must never take the socket (or server) down
            logger.exception("websocket frame %r failed", frame["type"][:40])
            await self.send_error(
                500, self.say(gettext_lazy("Something went wrong; please try again."))
            )

    async def dispatch(self, message):
        """As channels' own, minus ``aclose_old_connections()`` before every message: that is
        a hop to the single database thread per delivered message, which serialises a
        thread's fan-out (1,000 subscribers: 1,000 hops in a row). Every database call here
        goes through ``database_sync_to_async``, which closes old connections itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    def frame_handlers(self) -> dict:
        return {"ping": self.on_ping}

    async def on_ping(self, frame):
        await self.send_json({"type": "pong"})

    async def bad_frame(self, message: str):
        self.bad_frames += 1
        await self.send_error(400, message)
        if self.bad_frames >= MAX_BAD_FRAMES:
            await self.close(code=4400)

    async def send_json(self, payload: dict):
        await self.send_text(json.dumps(payload))

    async def send_text(self, text: str):
        if self.closing:
            return
        await self.send(text_data=text)

    async def send_error(self, code: int, message: str, **extra):
        await self.send_json({"type": "error", "code": code, "message": message, **extra})


def _scope_user(scope):
    """The signed-in user itself, not channels' lazy wrapper around it."""
    user = scope["user"]
    wrapped = getattr(user, "_wrapped", None)
    if wrapped is not None and wrapped is not empty:
        return wrapped
    return user


def _session_key(scope) -> str:
    session = scope.get("session")
    return (getattr(session, "session_key", None) or "") if session is not None else ""


VALID, ENDED, MOVED = "valid", "ended", "moved"


def _login_state(scope) -> str:
    """Does the socket's login session still sign this person in, as an HTTP request with
    the same cookie would be (``django.contrib.auth.get_user``, without its side effects)?

    ``ended``: deactivated, deleted, or the session's auth hash no longer matches (the
    password changed in another session). ``moved``: the session is gone from the store;
    after a password change ``update_session_auth_hash`` gives the changing session a new
    key, so the browser may well still be signed in under another cookie: it reconnects
    and is decided again on connect. Synchronous (the database thread)."""
    user = _scope_user(scope)
    key = _session_key(scope)
    if not getattr(user, "is_authenticated", False) or not key:
        return VALID  # anonymous: nothing to lose
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    if auth.SESSION_KEY not in store:  # loads it: empty when gone
        return MOVED
    if str(store[auth.SESSION_KEY]) != str(user.pk):
        return ENDED
    backend_path = store.get(auth.BACKEND_SESSION_KEY)
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return ENDED
    fresh = auth.load_backend(backend_path).get_user(user.pk)
    if fresh is None or not getattr(fresh, "is_active", True):
        return ENDED  # ModelBackend gives None for an inactive account too
    session_hash = store.get(auth.HASH_SESSION_KEY) or ""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if any(
        constant_time_compare(session_hash, fresh._get_session_auth_hash(secret=secret))
        for secret in secrets
    ):
        return VALID
    return ENDED


async def _session_still_valid(scope) -> bool:
    """Was the login session ended (logout, password change, deactivation) between the
    auth middleware and joining the user group? Then the event was missed: refuse now."""
    return await database_sync_to_async(_login_state)(scope) == VALID


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
        self.ready = False
        self.last_typing = 0.0
        self.community_id = None
        self.can_post = self.is_moderator = False
        self.identity = None
        if not _is_id(self.thread_id):
            await self.close(code=4404)
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
        if not await self.within_budget("hello", HELLO_RATE, HELLO_BURST):
            return  # a catch-up is the costly frame: a few a minute
        missed = await self.in_db(selectors.posts_after)(
            user=self.user,
            thread_id=self.thread_id,
            after_id=last,
            limit=CATCHUP_LIMIT,
            shown_ids=shown[:MAX_SHOWN_IDS],
            language=language,
        )
        # What the client shows is not sent again; anything else it lacks is, even with
        # an id below one it has (a post published late, or missed on another worker).
        self.client_shown = set(shown[:MAX_SHOWN_IDS])
        for post_id in missed["gone"]:  # hidden or deleted while the client was away
            await self.send_json({"type": "post.hidden", "post_id": post_id})
        self.last_sent_id = max(self.last_sent_id, last)
        # A live event still queued for a post the client already has (it arrived on its
        # previous socket) must not be shown twice.
        self.client_had = max(self.client_had, last)
        for post_id, html in missed["posts"]:
            await self._deliver_post("post.created", post_id, html)
        done = {"type": "catchup.done", "last_post_id": self.last_sent_id, "more": missed["more"]}
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

    async def thread_post(self, message):
        if not self.ready and message["event"] == "post.created":
            # Before catch-up the client is told nothing; catch-up will include it.
            return
        # The same frame for every reader: encode it once per process, not once per socket
        # (the message is this process's own copy, shared by its sockets).
        # One encoding per language: the fragment's buttons speak the reader's language.
        frames = message.setdefault("_frames", {})
        html = for_language(message["html"], self.language)
        text = frames.get(self.language)
        if text is None:
            text = frames[self.language] = json.dumps(
                {"type": message["event"], "post_id": message["post_id"], "html": html}
            )
        await self._deliver_post(message["event"], message["post_id"], html, text)

    async def thread_post_hidden(self, message):
        if self.is_moderator and message.get("moderator_html"):
            await self.send_json(
                {
                    "type": "post.updated",
                    "post_id": message["post_id"],
                    "html": for_language(message["moderator_html"], self.language),
                }
            )
        else:
            await self.send_json({"type": "post.hidden", "post_id": message["post_id"]})

    async def thread_answer(self, message):
        """The answer changed: the panel in this reader's language."""
        await self.send_json(
            {
                "type": "thread.answer",
                "post_id": message["post_id"],
                "html": for_language(message["html"], self.language),
            }
        )

    async def thread_simple(self, message):
        payload = {k: v for k, v in message.items() if k not in {"type", "event"}}
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
