"""Helpers for the Whoosh-specific tests."""

from __future__ import annotations

from pathlib import Path

from modelsearch.test.testapp.models import Author

from search.backends.whoosh import WhooshSearchBackend


def make_backend(path: Path, **options) -> WhooshSearchBackend:
    """A Whoosh backend on its own directory (never the suite's shared index)."""
    params = {"PATH": str(path), "LANGUAGE": "en"}
    params.update(options)
    return WhooshSearchBackend(params)


def make_authors(names: list[str], first_pk: int = 1000) -> list[Author]:
    """Authors saved without signals, so only the backend under test indexes them."""
    authors = [Author(pk=first_pk + i, name=name) for i, name in enumerate(names)]
    Author.objects.bulk_create(authors)
    return authors


def names(results) -> list[str]:
    return [result.name for result in results]
