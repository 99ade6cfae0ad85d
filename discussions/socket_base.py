"""What every Praxis WebSocket shares: defensive JSON frames, per-socket budgets, the
per-person socket cap, and re-checking the login session (used by ``discussions.consumers``
and the other apps' consumers built on it). The frames and close codes are described in
``discussions.consumers``."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import random
import time
from importlib import import_module

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import ChannelFull
from django.conf import settings
from django.contrib import auth
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.functional import empty
from django.utils.translation import gettext_lazy

from core.i18n import speaking
from core.presence import amark_seen

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 64 * 1024
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
# Ids travel through the database as signed 64-bit integers; anything larger is no id.
MAX_ID = 2**63 - 1
# Sockets one signed-in person may have open at once in this process (every tab has one or
# two); ``PRAXIS_MAX_SOCKETS_PER_USER`` overrides it. One more is closed with this code.
MAX_SOCKETS_PER_USER = 20
TOO_MANY_SOCKETS = 4409
_open_sockets: collections.Counter = collections.Counter()  # user id -> sockets open here
# A database connection lost under a socket's work (PostgreSQL restarted, a failover, a
# terminated backend): the socket stays open. A recheck of the login or of access is tried
# again after this many seconds, up to this many times (then the periodic one takes over).
DATABASE_ERRORS = (OperationalError, InterfaceError)
RECHECK_RETRY_SECONDS, RECHECK_RETRIES = 2.0, 5
RECHECKS = frozenset({"session.recheck", "access.recheck", "socket.recheck", "access.granted"})


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
            self.release_socket_slot()

    def take_socket_slot(self) -> bool:
        """Count this socket against its person's cap; False when they are at it."""
        user = getattr(self, "user", None)
        if user is None or not user.is_authenticated:
            return True  # anonymous readers are bounded by the server's own limits
        cap = getattr(settings, "PRAXIS_MAX_SOCKETS_PER_USER", MAX_SOCKETS_PER_USER)
        if _open_sockets[user.pk] >= cap:
            return False
        _open_sockets[user.pk] += 1
        self._socket_slot = user.pk
        return True

    def release_socket_slot(self) -> None:
        user_id = self.__dict__.pop("_socket_slot", None)
        if user_id is not None:
            _open_sockets[user_id] -= 1
            if _open_sockets[user_id] <= 0:
                del _open_sockets[user_id]

    async def refuse_too_many_sockets(self) -> None:
        """Accepted only to say why, then closed: a clear answer, not a failed handshake."""
        logger.info("user %s is at the cap of open sockets", getattr(self.user, "pk", None))
        await self.accept()
        await self.send_error(
            429,
            self.say(
                gettext_lazy(
                    "Too many Praxis pages are open at once. Close some of them, "
                    "then reload this page."
                )
            ),
        )
        await self.close(code=TOO_MANY_SOCKETS)

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
        except DATABASE_ERRORS:
            logger.warning("websocket frame %r: database unavailable", frame["type"][:40])
            await self.send_error(
                503, self.say(gettext_lazy("Praxis lost its connection to the database"))
            )
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
        try:
            await handler(message)
        except DATABASE_ERRORS:
            if message["type"].startswith("websocket."):
                raise  # a handshake that cannot be decided fails; the page retries
            # A channel-layer message: channels would close the socket. A live event lost
            # here is a gap the page's catch-up fills; a recheck is tried again shortly.
            logger.warning("websocket %r: database unavailable", message["type"])
            attempt = message.get("attempt", 0)
            if message["type"] in RECHECKS and attempt < RECHECK_RETRIES and not self.closing:
                self.start_task(self._again_later({**message, "attempt": attempt + 1}))

    async def _again_later(self, message: dict) -> None:
        await asyncio.sleep(RECHECK_RETRY_SECONDS)
        await self.to_self(message)

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
