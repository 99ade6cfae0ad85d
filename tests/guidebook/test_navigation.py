"""The header's main navigation follows the page tree, not hard-coded slugs."""

from __future__ import annotations

import re

import pytest

from tests.factories import site_tree
from tests.guidebook.factories import guide, library

pytestmark = pytest.mark.django_db


def header_links(client) -> list[tuple[str, str]]:
    body = client.get("/meetings/").content.decode()
    nav = body.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)


def rename(page, slug: str) -> None:
    page.slug = slug
    page.save_revision().publish()


def test_navigation_links_follow_renamed_index_pages(client):
    communities = site_tree()
    guide_index = guide()
    library()
    assert header_links(client) == [
        ("/communities/", "Communities"),
        ("/meetings/", "Meetings"),
        ("/guide/", "Guide"),
        ("/practices/", "Good practices"),
    ]

    rename(guide_index, "handbook")
    rename(communities, "network")

    assert header_links(client) == [
        ("/network/", "Communities"),
        ("/meetings/", "Meetings"),
        ("/handbook/", "Guide"),
        ("/practices/", "Good practices"),
    ]
    assert client.get("/handbook/").status_code == 200
    assert client.get("/network/").status_code == 200


def test_navigation_leaves_out_index_pages_that_are_not_live(client):
    site_tree()
    guide_index = guide()
    guide_index.unpublish()
    assert ("/guide/", "Guide") not in header_links(client)
    assert ("/communities/", "Communities") in header_links(client)
