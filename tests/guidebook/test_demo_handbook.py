"""The seeded guide is a facilitator's handbook: at least 14 chapters and 8,000 words of
English prose (Praxis how-to text not counted), every chapter links a real practice case,
every chapter has its Polish translation, and the printed handout has every chapter, in
order, one per page, with the place for the blank printouts after the last one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils.html import strip_tags

from guidebook.demo import load_chapters, seed_guidebook
from guidebook.models import GuidePage, PracticePage
from tests.factories import UserFactory, site_tree

pytestmark = pytest.mark.django_db

WORD = re.compile(r"[^\W\d_][\w’'-]*")
# Chapters that must be there, by slug: the required subjects.
REQUIRED = {
    "community-charter",
    "roles-and-sponsorship",
    "lifecycle-of-a-community",
    "health-check",
    "measuring-success",
    "value-creation-stories",
    "online-and-multilingual-meetings",
    "references",
}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [
            s for key, v in value.items() if key not in {"kind", "practice"} for s in _strings(v)
        ]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def prose_words(chapter: GuidePage) -> int:
    """Words of a chapter's body, leaving out the library examples (they repeat the cases),
    paragraphs that start "In Praxis" and sections headed "In Praxis" (help text)."""
    words, in_praxis_section = 0, False
    for block in chapter.body.raw_data:
        if block["type"] == "heading":
            in_praxis_section = block["value"]["text"].strip() == "In Praxis"
        if in_praxis_section or block["type"] == "practice_example":
            continue
        for text in _strings(block["value"]):
            for paragraph in re.split(r"</p>|</li>", text):
                plain = strip_tags(paragraph).strip()
                if not plain.startswith("In Praxis"):
                    words += len(WORD.findall(plain))
    return words


def english_chapters() -> list[GuidePage]:
    return list(
        GuidePage.objects.live()
        .filter(locale__language_code="en")
        .order_by("path")
        .select_related("locale")
    )


@pytest.fixture
def seeded():
    site_tree()
    UserFactory(username="editor", is_superuser=True)
    seed_guidebook()


def test_the_seeded_guide_is_a_handbook_with_cases_polish_and_a_handout(seeded, client):
    chapters = english_chapters()
    assert len(chapters) == len(load_chapters()) >= 14
    assert {chapter.slug for chapter in chapters} >= REQUIRED
    counts = {chapter.slug: prose_words(chapter) for chapter in chapters}
    assert sum(counts.values()) >= 8000, counts
    assert min(counts.values()) >= 250, counts

    for chapter in chapters:
        html = client.get(chapter.url).content.decode()
        linked = [
            PracticePage.objects.live().filter(pk=block["value"]["practice"]).first()
            for block in chapter.body.raw_data
            if block["type"] == "practice_example"
        ]
        linked = [case for case in linked if case is not None]
        assert linked, f"{chapter.slug} links no live practice case"
        # The example is a link to the case's own page in the library.
        assert all(f'href="{case.url}"' in html for case in linked), chapter.slug

        polish = GuidePage.objects.live().get(
            translation_key=chapter.translation_key, locale__language_code="pl"
        )
        assert polish.title != chapter.title and polish.url.startswith("/pl/guide/")
        polish_html = client.get(polish.url).content.decode()
        assert polish.title in polish_html
        # Its examples link the Polish case where there is one, the English one otherwise.
        for case in linked:
            translated = PracticePage.objects.live().filter(
                translation_key=case.translation_key, locale__language_code="pl"
            )
            url = translated.first().url if translated else case.url
            assert f'href="{url}"' in polish_html, (polish.slug, url)

    # The printed handout (checked here too: seeding the guide takes minutes).
    html = client.get("/guide/print/").content.decode()
    positions = [html.index(f'id="chapter-{chapter.slug}"') for chapter in chapters]
    assert positions == sorted(positions)
    assert html.count('class="chapter print-chapter"') == len(chapters)
    # The blank charter and health-check printouts go after the last chapter.
    assert html.index('id="handout-printouts"') > positions[-1]
    printouts = html[html.index('id="handout-printouts"') :]
    assert 'id="charter-printout-title"' in printouts
    assert "Success at 12 months" in printouts
    assert printouts.index("charter-printout-title") < printouts.index("health-printout-title")

    css = Path(finders.find("css/print-guide.css")).read_text(encoding="utf-8")
    assert re.search(r"\.print-chapter\s*\{[^}]*break-before:\s*page", css)
    assert re.search(r"\.handout-printouts > \*\s*\{[^}]*break-before:\s*page", css)

    polish = client.get("/pl/guide/print/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    for chapter in chapters:
        title = GuidePage.objects.get(
            translation_key=chapter.translation_key, locale__language_code="pl"
        ).title
        assert title in polish
