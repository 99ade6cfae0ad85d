"""Requests per second for Praxis pages, beside a minimal Django view on the same server.

Run from the repository root:  .venv/bin/python benchmarks/pages.py [--seconds 5] [--clients 8]

It builds a fresh demo database in a temporary directory (migrate + seed_demo), starts one
Daphne process on 127.0.0.1, and for each URL keeps N keep-alive clients busy for a fixed
time. The figure that matters is the ratio to /healthz (a view that returns "ok"), measured
in the same run against the same server, so machine speed mostly cancels out. Bounded: it
only talks to 127.0.0.1 and stops after len(URLS) * seconds.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Runs in ``manage.py shell`` after seeding: the busiest public community, and a thread in
# it with exactly 50 posts (one thread page), written through the services.
PICK_PAGES = """
from django.db.models import Count
from django.test.utils import override_settings
from communities.models import CommunityPage, Membership
from discussions import events, services
c = (CommunityPage.objects.live().filter(visibility="public")
     .annotate(n=Count("memberships")).order_by("-n").first())
people = [m.user for m in Membership.objects.active().filter(community=c).select_related("user")[:10]]
limits = {"POST_INTERVAL_SECONDS": 0, "NEW_ACCOUNT_MAX_POSTS": 10**6, "DUPLICATE_WINDOW_SECONDS": 0}
with override_settings(PRAXIS_DISCUSSION_LIMITS=limits), events.muted():
    t = services.thread_create(author=people[0], community=c,
        title="Benchmark: a thread page with fifty posts",
        source="How do your units share what they learn from citizens' complaints?")
    for i in range(49):
        services.post_create(author=people[(i + 1) % len(people)], thread=t,
            source=f"Reply {i}: at our office the **complaints** log is reviewed monthly.")
from programmes.models import ProgrammeRound
r = ProgrammeRound.objects.filter(selection_published_at__isnull=False).order_by("pk").first()
print(c.url)
print(t.get_absolute_url())
print(r.get_absolute_url())
"""


def prepare(env: dict) -> tuple[str, str, str]:
    """Migrate and seed a throw-away database; return a community page, a thread page and
    the finished challenge round's page."""
    for args in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )
    lines = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", PICK_PAGES],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    return lines[-3].strip(), lines[-2].strip(), lines[-1].strip()


# Runs in ``manage.py shell`` after seeding: grow the good-practice library to 500
# published cases (themes, organisations, countries and statuses spread over them), so the
# listing is measured with facets counted over 500 cases, as in tests/guidebook.
GROW_LIBRARY = """
from django.utils import timezone
from communities.models import Organisation
from guidebook.models import PracticeIndexPage, PracticePage, PracticeTheme
from taggit.models import Tag
index = PracticeIndexPage.objects.get()
tags = list(Tag.objects.filter(guidebook_practicetheme_items__isnull=False).distinct())
orgs = list(Organisation.objects.all())
countries = ["PL", "NO", "SI", "LT", "BG", "LV", "HU"]
statuses = ["idea", "pilot", "implementation", "evaluated", "spreading"]
now = timezone.now()
pages = []
for i in range(500 - PracticePage.objects.count()):
    page = PracticePage(title=f"Benchmark practice case {i}", slug=f"benchmark-case-{i}",
        summary=f"A practice case for the benchmark, number {i}.", status=statuses[i % 5],
        country=countries[i % 7], level_of_government=["central", "regional", "local"][i % 3],
        year_started=2010 + i % 12, live=True, first_published_at=now, last_published_at=now)
    index.add_child(instance=page)
    index.refresh_from_db()
    pages.append(page)
PracticeTheme.objects.bulk_create(PracticeTheme(content_object=p, tag=tags[(i + k) % len(tags)])
    for i, p in enumerate(pages) for k in range(3))
through = PracticePage.organisations.through
through.objects.bulk_create(through(practicepage=p, organisation=orgs[(i + k) % len(orgs)])
    for i, p in enumerate(pages) for k in range(2))
print(PracticePage.objects.live().count())
"""


def grow_library(env: dict) -> None:
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", GROW_LIBRARY],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def hammer(port: int, path: str, seconds: float, clients: int) -> tuple[float, float]:
    """Return (requests per second, median latency in ms) over ``seconds``."""
    counts = [0] * clients
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                errors.append(repr(error))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status}")
                return
            counts[i] += 1
            latencies[i].append((time.perf_counter() - started) * 1000)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    if errors:
        raise SystemExit(f"errors while measuring {path}: {errors[:3]}")
    flat = [value for chunk in latencies for value in chunk]
    return sum(counts) / elapsed, statistics.median(flat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="praxis-bench-") as var_dir:
        env = {
            **os.environ,
            "PRAXIS_VAR_DIR": var_dir,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "PYTHONPATH": str(ROOT),
        }
        community, thread, finished_round = prepare(env)
        grow_library(env)
        port = free_port()
        server = subprocess.Popen(
            [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            urls = [
                ("minimal Django view (/healthz)", "/healthz"),
                ("home page", "/"),
                ("community index", "/communities/"),
                ("community page", community),
                ("member directory", f"{community}members/"),
                ("thread page (50 posts)", thread),
                ("practice library (500 cases)", "/practices/"),
                (
                    "library, theme + country filters",
                    "/practices/?theme=peer-learning&country=NO&country=PL&sort=title",
                ),
                ("practice page", "/practices/partnerforum-oslo/"),
                ("guide chapter", "/guide/meeting-formats/"),
                ("programme page (2 rounds)", "/programmes/partnerstvo-za-spremembe/"),
                ("finished round (58 exchanges)", finished_round),
                ("round showcase", f"{finished_round}showcase/"),
                ("programme page (20 partners)", "/programmes/partnerforum/"),
            ]
            for _, path in urls:  # warm up caches and connections
                hammer(port, path, 0.5, 2)
            print(
                f"Daphne, 1 process, {options.clients} keep-alive clients, "
                f"{options.seconds:.0f} s per URL, Python {sys.version.split()[0]}"
            )
            print(f"{'page':36} {'req/s':>8} {'median ms':>10} {'ratio':>7}")
            baseline = None
            for label, path in urls:
                rps, median = hammer(port, path, options.seconds, options.clients)
                baseline = baseline or rps
                print(f"{label:36} {rps:8.1f} {median:10.1f} {rps / baseline:7.3f}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
