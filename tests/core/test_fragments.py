"""Cached page fragments (core.fragments): never served in another language, to another
audience, or after an edit; and with the cache down the page is rendered as before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import PageViewRestriction

from core import fragments
from tests.guidebook.factories import GuidePageFactory, PracticePageFactory

pytestmark = pytest.mark.django_db

TEMPLATE = Template(
    '{% load i18n fragment_tags %}{% fragment "t" version %}{% trans "Search" %} {{ text }}'
    "{% endfragment %}"
)


def render(text: str, version=1) -> str:
    return TEMPLATE.render(Context({"text": text, "version": version}))


def test_a_fragment_is_kept_until_its_version_changes():
    assert render("first") == "Search first"
    assert render("second") == "Search first"  # served from the cache
    assert render("third", version=2) == "Search third"  # a new version: rendered again


def test_a_fragment_is_never_served_in_another_language():
    assert render("x") == "Search x"
    with translation.override("pl"):
        polish = render("y")
    assert polish != "Search x"
    assert "Search" not in polish  # rendered afresh, in Polish
    with translation.override("sl"):
        assert render("z") not in ("Search x", polish)


def test_a_bumped_topic_renders_afresh():
    template = Template(
        '{% load fragment_tags %}{% fragment "t" topics="labels" %}{{ v }}{% endfragment %}'
    )
    assert template.render(Context({"v": "old"})) == "old"
    assert template.render(Context({"v": "new"})) == "old"
    fragments.bump("labels")
    assert template.render(Context({"v": "new"})) == "new"


def test_audiences_have_their_own_keys():
    public = fragments.fragment_key("x", (1,))
    members = fragments.fragment_key("x", (1,), audience="members:7")
    assert public and members and public != members


def test_with_the_cache_down_nothing_is_cached_and_pages_still_render(monkeypatch):
    class DownCache:
        def get(self, key, default=None):
            return default

        def add(self, *args, **kwargs):
            return False

        def set(self, *args, **kwargs):
            return None

    monkeypatch.setattr(fragments, "cache", DownCache())
    assert fragments.fragment_key("x", (1,), topics=["pages"]) is None
    assert render("first") == "Search first"
    assert render("second") == "Search second"


def test_an_edited_case_shows_at_once(client):
    case = PracticePageFactory(title="A case", problem="<p>The old problem.</p>")
    assert "The old problem." in client.get(case.url).content.decode()
    case.problem = "<p>The new problem.</p>"
    case.save_revision().publish()
    page = client.get(case.url).content.decode()
    assert "The new problem." in page
    assert "The old problem." not in page


def test_the_library_listing_follows_publishing_and_restrictions(client):
    first = PracticePageFactory(title="Peer review of budgets")
    assert "Peer review of budgets" in client.get("/practices/").content.decode()
    second = PracticePageFactory(title="Shared translation desk")
    listing = client.get("/practices/").content.decode()
    assert "Shared translation desk" in listing  # published just now: shown at once
    PageViewRestriction.objects.create(page=second, restriction_type="login")
    listing = client.get("/practices/").content.decode()
    assert "Shared translation desk" not in listing  # restricted: never in the public list
    first.unpublish()
    assert "Peer review of budgets" not in client.get("/practices/").content.decode()


def test_the_library_fragment_holds_nothing_of_the_signed_in_reader(client, login, make_user):
    PracticePageFactory(title="Peer review of budgets")
    reader = make_user(display_name="Ilse Ruud")
    signed_in = login(reader).get("/practices/").content.decode()
    assert "My submissions" in signed_in
    anonymous = client.get("/practices/").content.decode()  # the fragment from the cache
    assert "Peer review of budgets" in anonymous
    assert "My submissions" not in anonymous
    assert "Ilse Ruud" not in anonymous


def test_the_library_in_polish_is_not_the_english_fragment(client):
    PracticePageFactory(title="Peer review of budgets")
    english = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    polish = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "Apply filters" in english
    assert "Apply filters" not in polish


def test_a_chapter_edit_shows_at_once_and_costs_fewer_queries_when_cached(client):
    chapter = GuidePageFactory(title="Meeting formats")
    client.get(chapter.url)
    with CaptureQueriesContext(connection) as cached:
        client.get(chapter.url)
    chapter.body = [{"type": "text", "value": "<p>A brand new paragraph.</p>"}]
    chapter.save_revision().publish()
    with CaptureQueriesContext(connection) as fresh:
        page = client.get(chapter.url).content.decode()
    assert "A brand new paragraph." in page
    assert len(cached) <= len(fresh)
