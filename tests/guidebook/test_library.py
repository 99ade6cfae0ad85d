"""The library listing (facets, counts, sorting, bad input) and the practice page."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from guidebook.models import PracticePage
from tests.discussions.factories import ThreadFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)


@pytest.fixture
def cases(make_practice):
    oslo = OrganisationFactory(name="University of Oslo", country="NO")
    ksap = OrganisationFactory(name="KSAP", country="PL")
    return {
        "forum": make_practice(
            title="Partnerforum",
            country="NO",
            status="implementation",
            year_started=2012,
            themes=["Peer learning", "Academia"],
            organisations=[oslo],
        ),
        "synergia": make_practice(
            title="Synergia sessions",
            country="PL",
            status="pilot",
            year_started=2020,
            themes=["Peer learning"],
            organisations=[ksap],
        ),
        "exchanges": make_practice(
            title="Staff exchanges",
            country="SI",
            status="evaluated",
            year_started=2016,
            level_of_government="regional",
            themes=["Staff exchanges"],
        ),
        "draft": make_practice(
            title="Draft case", country="NO", live=False, themes=["Peer learning"]
        ),
    }


def test_listing_shows_only_published_cases_with_counts(cases, client):
    html = client.get("/practices/").content.decode()
    assert sorted(titles(html)) == ["Partnerforum", "Staff exchanges", "Synergia sessions"]
    assert "3 practice cases" in html
    assert re.search(r"Peer learning <span class=\"count\">\(2\)</span>", html)


def test_filters_combine_and_counts_follow(cases, client):
    html = client.get("/practices/?theme=peer-learning&country=NO").content.decode()
    assert titles(html) == ["Partnerforum"]
    # The country facet counts alternatives under the other filters (theme = peer learning).
    assert re.search(r"Poland <span class=\"count\">\(1\)</span>", html)
    assert re.search(r'value="NO" id="facet-country-\d+" checked', html)  # the choice stays ticked

    html = client.get("/practices/?country=NO&country=SI").content.decode()
    assert sorted(titles(html)) == ["Partnerforum", "Staff exchanges"]
    html = client.get("/practices/?status=pilot&year=2020&level=central").content.decode()
    assert titles(html) == ["Synergia sessions"]
    org = cases["forum"].organisations.get()
    html = client.get(f"/practices/?organisation={org.pk}").content.decode()
    assert titles(html) == ["Partnerforum"]


def test_sorting(cases, client):
    assert titles(client.get("/practices/?sort=title").content.decode()) == [
        "Partnerforum",
        "Staff exchanges",
        "Synergia sessions",
    ]
    newest = titles(client.get("/practices/?sort=newest").content.decode())
    assert newest[0] == "Staff exchanges"
    cases["forum"].save_revision().publish()
    assert titles(client.get("/practices/?sort=updated").content.decode())[0] == "Partnerforum"


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999999999999999999",
        "country=XX",
        "level=%27",
        "status=nope",
        "organisation=-1",
        "theme=%00",
        "sort=drop+table",
        "page=999",
        "page=x",
        "theme=" + "a" * 500,
        "organisation=99999999999999999999999",
        "organisation=%C2%B2",
        "year=%EF%BC%91%EF%BC%92",
        "year=" + "9" * 5000,
        "organisation=" + "9" * 5000,
    ],
)
def test_bad_filters_are_ignored_not_errors(cases, client, query):
    response = client.get(f"/practices/?{query}")
    assert response.status_code == 200


def test_unknown_but_wellformed_filter_value_gives_empty_result(cases, client):
    html = client.get("/practices/?theme=nothing-like-this").content.decode()
    assert titles(html) == []
    assert "No practice case matches" in html


def test_restricted_cases_are_not_listed(cases, client):
    PageViewRestriction.objects.create(page=cases["forum"], restriction_type="login")
    assert "Partnerforum" not in titles(client.get("/practices/").content.decode())
    assert client.get("/api/v1/practices/").json()["count"] == 2


def test_practice_page_shows_structured_fields_related_and_discussions(
    cases, client, community, member
):
    forum = cases["forum"]
    forum.related_community = community
    forum.results = "<p>About 20 partners.</p>"
    forum.save_revision().publish()
    ThreadFactory.create(community=community, author=member, title="Breakfast meeting topics")

    html = client.get(forum.url).content.decode()
    assert "The problem or challenge" in html and "About 20 partners." in html
    assert "Norway" in html and "University of Oslo" in html
    assert "Related practices" in html and "Synergia sessions" in html  # shares a theme
    assert "Staff exchanges" not in html.split("Related practices")[1]
    assert "Draft case" not in html
    assert "Breakfast meeting topics" in html


def test_draft_practice_page_is_404(cases, client):
    assert client.get(f"/practices/{cases['draft'].slug}/").status_code == 404


def test_search_fields_index_the_facets():
    names = {field.field_name for field in PracticePage.search_fields}
    assert {"title", "summary", "country", "status", "level_of_government", "year_started"} <= names
    boosts = {f.field_name: getattr(f, "boost", None) for f in PracticePage.search_fields}
    assert boosts["summary"] == 2


def test_summary_validation_and_reserved_slug(make_practice):
    practice = make_practice(live=False)
    practice.summary = "   "
    with pytest.raises(ValidationError):
        practice.full_clean()
    practice.summary = "Fine."
    practice.slug = "feed"
    with pytest.raises(ValidationError):
        practice.full_clean()
    practice.slug = "ok-slug"
    practice.year_started = 1200
    with pytest.raises(ValidationError):
        practice.full_clean()
