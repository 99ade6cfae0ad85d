"""The library listing (with filters, sixty cases) and a practice page render in a number
of queries that does not grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from core import fragments
from guidebook.models import PracticePage, PracticeTheme
from tests.factories import OrganisationFactory
from tests.guidebook.factories import library

pytestmark = pytest.mark.django_db

COUNTRIES = ["PL", "NO", "SI", "LT", "BG", "LV", "HU"]
STATUSES = ["idea", "pilot", "implementation", "evaluated", "spreading"]
LEVELS = ["central", "regional", "local"]
# Measured: 17 anonymous / 23 signed in (the header adds session, user, permissions,
# invitation and notification counts) for the listing; 14 / 20 for a practice page.
# Translations add 2 to every page (Wagtail's routing looks up the active locale; the
# page's languages take one query) and 1 to the listing (the library in every locale).
LISTING_QUERIES_MAX = 30  # + 1 for the library's version (the fragment's key), + 2 for
# whether a signed-in reader's header links the dashboards (coordinator, facilitator)
# With the listing's fragment in the cache (core.fragments), measured 9 anonymous / 15
# signed in on the benchmark's demo database.
LISTING_CACHED_QUERIES_MAX = 16
PRACTICE_PAGE_QUERIES_MAX = 27  # the header navigation is read from the page tree (1 query);
# + 2 for whether a signed-in reader's header links the dashboards


def queries_for(client, url: str) -> int:
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def cold_queries_for(client, url: str) -> int:
    """The same request with the page's fragments rendered afresh (core.fragments): what
    the first reader after an edit pays."""
    client.get(url)
    fragments.bump("pages")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_practices(count: int, organisations, tags) -> list[PracticePage]:
    """Published cases, quickly: add_child without revisions, then bulk relations."""
    index = library()
    start = PracticePage.objects.count()
    now = timezone.now()
    pages = []
    for i in range(start, start + count):
        page = PracticePage(
            title=f"Practice case {i}",
            slug=f"bulk-practice-{i}",
            summary=f"Summary of case {i}.",
            status=STATUSES[i % len(STATUSES)],
            country=COUNTRIES[i % len(COUNTRIES)],
            level_of_government=LEVELS[i % len(LEVELS)],
            year_started=2010 + i % 12,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        index.add_child(instance=page)
        pages.append(page)
        index.refresh_from_db()
    PracticeTheme.objects.bulk_create(
        PracticeTheme(content_object=page, tag=tags[(i + k) % len(tags)])
        for i, page in enumerate(pages)
        for k in range(3)
    )
    through = PracticePage.organisations.through
    through.objects.bulk_create(
        through(practicepage=page, organisation=organisations[(i + k) % len(organisations)])
        for i, page in enumerate(pages)
        for k in range(2)
    )
    return pages


@pytest.fixture
def data():
    organisations = [OrganisationFactory(name=f"Organisation {n}") for n in range(30)]
    tags = [Tag.objects.create(name=f"Theme {n}", slug=f"theme-{n}") for n in range(25)]
    return organisations, tags


def test_listing_queries_do_not_grow_with_cases(client, login, make_user, data):
    organisations, tags = data
    add_practices(5, organisations, tags)
    viewer = login(make_user())
    org = organisations[1].pk
    urls = [
        "/practices/",
        "/practices/?theme=theme-1&theme=theme-2&country=PL&country=NO&sort=title",
        f"/practices/?status=pilot&level=central&year=2011&organisation={org}&sort=updated",
        "/practices/?page=2",
    ]
    small = [queries_for(c, url) for c in (client, viewer) for url in urls]
    small_cold = [cold_queries_for(c, url) for c in (client, viewer) for url in urls]
    # Five cases against sixty: several full pages, every filter and facet populated.
    add_practices(55, organisations, tags)
    assert PracticePage.objects.live().count() == 60
    large = [queries_for(c, url) for c in (client, viewer) for url in urls]
    large_cold = [cold_queries_for(c, url) for c in (client, viewer) for url in urls]

    assert large == small
    assert large_cold == small_cold
    assert max(large_cold) <= LISTING_QUERIES_MAX
    # The cards and facets from the cache: the listing's own queries are skipped.
    assert max(large) <= LISTING_CACHED_QUERIES_MAX, large
    page = client.get(urls[1]).content.decode()
    assert "practice case" in page


def test_practice_page_queries_do_not_grow(client, login, make_user, data, community):
    organisations, tags = data
    [first] = add_practices(1, organisations, tags)
    first.related_community = community
    first.save()
    viewer = login(make_user())
    small = queries_for(client, first.url), queries_for(viewer, first.url)
    add_practices(40, organisations, tags)
    large = queries_for(client, first.url), queries_for(viewer, first.url)
    assert large == small
    assert max(large) <= PRACTICE_PAGE_QUERIES_MAX
    cold = cold_queries_for(client, first.url), cold_queries_for(viewer, first.url)
    assert cold[0] > large[0]  # the images and attachments came from the cached fragment
    assert max(cold) <= PRACTICE_PAGE_QUERIES_MAX
