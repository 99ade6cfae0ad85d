"""Search restricted to the language posts and threads are written in, on the Whoosh
backend (the Tantivy backend with SEARCH_BACKEND=tantivy) and on modelsearch's database
backend (PostgreSQL full-text search in CI)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from search import selectors
from search.text import parse_query
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.search.conftest import embedded, reindex

pytestmark = pytest.mark.django_db

BACKENDS = ("whoosh", "database")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def both_backends(settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = {
        # "whoosh" names the embedded backend under test (Tantivy's with SEARCH_BACKEND).
        "default": embedded(tmp_path),
        "whoosh": embedded(tmp_path),
        "database": {"BACKEND": "modelsearch.backends.database"},
    }


@pytest.fixture
def threads(both_backends, make_community, make_user, make_membership, published):
    community = make_community(
        title="Municipal cooperation",
        topic="How neighbouring municipalities organise social services together",
    )
    writer = make_user(username="writer")
    make_membership(user=writer, community=community)
    english = ThreadFactory.create(
        community=community,
        author=writer,
        title="Cooperation between municipalities",
        source="Our municipalities share a social cooperation office.",
        language="en",
    )
    lithuanian = ThreadFactory.create(
        community=community,
        author=writer,
        title="Savivaldybių bendradarbiavimas (cooperation)",
        source="Mūsų savivaldybės kartu organizuoja socialines paslaugas: cooperation.",
        language="lt",
    )
    polish_reply = PostFactory.create(
        thread=english,
        author=writer,
        source="Współpraca gmin: wspólne zamówienia i wspólna cooperation.",
        language="pl",
    )
    reindex("whoosh", "database")
    return {"en": english, "lt": lithuanian, "pl": polish_reply, "writer": writer}


def found(user, text, backend, **selection):
    outcome = selectors.search_page(
        user=user,
        parsed=parse_query(text),
        selection=selectors.Selection(**selection),
        backend=backend,
    )
    assert not outcome.failed
    return outcome, {(item.type_key, item.hit.obj.pk) for item in outcome.items}


@pytest.mark.parametrize("backend", BACKENDS)
def test_search_can_be_restricted_to_a_language(threads, backend):
    writer = threads["writer"]
    _outcome, everything = found(writer, "cooperation", backend)
    assert ("thread", threads["lt"].pk) in everything
    assert ("post", threads["pl"].pk) in everything
    assert ("thread", threads["en"].pk) in everything

    outcome, lithuanian = found(writer, "cooperation", backend, language="lt")
    assert lithuanian == {("thread", threads["lt"].pk), ("post", threads["lt"].posts.get().pk)}
    assert outcome.total == 2

    _outcome, polish = found(writer, "cooperation", backend, language="pl")
    assert polish == {("post", threads["pl"].pk)}
    # Pages, guide chapters and communities do not say their language: left out.
    _outcome, none = found(writer, "municipal", backend, language="hu")
    assert none == set()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_language_facet_counts_what_matched(threads, backend):
    outcome, _keys = found(threads["writer"], "cooperation", backend)
    languages = {value.value: (value.label, value.count) for value in outcome.facets["language"]}
    assert languages == {"en": ("English", 2), "lt": ("Lithuanian", 2), "pl": ("Polish", 1)}


def test_an_unaccented_query_finds_lithuanian_and_polish_words(threads):
    writer = threads["writer"]
    _outcome, lithuanian = found(writer, "savivaldybiu", "whoosh", language="lt")
    assert ("thread", threads["lt"].pk) in lithuanian
    _outcome, polish = found(writer, "wspolpraca gmin", "whoosh", language="pl")
    assert polish == {("post", threads["pl"].pk)}
    # ... and accents typed in the query fold the same way.
    _outcome, polish = found(writer, "współpraca", "whoosh", language="pl")
    assert polish == {("post", threads["pl"].pk)}


def test_the_search_page_filters_by_language_and_names_it(threads, client, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": settings.WAGTAILSEARCH_BACKENDS["whoosh"],
    }
    client.force_login(threads["writer"])
    page = client.get("/search/", {"q": "cooperation", "language": "lt"}).content.decode()
    assert "Savivaldybių bendradarbiavimas" in page
    assert "between municipalities" not in page
    assert re.search(r'class="pill result-language"[^>]*>Lithuanian<', page)
    assert 'lang="lt"' in page
    # The facet links keep the language; an English result on an English page has no label.
    everything = client.get("/search/", {"q": "cooperation"}).content.decode()
    english = re.search(
        r'<li class="search-result">(?:(?!</li>).)*between municipalities', everything, re.S
    )
    assert english and "result-language" not in english.group(0)
    assert "language=lt" in everything
    # An unknown language is ignored, not an error page.
    assert client.get("/search/", {"q": "cooperation", "language": "<b>"}).status_code == 200


STEMMING_CASES = [
    # (language of the post, its text, queries that find it, queries that do not)
    ("en", "Managing municipal budgets", ["budget", "municipalities", "manage"], []),
    ("nb", "Kommunene samarbeider om tjenestene", ["kommuner", "kommune", "tjeneste"], []),
    ("hu", "Az önkormányzatok együttműködése", ["önkormányzat", "onkormanyzat"], []),
    # Polish is not stemmed as English: only the words themselves (accents folded) match.
    ("pl", "Managing budgets in gminas", ["budgets", "managing"], ["budget", "manage"]),
    ("lt", "Savivaldybių biudžetai", ["savivaldybiu", "biudzetai"], ["biudzet"]),
]


@pytest.mark.parametrize(("language", "text", "finding", "missing"), STEMMING_CASES)
def test_each_post_is_stemmed_in_its_own_language(
    both_backends,
    make_community,
    make_user,
    make_membership,
    published,
    language,
    text,
    finding,
    missing,
):
    community = make_community(
        title="Stemming", topic="How neighbouring municipalities organise social services together"
    )
    writer = make_user(username="stemmer")
    make_membership(user=writer, community=community)
    thread = ThreadFactory.create(
        community=community, author=writer, title="Unrelated title", source="Opening words."
    )
    post = PostFactory.create(thread=thread, author=writer, source=text, language=language)
    reindex("whoosh")
    for query in finding:
        _outcome, keys = found(writer, query, "whoosh", type="post")
        assert keys == {("post", post.pk)}, query
    for query in missing:
        _outcome, keys = found(writer, query, "whoosh", type="post")
        assert keys == set(), query
    # An exact phrase matches the words as written, in any language.
    _outcome, keys = found(writer, f'"{text}"', "whoosh", type="post")
    assert keys == {("post", post.pk)}
