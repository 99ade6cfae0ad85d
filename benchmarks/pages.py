"""Requests per second for Praxis pages, beside a minimal Django view on the same server.

Run from the repository root:

    .venv/bin/python benchmarks/pages.py [--seconds 2] [--rounds 3] [--clients 8]
        [--only library] [--mode anonymous|signed-in|both] [--keep DIR]

It builds a fresh demo database in a temporary directory (migrate + seed_demo +
update_index; with ``--keep DIR`` it is built once in DIR and reused), starts one Daphne
process on 127.0.0.1, and for each URL and reader (anonymous, and a member of the busiest
community signed in) measures interleaved rounds: /healthz (a view that returns "ok") for
``--seconds`` with N keep-alive clients, then the page, then /healthz, ... (ABAB). Each
round gives the ratio of the page's rate to the /healthz rate measured next to it; the
script prints the median of those ratios (and their spread), because the machine is shared
and its speed drifts from one second to the next. A failed request is counted and shown,
not a crash. Bounded: it only talks to 127.0.0.1 and stops after
len(URLS) * readers * rounds * 2 * seconds.
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
from django.test import Client
reader = Client()
reader.force_login(people[1])
print(c.url)
print(t.get_absolute_url())
print(r.get_absolute_url())
print(reader.cookies["sessionid"].value)
"""


def prepare(env: dict) -> list[str]:
    """Migrate and seed a throw-away database; return a community page, a thread page,
    the finished challenge round's page and a signed-in member's session key."""
    for args in (["migrate", "--noinput", "-v0"], ["seed_demo"], ["update_index"]):
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
    return [line.strip() for line in lines[-4:]]


# Runs in ``manage.py shell`` after seeding: grow the good-practice library to 500
# published cases (themes, organisations, countries and statuses spread over them), so the
# listing is measured with facets counted over 500 cases, as in tests/guidebook.
GROW_LIBRARY = """
from django.utils import timezone
from communities.models import Organisation
from guidebook.models import PracticeIndexPage, PracticePage, PracticeTheme
from taggit.models import Tag
index = PracticeIndexPage.objects.get(locale__language_code="en")
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


def hammer(
    port: int, path: str, seconds: float, clients: int, cookie: str = ""
) -> tuple[float, float, list[str]]:
    """Return (requests per second, median latency in ms, errors) over ``seconds``."""
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    counts = [0] * clients
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                errors.append(repr(error))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status}")
                continue
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
    flat = [value for chunk in latencies for value in chunk]
    return sum(counts) / elapsed, (statistics.median(flat) if flat else 0.0), errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="per URL and round")
    parser.add_argument("--rounds", type=int, default=3, help="ABAB rounds per URL")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--only", default="", help="measure pages whose label contains this")
    parser.add_argument("--mode", choices=["anonymous", "signed-in", "both"], default="both")
    parser.add_argument("--keep", default="", help="build the database once in this directory")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="praxis-bench-") as scratch:
        var_dir = Path(options.keep or scratch)
        var_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "PRAXIS_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "PYTHONPATH": str(ROOT),
        }
        picked = var_dir / "bench-pages.txt"
        if options.keep and picked.exists():
            community, thread, finished_round, session = picked.read_text().split()
        else:
            community, thread, finished_round, session = prepare(env)
            grow_library(env)
            picked.write_text("\n".join([community, thread, finished_round, session]))
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
                ("practice case", "/practices/partnerforum-oslo/"),
                ("guide chapter", "/guide/meeting-formats/"),
                ("search results", "/search/?q=service"),
                ("meetings list", "/meetings/"),
                ("programme page (2 rounds)", "/programmes/partnerstvo-za-spremembe/"),
                ("finished round (58 exchanges)", finished_round),
                ("round showcase", f"{finished_round}showcase/"),
                ("programme page (20 partners)", "/programmes/partnerforum/"),
            ]
            urls = [(label, path) for label, path in urls if options.only in label]
            readers = {"anonymous": "", "signed-in": f"sessionid={session}"}
            if options.mode != "both":
                readers = {options.mode: readers[options.mode]}
            for path in ["/healthz", *(path for _, path in urls)]:  # warm up
                for cookie in readers.values():
                    hammer(port, path, 0.5, 2, cookie)
            print(
                f"Daphne, 1 process, {options.clients} keep-alive clients, "
                f"{options.seconds:g} s per sample, {options.rounds} ABAB rounds, "
                f"Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
            print(
                f"{'page':34} {'reader':10} {'req/s':>7} {'ms':>7} {'ratio':>6} "
                f"{'min':>6} {'max':>6} errors",
                flush=True,
            )
            for label, path in urls:
                for reader, cookie in readers.items():
                    ratios, rates, medians, errors = [], [], [], []
                    for _ in range(options.rounds):
                        base, _, base_errors = hammer(
                            port, "/healthz", options.seconds, options.clients, cookie
                        )
                        rps, median, page_errors = hammer(
                            port, path, options.seconds, options.clients, cookie
                        )
                        errors += base_errors + page_errors
                        ratios.append(rps / base if base else 0.0)
                        rates.append(rps)
                        medians.append(median)
                    first_error = f" {errors[0]}" if errors else ""
                    print(
                        f"{label:34} {reader:10} {statistics.median(rates):7.1f} "
                        f"{statistics.median(medians):7.1f} {statistics.median(ratios):6.3f} "
                        f"{min(ratios):6.3f} {max(ratios):6.3f} {len(errors)}{first_error}",
                        flush=True,
                    )
            print(f"load at the end {os.getloadavg()[0]:.2f}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
