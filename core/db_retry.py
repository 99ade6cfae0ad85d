"""A dropped database connection costs a reader a retry, not an error page.

PostgreSQL can end a connection under a running request (a restart, a failover, an
administrator's ``pg_terminate_backend``, a network blip). Django then answers 500. This
middleware, outermost, sees such a request end with a connection error
(``OperationalError`` or ``InterfaceError``, noted by the ``got_request_exception``
receiver below, which hears of errors anywhere: views, templates, other middleware):

- a read (GET, HEAD, OPTIONS) is answered again once, on a fresh connection: the reader
  gets the page; so is a write its view declares repeatable (``@repeatable_with_client_token``:
  a post sent with its client token, which the service turns into the first post rather
  than a second one, even when the connection dropped after the commit);
- any other write, or a request that fails a second time, gets a 503 page with
  ``Retry-After`` that says what happened and what to do (such writes are not repeated:
  the connection may have dropped after the commit). The page is rendered without
  touching the database.
"""

from __future__ import annotations

import functools
import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver

from core.error_pages import database_unavailable

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FAILURE = "_praxis_database_failure"
REPEATABLE = "_praxis_repeatable"
RETRY_AFTER_SECONDS = 5


@receiver(got_request_exception)
def note_database_failure(sender, request=None, **kwargs) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, OperationalError | InterfaceError):
        setattr(request, FAILURE, error)


def drop_broken_connections() -> None:
    """Close the connections the failure left unusable; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block or connection.connection is None:
            continue
        if not connection.is_usable():
            connection.close()


def repeatable_with_client_token(view):
    """The view's write may be sent again when it carries a client token: its service
    returns what the first attempt created instead of creating it twice."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.POST.get("client_token"):
            setattr(request, REPEATABLE, True)
        return view(request, *args, **kwargs)

    return wrapper


def _may_answer_again(request) -> bool:
    return request.method in SAFE_METHODS or getattr(request, REPEATABLE, False)


class DatabaseRetryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, FAILURE, None) is None:
            return response
        if _may_answer_again(request):
            delattr(request, FAILURE)
            drop_broken_connections()
            logger.warning(
                "Database connection lost during %s %s; answering again",
                request.method,
                request.path,
            )
            response = self.get_response(request)
            if getattr(request, FAILURE, None) is None:
                return response
        drop_broken_connections()
        response = database_unavailable(request)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
