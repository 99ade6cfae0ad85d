"""Both page types index with the configured backend (Whoosh in the embedded mode), and a
search over published cases does not return drafts."""

from __future__ import annotations

import pytest
from modelsearch.backends import get_search_backend

from guidebook.models import GuidePage, PracticePage

pytestmark = pytest.mark.django_db


def test_practices_and_chapters_are_indexed_and_drafts_stay_out(make_practice, make_chapter):
    backend = get_search_backend()
    published = make_practice(
        title="Breakfast meetings",
        summary="Officials meet academics at breakfast.",
        themes=["Meeting formats"],
        country="NO",
    )
    draft = make_practice(title="Breakfast draft", summary="Not approved yet.", live=False)
    chapter = make_chapter(title="Meeting formats", summary="Breakfast meeting, seminar.")
    for obj in (published, draft, chapter):
        backend.add(obj)

    found = list(backend.search("breakfast", PracticePage.objects.live().public()))
    assert published in found and draft not in found
    filtered = backend.search(
        "breakfast", PracticePage.objects.live().filter(country="NO", status="implementation")
    )
    assert list(filtered) == [published]
    assert chapter in list(backend.search("seminar", GuidePage.objects.live()))
