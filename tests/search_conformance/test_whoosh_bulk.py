"""Bulk scoring (search.backends.whoosh.bulk) answers exactly as Whoosh's matchers do.

The same index is searched by two backends, one scoring with cached posting arrays and
one with Whoosh's own matchers: every query shape must give the same documents, in the
same order, with the same scores and totals (up to the last bit of a float sum). A
corpus in several segments, with deleted documents, makes the per-segment bookkeeping
count.
"""

from __future__ import annotations

import datetime
import random

import numpy as np
import pytest
from django.db import transaction
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText
from modelsearch.test.testapp.models import Author, Book

from search.backends.whoosh import WhooshSearchBackend
from search.backends.whoosh import bulk as whoosh_bulk

from .helpers import make_backend

pytestmark = pytest.mark.django_db

WORDS = [
    "budget",
    "council",
    "citizen",
    "digital",
    "service",
    "reform",
    "training",
    "network",
    "zarządzanie",
    "občina",
    "savivaldybė",
    "procurement",
    "pilot",
    "mentor",
    "exchange",
    "housing",
]


def _text(rng: random.Random, count: int) -> str:
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    return " ".join(rng.choices(WORDS, weights=weights, k=count))


def _build_corpus(tmp_path, first_pk: int = 0):
    """400 authors and 60 books in several segments, some authors deleted (their ids
    from ``first_pk`` on, so two corpora can live in one database)."""
    rng = random.Random(11)
    authors = [
        Author(
            pk=first_pk + 5000 + i,
            # one long text: positions past 255 pickle in wider opcodes
            name=_text(rng, 700 if i == 7 else rng.randint(3, 40)),
            date_of_birth=datetime.date(1950 + i % 50, 1, 1) if i % 3 else None,
        )
        for i in range(400)
    ]
    Author.objects.bulk_create(authors)
    books = [
        Book(
            pk=first_pk + 7000 + i,
            title=_text(rng, 4),
            summary=_text(rng, 30),
            publication_date=datetime.date(2000 + i % 20, 1, 1),
            number_of_pages=10 + i,
        )
        for i in range(60)
    ]
    Book.objects.bulk_create(books)
    bulk = make_backend(tmp_path)
    for start in range(0, 400, 100):  # one commit, so one segment, per batch
        bulk.add_bulk(
            Author, Author.objects.filter(pk__in=[a.pk for a in authors[start : start + 100]])
        )
    bulk.add_bulk(Book, Book.objects.filter(pk__in=[b.pk for b in books]))
    for author in authors[::13]:
        bulk.delete(author)
        author.delete()
    matchers = WhooshSearchBackend({"PATH": str(tmp_path), "LANGUAGE": "en", "BULK_SCORING": False})
    return bulk, matchers


@pytest.fixture
def corpus(tmp_path):
    """A corpus of the test's own, for a test that changes it."""
    return _build_corpus(tmp_path, first_pk=20_000)


@pytest.fixture(scope="module")
def shared_corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    """One corpus for the tests that only search it (120 query and scope pairs), built
    once inside a transaction rolled back after the module; each test still runs in its
    own transaction inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_corpus(tmp_path_factory.mktemp("bulk-corpus"))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


QUERIES = [
    PlainText("budget"),
    PlainText("budget council", operator="and"),
    PlainText("budget council", operator="or"),
    PlainText("citizen digital service", operator="and"),
    PlainText("zarzadzanie obcina"),  # folded accents
    PlainText("nothing-like-this"),
    Phrase("budget council"),
    Phrase("council budget budget"),
    Phrase("service reform training"),
    Fuzzy("buget"),
    Fuzzy("councel servise"),
    Boost(PlainText("housing"), 3.0) | PlainText("budget"),
    And([PlainText("budget"), Not(PlainText("council"))]),
    Or([Phrase("digital service"), PlainText("mentor")]),
    PlainText("budget") & (PlainText("pilot") | PlainText("exchange")),
]


def _answer(backend, query, scope):
    results = backend.search(query, scope).annotate_score("_score")
    rows = [(obj.pk, obj._score) for obj in results]
    return rows, results.count()


@pytest.mark.parametrize("query", QUERIES, ids=repr)
@pytest.mark.parametrize(
    "scope",
    [
        lambda: Author,
        lambda: Author.objects.filter(date_of_birth__gte=datetime.date(1970, 1, 1)),
        lambda: Author.objects.filter(date_of_birth__isnull=True),
        lambda: Author.objects.exclude(date_of_birth__gte=datetime.date(1970, 1, 1)),
        lambda: Book,
        lambda: Book.objects.filter(number_of_pages__lt=40),
        lambda: Book.objects.filter(number_of_pages__in=range(10, 70, 3)),
        lambda: Book.objects.filter(
            publication_date__range=(datetime.date(2005, 1, 1), datetime.date(2012, 1, 1))
        ),
    ],
    ids=[
        "authors",
        "authors-filtered",
        "authors-undated",
        "authors-excluded",
        "books",
        "books-filtered",
        "books-in",
        "books-range",
    ],
)
def test_bulk_scoring_matches_whoosh(shared_corpus, query, scope):
    bulk, matchers = shared_corpus
    expected, expected_count = _answer(matchers, query, scope())
    found, count = _answer(bulk, query, scope())
    assert count == expected_count
    assert [score for _, score in found] == pytest.approx([s for _, s in expected], rel=1e-9)
    # Same order, except between documents whose scores differ only by rounding (sums
    # taken in another order): those are ordered by score rounded, then pk, on both sides.
    assert _by_rounded_score(found) == _by_rounded_score(expected)


def _by_rounded_score(rows):
    return [pk for pk, _ in sorted(rows, key=lambda row: (-round(row[1], 9), row[0]))]


def test_bulk_scoring_is_used(shared_corpus, monkeypatch):
    bulk, _ = shared_corpus
    answered = []
    evaluate = whoosh_bulk.evaluate

    def spy(*args, **kwargs):
        hits = evaluate(*args, **kwargs)
        answered.append(hits is not None)
        return hits

    # matches.py calls bulk.evaluate through the module, so this replaces what it calls
    monkeypatch.setattr(whoosh_bulk, "evaluate", spy)
    results = bulk.search(Phrase("budget council"), Author)
    assert list(results[:5])
    assert results.count() > 5
    assert answered == [True]  # one evaluation for the page and the total


def test_deleted_and_new_documents(corpus):
    bulk, matchers = corpus
    before = bulk.search("budget", Author).count()
    gone = bulk.search("budget", Author)[0]
    bulk.delete(gone)
    added = Author.objects.create(pk=9999, name="quokka budget")
    bulk.add(added)
    after = list(bulk.search("budget", Author))
    assert gone.pk not in [a.pk for a in after]
    assert 9999 in [a.pk for a in after]
    assert len(after) == before  # one out, one in
    assert [a.pk for a in bulk.search("quokka", Author)] == [9999]
    assert [a.pk for a in after] == [a.pk for a in matchers.search("budget", Author)]


def test_posting_cache_is_bounded():
    cache = whoosh_bulk.PostingCache(max_bytes=10)
    for key in range(5):
        cache.get(key, lambda: object(), lambda value: 4)
    assert len(cache._entries) == 2  # 8 bytes kept, the oldest evicted
    assert set(cache._entries) == {3, 4}


def test_positions_decoded_in_bulk_as_whoosh_decodes_them():
    from whoosh.formats import Positions

    fmt = Positions()
    rng = random.Random(3)
    lists = [
        sorted(rng.sample(range(rng.choice([50, 300, 70_000])), rng.choice([1, 2, 3, 10, 40])))
        for _ in range(2000)
    ]
    # with and without the trailing STOP; deltas of one, two and four bytes
    values = [fmt.encode(p) if i % 2 else fmt.encode(p)[:-1] for i, p in enumerate(lists)]
    postings = whoosh_bulk.Postings(
        np.arange(len(values), dtype=np.int64), np.ones(len(values)), values
    )
    keys = whoosh_bulk._position_keys(postings, fmt)
    assert keys.tolist() == [
        (docnum << whoosh_bulk.POSITION_BITS) | position
        for docnum, value in enumerate(values)
        for position in fmt.decode_positions(value)
    ]


@pytest.mark.parametrize(
    "spec",
    [
        [("date_of_birth", False)],
        [("date_of_birth", True)],
        [("date_of_birth", True), ("pk", False)],
        [("pk", True)],
    ],
    ids=repr,
)
def test_ordering_over_arrays_matches_sorting_in_python(shared_corpus, spec):
    bulk, _ = shared_corpus
    search = bulk.search("budget council", Author)._search()
    with search.searcher() as searcher:
        assert search.ordered(searcher, spec) == search._ordered_in_python(searcher, spec)


def test_facet_counts_every_match(shared_corpus):
    bulk, _ = shared_corpus
    results = bulk.search("budget", Author)
    counts = results.facet("date_of_birth")
    assert sum(counts.values()) == results.count()
    dated = Author.objects.filter(pk__in=[a.pk for a in results], date_of_birth__isnull=False)
    assert counts[None] == results.count() - dated.count()
    assert counts[datetime.date(1951, 1, 1)] == dated.filter(date_of_birth__year=1951).count()
