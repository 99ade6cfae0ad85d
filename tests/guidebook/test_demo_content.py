"""The demo guide and library load, render, and load a second time without changes."""

from __future__ import annotations

import pytest
from wagtail.models import Page, Revision

from guidebook.demo import load_chapters, load_practices, seed_guidebook
from guidebook.models import GuidePage, PracticePage
from tests.factories import UserFactory, site_tree

pytestmark = pytest.mark.django_db


def snapshot():
    return Page.objects.count(), Revision.objects.count(), PracticePage.objects.count()


def test_seed_guidebook_is_idempotent_and_renders(client):
    site_tree()
    UserFactory(username="editor", is_superuser=True)
    seed_guidebook()
    first = snapshot()
    assert seed_guidebook() == {}
    assert snapshot() == first

    assert GuidePage.objects.live().count() == len(load_chapters()) >= 8
    assert PracticePage.objects.live().count() == len(load_practices()) >= 12
    assert PracticePage.objects.filter(country="SI").count() >= 4
    for url in ["/guide/", "/guide/print/", "/practices/", "/practices/feed/", "/api/practices/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "lorem" not in response.content.decode().lower()
    for page in [*GuidePage.objects.live(), *PracticePage.objects.live()]:
        assert client.get(page.url).status_code == 200, page.url
    # Every chapter links real examples from the library.
    for chapter in GuidePage.objects.all():
        assert any(block.block_type == "practice_example" for block in chapter.body), chapter
    staff = PracticePage.objects.get(slug="partnership-for-change-staff-exchanges")
    assert "58" in staff.summary and "37" in staff.summary
