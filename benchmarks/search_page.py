"""The search page as a member sees it: the seeded demo plus many posts, timed end to end.

Run from the repository root:

    .venv/bin/python benchmarks/search_page.py              # 30,000 extra posts
    .venv/bin/python benchmarks/search_page.py --posts 5000

Builds a fresh demo database in a temporary directory (migrate, seed_demo), adds
``--posts`` posts of 20-60 Zipf-distributed words to the demo's threads (bulk insert, so
the discussion services' rate limits and events stay out of it), rebuilds the Whoosh
index, then times ``search.selectors.search_page`` for the demo user ``jonas``: every
source, permission filters, the first page, the total and every facet, by relevance and
by date. Prints the first (cold) and the median of the following runs of each query.
Runs in a child process with its own settings; touches nothing outside the temporary
directory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = [
    "service",
    "digital",
    "citizen",
    "budget",
    "council",
    "municipality",
    "ministry",
    "reform",
    "training",
    "network",
    "data",
    "procurement",
    "pilot",
    "mentor",
    "exchange",
    "housing",
    "transport",
    "health",
    "education",
    "climate",
    "energy",
    "water",
    "permit",
    "licence",
    "tax",
    "audit",
    "finance",
    "zarządzanie",
    "občina",
    "savivaldybė",
]

QUERIES = [
    "service",
    "digital service",
    '"digital service"',
    "budget council reform",
    "zarzadzanie",
    "servise",
]

CHILD = r"""
import random, statistics, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from discussions.models import Post, Thread
from search import selectors
from search.text import parse_query

posts, repeats, words, queries = {posts}, {repeats}, {words!r}, {queries!r}
User = get_user_model()
rng = random.Random(1)
threads = list(Thread.objects.all())
authors = list(User.objects.filter(is_active=True)[:50])
weights = [1 / (rank + 1) for rank in range(len(words))]
batch = []
for _ in range(posts):
    text = " ".join(rng.choices(words, weights=weights, k=rng.randint(20, 60)))
    batch.append(Post(thread=rng.choice(threads), author=rng.choice(authors), source=text,
                      html="<p>" + text + "</p>"))
Post.objects.bulk_create(batch, batch_size=2000)
started = time.perf_counter()
call_command("update_index", verbosity=0)
print(f"posts: {{Post.objects.count():,}} in {{len(threads)}} threads; "
      f"index rebuilt in {{time.perf_counter() - started:.1f}} s")
jonas = User.objects.get(username="jonas")
print()
print("| sort | query | results | first (cold) | median of next " + str(repeats) + " |")
print("| --- | --- | ---: | ---: | ---: |")
for sort in ("relevance", "date"):
    for query in queries:
        timings = []
        for _ in range(repeats + 1):
            t0 = time.perf_counter()
            outcome = selectors.search_page(user=jonas, parsed=parse_query(query), sort=sort)
            timings.append((time.perf_counter() - t0) * 1000)
        print(f"| {{sort}} | `{{query}}` | {{outcome.total:,}} | {{timings[0]:,.0f}} ms | "
              f"{{statistics.median(timings[1:]):,.0f}} ms |")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=30_000)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs after the first")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="praxis-search-page-"))
    env = {
        **os.environ,
        "PRAXIS_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SEARCH_BACKEND": "whoosh",
        "PRAXIS_SEARCH_INDEXING": "inline",
    }
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    try:
        (workdir / "media").mkdir(parents=True, exist_ok=True)
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [*manage, "seed_demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )
        code = CHILD.format(posts=args.posts, repeats=args.repeats, words=WORDS, queries=QUERIES)
        subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, timeout=1800)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
