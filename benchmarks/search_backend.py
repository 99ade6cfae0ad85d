"""Measure the Whoosh search backend: bulk indexing, single saves, concurrent saves, search.

Run from the repository root:

    .venv/bin/python benchmarks/search_backend.py [--docs 5000] [--saves 200]

Uses the conformance suite's minimal settings and modelsearch's test models (an in-memory
database, a temporary index directory), so it touches no project data.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORDS = [
    "zarządzanie",
    "projektami",
    "gmina",
    "urząd",
    "budżet",
    "obywatel",
    "usługi",
    "cyfrowe",
    "innowacja",
    "občina",
    "šola",
    "načrt",
    "uprava",
    "savivaldybė",
    "švietimas",
    "įstaiga",
    "valdymas",
    "council",
    "budget",
    "citizen",
    "digital",
    "service",
    "procurement",
    "policy",
    "training",
    "network",
    "municipal",
    "regional",
    "national",
    "ministry",
    "agency",
    "reform",
    "data",
    "openness",
    "strategy",
]


def sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000, help="documents for the bulk load")
    parser.add_argument("--saves", type=int, default=200, help="single saves to time")
    parser.add_argument("--threads", type=int, default=8, help="threads for concurrent saves")
    parser.add_argument("--searches", type=int, default=200, help="searches to time")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    index_dir = tempfile.mkdtemp(prefix="praxis-whoosh-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.search_conformance.settings"
    os.environ["SEARCH_CONFORMANCE_WHOOSH_PATH"] = index_dir
    import django

    django.setup()
    from django.db import connection
    from modelsearch.test.testapp.models import Author

    from search.backends.whoosh import WhooshSearchBackend

    connection.creation.create_test_db(verbosity=0)
    rng = random.Random(1)
    try:
        backend = WhooshSearchBackend({"PATH": index_dir, "LANGUAGE": "en"})
        authors = [Author(pk=i + 1, name=sentence(rng)) for i in range(args.docs)]
        Author.objects.bulk_create(authors, batch_size=500)

        started = time.perf_counter()
        rebuilder = backend.rebuilder_class(backend.get_index_for_model(Author))
        target = rebuilder.start()
        for chunk_start in range(0, len(authors), 1000):
            target.add_items(Author, authors[chunk_start : chunk_start + 1000])
        rebuilder.finish()
        elapsed = time.perf_counter() - started
        print(f"rebuild of {args.docs} docs: {elapsed:.2f} s ({args.docs / elapsed:.0f} docs/s)")

        timings = []
        for i in range(args.saves):
            author = authors[i % len(authors)]
            author.name = sentence(rng)
            started = time.perf_counter()
            backend.add(author)
            timings.append(time.perf_counter() - started)
        timings.sort()
        print(
            f"single save ({args.saves}x, index of {args.docs}): "
            f"median {statistics.median(timings) * 1000:.1f} ms, "
            f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms"
        )

        per_thread = max(1, args.saves // args.threads)

        def save_many(offset: int) -> None:
            for i in range(per_thread):
                backend.add(Author(pk=args.docs + offset * per_thread + i + 1, name="x y"))

        workers = [threading.Thread(target=save_many, args=(t,)) for t in range(args.threads)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - started
        total = per_thread * args.threads
        print(
            f"concurrent saves ({args.threads} threads, {total} saves): "
            f"{elapsed:.2f} s, {total / elapsed:.0f} saves/s, "
            f"{elapsed / total * 1000:.1f} ms per save"
        )

        queries = ["zarzadzanie", "budget citizen", "občina šola", "digital reform strategy"]
        timings = []
        for i in range(args.searches):
            started = time.perf_counter()
            results = backend.search(queries[i % len(queries)], Author)
            list(results[:20])
            timings.append(time.perf_counter() - started)
        timings.sort()
        print(
            f"search, first page of 20 ({args.searches}x): "
            f"median {statistics.median(timings) * 1000:.1f} ms, "
            f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms"
        )
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
