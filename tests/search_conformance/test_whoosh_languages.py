"""Analysis: accent folding for every language, stemming where Whoosh has a stemmer."""

from __future__ import annotations

import unicodedata

import pytest
from modelsearch.test.testapp.models import Author

from search.backends.whoosh import WhooshSearchBackend, stemming_language

from .helpers import make_authors, make_backend, names

pytestmark = pytest.mark.django_db

FOLDING_CASES = [
    # (language, indexed text, queries that must find it)
    (
        "pl",
        "Zarządzanie projektami w urzędzie gminy",
        ["zarzadzanie", "ZARZĄDZANIE", "Zarządzanie", "urzedzie", "ZARZADZANIE PROJEKTAMI"],
    ),
    ("pl", "Łódź, Gdańsk i Kraków: współpraca", ["lodz", "ŁÓDŹ", "gdansk", "wspolpraca"]),
    ("pl", "zarzadzanie kryzysowe", ["zarządzanie", "kryzysowe"]),
    ("sl", "Občina Črnomelj in šolski načrt", ["obcina", "crnomelj", "Šolski", "nacrt"]),
    ("sl", "Ljubljana: javna uprava, žalec", ["zalec", "ŽALEC", "ljubljana"]),
    ("lt", "Viešojo sektoriaus įstaigų ūkio valdymas", ["viesojo", "istaigu", "ukio", "ĮSTAIGŲ"]),
    ("lt", "Savivaldybės švietimo skyrius", ["savivaldybes", "svietimo", "Švietimo"]),
    ("en", "Café résumé naïve", ["cafe", "resume", "naive"]),
]


@pytest.mark.parametrize(("language", "text", "queries"), FOLDING_CASES)
def test_accents_and_case_are_folded(tmp_path, language, text, queries):
    backend = make_backend(tmp_path, LANGUAGE=language)
    make_authors([text, "Unrelated person"])
    backend.add_bulk(Author, Author.objects.all())
    for query in queries:
        assert names(backend.search(query, Author)) == [text], query
        # Decomposed input (e + combining ogonek...) behaves like precomposed input.
        decomposed = unicodedata.normalize("NFD", query)
        assert names(backend.search(decomposed, Author)) == [text], decomposed


@pytest.mark.parametrize(
    ("language", "text", "prefix"),
    [
        ("pl", "Zarządzanie projektami", "zarza"),
        ("pl", "Zarządzanie projektami", "ZARZĄ"),
        ("sl", "Črnomelj", "crno"),
        ("lt", "Įstaigų valdymas", "istai"),
    ],
)
def test_autocomplete_folds_accents(tmp_path, language, text, prefix):
    backend = make_backend(tmp_path, LANGUAGE=language)
    make_authors([text, "Someone else"])
    backend.add_bulk(Author, Author.objects.all())
    assert names(backend.autocomplete(prefix, Author)) == [text]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Managing municipal budgets", "manage"),
        ("Managing municipal budgets", "budget"),
        ("Managing municipal budgets", "municipalities"),
        ("Connected communities", "connection"),
        ("Running the council", "runs"),
    ],
)
def test_english_stemming(tmp_path, text, query):
    backend = make_backend(tmp_path, LANGUAGE="en")
    make_authors([text, "Something different"])
    backend.add_bulk(Author, Author.objects.all())
    assert names(backend.search(query, Author)) == [text]


def test_no_english_stemming_for_polish(tmp_path):
    backend = make_backend(tmp_path, LANGUAGE="pl")
    make_authors(["Managing budgets"])
    backend.add_bulk(Author, Author.objects.all())
    assert names(backend.search("budgets", Author)) == ["Managing budgets"]
    assert names(backend.search("budget", Author)) == []


def test_autocomplete_is_not_stemmed(tmp_path):
    backend = make_backend(tmp_path, LANGUAGE="en")
    make_authors(["Learning governance"])
    backend.add_bulk(Author, Author.objects.all())
    assert names(backend.autocomplete("learni", Author)) == ["Learning governance"]
    assert names(backend.autocomplete("governa", Author)) == ["Learning governance"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "en"), ("en-gb", "en"), ("en_US", "en"), ("english", "english"), ("pl", None)],
)
def test_stemming_language(code, expected):
    assert stemming_language(code) == expected


def test_language_defaults_to_language_code(tmp_path, settings):
    settings.LANGUAGE_CODE = "en-gb"
    assert WhooshSearchBackend({"PATH": str(tmp_path)}).language == "en-gb"
