"""The same queries, with permissions and facets, on the Whoosh backend (the Tantivy
backend with SEARCH_BACKEND=tantivy) and on
modelsearch's database backend (SQLite FTS here; PostgreSQL full-text search when the
suite runs with DATABASE_URL=postgres://..., as in CI's scale-out step), over the same
content: the sets of results, the totals and the facet counts must agree."""

from __future__ import annotations

import pytest

from search import selectors
from search.text import parse_query
from tests.search.conftest import build_world, embedded, reindex

pytestmark = pytest.mark.django_db

BACKENDS = ("whoosh", "database")

QUERIES = [
    "procurement",
    "budgeting",
    "workshop",
    "breakfast procurement",
    "procurement suppliers officers",
    '"procurement officers"',
    "zanzibar",
    "hiddenword",
    "deletedword",
    "nothingmatchesthis",
]

SELECTIONS = [
    {},
    {"type": "post"},
    {"type": "thread"},
    {"type": "community"},
    {"country": "LT"},
    {"theme": "budgeting"},
    {"theme": "procurement", "type": "post"},
    {"year": 2023},
    {"language": "en"},
    {"language": "lt", "type": "post"},
]


@pytest.fixture
def both_backends(settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "modelsearch.backends.database"},
        # As the project configures it: each post and thread stemmed in its language.
        # ("whoosh" names the embedded backend under test, Tantivy's with SEARCH_BACKEND.)
        "whoosh": embedded(tmp_path),
        "database": {"BACKEND": "modelsearch.backends.database"},
    }


@pytest.fixture
def parity_world(both_backends, make_community, make_user, make_membership, published):
    world = build_world(make_community, make_user, make_membership)
    world.secret_community_thread_id = world.secret_thread.pk
    reindex("whoosh", "database")
    return world


def everything(user, text, selection, backend):
    found = set()
    page = 1
    while True:
        outcome = selectors.search_page(
            user=user,
            parsed=parse_query(text),
            selection=selectors.Selection(**selection),
            page_number=page,
            backend=backend,
        )
        assert not outcome.failed, backend
        found |= {(i.type_key, i.hit.obj.pk) for i in outcome.items}
        if not outcome.has_next:
            facets = {
                name: {v.value: v.count for v in values} for name, values in outcome.facets.items()
            }
            return outcome.total, found, facets
        page += 1


def test_database_backend_is_really_the_database_backend(parity_world):
    from modelsearch.backends import get_search_backend

    backend = get_search_backend("database")
    assert type(backend).__module__.startswith("modelsearch.backends.database")


@pytest.mark.parametrize("text", QUERIES)
def test_same_results_totals_and_facets(parity_world, text):
    world = parity_world
    for user in (world.carol, world.bob):
        for selection in SELECTIONS:
            results = {backend: everything(user, text, selection, backend) for backend in BACKENDS}
            whoosh, database = results["whoosh"], results["database"]
            context = f"{text!r} as {user.username} with {selection}"
            assert whoosh[1] == database[1], context
            assert whoosh[0] == database[0] == len(whoosh[1]), context
            assert whoosh[2] == database[2], context
            if user == world.carol:
                # Nothing of the members-only community, whatever the backend.
                assert world.secret.pk not in whoosh[2].get("community", {}), context
                assert all(
                    kind != "thread" or pk != world.secret_thread.pk for kind, pk in whoosh[1]
                ), context


def test_parity_is_not_vacuous(parity_world):
    total, found, _facets = everything(parity_world.bob, "procurement", {}, "database")
    assert total >= 5 and {kind for kind, _pk in found} >= {"community", "thread", "post"}


def test_autocomplete_parity(parity_world):
    for user in (parity_world.carol, parity_world.bob):
        for text in ("proc", "zanz", "break"):
            whoosh = {
                r["url"] for r in selectors.autocomplete(user=user, text=text, backend="whoosh")
            }
            database = {
                r["url"] for r in selectors.autocomplete(user=user, text=text, backend="database")
            }
            assert whoosh == database, (user.username, text)
