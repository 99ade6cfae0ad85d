"""WebSocket consumers: thin adapters over permissions, selectors and services.

Client -> server frames (JSON objects with a ``type``):
- ``hello``   {last_post_id}: catch up from the database, then live (no gaps, no duplicates)
- ``typing``  {}: throttled, broadcast, never stored
- ``post``    {source, client_token, reply_to?}: same service and limits as HTTP posting
- ``ping``    {}
Server -> client frames: ``post.created``, ``post.updated``, ``post.hidden``,
``reaction.changed``, ``thread.locked``, ``thread.answer``, ``typing``, ``presence``,
``error`` {code, message, retry_after?}, ``pong``, ``catchup.done``.

Close codes: 4401 not signed in (where required), 4404 no such thread or no access,
4403 access revoked, 4400 bad frames, 4413 frame too large.
"""

from __future__ import annotations

import json
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from discussions import events

MAX_FRAME_BYTES = 64 * 1024
TYPING_INTERVAL_SECONDS = 3.0
CATCHUP_LIMIT = 500
MAX_BAD_FRAMES = 5


class JsonFrameMixin:
    """Parse frames defensively: bad input gets an error frame or a close, never a crash."""

    bad_frames = 0

    async def receive(self, text_data=None, bytes_data=None):
        raw = text_data if text_data is not None else (bytes_data or b"")
        size = len(raw.encode() if isinstance(raw, str) else raw)
        if size > MAX_FRAME_BYTES:
            await self.send_error(413, "Frame too large (limit 64 KB).")
            await self.close(code=4413)
            return
        try:
            frame = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            await self.bad_frame("Frames must be JSON objects.")
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.bad_frame("Frames must be JSON objects with a 'type'.")
            return
        handler = self.frame_handlers().get(frame["type"])
        if handler is None:
            await self.bad_frame(f"Unknown frame type: {frame['type'][:40]}")
            return
        await handler(frame)

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
        await self.send(text_data=json.dumps(payload))

    async def send_error(self, code: int, message: str, **extra):
        await self.send_json({"type": "error", "code": code, "message": message, **extra})


def _session_key(scope) -> str:
    session = scope.get("session")
    return (getattr(session, "session_key", None) or "") if session is not None else ""


class ThreadConsumer(JsonFrameMixin, AsyncWebsocketConsumer):
    """``/ws/threads/<id>/``: one open thread."""

    async def connect(self):
        from discussions import selectors

        self.user = self.scope["user"]
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        self.groups_joined: list[str] = []
        self.last_sent_id = 0
        self.sent_ids: set[int] = set()
        self.ready = False
        self.last_typing = 0.0
        access = await database_sync_to_async(selectors.thread_socket_access)(
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
        await self._join(events.thread_group(self.thread_id))
        if self.user.is_authenticated:
            await self._join(events.user_group(self.user.pk))
        if self.identity:
            await self.channel_layer.group_send(
                events.thread_group(self.thread_id),
                {"type": "presence.join", "who": self.identity, "reply_to": self.channel_name},
            )

    async def _join(self, group: str):
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)

    async def disconnect(self, code):
        if getattr(self, "identity", None) and getattr(self, "groups_joined", None):
            await self.channel_layer.group_send(
                events.thread_group(self.thread_id),
                {"type": "presence.leave", "who": self.identity, "channel": self.channel_name},
            )
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = []

    def frame_handlers(self):
        return {
            **super().frame_handlers(),
            "hello": self.on_hello,
            "typing": self.on_typing,
            "post": self.on_post,
        }

    # Client frames ----------------------------------------------------------------------

    async def on_hello(self, frame):
        from discussions import selectors

        last = frame.get("last_post_id", 0)
        if not isinstance(last, int) or isinstance(last, bool) or last < 0:
            await self.send_error(400, "last_post_id must be a non-negative integer.")
            return
        missed = await database_sync_to_async(selectors.posts_after)(
            user=self.user, thread_id=self.thread_id, after_id=last, limit=CATCHUP_LIMIT
        )
        self.last_sent_id = max(self.last_sent_id, last)
        for post_id, html in missed["posts"]:
            await self._deliver_post("post.created", post_id, html)
        await self.send_json(
            {"type": "catchup.done", "last_post_id": self.last_sent_id, "more": missed["more"]}
        )
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

    async def on_post(self, frame):
        from discussions import services

        source = frame.get("source")
        token = frame.get("client_token", "")
        reply_to = frame.get("reply_to")
        if not isinstance(source, str) or not isinstance(token, str):
            await self.send_error(400, "A post needs 'source' (text) and 'client_token'.")
            return
        if reply_to is not None and (not isinstance(reply_to, int) or isinstance(reply_to, bool)):
            await self.send_error(400, "reply_to must be a post id.")
            return
        result = await database_sync_to_async(services.post_from_socket)(
            user=self.user,
            thread_id=self.thread_id,
            source=source,
            client_token=token[:64],
            reply_to_id=reply_to,
        )
        if result.get("error"):
            await self.send_error(**result["error"])
        else:
            await self.send_json(
                {"type": "post.accepted", "post_id": result["post_id"], "client_token": token}
            )

    # Group events -----------------------------------------------------------------------

    async def _deliver_post(self, event: str, post_id: int, html: str):
        if event == "post.created":
            if post_id in self.sent_ids:
                return
            self.sent_ids.add(post_id)
            self.last_sent_id = max(self.last_sent_id, post_id)
        await self.send_json({"type": event, "post_id": post_id, "html": html})

    async def thread_post(self, message):
        if not self.ready and message["event"] == "post.created":
            # Before catch-up the client is told nothing; catch-up will include it.
            return
        await self._deliver_post(message["event"], message["post_id"], message["html"])

    async def thread_post_hidden(self, message):
        if self.is_moderator and message.get("moderator_html"):
            await self.send_json(
                {
                    "type": "post.updated",
                    "post_id": message["post_id"],
                    "html": message["moderator_html"],
                }
            )
        else:
            await self.send_json({"type": "post.hidden", "post_id": message["post_id"]})

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
            await self.channel_layer.send(
                message["reply_to"], {"type": "presence.here", "who": self.identity}
            )

    async def presence_here(self, message):
        await self.send_json({"type": "presence", "action": "join", "who": message["who"]})

    async def presence_leave(self, message):
        if message.get("channel") != self.channel_name:
            await self.send_json({"type": "presence", "action": "leave", "who": message["who"]})

    async def access_revoked(self, message):
        if message.get("community_id") == self.community_id:
            await self.send_json({"type": "access.revoked"})
            await self.close(code=4403)

    async def access_recheck(self, message):
        """Membership or the thread's community changed: decide again from the database."""
        from discussions import selectors

        access = await database_sync_to_async(selectors.thread_socket_access)(
            user=self.user, thread_id=self.thread_id
        )
        if access is None:
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


class UserConsumer(JsonFrameMixin, AsyncWebsocketConsumer):
    """``/ws/me/``: notifications and the live feed across my communities."""

    async def connect(self):
        from discussions import selectors

        self.user = self.scope["user"]
        self.groups_joined: list[str] = []
        if not self.user.is_authenticated:
            await self.close(code=4401)
            return
        await self.accept()
        await self._join(events.user_group(self.user.pk))
        community_ids = await database_sync_to_async(selectors.member_community_ids)(user=self.user)
        for community_id in community_ids:
            await self._join(events.community_group(community_id))

    async def _join(self, group: str):
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)

    async def _leave(self, group: str):
        await self.channel_layer.group_discard(group, self.channel_name)
        if group in self.groups_joined:
            self.groups_joined.remove(group)

    async def disconnect(self, code):
        for group in list(getattr(self, "groups_joined", [])):
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = []

    async def feed_item(self, message):
        await self.send_json(
            {"type": "feed.post", "community_id": message["community_id"], "html": message["html"]}
        )

    async def user_notification(self, message):
        await self.send_json(
            {"type": "notification", "unread": message["unread"], "html": message["html"]}
        )

    async def access_revoked(self, message):
        await self._leave(events.community_group(message["community_id"]))

    async def access_granted(self, message):
        from discussions import selectors

        ids = await database_sync_to_async(selectors.member_community_ids)(user=self.user)
        if message["community_id"] in ids:
            group = events.community_group(message["community_id"])
            if group not in self.groups_joined:
                await self._join(group)

    async def session_ended(self, message):
        if message.get("session_key") in ("", _session_key(self.scope)):
            await self.close(code=4401)

    async def thread_post(self, message):
        """Not used on the user socket."""
