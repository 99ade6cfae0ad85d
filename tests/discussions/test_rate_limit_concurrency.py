"""Posting limits under real concurrency (issue 23): one account firing replies (or new
threads) at once, each from its own thread with its own database connection, as several
workers or sockets would. The limits are checked under a lock on the author, so exactly
one post gets through the interval, whatever thread it goes to and whichever way it
comes in (HTTP or the socket's ``post`` frame, both through ``services.post_create``)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from core.errors import ServiceError
from discussions import services
from discussions.models import Post
from tests.discussions.factories import ThreadFactory
from tests.factories import CommunityPageFactory, MembershipFactory, UserFactory

RACERS = 10
JSON = {"HTTP_ACCEPT": "application/json"}


def _race(work, count: int = RACERS) -> list[str]:
    """Run ``work(i)`` in ``count`` threads released together; each returns an outcome.
    Every thread closes its own connection."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcome = work(i)
        except ServiceError as error:
            outcome = error.code
        except Exception as error:  # noqa: BLE001 - the test reports what went wrong
            outcome = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racer hung"
    return outcomes


@pytest.fixture
def slow_posting(monkeypatch):
    """Widen the race: between the limit checks and the new row's insert each writer
    waits a little, as a busy server would (rendering a long post)."""
    render = services.render_markdown

    def slow_render(source):
        time.sleep(0.15)
        return render(source)

    monkeypatch.setattr(services, "render_markdown", slow_render)


@pytest.fixture
def racing_world(settings):
    """A member of several communities and a thread in each: ``post_create`` locks the
    thread (and, joined, its community), so only different communities share no lock
    but the author."""
    host, racer = UserFactory(), UserFactory()
    threads = []
    for n in range(RACERS):
        community = CommunityPageFactory(title=f"Concurrent practice {n}")
        MembershipFactory(user=host, community=community)
        MembershipFactory(user=racer, community=community)
        threads.append(ThreadFactory.create(community=community, author=host))
    return threads[0].community, racer, threads


def _assert_one_post_in_the_interval(racer, outcomes, codes=("rate_limited",)):
    posts = Post.objects.filter(author=racer).order_by("created_at")
    assert posts.count() == 1, (posts.count(), outcomes)
    assert outcomes.count("posted") == 1, outcomes
    assert sorted(set(outcomes) - {"posted"}) == sorted(codes), outcomes


def _replies_over(channel: str, racer, threads):
    if channel == "http":
        clients = []
        for _ in threads:
            client = Client()
            client.force_login(racer, backend="django.contrib.auth.backends.ModelBackend")
            clients.append(client)

        def work(i):
            response = clients[i].post(
                f"/threads/{threads[i].pk}/reply/", {"source": f"Reply number {i}"}, **JSON
            )
            if response.status_code in (200, 201):
                return "posted"
            return {429: "rate_limited"}.get(response.status_code, str(response.status_code))

        return work

    def work(i):
        # The socket's ``post`` frame: the consumer calls this adapter in a worker thread.
        services.post_from_socket(
            user=racer,
            thread_id=threads[i].pk,
            source=f"Reply number {i}",
            client_token=f"token-{i}",
            reply_to_id=None,
        )
        return "posted"

    return work


def _check_replies_race(settings, racing_world, channel):
    community, racer, threads = racing_world
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 5, "NEW_ACCOUNT_MAX_POSTS": 100}

    outcomes = _race(_replies_over(channel, racer, threads))

    _assert_one_post_in_the_interval(racer, outcomes)


@pytest.mark.postgres  # row locks are what is tested; CI's PostgreSQL step runs this
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("channel", ["http", "socket"])
def test_concurrent_replies_to_different_threads_postgresql(
    settings, racing_world, slow_posting, channel
):
    _check_replies_race(settings, racing_world, channel)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("channel", ["http", "socket"])
def test_concurrent_replies_to_different_threads(settings, racing_world, slow_posting, channel):
    """On SQLite the same race (writers serialised by BEGIN IMMEDIATE); on PostgreSQL the
    same test again, so both databases run it in CI."""
    _check_replies_race(settings, racing_world, channel)


def _check_new_account_cap(settings, racing_world):
    community, racer, _threads = racing_world
    settings.PRAXIS_DISCUSSION_LIMITS = {
        "POST_INTERVAL_SECONDS": 0,
        "NEW_ACCOUNT_MAX_POSTS": 3,
        "NEW_ACCOUNT_HOURS": 24,
    }

    def work(i):
        services.thread_create(
            author=racer,
            community=community,
            title=f"A new thread number {i}",
            source=f"Opening post number {i}",
        )
        return "posted"

    outcomes = _race(work)

    assert Post.objects.filter(author=racer).count() == 3, outcomes
    assert outcomes.count("posted") == 3 and outcomes.count("rate_limited") == RACERS - 3, outcomes


def _check_duplicate_window(settings, racing_world):
    community, racer, threads = racing_world
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0, "NEW_ACCOUNT_MAX_POSTS": 100}

    def work(i):
        services.post_create(author=racer, thread=threads[i], source="Exactly the same text")
        return "posted"

    outcomes = _race(work)

    _assert_one_post_in_the_interval(racer, outcomes, codes=("duplicate_text",))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("check", [_check_new_account_cap, _check_duplicate_window])
def test_first_day_cap_and_duplicate_window_hold_under_concurrency_postgresql(
    settings, racing_world, slow_posting, check
):
    check(settings, racing_world)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("check", [_check_new_account_cap, _check_duplicate_window])
def test_first_day_cap_and_duplicate_window_hold_under_concurrency(
    settings, racing_world, slow_posting, check
):
    check(settings, racing_world)
