"""Django's Redis cache, for which Redis is a cache and never a dependency of a page.

With Redis down or unreachable, every read answers as a miss (the default), every write is
dropped, and the page goes on from the database: Wagtail's site root paths, the
navigation, rate-limit counters and presence simply start cold. Each failure is logged,
at most once a minute per process, so an outage does not flood the log. The client gives
up on a connection after ``socket_connect_timeout``/``socket_timeout`` seconds (set in
``CACHES[...]["OPTIONS"]``), so a Redis that hangs costs a page half a second, not a hang.
"""

from __future__ import annotations

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60
_last_logged = 0.0


def _log(operation: str, error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning("cache unavailable (%s: %s); answering without it", operation, error)


def _degrading(answer):
    """Run the cache operation; on a Redis error, log and return ``answer(args, kwargs)``."""

    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                _log(method.__name__, error)
                return answer(args, kwargs)

        return wrapper

    return decorate


def _default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class ResilientRedisCache(RedisCache):
    get = _degrading(_default)(RedisCache.get)
    set = _degrading(lambda args, kwargs: None)(RedisCache.set)
    add = _degrading(lambda args, kwargs: False)(RedisCache.add)
    touch = _degrading(lambda args, kwargs: False)(RedisCache.touch)
    delete = _degrading(lambda args, kwargs: False)(RedisCache.delete)
    has_key = _degrading(lambda args, kwargs: False)(RedisCache.has_key)
    get_many = _degrading(lambda args, kwargs: {})(RedisCache.get_many)
    set_many = _degrading(lambda args, kwargs: list(args[0]) if args else [])(RedisCache.set_many)
    delete_many = _degrading(lambda args, kwargs: None)(RedisCache.delete_many)
    clear = _degrading(lambda args, kwargs: False)(RedisCache.clear)
