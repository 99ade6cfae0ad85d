"""The search page and autocomplete: permissions, facets, suggestions, pagination, queries."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions import services
from discussions.models import Post, Thread
from search import selectors
from search.text import parse_query
from tests.discussions.factories import PostFactory
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db


def keys(outcome):
    return {(item.type_key, item.hit.obj.pk) for item in outcome.items}


def all_keys(user, text, **kwargs):
    """Every result over every page."""
    found = []
    page = 1
    while True:
        outcome = selectors.search_page(
            user=user, parsed=parse_query(text), page_number=page, **kwargs
        )
        found.extend((i.type_key, i.hit.obj.pk) for i in outcome.items)
        if not outcome.has_next:
            return outcome.total, found
        page += 1


def search(user, text, **selection):
    return selectors.search_page(
        user=user, parsed=parse_query(text), selection=selectors.Selection(**selection)
    )


# Permissions ---------------------------------------------------------------------------


def test_outsider_never_sees_members_only_content(world):
    outcome = search(world.carol, "budgeting")
    assert outcome.total == 0
    assert outcome.items == []
    assert not any(v.count for v in outcome.facets.get("type", []))


def test_member_sees_members_only_content(world):
    outcome = search(world.bob, "budgeting")
    assert ("thread", world.secret_thread.pk) in keys(outcome)
    assert ("community", world.secret.pk) in keys(outcome)


def test_totals_and_facets_ignore_unreadable_communities(world):
    mine = search(world.carol, "procurement")
    member = search(world.bob, "procurement")
    assert member.total > mine.total
    community_facet = {v.value for v in mine.facets["community"]}
    assert world.secret.pk not in community_facet
    assert "budgeting" not in {v.value for v in mine.facets.get("theme", [])}
    assert 2023 not in {v.value for v in mine.facets.get("year", [])}
    assert sum(v.count for v in mine.facets["type"]) == mine.total


def test_selecting_an_unreadable_community_finds_nothing(world):
    outcome = search(world.carol, "procurement", community=world.secret.pk)
    assert outcome.total == 0
    assert outcome.scope is None


def test_hidden_and_deleted_posts_never_appear(world):
    for user in (world.alice, world.bob, world.carol):  # alice facilitates: still hidden
        assert search(user, "hiddenword").total == 0
        assert search(user, "deletedword").total == 0


def test_autocomplete_respects_permissions(world, client, login):
    assert selectors.autocomplete(user=world.carol, text="zanz") == []
    assert [r["title"] for r in selectors.autocomplete(user=world.bob, text="zanz")] == [
        "Zanzibar budgeting workshop"
    ]
    response = client.get("/search/autocomplete/", {"q": "zanz"})
    assert response.status_code == 200
    assert json.loads(response.content)["results"] == []
    response = login(world.bob).get("/search/autocomplete/", {"q": "zanz"})
    assert json.loads(response.content)["results"][0]["where"] == "Treasury circle"


def test_suggestions_never_come_from_unreadable_content(world):
    assert search(world.bob, "zanzibr").suggestion.text == "zanzibar"
    assert search(world.carol, "zanzibr").suggestion is None


def test_anonymous_visitor_sees_public_content_only(world, client):
    body = client.get("/search/", {"q": "procurement"}).content.decode()
    assert "Breakfast meetings for" in body
    assert "Zanzibar" not in body and "Treasury circle" not in body


# Facets, sorting, scope ----------------------------------------------------------------


def test_facets_combine(world):
    everything = search(world.bob, "procurement")
    posts = search(world.bob, "procurement", type="post")
    assert {k for k, _ in keys(posts)} == {"post"}
    in_public = search(world.bob, "procurement", type="post", community=world.public.pk)
    assert in_public.total < posts.total < everything.total
    lithuanian = search(world.bob, "procurement", type="post", country="LT")
    assert lithuanian.total and all(i.hit.obj.author == world.bob for i in lithuanian.items)
    year = search(world.bob, "procurement", type="post", year=2023)
    assert {i.hit.obj.thread_id for i in year.items} == {world.secret_thread.pk}
    themed = search(world.bob, "procurement", theme="budgeting")
    assert themed.total and all(
        getattr(i.hit.obj, "thread", None) is not None for i in themed.items
    )
    combined = search(
        world.bob, "procurement", theme="budgeting", organisation=world.alice.organisation_id
    )
    assert combined.total == 0
    counts = {v.value: v.count for v in everything.facets["type"]}
    assert counts["post"] == posts.total


def test_scoped_search_from_a_community_page(world, client):
    page = client.get(world.public.url).content.decode()
    assert f'name="community" value="{world.public.pk}"' in page
    body = client.get(
        "/search/", {"q": "procurement", "community": world.public.pk}
    ).content.decode()
    assert "Search in Procurement reform" in body
    assert "Search everywhere" in body


def test_sort_by_date_puts_newest_first(world):
    outcome = selectors.search_page(user=world.bob, parsed=parse_query("procurement"), sort="date")
    dates = [i.hit.date for i in outcome.items if i.hit.date]
    assert dates == sorted(dates, reverse=True)


# Did you mean --------------------------------------------------------------------------


def test_did_you_mean_with_a_typo(world, client):
    # "procurment" is rescued by stemming; a transposition is not.
    outcome = search(world.carol, "procuremnet")
    assert outcome.total == 0
    assert outcome.suggestion is not None
    assert outcome.suggestion.text == "procurement"
    assert outcome.suggestion_total > outcome.total
    body = client.get("/search/", {"q": "procuremnet"}).content.decode()
    assert "Did you mean" in body and "q=procurement" in body


def test_no_suggestion_when_results_are_plenty(world):
    assert search(world.carol, "procurement").suggestion is None


# Pagination ----------------------------------------------------------------------------


def test_pagination_totals_are_exact_and_pages_do_not_overlap(world):
    PostFactory.create_batch(thread=world.public_thread, authors=[world.alice, world.bob], size=23)
    reindex()
    total, found = all_keys(world.carol, "briefing")
    assert total == 23
    assert len(found) == 23 == len(set(found))
    outcome = selectors.search_page(user=world.carol, parsed=parse_query("briefing"), page_number=3)
    assert outcome.num_pages == 3 and len(outcome.items) == 3
    beyond = selectors.search_page(user=world.carol, parsed=parse_query("briefing"), page_number=99)
    assert beyond.page_capped and beyond.page_number == 3


# Bad input -----------------------------------------------------------------------------

BAD_QUERIES = [
    '"unbalanced',
    'procurement "',
    "((procurement",
    "title:procurement",
    "source:secret",
    "*",
    "a*",
    "proc*",
    "[a TO z]",
    "{a TO z}",
    "procurement AND NOT OR",
    "-procurement +suppliers ~2 ^3",
    "\x00\x01\x02procurement\x7f",
    "\u202eprocurement\u200b",
    "zarządzanie 管理 управление إدارة",
    "\ufffd\ufffe\uffff",
    "x" * 10_000,
    "procurement " * 2_000,
    "%",
    "'; DROP TABLE discussions_post; --",
    "<script>alert(1)</script>",
    "",
    "   ",
    '""',
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_any_input_gives_a_page(world, client, query):
    response = client.get("/search/", {"q": query, "page": "x", "year": "abc", "community": "-1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    response = client.get("/search/autocomplete/", {"q": query})
    assert response.status_code == 200


def test_invalid_utf8_in_the_address_gives_a_page(world, client):
    assert client.get("/search/?q=%ED%A0%80%FF%00").status_code == 200
    assert client.get("/search/autocomplete/?q=%ED%A0%80%FF").status_code == 200


def test_long_query_explains_itself(world, client):
    body = client.get("/search/", {"q": "procurement " + "x" * 10_000}).content.decode()
    assert "only its first 200 characters" in body


def test_punctuation_only_query_explains_itself(world, client):
    body = client.get("/search/", {"q": "*** ::: [[["}).content.decode()
    assert "no words we could look for" in body


def test_query_syntax_is_never_interpreted(world):
    # A field prefix is a word, not a field: "title:zanzibar" finds nothing for carol.
    assert search(world.carol, "source:zanzibar").total == 0
    assert search(world.bob, "title:zanzibar").total == search(world.bob, "title zanzibar").total


def test_snippets_escape_content(world):
    thread = world.public_thread
    PostFactory.create(
        thread=thread, author=world.bob, source="<b>procurement</b> & <img src=x onerror=alert(1)>"
    )
    reindex()
    outcome = search(world.bob, "onerror")
    assert outcome.items, "the post is found, so there is a snippet to check"
    rendered = "".join(str(i.snippet) + str(i.title) for i in outcome.items)
    assert "<img" not in rendered and "<b>" not in rendered
    # The post's text shows as typed, escaped once, with the match still highlighted.
    assert "&lt;img src=x <mark>onerror</mark>=alert(1)&gt;" in rendered
    assert "&amp;amp;" not in rendered and "&amp;lt;" not in rendered


def test_snippets_keep_paragraphs_apart():
    """Rich text (a practice case's sections) has no line breaks between its blocks."""
    from types import SimpleNamespace

    from search.sources import _page_text

    case = SimpleNamespace(
        summary="<p>We met three <strong>NGO</strong>s.</p><p>We compare</p><ul><li>notes</li>"
        "<li>figures</li></ul>",
        problem="<h2>Before</h2><p>Silos.</p>",
    )
    assert _page_text(case, "summary", "problem") == (
        "We met three NGOs. We compare notes figures Before Silos."
    )


def test_snippets_show_entities_escaped_exactly_once(world, client, login):
    PostFactory.create(
        thread=world.public_thread,
        author=world.bob,
        source="Our R&D budget <draft> & <script>alert(1)</script> zebrafinch",
    )
    reindex()
    outcome = search(world.bob, "zebrafinch")
    snippets = [str(i.snippet) for i in outcome.items if i.type_key == "post"]
    assert snippets
    snippet = snippets[0]
    assert "Our R&amp;D budget &lt;draft&gt;" in snippet
    assert "&amp;amp;" not in snippet and "&amp;lt;" not in snippet
    assert "<mark>zebrafinch</mark>" in snippet  # highlighting still works
    assert "<script" not in snippet and "<draft" not in snippet

    body = login(world.bob).get("/search/", {"q": "zebrafinch"}).content.decode()
    assert "Our R&amp;D budget &lt;draft&gt;" in body
    assert "&amp;amp;" not in body and "&amp;lt;" not in body and "&amp;gt;" not in body
    assert "<script>alert(1)" not in body and "<draft>" not in body


def test_a_failing_backend_explains_itself(world, client, monkeypatch):
    from search.backends import tantivy, whoosh

    def broken(*args, **kwargs):
        raise RuntimeError("index is gone")

    monkeypatch.setattr(whoosh.WhooshIndex, "_searcher", broken)
    monkeypatch.setattr(tantivy.TantivyIndex, "live_generation", broken)
    response = client.get("/search/", {"q": "procurement"})
    assert response.status_code == 503
    assert "Search is not working right now" in response.content.decode()
    assert client.get("/search/autocomplete/", {"q": "proc"}).json()["results"] == []


# Editor's picks ------------------------------------------------------------------------


def test_editors_picks_respect_permissions(world, client, login):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    query = Query.get("procurement")
    SearchPromotion.objects.create(
        query=query, page=world.secret, sort_order=0, description="Secret pick"
    )
    SearchPromotion.objects.create(
        query=query, page=world.public, sort_order=1, description="Public pick"
    )
    outsider = client.get("/search/", {"q": "Procurement"}).content.decode()
    assert "Public pick" in outsider and "Secret pick" not in outsider
    member = login(world.bob).get("/search/", {"q": "procurement"}).content.decode()
    assert "Secret pick" in member
    assert "Editor&#x27;s picks" in member or "Editor's picks" in member


# Query counts --------------------------------------------------------------------------


def test_query_count_does_not_grow_with_results(world, client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": "briefing"}).status_code == 200
        return len(queries)

    PostFactory.create_batch(thread=world.public_thread, authors=[world.alice], size=12)
    reindex()
    few = count()
    PostFactory.create_batch(thread=world.public_thread, authors=[world.alice, world.bob], size=40)
    reindex()
    many = count()
    assert many <= few  # no query per result, per author or per community
    assert many <= 30


# Index updates -------------------------------------------------------------------------


def test_saves_hides_and_deletes_update_the_index_on_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(
            author=world.bob, thread=world.public_thread, source="A new word: quokkanomics."
        )
    assert search(world.carol, "quokkanomics").total == 1
    from modelsearch.backends import get_search_backend

    index = get_search_backend().get_index_for_model(Post)
    assert str(post.pk) in index.document_ids()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(actor=world.alice, post=post, reason="off topic")
    assert str(post.pk) not in index.document_ids()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_unhide(actor=world.alice, post=post)
    assert str(post.pk) in index.document_ids()
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.filter(pk=post.pk).first().delete()
    assert str(post.pk) not in index.document_ids()


def test_nothing_is_indexed_before_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.post_create(author=world.bob, thread=world.public_thread, source="wombatology")
    assert callbacks
    assert search(world.carol, "wombatology").total == 0


def test_restricted_threads_only_for_their_readers(world):
    thread = world.public_thread
    Thread.objects.filter(pk=thread.pk).update(restricted=True)
    reindex()
    for user in (world.bob, world.carol):  # bob is a member, but not a reader
        assert search(user, "breakfast").total == 0, user.username
        assert selectors.autocomplete(user=user, text="breakf") == []
    assert search(world.alice, "breakfast").total > 0  # facilitator of the community
    thread.readers.add(world.bob)
    assert search(world.bob, "breakfast").total > 0


def test_every_counted_result_is_shown_across_pages(world):
    """The total and the pages agree, for posts filtered by the readable communities (a
    related ``__in`` filter) as much as for pages: nothing counted goes missing."""
    for index in range(14):
        PostFactory.create(
            thread=world.public_thread,
            author=world.bob,
            source=f"Procurement reply {index}: suppliers and auditors together.",
        )
    reindex()
    total, found = all_keys(world.bob, "procurement")
    assert total == len(found) == len(set(found))
    posts = [pk for kind, pk in found if kind == "post"]
    assert len(posts) >= 16  # the 14 replies, the visible posts of both threads


def test_programmes_are_found_by_name_and_summary(world, client):
    from tests.programmes.factories import ProgrammePageFactory

    ProgrammePageFactory(
        title="Partnerstvo za spremembe",
        summary="Public administration and companies solve challenges together.",
    )
    reindex()
    from django.utils.html import strip_tags

    response = client.get("/search/", {"q": "Partnerstvo"})
    assert response.status_code == 200
    text = " ".join(strip_tags(response.text).split())  # matches are highlighted
    assert "Programme Partnerstvo za spremembe" in text
    response = client.get("/search/", {"q": "companies challenges"})
    assert "Partnerstvo za spremembe" in " ".join(strip_tags(response.text).split())


def test_year_facet_counts_local_calendar_years(world):
    # Europe/Warsaw: 23:30 UTC on New Year's Eve is already the next year there.
    from datetime import UTC, datetime

    late = PostFactory.create(thread=world.public_thread, author=world.bob, source="quokka one")
    early = PostFactory.create(thread=world.public_thread, author=world.bob, source="quokka two")
    summer = PostFactory.create(thread=world.public_thread, author=world.bob, source="quokka three")
    Post.objects.filter(pk=late.pk).update(created_at=datetime(2024, 12, 31, 23, 30, tzinfo=UTC))
    Post.objects.filter(pk=early.pk).update(created_at=datetime(2024, 12, 31, 22, 30, tzinfo=UTC))
    Post.objects.filter(pk=summer.pk).update(created_at=datetime(2025, 6, 1, 12, 0, tzinfo=UTC))
    reindex()
    outcome = search(world.bob, "quokka", type="post")
    assert outcome.total == 3
    assert {v.value: v.count for v in outcome.facets["year"]} == {2024: 1, 2025: 2}
    in_2025 = search(world.bob, "quokka", type="post", year=2025)
    assert {i.hit.obj.pk for i in in_2025.items} == {late.pk, summer.pk}
