"""Search figures: Whoosh beside modelsearch's SQLite full-text backend, same corpus, same run.

Run from the repository root:

    .venv/bin/python benchmarks/search.py            # 100,000 posts + 2,000 practice cases
    .venv/bin/python benchmarks/search.py --small    # 10,000 + 200, for a quick look

Prints index build throughput (documents per second), p50/p95 latency of one-, two- and
three-word queries, of two-word phrases and of two words with a filter (first page of 10
plus the total, as the search page asks), and the time one save adds, for each backend:
``save`` is indexing inline (``backend.add``), ``save in request`` what a request pays
with the background writer (``search.indexer``) that the embedded mode uses. Uses the conformance suite's
minimal settings and modelsearch's test models (an in-memory SQLite database, a temporary
index directory): posts are ``Author`` rows (``name`` holds the text), practice cases are
``Book`` rows (title + summary), so it needs neither project data nor the guidebook app.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

VOCABULARY = [
    "procurement",
    "budget",
    "citizen",
    "digital",
    "service",
    "council",
    "municipality",
    "ministry",
    "agency",
    "reform",
    "strategy",
    "training",
    "network",
    "regional",
    "national",
    "policy",
    "openness",
    "data",
    "innovation",
    "workshop",
    "breakfast",
    "meeting",
    "seminar",
    "conference",
    "exchange",
    "mentor",
    "challenge",
    "commission",
    "partner",
    "evaluation",
    "pilot",
    "transfer",
    "practice",
    "community",
    "facilitator",
    "topic",
    "silo",
    "department",
    "unit",
    "housing",
    "transport",
    "health",
    "education",
    "climate",
    "energy",
    "water",
    "waste",
    "permit",
    "licence",
    "tax",
    "audit",
    "finance",
    "payroll",
    "recruitment",
    "competence",
    "leadership",
    "ethics",
    "justice",
    "governance",
    "zarządzanie",
    "gmina",
    "urząd",
    "budżet",
    "občina",
    "šola",
    "uprava",
    "savivaldybė",
    "švietimas",
    "valdymas",
]


def text(rng: random.Random, words: int) -> str:
    # Zipf-like: a few words are frequent, most are rare (as in real discussions).
    weights = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
    return " ".join(rng.choices(VOCABULARY, weights=weights, k=words))


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="10,000 posts, 200 cases")
    parser.add_argument("--posts", type=int, default=None)
    parser.add_argument("--practices", type=int, default=None)
    parser.add_argument("--queries", type=int, default=None, help="queries per shape")
    parser.add_argument("--saves", type=int, default=None)
    parser.add_argument(
        "--baseline-budget",
        type=float,
        default=None,
        help="seconds of SQLite FTS queries per shape (at least one query each); "
        "its queries take seconds each at this scale, so the baseline is bounded",
    )
    args = parser.parse_args()
    posts = args.posts or (10_000 if args.small else 100_000)
    practices = args.practices or (200 if args.small else 2_000)
    queries = args.queries or (30 if args.small else 100)
    saves = args.saves or (20 if args.small else 100)

    sys.path.insert(0, str(REPO))
    index_dir = tempfile.mkdtemp(prefix="praxis-search-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.search_conformance.settings"
    os.environ["SEARCH_CONFORMANCE_WHOOSH_PATH"] = index_dir
    import django

    django.setup()
    from django.db import connection
    from modelsearch.backends import get_search_backend
    from modelsearch.query import Phrase, PlainText
    from modelsearch.test.testapp.models import Author, Book

    from search.backends.whoosh import WhooshSearchBackend
    from search.indexer import BackgroundIndexer

    connection.creation.create_test_db(verbosity=0)
    rng = random.Random(5)
    try:
        backends = {
            "whoosh": WhooshSearchBackend({"PATH": index_dir, "LANGUAGE": "en"}),
            "sqlite-fts": get_search_backend("modelsearch.backends.database"),
        }
        assert type(backends["sqlite-fts"]).__name__ == "SQLiteSearchBackend"
        print(f"corpus: {posts:,} posts (20-40 words), {practices:,} practice cases")
        authors = [
            Author(
                pk=i + 1,
                name=text(rng, rng.randint(20, 40)),
                # half the posts dated: the "filtered" shape keeps those after 1970
                date_of_birth=datetime.date(1940 + i % 60, 1 + i % 12, 1) if i % 2 else None,
            )
            for i in range(posts)
        ]
        Author.objects.bulk_create(authors, batch_size=2000)
        books = [
            Book(
                pk=i + 1,
                title=text(rng, 6),
                summary=text(rng, 80),
                publication_date="2020-01-01",
                number_of_pages=10,
            )
            for i in range(practices)
        ]
        Book.objects.bulk_create(books, batch_size=1000)
        books = list(Book.objects.all())  # get_indexed_objects excludes subclassed books

        shapes = {
            "1 word": lambda: PlainText(" ".join(rng.sample(VOCABULARY, 1)), operator="and"),
            "2 words": lambda: PlainText(" ".join(rng.sample(VOCABULARY[:30], 2)), operator="and"),
            "3 words": lambda: PlainText(" ".join(rng.sample(VOCABULARY[:20], 3)), operator="and"),
            "phrase": lambda: Phrase(" ".join(rng.sample(VOCABULARY[:10], 2))),
            "2 words + filter": lambda: PlainText(
                " ".join(rng.sample(VOCABULARY[:30], 2)), operator="and"
            ),
        }
        since = datetime.date(1970, 1, 1)
        scopes = {
            shape: (
                (
                    Author.objects.filter(date_of_birth__gte=since),
                    Book.objects.filter(number_of_pages__gte=0),
                )
                if "filter" in shape
                else (Author, Book)
            )
            for shape in shapes
        }
        shape_queries = {shape: [make() for _ in range(queries)] for shape, make in shapes.items()}

        rows = []
        for name, backend in backends.items():
            started = time.perf_counter()
            for model, objects in ((Author, authors), (Book, books)):
                rebuilder = backend.rebuilder_class(backend.get_index_for_model(model))
                target = rebuilder.start()
                for start in range(0, len(objects), 2000):
                    target.add_items(model, objects[start : start + 2000])
                rebuilder.finish()
            elapsed = time.perf_counter() - started
            docs = posts + practices
            row = {"backend": name, "index docs/s": docs / elapsed, "index s": elapsed}
            for shape, items in shape_queries.items():
                timings = []
                for query in items:
                    if (
                        name != "whoosh"
                        and args.baseline_budget is not None
                        and timings
                        and sum(timings) / 1000 > args.baseline_budget
                    ):
                        break  # bounded baseline: n is printed below
                    t0 = time.perf_counter()
                    for scope in scopes[shape]:
                        results = backend.search(query, scope)
                        list(results[:10])
                        results.count()
                    timings.append((time.perf_counter() - t0) * 1000)
                row[f"{shape} p50"] = statistics.median(timings)
                row[f"{shape} p95"] = percentile(timings, 0.95)
                row[f"{shape} n"] = len(timings)
            timings = []
            for _ in range(saves):
                author = authors[rng.randrange(len(authors))]
                author.name = text(rng, 30)
                t0 = time.perf_counter()
                backend.add(author)
                timings.append((time.perf_counter() - t0) * 1000)
            row["save p50"] = statistics.median(timings)
            row["save p95"] = percentile(timings, 0.95)
            # What a save adds to its request with the background writer (search.indexer):
            # handing the object over; the index catches up in the writer thread.
            timings = []
            if name == "whoosh":
                writer = BackgroundIndexer(
                    run=lambda items, backend=backend: backend.add_bulk(
                        Author, list(Author.objects.filter(pk__in=[pk for _, pk, _ in items]))
                    )
                )
                for _ in range(saves):
                    author = authors[rng.randrange(len(authors))]
                    t0 = time.perf_counter()
                    writer.submit([["searchtests.Author", author.pk, "update"]])
                    timings.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                writer.flush()
                row["background: index caught up s"] = time.perf_counter() - t0
                writer.stop()
            row["save in request p50"] = statistics.median(timings) if timings else row["save p50"]
            row["save in request p95"] = percentile(timings, 0.95) if timings else row["save p95"]
            rows.append(row)
            print(f"{name}: indexed {docs:,} docs in {elapsed:.1f} s", flush=True)

        print()
        print("| measure | " + " | ".join(r["backend"] for r in rows) + " | whoosh / sqlite |")
        print("| --- | " + " | ".join("---:" for _ in rows) + " | ---: |")
        for key in rows[0]:
            if key == "backend":
                continue
            values = [r.get(key, float("nan")) for r in rows]
            ratio = values[0] / values[1] if values[1] else float("nan")
            unit = (
                ""
                if "docs/s" in key or key.endswith(" n")
                else (" s" if key.endswith(" s") else " ms")
            )
            cells = " | ".join(f"{v:,.1f}{unit}" for v in values)
            print(f"| {key} | {cells} | {ratio:.2f} |")
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
