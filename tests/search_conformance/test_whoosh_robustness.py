"""Hostile or odd user input: never an exception, never Whoosh query syntax."""

from __future__ import annotations

import random

import pytest
from modelsearch.query import Fuzzy, Not, Phrase, PlainText
from modelsearch.test.testapp.models import Author
from whoosh import qparser
from whoosh import query as wq

from search.backends.whoosh.analysis import _Analysis

from .helpers import make_authors, make_backend, names

pytestmark = pytest.mark.django_db

AUTHORS = [
    "Isaac Asimov",
    "Title Page Designer",
    "Ada Lovelace",
    "Abcdef Zyx",
    "Zarządzanie Kowalska",
    "Tom O'Brien",
]

BAD_INPUTS = [
    "",
    " ",
    '"',
    '"unbalanced quote',
    "unbalanced quote'",
    "((unbalanced",
    "unbalanced))",
    "(a OR b",
    "title:",
    "title:hobbit",
    "name:asimov",
    ":",
    "::::",
    "*",
    "**",
    "a*",
    "*a",
    "?",
    "as?mov",
    "[a TO z]",
    "{a TO z}",
    "name:[a TO z]",
    "a~",
    "asimov~2",
    "asimov^10",
    "NOT",
    "AND OR NOT",
    "- + ! & | ~ ^",
    "\\",
    "\\\\\\",
    "'",
    "''''",
    "x" * 10_000,
    "isaac " * 2_000,
    "\x00\x01\x02 asimov \x7f\x9f",
    "asimov\u0000lovelace",
    "\ud800 lone surrogate \udfff",
    "tab\tnew\nline\rcarriage",
    "Zarządzanie Виктор 中文 العربية עברית 🙂 asimov",
    "\u202eevil rtl override",
    "ｆｕｌｌｗｉｄｔｈ ａｓｉｍｏｖ",
    "\ufeffbom asimov",
    "e\u0301\u0301\u0301 combining",
    "%s %d {} {0} $1",
    "<script>alert(1)</script>",
    "'; DROP TABLE authors; --",
]


@pytest.fixture
def backend(tmp_path):
    backend = make_backend(tmp_path, MAX_QUERY_TERMS=16)
    make_authors(AUTHORS)
    backend.add_bulk(Author, Author.objects.all())
    return backend


def _all_query_shapes(backend, text):
    yield backend.search(text, Author)
    yield backend.search(text, Author, operator="and")
    yield backend.search(text, Author, fields=["name"])
    yield backend.search(text, Author.objects.order_by("date_of_birth"), order_by_relevance=False)
    yield backend.autocomplete(text, Author)
    yield backend.autocomplete(text, Author, fields=["name"])
    yield backend.search(Phrase(text), Author)
    yield backend.search(Fuzzy(text), Author)
    yield backend.search(PlainText(text) | Not(PlainText(text)), Author)
    yield backend.search(Not(PlainText(text, operator="or")), Author)


@pytest.mark.parametrize("text", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_never_raises(backend, text):
    for results in _all_query_shapes(backend, text):
        found = list(results)
        assert results.count() == len(found)
        assert all(isinstance(author, Author) for author in found)


def test_random_input_never_raises(backend):
    alphabet = (
        "abcxyz AZ09 \"'()[]{}:*?~^!+-&|\\/<>=,.;_ \t\n\x00\x1b\x7f"
        "ąęłśżźćń čšž ėįųū Ωπ ж 中文 🙂 \u0301\u202e\ufeff"
    )
    rng = random.Random(20240601)
    for _ in range(150):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for results in _all_query_shapes(backend, text):
            list(results)


def test_query_syntax_is_plain_words(backend):
    every = sorted(AUTHORS)
    # A field prefix is a word, not a restriction to a field.
    assert names(backend.search("name:asimov", Author)) == ["Isaac Asimov"]
    assert names(backend.search("title:", Author)) == ["Title Page Designer"]
    # Wildcards, ranges and fuzzy markers mean nothing special.
    assert names(backend.search("*", Author)) == []
    assert names(backend.search("as*", Author)) == []
    assert names(backend.search("asim?v", Author)) == []
    assert names(backend.search("[a TO z]", Author, operator="and")) == []
    assert sorted(names(backend.search("asimov~2", Author))) == ["Isaac Asimov"]
    # Boolean words are ordinary words too (none of these names contains them).
    assert names(backend.search("NOT asimov", Author, operator="and")) == []
    assert sorted(names(backend.search(Not(PlainText("NOT")), Author))) == every


def test_query_parser_is_never_used(backend, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("user text reached Whoosh's query parser")

    monkeypatch.setattr(qparser.QueryParser, "parse", forbidden)
    for text in BAD_INPUTS[:20]:
        for results in _all_query_shapes(backend, text):
            list(results)


def test_query_size_is_bounded(backend):
    results = backend.search(" ".join(f"word{i}" for i in range(5000)), Author)
    compiler = results.query_compiler
    index = backend.get_index_for_model(Author)
    searcher = index._searcher()
    compiled = compiler.compile(_Analysis.from_schema(searcher.schema), backend)
    terms = {term for _, term in compiled.iter_all_terms()}
    assert len(terms) == 16  # MAX_QUERY_TERMS
    assert all(isinstance(leaf, wq.Term) for leaf in compiled.leaves())
    assert list(results) == []


def test_long_query_is_truncated_not_rejected(backend):
    text = "asimov " + "x" * 20_000
    assert names(backend.search(text, Author)) == ["Isaac Asimov"]


def test_result_limit(tmp_path):
    backend = make_backend(tmp_path, RESULT_LIMIT=3)
    make_authors([f"Common name {i}" for i in range(10)])
    backend.add_bulk(Author, Author.objects.all())
    results = backend.search("common", Author)
    # The total stays exact (an unscored count); only the ranked results are bounded.
    assert results.count() == 10
    assert len(list(results)) == 3
    assert len(list(backend.search("common", Author)[2:10])) == 1


def test_time_limit_returns_partial_results_bulk(tmp_path, monkeypatch):
    from search.backends.whoosh import matches

    backend = make_backend(tmp_path, TIME_LIMIT=0.001)
    make_authors([f"Common name {i}" for i in range(5)])
    backend.add_bulk(Author, Author.objects.all())
    monkeypatch.setattr(matches._Deadline, "passed", lambda self: True)
    assert list(backend.search("common", Author)) == []


def test_time_limit_returns_partial_results(tmp_path, monkeypatch):
    from whoosh import collectors

    # Whoosh's matchers (queries bulk.py does not model take this path)
    backend = make_backend(tmp_path, TIME_LIMIT=0.001, BULK_SCORING=False)
    make_authors([f"Common name {i}" for i in range(5)])
    backend.add_bulk(Author, Author.objects.all())

    def timed_out(self, *args, **kwargs):
        raise collectors.TimeLimit

    monkeypatch.setattr(collectors.TimeLimitCollector, "collect_matches", timed_out)
    assert list(backend.search("common", Author)) == []
