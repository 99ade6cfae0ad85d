"""Live fan-out: latency from an HTTP post to its delivery at every WebSocket subscriber.

Run from the repository root (Redis on 127.0.0.1:6379 for the Redis rows):

    .venv/bin/python benchmarks/fanout.py [--subscribers 100 1000] [--posts 20]
        [--layers memory redis] [--interval 0.5] [--signed-in]

For each channel layer and each subscriber count it starts one Daphne process on
127.0.0.1 (a fresh demo database in a temporary directory; channels_redis gets a key
prefix of its own), opens N WebSockets on one thread from one asyncio client process
(each says hello and finishes its catch-up, as the browser does), then makes M posts
through HTTP (the reply form, one author per post, so the 5 s rate limit applies
unchanged) one after another, ``--interval`` seconds apart, after one unmeasured warm-up
post. Latency is measured from just
before the POST is sent to the moment a subscriber has the ``post.created`` frame, for
every (post, subscriber) pair, on one monotonic clock. It prints p50, p99 and max, and
the share of the N x M deliveries that arrived (must be 100%).

Subscribers are anonymous readers of a public thread by default; ``--signed-in`` makes
them members (each then also announces its presence to everyone already there, which is
quadratic in N while they connect). Bounded: it only talks to 127.0.0.1, every wait has a
timeout, and it stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import PYTHON, ROOT, free_port, wait_for  # noqa: E402

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
TARGET_P99_MS = 250  # 1,000 subscribers on Redis, on the 2-core reference machine
# Extra redis-py pool options appended to REDIS_URL (options in the URL win over the
# settings' own: socket_timeout 30 s, max_connections 2000, see config/settings/base.py).
REDIS_POOL_OPTIONS = ""

# Runs inside ``manage.py shell``: one thread per scenario, M fresh member authors with a
# login session each, and (with --signed-in) N member subscribers with sessions.
PREPARE = """
import json, sys
from django.db.models import Count
from django.test import Client
from communities.models import CommunityPage, Membership, Organisation, User
from discussions import services

scenarios, posts, subscribers = {scenarios}, {posts}, {subscribers}
community = (
    CommunityPage.objects.live().filter(visibility="public")
    .annotate(n=Count("memberships")).order_by("-n").first()
)
organisations = list(Organisation.objects.all()[:20])


def person(name, i):
    user = User(
        username=f"{{name}}{{i}}",
        email=f"{{name}}{{i}}@bench.invalid",
        display_name=f"{{name.title()}} {{i}}",
        organisation=organisations[i % len(organisations)],
        department="Department of Digital Services",
    )
    user.set_unusable_password()
    return user


def sessions(users):
    keys = []
    for user in users:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        keys.append(client.cookies["sessionid"].value)
    return keys


def members(name, count):
    users = User.objects.bulk_create([person(name, i) for i in range(count)])
    users = list(User.objects.filter(username__startswith=name).order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=u, community=community, status="active", role="member") for u in users]
    )
    return users


result = []
for s in range(scenarios):
    authors = members(f"benchauthor{{s}}x", posts + 2)
    thread = services.thread_create(
        author=authors[-1], community=community,
        title=f"Fan-out benchmark thread {{s}}", source="Opening post for the fan-out run.",
    )
    readers = members(f"benchreader{{s}}x", subscribers) if subscribers else []
    result.append({{
        "thread": thread.pk,
        "last_post": thread.last_post_id,
        "authors": sessions(authors[:posts + 1]),  # the last one warms up
        "readers": sessions(readers),
    }})
sys.stdout.write("JSON" + json.dumps(result) + "\\n")
"""


def run_manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.stdout


def prepare(env: dict, *, scenarios: int, posts: int, signed_in: int) -> list[dict]:
    run_manage(env, "migrate", "--noinput", "-v0")
    run_manage(env, "seed_demo")
    code = PREPARE.format(scenarios=scenarios, posts=posts, subscribers=signed_in)
    out = run_manage(env, "shell", "-c", code)
    line = next(line for line in out.splitlines() if line.startswith("JSON"))
    return json.loads(line[4:])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def send_reply(
    port: int, session_key: str, thread_id: int, source: str, *, timeout: float = 15
) -> tuple[int, bytes]:
    """The reply form, as a browser with JavaScript submits it: (status, body)."""
    csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
    body = urllib.parse.urlencode(
        {"source": source, "client_token": uuid.uuid4().hex, "csrfmiddlewaretoken": csrf}
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            "POST",
            f"/threads/{thread_id}/reply/",
            body=body,
            headers={
                "Host": f"127.0.0.1:{port}",
                "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def http_reply(port: int, session_key: str, thread_id: int, source: str) -> int:
    """A reply that must succeed; returns the post id."""
    status, payload = send_reply(port, session_key, thread_id, source)
    if status != 200:
        raise SystemExit(f"posting failed: HTTP {status} {payload[:200]!r}")
    return json.loads(payload)["post_id"]


PREFIX = '{"type": "post.created", "post_id": '


class Subscriber:
    def __init__(self, arrivals: dict[int, list[float]]):
        self.arrivals = arrivals
        self.socket = None
        self.task = None

    async def open(self, url: str, origin: str, session_key: str | None, last_post: int):
        from websockets.asyncio.client import connect

        headers = {"Cookie": f"sessionid={session_key}"} if session_key else None
        self.socket = await connect(
            url,
            origin=origin,
            additional_headers=headers,
            open_timeout=60,
            ping_interval=None,
            compression=None,
            max_size=2**20,
            close_timeout=2,
        )
        await self.socket.send(json.dumps({"type": "hello", "last_post_id": last_post}))
        async with asyncio.timeout(60):
            while True:
                frame = json.loads(await self.socket.recv())
                if frame["type"] == "catchup.done":
                    break
        self.task = asyncio.create_task(self.listen())

    async def listen(self):
        from websockets.exceptions import ConnectionClosed

        arrivals = self.arrivals
        try:
            async for text in self.socket:
                now = time.monotonic()
                # The frame starts with its type and id: no need to parse 5 KB of HTML.
                if text.startswith(PREFIX):
                    post_id = int(text[len(PREFIX) : text.index(",", len(PREFIX))])
                    arrivals.setdefault(post_id, []).append(now)
        except ConnectionClosed:
            pass

    async def close(self):
        if self.task:
            self.task.cancel()
        if self.socket:
            await self.socket.close()


async def measure(
    ports: list[int], scenario: dict, *, subscribers: int, posts: int, interval: float
):
    """Subscribers spread over the servers in turn; posts go to them in turn too (as
    behind a load balancer)."""
    arrivals: dict[int, list[float]] = {}
    readers = scenario["readers"] or [None] * subscribers
    clients = [Subscriber(arrivals) for _ in range(subscribers)]
    gate = asyncio.Semaphore(50)  # handshakes in flight at once

    async def open_one(i, client, key):
        port = ports[i % len(ports)]
        async with gate:
            await client.open(
                f"ws://127.0.0.1:{port}/ws/threads/{scenario['thread']}/",
                f"http://127.0.0.1:{port}",
                key,
                scenario["last_post"],
            )

    began = time.monotonic()
    await asyncio.wait_for(
        asyncio.gather(
            *(open_one(i, c, k) for i, (c, k) in enumerate(zip(clients, readers, strict=True)))
        ),
        timeout=300,
    )
    connect_seconds = time.monotonic() - began
    await asyncio.sleep(1.0)  # let presence and connection chatter settle

    # One post first, not measured: templates compiled, connections open, caches warm.
    await asyncio.to_thread(
        http_reply, ports[0], scenario["authors"][posts], scenario["thread"], "Warming up."
    )
    await asyncio.sleep(max(interval, 1.0))
    arrivals.clear()

    sent: dict[int, float] = {}
    http_ms = []
    for i, key in enumerate(scenario["authors"][:posts]):
        started = time.monotonic()
        post_id = await asyncio.to_thread(
            http_reply,
            ports[i % len(ports)],
            key,
            scenario["thread"],
            f"Fan-out post {i} at {started:.6f}.",
        )
        http_ms.append((time.monotonic() - started) * 1000)
        sent[post_id] = started
        await asyncio.sleep(interval)

    expected = subscribers * posts
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if sum(len(arrivals.get(p, [])) for p in sent) >= expected:
            break
        await asyncio.sleep(0.05)

    latencies = [
        (at - sent[post_id]) * 1000 for post_id in sent for at in arrivals.get(post_id, [])
    ]
    per_post = [
        sorted((at - sent[post_id]) * 1000 for at in arrivals.get(post_id, [])) or [float("nan")]
        for post_id in sent
    ]
    delivered = sum(min(len(arrivals.get(p, [])), subscribers) for p in sent)
    duplicates = sum(max(0, len(arrivals.get(p, [])) - subscribers) for p in sent)
    await asyncio.wait_for(
        asyncio.gather(*(c.close() for c in clients), return_exceptions=True), 30
    )
    return {
        "connect_s": connect_seconds,
        "delivered": delivered / expected,
        "duplicates": duplicates,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": percentile(latencies, 0.99) if latencies else float("nan"),
        "max": max(latencies) if latencies else float("nan"),
        "http_p50": statistics.median(http_ms),
        "per_post": [(round(p[0]), round(p[len(p) // 2]), round(p[-1])) for p in per_post],
        "http_ms": [round(ms) for ms in http_ms],
    }


def serve(env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def redis_up() -> bool:
    import socket

    parsed = urllib.parse.urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def flush_prefix(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def with_pool_options(url: str, options: str) -> str:
    if not options:
        return url
    return url + ("&" if "?" in url else "?") + options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--layers", nargs="+", default=["memory", "redis"])
    parser.add_argument("--redis-servers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--signed-in", action="store_true", help="members, not anonymous")
    parser.add_argument(
        "--redis-pool",
        default=REDIS_POOL_OPTIONS,
        help="redis-py pool options appended to REDIS_URL, e.g. 'socket_timeout=5'",
    )
    options = parser.parse_args()
    if "redis" in options.layers and not redis_up():
        raise SystemExit(f"Redis is not reachable at {REDIS_URL} (or pass --layers memory).")
    redis_url = with_pool_options(REDIS_URL, options.redis_pool)

    import websockets

    runs = [
        (layer, servers, n)
        for layer in options.layers
        for servers in (options.redis_servers if layer == "redis" else [1])
        for n in options.subscribers
    ]
    with tempfile.TemporaryDirectory(prefix="praxis-fanout-") as var_dir:
        base_env = {
            **os.environ,
            "PRAXIS_VAR_DIR": var_dir,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "PYTHONPATH": str(ROOT),
        }
        base_env.pop("REDIS_URL", None)
        print("Preparing a demo database ...", file=sys.stderr)
        scenarios = prepare(
            base_env,
            scenarios=len(runs),
            posts=options.posts,
            signed_in=max(options.subscribers) if options.signed_in else 0,
        )
        who = "members (signed in)" if options.signed_in else "anonymous readers"
        print(
            f"Fan-out: {options.posts} posts through HTTP (one author each, "
            f"{options.interval:g} s apart), {who} of one public thread, Daphne on 127.0.0.1, "
            f"1 client process (asyncio, websockets {websockets.__version__}), "
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
        )
        if "redis" in options.layers:
            print(f"Redis layer: channels_redis, REDIS_URL={redis_url}")
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"Load average before the run (other work on the machine skews figures): {load}")
        print(
            f"{'layer':8} {'servers':>7} {'subscribers':>11} {'delivered':>10} {'p50 ms':>8} "
            f"{'p99 ms':>8} {'max ms':>8} {'HTTP p50 ms':>12} {'connect s':>10}"
        )
        for (layer, servers, subscribers), scenario in zip(runs, scenarios, strict=True):
            env = dict(base_env)
            prefix = f"praxis-bench-{uuid.uuid4().hex[:10]}"
            if layer == "redis":
                env.update(REDIS_URL=redis_url, CHANNELS_PREFIX=prefix, CACHE_PREFIX=prefix)
            if options.signed_in:
                scenario = {**scenario, "readers": scenario["readers"][:subscribers]}
            ports = [free_port() for _ in range(servers)]
            processes = [serve(env, port) for port in ports]
            try:
                for port in ports:
                    wait_for(port)
                result = asyncio.run(
                    measure(
                        ports,
                        scenario,
                        subscribers=subscribers,
                        posts=options.posts,
                        interval=options.interval,
                    )
                )
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()
                if layer == "redis":
                    flush_prefix(prefix)
            note = f"  ({result['duplicates']} duplicates!)" if result["duplicates"] else ""
            print(
                f"{layer:8} {servers:>7} {subscribers:>11} {result['delivered']:>10.2%} "
                f"{result['p50']:>8.1f} {result['p99']:>8.1f} {result['max']:>8.1f} "
                f"{result['http_p50']:>12.1f} {result['connect_s']:>10.1f}{note}",
                flush=True,
            )
            if layer == "redis" and subscribers == 1000:
                verdict = "met" if result["p99"] <= TARGET_P99_MS else "NOT met"
                print(
                    f"  target p99 <= {TARGET_P99_MS} ms at 1,000 subscribers on Redis "
                    f"({servers} Daphne process{'es' if servers > 1 else ''}): {verdict}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
