"""Faults under load: a live thread through a Redis outage, a killed worker and terminated
database connections, with two Daphne workers sharing PostgreSQL and a private Redis.

Run from the repository root (PostgreSQL on 127.0.0.1:5432, user postgres, trust; Debian's
redis-server installed):

    .venv/bin/python benchmarks/faults.py [--subscribers 100] [--interval 0.5]
        [--scenarios steady redis worker database]

It creates a scratch PostgreSQL database and starts its own redis-server on a spare port
and two Daphne workers (``config.settings.bench``, channels_redis and the Redis cache on
that server), both stopped (by process id) and dropped at the end. Subscribers are
anonymous readers of one public thread, spread over the two workers, each behaving as the
thread page does (``static/js/thread.js`` and ``live.js``): a ``hello`` with its event
number and shown ids on every (re)connect, a catch-up when a frame's number skips one,
reconnects with backoff capped at 4 s (to either worker, as behind a load balancer).
Posters reply through HTTP every ``--interval`` seconds (to the workers in turn) and a
reader asks for the thread page as often. Each scenario:

- steady: 15 s of load, no fault (the baseline of the same run);
- redis: the private redis-server is killed (SIGKILL) for 10 s, then started again, empty;
- worker: one Daphne worker is killed (SIGKILL) and started again 5 s later;
- restart: both workers are killed and started again 5 s later (every subscriber
  reconnects at once: with ``--subscribers 1000``, 1,000 clients);
- database: every PostgreSQL connection of the two workers is terminated
  (``pg_terminate_backend``), three times one second apart.

After the fault, load goes on for 15 s and one last post is made; then, with no extra
help, every subscriber must show every acknowledged post exactly once. The script prints,
per scenario: HTTP answers by status during the run ("refused": the killed worker's port;
there is no load balancer here to route around it), posts acknowledged, subscribers with
a post missing, posts a subscriber was sent twice (a page shows them once: it replaces a
post by its id), open sockets that dropped and the longest time a
subscriber was without one (from the drop until its catch-up finished), and recovery:
seconds from the fault's end until every subscriber again received each new post within
2 s of its acknowledgement.
Bounded: it only talks to 127.0.0.1, every wait has a timeout, and it stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
from fanout import PREPARE, run_manage, send_reply  # noqa: E402
from pages import PYTHON, ROOT, free_port, wait_for  # noqa: E402

from tests.redis_server import start_redis  # noqa: E402

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
WITHIN_S = 2.0  # "delivered live": within this many seconds of the acknowledgement


def serve(env: dict, port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class Load:
    """What the posters and the page reader saw, and when."""

    def __init__(self) -> None:
        self.acknowledged: dict[int, float] = {}  # post id -> when the 200 came back
        self.statuses: collections.Counter = collections.Counter()

    def request(self, port: int, method: str, path: str, *, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            return "refused", b""
        finally:
            conn.close()

    def reply(self, port: int, session_key: str, thread_id: int, n: int) -> None:
        source = f"Fault run reply {n}: {uuid.uuid4().hex[:8]}"
        try:
            status, payload = send_reply(port, session_key, thread_id, source, timeout=10)
        except (OSError, http.client.HTTPException):
            status, payload = "refused", b""
        self.statuses[f"POST {status}"] += 1
        if status == 200:
            self.acknowledged[json.loads(payload)["post_id"]] = time.monotonic()

    def read(self, port: int, thread_id: int) -> None:
        status, _body = self.request(
            port, "GET", f"/threads/{thread_id}/", headers={"Host": f"127.0.0.1:{port}"}
        )
        self.statuses[f"GET {status}"] += 1


class Subscriber:
    """One open thread page: its socket, its event number, the posts it shows."""

    def __init__(self, ports: list[int], thread_id: int, first: int, seq: int, shown: list[int]):
        self.ports, self.thread_id, self.port_index = ports, thread_id, first
        self.seq = seq
        self.shown: set[int] = set(shown)
        self.arrived: dict[int, float] = {}
        self.duplicates = 0
        self.drops = 0  # an open socket that closed
        self.down_since: float | None = None
        self.longest_down = 0.0  # seconds from a drop until the next catch-up finished
        self.catching_up = False
        self.heal_again = False
        self.socket = None
        self.running = True

    async def hello(self) -> None:
        self.catching_up = True
        ids = sorted(self.shown)[-500:]
        frame = {"type": "hello", "last_post_id": max(ids, default=0), "shown_ids": ids}
        frame["seq"] = self.seq
        await self.socket.send(json.dumps(frame))

    def in_step(self, frame: dict) -> bool:
        seq = frame.get("seq")
        if not isinstance(seq, int) or frame["type"] == "catchup.done":
            return True
        if seq <= self.seq:
            return False
        if seq == self.seq + 1 or self.catching_up:
            if not self.catching_up:
                self.seq = seq
            return True
        if self.catching_up:
            self.heal_again = True
        else:
            asyncio.ensure_future(self.hello())
        return False

    async def run(self) -> None:
        from websockets.asyncio.client import connect
        from websockets.exceptions import WebSocketException

        attempts = 0
        while self.running:
            dropped = False
            port = self.ports[self.port_index % len(self.ports)]
            try:
                async with connect(
                    f"ws://127.0.0.1:{port}/ws/threads/{self.thread_id}/",
                    origin=f"http://127.0.0.1:{port}",
                    open_timeout=10,
                    ping_interval=None,
                    compression=None,
                    max_size=2**22,
                    close_timeout=1,
                ) as socket:
                    self.socket, attempts = socket, 0
                    await self.hello()
                    dropped = True
                    async for text in socket:
                        await self.on_frame(json.loads(text))
            except (TimeoutError, OSError, WebSocketException):
                pass
            self.socket = None
            if not self.running:
                return
            if dropped:
                self.drops += 1
                if self.down_since is None:
                    self.down_since = time.monotonic()
            self.catching_up = False
            delay = min(4.0, 0.5 * 2**attempts)
            attempts += 1
            await asyncio.sleep(delay / 2 + random.random() * delay / 2)  # noqa: S311
            self.port_index += 1  # the load balancer may send it to the other worker

    async def on_frame(self, frame: dict) -> None:
        if not self.in_step(frame):
            return
        kind = frame["type"]
        if kind == "post.created":
            post_id = frame["post_id"]
            if post_id in self.shown:
                self.duplicates += 1
            self.shown.add(post_id)
            self.arrived.setdefault(post_id, time.monotonic())
        elif kind == "post.hidden":
            self.shown.discard(frame["post_id"])
        elif kind == "catchup.done":
            self.catching_up = False
            if self.down_since is not None:
                self.longest_down = max(self.longest_down, time.monotonic() - self.down_since)
                self.down_since = None
            if isinstance(frame.get("seq"), int):
                self.seq = max(self.seq, frame["seq"])
            if self.heal_again:
                self.heal_again = False
                await self.hello()
        elif kind == "error" and frame.get("code") == 429 and frame.get("retry_after"):
            await asyncio.sleep(min(30, frame["retry_after"]))
            if self.socket is not None:
                await self.hello()

    async def stop(self) -> None:
        self.running = False
        if self.socket is not None:
            await self.socket.close()


class Cluster:
    def __init__(self, env: dict, var_dir: str, redis_port: int, ports: list[int]):
        self.env, self.var_dir, self.redis_port, self.ports = env, var_dir, redis_port, ports
        self.redis: subprocess.Popen | None = None
        self.workers: dict[int, subprocess.Popen] = {}

    def start(self) -> None:
        self.redis = start_redis(self.redis_port, self.var_dir)
        for port in self.ports:
            self.start_worker(port)
        for port in self.ports:
            wait_for(port, timeout=60)

    def start_worker(self, port: int) -> None:
        self.workers[port] = serve(self.env, port, Path(self.var_dir) / f"daphne-{port}.log")

    def stop(self) -> None:
        for process in self.workers.values():
            stop(process)
        stop(self.redis)


def terminate_backends(database: str) -> int:
    import psycopg

    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchall()
    return len(rows)


async def fault(name: str, cluster: Cluster, database: str) -> None:
    loop = asyncio.get_running_loop()
    if name == "redis":
        cluster.redis.send_signal(signal.SIGKILL)
        cluster.redis.wait(timeout=10)
        await asyncio.sleep(10)
        cluster.redis = await loop.run_in_executor(
            None, start_redis, cluster.redis_port, cluster.var_dir
        )
    elif name == "worker":
        port = cluster.ports[0]
        cluster.workers[port].send_signal(signal.SIGKILL)
        cluster.workers[port].wait(timeout=10)
        await asyncio.sleep(5)
        cluster.start_worker(port)
        await loop.run_in_executor(None, wait_for, port, 60)
    elif name == "restart":
        # Every worker at once (a deployment gone wrong): every subscriber reconnects.
        for port in cluster.ports:
            cluster.workers[port].send_signal(signal.SIGKILL)
            cluster.workers[port].wait(timeout=10)
        await asyncio.sleep(5)
        for port in cluster.ports:
            cluster.start_worker(port)
        for port in cluster.ports:
            await loop.run_in_executor(None, wait_for, port, 60)
    elif name == "database":
        for _ in range(3):
            await loop.run_in_executor(None, terminate_backends, database)
            await asyncio.sleep(1)


async def scenario(name, cluster, prepared, authors, *, subscribers, interval, database):
    ports = cluster.ports
    thread_id, shown, seq = prepared["thread"], prepared["shown"], prepared["seq"]
    load = Load()
    subs = [Subscriber(ports, thread_id, i, seq, shown) for i in range(subscribers)]
    tasks = [asyncio.create_task(s.run()) for s in subs]
    loop = asyncio.get_running_loop()
    deadline = time.monotonic() + 60
    while any(s.socket is None or s.catching_up for s in subs):
        if time.monotonic() > deadline:
            raise SystemExit("the subscribers did not connect within 60 s")
        await asyncio.sleep(0.2)
    counter = {"n": 0}

    async def keep_posting(until: float) -> None:
        while time.monotonic() < until:
            n = counter["n"] = counter["n"] + 1
            port = ports[n % len(ports)]
            author = authors[n % (len(authors) - 1)]  # the last one makes the final post
            await asyncio.gather(
                loop.run_in_executor(None, load.reply, port, author, thread_id, n),
                loop.run_in_executor(None, load.read, ports[(n + 1) % len(ports)], thread_id),
                asyncio.sleep(interval),
            )

    started = time.monotonic()
    if name == "steady":
        await keep_posting(time.monotonic() + 15)
        fault_end = started
    else:
        await keep_posting(time.monotonic() + 5)
        poster = asyncio.create_task(keep_posting(time.monotonic() + 3600))
        await fault(name, cluster, database)
        fault_end = time.monotonic()
        await asyncio.sleep(15)
        poster.cancel()
        await asyncio.gather(poster, return_exceptions=True)
    # One last post (any gap shows to every page as a skipped number), then quiet.
    last = time.monotonic() + 30
    while time.monotonic() < last:
        before = len(load.acknowledged)
        await loop.run_in_executor(None, load.reply, ports[0], authors[-1], thread_id, 0)
        if len(load.acknowledged) > before:
            break
        await asyncio.sleep(1)
    # Then wait (at most 60 s) until every page has every acknowledged post, as it would
    # by itself: a page still reconnecting is late, not yet wrong.
    caught_up_at = None
    settle = time.monotonic() + 60
    while time.monotonic() < settle:
        if all(set(load.acknowledged) <= s.shown for s in subs):
            caught_up_at = time.monotonic() - fault_end
            break
        await asyncio.sleep(0.5)
    for s in subs:
        s.running = False
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(15):
            await asyncio.gather(*(s.stop() for s in subs), return_exceptions=True)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    acknowledged = load.acknowledged
    missing = [s for s in subs if set(acknowledged) - s.shown]
    duplicates = sum(s.duplicates for s in subs)
    # Recovery: the first post acknowledged after the fault's end from which on every
    # subscriber had each post within WITHIN_S of its acknowledgement.
    after = sorted((at, pid) for pid, at in acknowledged.items() if at >= fault_end)
    recovered_at = None
    for index, (_at, _pid) in enumerate(after):
        if all(
            all(s.arrived.get(p, float("inf")) - a <= WITHIN_S for s in subs)
            for a, p in after[index:]
        ):
            recovered_at = after[index][0] - fault_end
            break
    prepared["shown"] = sorted(set(shown) | set(acknowledged))
    prepared["seq"] = max(s.seq for s in subs)
    return {
        "scenario": name,
        "statuses": dict(sorted(load.statuses.items())),
        "acknowledged": len(acknowledged),
        "missing": len(missing),
        "duplicates": duplicates,
        "drops": sum(s.drops for s in subs),
        "longest_down": max(s.longest_down for s in subs),
        "recovered_s": recovered_at,
        "caught_up_s": caught_up_at,
    }


async def bounded(work, seconds: float = 300):
    """A scenario that has not finished after ``seconds`` is a failure, not a hang."""
    async with asyncio.timeout(seconds):
        return await work


PREPARE_THREAD = """
import json, sys
from discussions.models import Post, Thread
thread = Thread.objects.get(pk={thread})
ids = list(Post.objects.filter(thread=thread).visible().values_list("pk", flat=True))
sys.stdout.write("JSON" + json.dumps({{"shown": ids, "seq": thread.event_seq}}) + "\\n")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--scenarios", nargs="+", default=["steady", "redis", "worker", "database"])
    options = parser.parse_args()
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed (Debian's redis-server).")
    import psycopg

    database = f"praxis_faults_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    redis_port = free_port()
    ports = [free_port(), free_port()]
    var_dir = tempfile.mkdtemp(prefix="praxis-faults-")
    prefix = f"praxis-faults-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "PRAXIS_VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "SEARCH_BACKEND": "database",
        "CHANNELS_PREFIX": prefix,
        "CACHE_PREFIX": prefix,
    }
    cluster = Cluster(env, var_dir, redis_port, ports)
    try:
        print("Preparing the database (migrate, seed_demo) ...", file=sys.stderr, flush=True)
        cluster.redis = start_redis(redis_port, var_dir)
        run_manage(env, "migrate", "--noinput", "-v0")
        run_manage(env, "seed_demo")
        out = run_manage(env, "shell", "-c", PREPARE.format(scenarios=1, posts=60, subscribers=0))
        made = json.loads(next(x for x in out.splitlines() if x.startswith("JSON"))[4:])[0]
        out = run_manage(env, "shell", "-c", PREPARE_THREAD.format(thread=made["thread"]))
        prepared = {"thread": made["thread"]}
        prepared.update(json.loads(next(x for x in out.splitlines() if x.startswith("JSON"))[4:]))
        stop(cluster.redis)
        cluster.start()
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(
            f"Faults: 2 Daphne workers, PostgreSQL, a private redis-server; "
            f"{options.subscribers} anonymous subscribers, a reply and a page read every "
            f"{options.interval:g} s; {os.cpu_count()} CPUs; load average {load}"
        )
        print(
            "| scenario | HTTP answers | acknowledged posts | subscribers missing a post "
            "| sent twice | sockets dropped | longest without a socket (s) "
            "| all live again after (s) | every page complete after (s) |"
        )
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name in options.scenarios:
            result = asyncio.run(
                bounded(
                    scenario(
                        name,
                        cluster,
                        prepared,
                        made["authors"],
                        subscribers=options.subscribers,
                        interval=options.interval,
                        database=database,
                    )
                )
            )
            statuses = ", ".join(f"{k}: {v}" for k, v in result["statuses"].items())
            recovered = result["recovered_s"]
            recovered = "never" if recovered is None else f"{recovered:.1f}"
            if name == "steady":
                recovered = "-"
            complete = result["caught_up_s"]
            complete = "not within 60 s" if complete is None else f"{complete:.1f}"
            print(
                f"| {name} | {statuses} | {result['acknowledged']} | {result['missing']} "
                f"| {result['duplicates']} | {result['drops']} "
                f"| {result['longest_down']:.1f} | {recovered} | {complete} |",
                flush=True,
            )
    finally:
        cluster.stop()
        with psycopg.connect(**PG, dbname="postgres", autocommit=True) as conn:
            terminate_backends(database)
            conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
