"""Search figures: Whoosh, Tantivy (through the backend and raw) and PostgreSQL full-text,
same corpus, same queries, one run.

Run from the repository root:

    .venv/bin/python benchmarks/search.py            # 20,000 posts (a few minutes)
    .venv/bin/python benchmarks/search.py --posts 100000 --queries 100

Engines, measured round by round in turn (the order rotates each round, so none gains from
running first or last):

* ``whoosh``: Praxis's Whoosh backend (``search.backends.whoosh``), through modelsearch;
* ``tantivy``: Praxis's Tantivy backend (``search.backends.tantivy``), through modelsearch;
* ``tantivy raw``: the ``tantivy`` package directly on the same texts (one stemmed text
  field, a date fast field, Tantivy's query parser): the engine's own cost, ids and count;
* ``tantivy raw + orm``: the same, plus loading the page's 10 rows through the ORM, as
  every modelsearch backend does: the like-for-like reference for the backend's overhead;
* ``postgres``: PostgreSQL full-text search on the same texts (a ``tsvector`` column with a
  GIN index, ``plainto_tsquery`` / ``phraseto_tsquery`` in English, ``ts_rank`` order, top 10
  and ``count(*)``), only if 127.0.0.1:5432 (user postgres) answers.

Each query asks what the search page asks: the first page of 10 and the exact total of
posts matching all its words (or the phrase) among the dated ones (``date_of_birth >=
1970``, a filter). Shapes: 1, 2 and 3 words, a two-word phrase. *Warm*: the index open and
its caches filled. *Cold*: the first query after dropping every cache of the process (the
backends' pooled readers and posting caches; a new index object for raw Tantivy; a new
connection for PostgreSQL); the operating system's file cache stays warm. Indexing: a full
rebuild (documents per second). Posts are modelsearch's test ``Author`` rows (``name``
holds 20-40 words), in an in-memory SQLite database under the conformance settings.
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
import threading
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


SINCE = datetime.date(1970, 1, 1)


class RawTantivy:
    """The tantivy package on its own: the engine's cost for the same question."""

    def __init__(self, path: str):
        import tantivy

        self.tantivy = tantivy
        self.path = path
        builder = tantivy.SchemaBuilder()
        builder.add_unsigned_field("pk", stored=True, fast=True, indexed=True)
        builder.add_text_field("body", tokenizer_name="en_stem")
        builder.add_integer_field("dob", fast=True, indexed=True)
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema, path=path)

    def build(self, authors) -> None:
        tantivy = self.tantivy
        writer = self.index.writer(256_000_000, 1)
        for author in authors:
            document = tantivy.Document()
            document.add_unsigned("pk", author.pk)
            document.add_text("body", author.name)
            if author.date_of_birth is not None:
                document.add_integer("dob", author.date_of_birth.toordinal())
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def reopen(self) -> None:
        self.index = None  # opened by the next query, inside its timing

    def query(self, text: str, phrase: bool) -> tuple[list[int], int]:
        tantivy = self.tantivy
        if self.index is None:
            self.index = tantivy.Index.open(self.path)
        parsed = self.index.parse_query(
            f'"{text}"' if phrase else text, ["body"], conjunction_by_default=True
        )
        dated = tantivy.Query.range_query(
            self.schema, "dob", tantivy.FieldType.Integer, lower_bound=SINCE.toordinal()
        )
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, parsed), (tantivy.Occur.Must, dated)]
        )
        searcher = self.index.searcher()
        found = searcher.search(query, limit=10, count=True)
        pks = searcher.fast_field_values("pk", [address for _, address in found.hits])
        return pks, found.count


class Postgres:
    """PostgreSQL full-text search on a scratch table (dropped at the end)."""

    DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"

    def __init__(self):
        import psycopg

        self.psycopg = psycopg
        self.table = f"praxis_search_bench_{os.getpid()}"
        self.connection = psycopg.connect(self.DSN, autocommit=True)

    @classmethod
    def reachable(cls) -> bool:
        try:
            import psycopg

            psycopg.connect(cls.DSN).close()
        except Exception:  # noqa: BLE001 - no PostgreSQL here: the column is left out
            return False
        return True

    def build(self, authors) -> None:
        c = self.connection
        c.execute(f"DROP TABLE IF EXISTS {self.table}")
        c.execute(f"CREATE TABLE {self.table} (id integer PRIMARY KEY, body text, dob date)")
        with c.cursor().copy(f"COPY {self.table} (id, body, dob) FROM STDIN") as copy:
            for author in authors:
                copy.write_row((author.pk, author.name, author.date_of_birth))
        c.execute(
            f"ALTER TABLE {self.table} ADD COLUMN tsv tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('english', body)) STORED"
        )
        c.execute(f"CREATE INDEX ON {self.table} USING gin (tsv)")
        c.execute(f"CREATE INDEX ON {self.table} (dob)")
        c.execute(f"ANALYZE {self.table}")

    def reopen(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None  # connected by the next query, inside its timing

    def query(self, text: str, phrase: bool) -> tuple[list[int], int]:
        if self.connection is None:
            self.connection = self.psycopg.connect(self.DSN, autocommit=True)
        function = "phraseto_tsquery" if phrase else "plainto_tsquery"
        where = f"tsv @@ {function}('english', %(q)s) AND dob >= %(since)s"
        params = {"q": text, "since": SINCE}
        c = self.connection
        rows = c.execute(
            f"SELECT id FROM {self.table} WHERE {where} "
            f"ORDER BY ts_rank(tsv, {function}('english', %(q)s)) DESC, id DESC LIMIT 10",
            params,
        ).fetchall()
        (count,) = c.execute(f"SELECT count(*) FROM {self.table} WHERE {where}", params).fetchone()
        return [row[0] for row in rows], count

    def close(self) -> None:
        if self.connection is None:
            self.connection = self.psycopg.connect(self.DSN, autocommit=True)
        self.connection.execute(f"DROP TABLE IF EXISTS {self.table}")
        self.connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=40, help="warm queries per shape")
    parser.add_argument("--cold", type=int, default=8, help="cold queries per shape")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    index_dir = tempfile.mkdtemp(prefix="praxis-search-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.search_conformance.settings"
    os.environ["SEARCH_CONFORMANCE_WHOOSH_PATH"] = index_dir
    import django

    django.setup()
    from django.db import connection
    from modelsearch.query import Phrase, PlainText
    from modelsearch.test.testapp.models import Author

    from search.backends import tantivy as tantivy_backend
    from search.backends import whoosh as whoosh_backend
    from search.backends.tantivy import TantivySearchBackend
    from search.backends.whoosh import WhooshSearchBackend

    connection.creation.create_test_db(verbosity=0)
    rng = random.Random(5)
    postgres = None
    try:
        print(f"corpus: {args.posts:,} posts (20-40 words), half of them dated", flush=True)
        authors = [
            Author(
                pk=i + 1,
                name=text(rng, rng.randint(20, 40)),
                date_of_birth=datetime.date(1940 + i % 60, 1 + i % 12, 1) if i % 2 else None,
            )
            for i in range(args.posts)
        ]
        Author.objects.bulk_create(authors, batch_size=2000)
        scope = Author.objects.filter(date_of_birth__gte=SINCE)

        def whoosh_new():
            return WhooshSearchBackend({"PATH": f"{index_dir}/whoosh", "LANGUAGE": "en"})

        def tantivy_new():
            return TantivySearchBackend({"PATH": f"{index_dir}/tantivy", "LANGUAGE": "en"})

        backends = {"whoosh": whoosh_new(), "tantivy": tantivy_new()}
        raw = RawTantivy(tempfile.mkdtemp(dir=index_dir, prefix="raw-"))
        if not args.no_postgres and Postgres.reachable():
            postgres = Postgres()
        else:
            print("PostgreSQL not reachable on 127.0.0.1:5432: left out", flush=True)

        # Indexing ------------------------------------------------------------------
        indexing: dict[str, float] = {}

        def rebuild(backend) -> None:
            rebuilder = backend.rebuilder_class(backend.get_index_for_model(Author))
            target = rebuilder.start()
            for start in range(0, len(authors), 2000):
                target.add_items(Author, authors[start : start + 2000])
            rebuilder.finish()

        builds = {name: (lambda b=b: rebuild(b)) for name, b in backends.items()}
        builds["tantivy raw"] = lambda: raw.build(authors)
        if postgres is not None:
            builds["postgres"] = lambda: postgres.build(authors)
        for name, build in builds.items():
            t0 = time.perf_counter()
            build()
            elapsed = time.perf_counter() - t0
            indexing[name] = len(authors) / elapsed
            print(f"indexing {name}: {indexing[name]:,.0f} docs/s ({elapsed:.1f} s)", flush=True)
        indexing["tantivy raw + orm"] = indexing["tantivy raw"]

        # Queries -------------------------------------------------------------------
        def orm_page(pks) -> None:
            # as the backends load a page: through the queryset, keeping its filters
            list(scope.filter(pk__in=pks))

        def run_backend(name):
            def run(words: str, phrase: bool) -> None:
                query = Phrase(words) if phrase else PlainText(words, operator="and")
                results = backends[name].search(query, scope)
                list(results[:10])
                results.count()

            return run

        def run_raw(words: str, phrase: bool) -> None:
            raw.query(words, phrase)

        def run_raw_orm(words: str, phrase: bool) -> None:
            pks, _count = raw.query(words, phrase)
            orm_page(pks)

        engines = {
            "whoosh": run_backend("whoosh"),
            "tantivy": run_backend("tantivy"),
            "tantivy raw": run_raw,
            "tantivy raw + orm": run_raw_orm,
        }
        if postgres is not None:
            engines["postgres"] = lambda words, phrase: postgres.query(words, phrase)

        def drop_caches() -> None:
            """Forget every reader and cache of the process (cold queries)."""
            whoosh_backend.store._STORES.clear()
            whoosh_backend.store._SEARCHERS = threading.local()
            whoosh_backend.backend._POSTING_CACHES.clear()
            tantivy_backend.store._STORES.clear()
            backends["whoosh"], backends["tantivy"] = whoosh_new(), tantivy_new()
            raw.reopen()
            if postgres is not None:
                postgres.reopen()

        shapes = {
            "1 word": (lambda: " ".join(rng.sample(VOCABULARY, 1)), False),
            "2 words": (lambda: " ".join(rng.sample(VOCABULARY[:30], 2)), False),
            "3 words": (lambda: " ".join(rng.sample(VOCABULARY[:20], 3)), False),
            "phrase": (lambda: " ".join(rng.sample(VOCABULARY[:10], 2)), True),
        }
        names = list(engines)
        timings = {(m, s, n): [] for m in ("cold", "warm") for s in shapes for n in names}

        def measure(mode: str, shape: str, words: str, phrase: bool, round_: int) -> None:
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                if mode == "cold":
                    drop_caches()
                t0 = time.perf_counter()
                engines[name](words, phrase)
                timings[(mode, shape, name)].append((time.perf_counter() - t0) * 1000)

        for shape, (make, phrase) in shapes.items():
            for round_ in range(args.cold):
                measure("cold", shape, make(), phrase, round_)
            for name in names:  # fill the caches before the warm rounds
                engines[name](make(), phrase)
            for round_ in range(args.queries):
                measure("warm", shape, make(), phrase, round_)
            cells = []
            for mode in ("cold", "warm"):
                p50 = {n: statistics.median(timings[(mode, shape, n)]) for n in names}
                cells.append(
                    f"{mode} p50 "
                    + ", ".join(f"{n} {p50[n]:.2f} ms" for n in names)
                    + f" (whoosh/tantivy {p50['whoosh'] / p50['tantivy']:.1f}x, "
                    f"tantivy/raw+orm {p50['tantivy'] / p50['tantivy raw + orm']:.2f}x, "
                    f"tantivy/raw {p50['tantivy'] / p50['tantivy raw']:.1f}x)"
                )
            print(f"{shape}: " + "; ".join(cells), flush=True)

        # Table ---------------------------------------------------------------------
        print()
        print("| measure | " + " | ".join(names) + " |")
        print("| --- | " + " | ".join("---:" for _ in names) + " |")
        print("| index docs/s | " + " | ".join(f"{indexing[n]:,.0f}" for n in names) + " |")
        for mode in ("cold", "warm"):
            for shape in shapes:
                for share, label in ((0.5, "p50"), (0.95, "p95")):
                    values = [percentile(timings[(mode, shape, n)], share) for n in names]
                    cells = " | ".join(f"{v:,.2f} ms" for v in values)
                    print(f"| {mode} {shape} {label} | {cells} |")
        print()
        reference = [n for n in names if n not in ("tantivy", "tantivy raw")]
        print(
            "| ratio (p50) | "
            + " | ".join(f"{n} / tantivy" for n in reference)
            + " | tantivy / tantivy raw | tantivy / (tantivy raw + orm) |"
        )
        print("| --- | " + " | ".join("---:" for _ in reference) + " | ---: | ---: |")
        for mode in ("cold", "warm"):
            for shape in shapes:
                p50 = {n: statistics.median(timings[(mode, shape, n)]) for n in names}
                cells = [f"{p50[n] / p50['tantivy']:.2f}" for n in reference]
                cells.append(f"{p50['tantivy'] / p50['tantivy raw']:.2f}")
                cells.append(f"{p50['tantivy'] / p50['tantivy raw + orm']:.2f}")
                print(f"| {mode} {shape} | " + " | ".join(cells) + " |")
    finally:
        if postgres is not None:
            postgres.close()
        shutil.rmtree(index_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
