"""Helpers for the live (WebSocket) tests: channel layers, sessions and frames.

Used by ``test_consumers.py`` (``WebsocketCommunicator`` on each channel layer) and
``test_cross_process.py`` (two Daphne processes sharing Redis).
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid

from channels.testing import WebsocketCommunicator
from django.test import Client

from tests.conftest import port_open, require_service
from tests.db_state import ensure_wagtail_root  # noqa: F401 (re-exported for the live tests)

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
HOW_TO_GET_REDIS = "start redis-server on 127.0.0.1:6379 or set REDIS_URL"


def require_redis() -> None:
    """Skip outside CI, fail in CI, when Redis cannot be reached."""
    require_service("Redis", port_open(REDIS_URL, 6379), HOW_TO_GET_REDIS)


def unique_prefix(label: str = "test") -> str:
    """Channel-layer key prefix of its own, so runs never see each other's messages."""
    return f"praxis-{label}-{uuid.uuid4().hex[:12]}"


def layer_config(kind: str, *, prefix: str | None = None) -> dict:
    """A CHANNEL_LAYERS setting for ``kind`` ("memory" or "redis")."""
    if kind == "memory":
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": prefix or unique_prefix(),
                # Short lifetimes: whatever a test leaves behind in Redis soon goes away.
                "expiry": 30,
                "group_expiry": 300,
            },
        }
    }


def session_key_for(user) -> str:
    """A real login session (as after signing in), for the socket's cookie. Synchronous."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies["sessionid"].value


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def ws_headers(session_key: str | None = None, origin: str = "http://testserver") -> list:
    headers = [(b"host", b"testserver")]
    if origin:
        headers.append((b"origin", origin.encode()))
    if session_key:
        headers.append((b"cookie", f"sessionid={session_key}".encode()))
    return headers


def communicator(path: str, session_key: str | None = None, **kwargs) -> WebsocketCommunicator:
    from config.asgi import application

    return WebsocketCommunicator(application, path, headers=ws_headers(session_key, **kwargs))


async def read_frame(socket: WebsocketCommunicator, timeout: float = 3.0) -> dict:
    """The next frame as a dict; a close comes back as ``{"type": "close", "code": ...}``.

    (A timeout here cancels the consumer: use ``socket.receive_nothing`` to check silence.)
    """
    output = await socket.receive_output(timeout)
    if output["type"] == "websocket.close":
        return {"type": "close", "code": output.get("code")}
    assert output["type"] == "websocket.send", output
    return json.loads(output["text"])


async def expect(
    socket: WebsocketCommunicator,
    wanted: str,
    *,
    timeout: float = 3.0,
    skip: tuple[str, ...] = ("presence",),
) -> dict:
    """The next frame of type ``wanted``, passing over frames of the ``skip`` types only."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        frame = await read_frame(socket, max(0.05, deadline - loop.time()))
        if frame["type"] == wanted:
            return frame
        assert frame["type"] in skip, f"expected {wanted!r}, got {frame}"


async def frames_until(
    socket: WebsocketCommunicator,
    last: str,
    *,
    timeout: float = 3.0,
    skip: tuple[str, ...] = ("presence",),
) -> list[dict]:
    """Every frame up to and including the first of type ``last`` (minus ``skip`` types)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    frames = []
    while True:
        frame = await read_frame(socket, max(0.05, deadline - loop.time()))
        if frame["type"] in skip:
            continue
        frames.append(frame)
        if frame["type"] == last:
            return frames


async def drain(socket: WebsocketCommunicator, quiet: float = 0.15) -> list[dict]:
    """Read whatever is already queued (presence, for instance) until ``quiet`` s of silence."""
    frames = []
    while not await socket.receive_nothing(timeout=quiet):
        frames.append(await read_frame(socket, 1.0))
    return frames
