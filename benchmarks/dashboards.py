"""Dashboards over 100,000 posts and 5,000 members: warm response time against /healthz.

Run from the repository root:

    .venv/bin/python benchmarks/dashboards.py [--posts 100000] [--members 5000]
        [--rounds 30] [--time-limit 900]

Builds a scratch SQLite database in a temporary directory (migrate, then bulk inserts:
organisations, people, communities, memberships, threads and posts spread over two
years), rebuilds the aggregates (``manage.py rebuild_dashboards``'s function), then asks
in the same process, with Django's test client and the benchmark settings (DEBUG off,
cached templates), for ``/healthz`` and each dashboard in interleaved rounds after warm-up
rounds. Each dashboard is measured twice: "computed" (the cache emptied first, as after a
commit changed the aggregates) and "cached" (warm: the aggregates' version unchanged).
A third measure, "computed from person-days (baseline)", makes the rollups look stale
(``periods_as_of`` cleared around the request) so the dashboard sums the person-days as it
did before the person-period and weekly/monthly rollups: the baseline, interleaved with
the product in every round. It prints the median time of each and the median of the
per-round ratios (dashboard / healthz). Target: the dashboard under 300 ms warm. Bounded: the whole run
stops after ``--time-limit`` seconds; it opens no port and deletes its directory.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--communities", type=int, default=12)
    parser.add_argument("--organisations", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--time-limit", type=int, default=900)
    parser.add_argument("--profile", action="store_true", help="profile one overview request")
    args = parser.parse_args()
    signal.alarm(args.time_limit)  # bounded in time, whatever happens

    scratch = Path(tempfile.mkdtemp(prefix="praxis-dash-bench-"))
    try:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
        os.environ.setdefault("PRAXIS_JOBS_IN_PROCESS", "false")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        run(args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def build(args) -> dict:
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Page

    from communities.models import (
        CommunityIndexPage,
        CommunityPage,
        GovernmentLevel,
        Membership,
        MembershipRole,
        MembershipStatus,
        Organisation,
        OrganisationType,
        StaffLevel,
        User,
    )
    from discussions.models import Post, Thread

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    rng = random.Random(18)
    countries = ["PL", "SI", "LT", "NO", "EE", "LV"]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisation {i}",
            country=countries[i % len(countries)],
            type=list(OrganisationType.values)[i % len(OrganisationType.values)],
            level_of_government=list(GovernmentLevel.values)[i % 3],
        )
        for i in range(args.organisations)
    )
    organisations = list(Organisation.objects.all())
    levels = list(StaffLevel.values)
    User.objects.bulk_create(
        User(
            username=f"member{i}",
            email=f"member{i}@bench.invalid",
            password="!",  # unusable
            organisation=organisations[int(rng.paretovariate(1.2)) % len(organisations)],
            department=f"Department {i % 25}",
            staff_level=levels[i % len(levels)],
        )
        for i in range(args.members)
    )
    people = list(User.objects.values_list("pk", flat=True))
    root = Page.get_first_root_node()
    index = root.add_child(instance=CommunityIndexPage(title="Communities", slug="communities"))
    communities = [
        index.add_child(
            instance=CommunityPage(
                title=f"Community {i}",
                slug=f"community-{i}",
                topic="How public bodies plan, run and evaluate their joint work",
            )
        )
        for i in range(args.communities)
    ]
    now = timezone.now()
    members: dict[int, list[int]] = {}
    rows = []
    for community in communities:
        chosen = rng.sample(people, k=min(len(people), len(people) * 2 // len(communities)))
        members[community.pk] = chosen
        rows += [
            Membership(
                user_id=user_id,
                community=community,
                role=MembershipRole.FACILITATOR if n == 0 else MembershipRole.MEMBER,
                status=MembershipStatus.ACTIVE,
                joined_at=now - timedelta(days=800),
            )
            for n, user_id in enumerate(chosen)
        ]
    Membership.objects.bulk_create(rows, batch_size=5000)

    threads_wanted = args.posts // 10
    threads = []
    for i in range(threads_wanted):
        community = communities[i % len(communities)]
        threads.append(
            Thread(
                community=community,
                title=f"Thread {i}",
                author_id=rng.choice(members[community.pk]),
                created_at=now - timedelta(minutes=rng.randint(60, 2 * 365 * 24 * 60)),
            )
        )
    Thread.objects.bulk_create(threads, batch_size=5000)
    threads = list(Thread.objects.values_list("pk", "community_id", "author_id", "created_at"))
    posts = []
    for i in range(args.posts):
        pk, community_id, author_id, created = threads[i % len(threads)]
        opening = i < len(threads)
        posts.append(
            Post(
                thread_id=pk,
                author_id=author_id if opening else rng.choice(members[community_id]),
                source="A post.",
                html="<p>A post.</p>",
                created_at=created if opening else created + timedelta(minutes=1 + i % 900),
            )
        )
        if len(posts) == 10_000:
            Post.objects.bulk_create(posts)
            posts = []
    Post.objects.bulk_create(posts)
    built = time.monotonic() - started

    from dashboards import aggregates

    started = time.monotonic()
    counts = aggregates.rebuild()
    rebuilt = time.monotonic() - started
    print(
        f"Built {args.members} members, {Post.objects.count()} posts, "
        f"{Membership.objects.count()} memberships in {built:.1f} s; "
        f"aggregates rebuilt in {rebuilt:.1f} s ({counts['person_days']} person-days, "
        f"{counts['threads']} threads)."
    )
    facilitator = Membership.objects.filter(
        community=communities[0], role=MembershipRole.FACILITATOR
    ).values_list("user_id", flat=True)[0]
    superuser = User.objects.create_superuser("bench-admin", "admin@bench.invalid", None)
    return {
        "community": communities[0],
        "facilitator": User.objects.get(pk=facilitator),
        "superuser": superuser,
    }


def timed(client, url: str, *, computed: bool = False, baseline: bool = False) -> float:
    from dashboards.models import AggregateVersion

    if computed or baseline:  # the first request after the aggregates changed: nothing cached
        from django.core.cache import cache

        cache.clear()
    if baseline:  # the rollups look stale: the dashboard sums the person-days instead
        as_of = AggregateVersion.objects.values_list("periods_as_of", flat=True).get(pk=1)
        AggregateVersion.objects.filter(pk=1).update(periods_as_of=None)
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if baseline:
        AggregateVersion.objects.filter(pk=1).update(periods_as_of=as_of)
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def run(args) -> None:
    from django.test import Client
    from django.urls import reverse

    setup = build(args)
    facilitator, admin = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    facilitator.force_login(setup["facilitator"])
    admin.force_login(setup["superuser"])
    community_url = reverse("dashboards:community", kwargs={"community_id": setup["community"].pk})
    scenarios = [
        ("community dashboard, quarter (facilitator)", facilitator, community_url),
        ("community dashboard, all time (facilitator)", facilitator, community_url + "?period=all"),
        ("all communities, quarter (editor)", admin, reverse("dashboards:overview")),
        (
            "all communities, all time (editor)",
            admin,
            reverse("dashboards:overview") + "?period=all",
        ),
    ]
    health = Client(HTTP_HOST="127.0.0.1")
    if args.profile:
        import cProfile
        import pstats

        timed(admin, scenarios[-1][2])
        profiler = cProfile.Profile()
        profiler.enable()
        timed(admin, scenarios[-1][2])
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    for _ in range(3):  # warm-up: caches, templates, SQLite pages
        timed(health, "/healthz")
        for _name, client, url in scenarios:
            timed(client, url)
    kinds = ("computed from person-days (baseline)", "computed", "cached")
    rows = [
        (f"{name}, {kind}", client, url, kind) for name, client, url in scenarios for kind in kinds
    ]
    times = {row[0]: [] for row in rows}
    ratios = {row[0]: [] for row in rows}
    base = []
    for _ in range(args.rounds):
        for name, client, url, kind in rows:
            h = timed(health, "/healthz")
            d = timed(client, url, computed=kind == "computed", baseline=kind == kinds[0])
            base.append(h)
            times[name].append(d)
            ratios[name].append(d / h)
    load = os.getloadavg()
    print(f"Load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.rounds} rounds")
    print(f"| page | median ms | median ratio to /healthz | target {TARGET_MS} ms |")
    print("| --- | ---: | ---: | --- |")
    print(f"| /healthz | {statistics.median(base) * 1000:.1f} | 1 | |")
    for name, _c, _u, _kind in rows:
        ms = statistics.median(times[name]) * 1000
        verdict = "met" if ms < TARGET_MS else "not met"
        print(f"| {name} | {ms:.1f} | {statistics.median(ratios[name]):.1f} | {verdict} |")


if __name__ == "__main__":
    main()
