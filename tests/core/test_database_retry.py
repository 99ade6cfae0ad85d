"""A database connection that PostgreSQL ends under a request (a restart, a failover,
``pg_terminate_backend``) costs a reader a retry, not an error page (issue 20).

The fault is real: just before the request's n-th query, the test terminates that
request's own PostgreSQL backend from a second connection, so the query fails the way
it does when the server goes away.
"""

from __future__ import annotations

import contextlib
import time

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.demo import SEED_LIMITS
from discussions.models import Post
from tests.discussions.factories import ThreadFactory
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _terminate(pid: int) -> None:
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        password=params["PASSWORD"] or None,
        autocommit=True,
    ) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 5
        while killer.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            if time.monotonic() > deadline:
                raise AssertionError("the backend was not terminated")
            time.sleep(0.02)


@contextlib.contextmanager
def backend_terminated_before_query(n: int, *, times: int = 1):
    """Terminate the connection's backend before its n-th query, ``times`` times (each
    count starts again on the new connection)."""
    state = {"queries": 0, "terminated": 0}

    def wrapper(execute, sql, params, many, context):
        state["queries"] += 1
        if state["terminated"] < times and state["queries"] == n:
            state["terminated"] += 1
            state["queries"] = 0
            _terminate(connection.connection.info.backend_pid)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield state


@pytest.fixture
def thread(make_user, make_community):
    community = make_community()
    author = make_user()
    MembershipFactory(user=author, community=community)
    return ThreadFactory.create(community=community, author=author, title="Briefing experts")


# The test client re-raises an error a request logged even when the answer was fine.
def _client() -> Client:
    return Client(raise_request_exception=False)


def test_a_page_read_whose_connection_dropped_is_answered_again(thread):
    client = _client()
    url = reverse("thread_detail", args=[thread.pk])
    with backend_terminated_before_query(2) as state:
        response = client.get(url)
    assert state["terminated"] == 1
    assert response.status_code == 200
    assert "Briefing experts" in response.content.decode()


def test_a_read_that_fails_twice_gets_a_page_saying_to_reload(thread):
    client = _client()
    url = reverse("thread_detail", args=[thread.pk])
    with backend_terminated_before_query(2, times=2):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "lost its connection to the database" in response.content.decode()
    # The next request finds a working connection.
    assert client.get(url).status_code == 200


def test_a_write_whose_connection_dropped_is_not_repeated_and_says_to_check(thread, settings):
    settings.PRAXIS_DISCUSSION_LIMITS = SEED_LIMITS  # the reply follows the opening post at once
    client = _client()
    member = thread.author
    client.force_login(member)
    url = reverse("post_reply", args=[thread.pk])
    posts_before = Post.objects.count()
    with backend_terminated_before_query(6):
        response = client.post(url, {"source": "We brief them in writing first."})
    assert response.status_code == 503
    assert "check whether your change was saved" in response.content.decode()
    assert Post.objects.count() == posts_before  # the transaction was rolled back
    # Sending it again works.
    response = client.post(url, {"source": "We brief them in writing first."})
    assert response.status_code in (200, 302)
    assert Post.objects.count() == posts_before + 1
