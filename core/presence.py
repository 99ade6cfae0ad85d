"""Who is using Praxis right now, so e-mail is not sent about what a person sees live.

A page request or a live socket frame marks the person as seen; the mark lasts
``PRAXIS_AWAY_AFTER`` seconds (default five minutes). It lives in the cache (Redis in
scale-out, shared by every process; process memory in the embedded default, where the
server itself sends the e-mail). A lost mark only means an e-mail comes sooner.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(user_id: int) -> str:
    return f"presence:{user_id}"


def away_after() -> int:
    return int(getattr(settings, "PRAXIS_AWAY_AFTER", 300))


def mark_seen(user_id: int) -> None:
    try:
        cache.set(_key(user_id), 1, timeout=away_after())
    except Exception:  # noqa: BLE001 - presence is a hint; a cache outage must not break pages
        logger.warning("Could not record presence", exc_info=True)


async def amark_seen(user_id: int) -> None:
    """From a socket: the cache call runs off the event loop, in a worker thread."""
    from asgiref.sync import sync_to_async

    await sync_to_async(mark_seen, thread_sensitive=False)(user_id)


def seen_recently(user_id: int) -> bool:
    try:
        return bool(cache.get(_key(user_id)))
    except Exception:  # noqa: BLE001
        return False


class PresenceMiddleware:
    """Marks a signed-in person as seen on each page they load."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            mark_seen(user.pk)
        return self.get_response(request)
