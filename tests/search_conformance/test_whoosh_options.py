"""Backend options: validation, custom analyzers, operators."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends import get_search_backend
from modelsearch.test.testapp.models import Author

from search.backends.whoosh import WhooshSearchBackend

from .helpers import make_authors, make_backend, names

pytestmark = pytest.mark.django_db


def test_loaded_by_module_path(settings):
    backend = get_search_backend("default")
    assert isinstance(backend, WhooshSearchBackend)
    assert str(backend.path) == settings.MODELSEARCH_BACKENDS["default"]["PATH"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"PATH": ""},
        {"PATH": "x", "OPERATOR": "xor"},
        {"PATH": "x", "RESULT_LIMIT": 0},
        {"PATH": "x", "WRITE_TIMEOUT": None},
        {"PATH": "x", "MAX_QUERY_TERMS": "many"},
        {"PATH": "x", "ANALYZER": "builtins.object"},
    ],
)
def test_invalid_options(params):
    with pytest.raises(ImproperlyConfigured):
        WhooshSearchBackend(params)


def test_time_limit_can_be_disabled(tmp_path):
    backend = make_backend(tmp_path, TIME_LIMIT=None)
    make_authors(["Ada Lovelace"])
    backend.add_bulk(Author, Author.objects.all())
    assert names(backend.search("ada", Author)) == ["Ada Lovelace"]


def test_custom_analyzer(tmp_path):
    # A dotted path to a factory; StemmingAnalyzer also drops English stop words.
    backend = make_backend(tmp_path, ANALYZER="whoosh.analysis.StemmingAnalyzer")
    make_authors(["The Managers of Budgets"])
    backend.add_bulk(Author, Author.objects.all())
    assert names(backend.search("budget", Author)) == ["The Managers of Budgets"]
    assert names(backend.search("the", Author)) == []


def test_default_operators(tmp_path):
    make_authors(["Ada Lovelace", "Ada Byron", "Charles Babbage"])
    either = make_backend(tmp_path / "or")
    either.add_bulk(Author, Author.objects.all())
    assert sorted(names(either.search("lovelace babbage", Author))) == [
        "Ada Lovelace",
        "Charles Babbage",
    ]
    # Autocomplete defaults to "and": every typed prefix must match.
    assert names(either.autocomplete("ada lov", Author)) == ["Ada Lovelace"]
    both = make_backend(tmp_path / "and", OPERATOR="and")
    both.add_bulk(Author, Author.objects.all())
    assert names(both.search("ada lovelace", Author)) == ["Ada Lovelace"]
    assert sorted(names(both.search("ada lovelace", Author, operator="or"))) == [
        "Ada Byron",
        "Ada Lovelace",
    ]
