"""The demo guide and library load, render, and load a second time without changes."""

from __future__ import annotations

import pytest
from wagtail.models import Page, Revision

from guidebook.demo import load_chapters, load_practices, seed_guidebook
from guidebook.demo.markdown import MarkdownError, chapter_body
from guidebook.models import GuideIndexPage, GuidePage, PracticePage
from tests.factories import UserFactory, site_tree


def snapshot():
    return Page.objects.count(), Revision.objects.count(), PracticePage.objects.count()


@pytest.mark.django_db
def test_seed_guidebook_is_idempotent_and_renders(client):
    site_tree()
    UserFactory(username="editor", is_superuser=True)
    seed_guidebook()
    first = snapshot()
    assert seed_guidebook() == {}
    assert snapshot() == first

    english = {"locale__language_code": "en"}
    assert GuidePage.objects.live().filter(**english).count() == len(load_chapters()) >= 14
    assert PracticePage.objects.live().filter(**english).count() == len(load_practices()) >= 12
    assert PracticePage.objects.filter(country="SI").count() >= 4
    for url in [
        "/guide/",
        "/guide/print/",
        "/practices/",
        "/practices/feed/",
        "/api/v1/practices/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "lorem" not in response.content.decode().lower()
    for page in [*GuidePage.objects.live(), *PracticePage.objects.live()]:
        assert client.get(page.url).status_code == 200, page.url
    # Every chapter links real examples from the library.
    for chapter in GuidePage.objects.all():
        assert any(block.block_type == "practice_example" for block in chapter.body), chapter
    staff = PracticePage.objects.get(
        slug="partnership-for-change-staff-exchanges", locale__language_code="en"
    )
    assert "58" in staff.summary and "37" in staff.summary


@pytest.mark.django_db
def test_translation_files_load_as_wagtail_translations(client, tmp_path, monkeypatch):
    """guide/pl/index.md translates the guide's index; a chapter and a case in a language
    folder become translations of their originals, once."""
    import shutil

    from guidebook import demo

    data = tmp_path / "demo"
    shutil.copytree(demo.DATA, data)
    # The demo's own Slovenian cases out of the way: this test brings one of its own.
    shutil.rmtree(data / "practices" / "sl", ignore_errors=True)
    shutil.rmtree(data / "guide" / "sl", ignore_errors=True)
    chapter = sorted((data / "guide").glob("[0-9][0-9]-*.md"))[0]
    (data / "guide" / "sl").mkdir()
    (data / "guide" / "sl" / chapter.name).write_text(
        '+++\ntitle = "Kaj je skupnost prakse"\nslug = "what-is-a-community-of-practice"\n'
        'summary = "Opredelitev."\n+++\n\n## Opredelitev\n\nSkupina, ki redno razpravlja.\n',
        encoding="utf-8",
    )
    case = sorted(p for p in (data / "practices").glob("*.md") if p.name != "index.md")[0]
    (data / "practices" / "sl").mkdir()
    (data / "practices" / "sl" / case.name).write_text(
        case.read_text(encoding="utf-8").replace('title = "', 'title = "SL: ', 1),
        encoding="utf-8",
    )
    monkeypatch.setattr(demo, "DATA", data)
    site_tree()
    UserFactory(username="editor", is_superuser=True)
    seed_guidebook()
    first = snapshot()
    assert seed_guidebook() == {}
    assert snapshot() == first

    guide_pl = GuideIndexPage.objects.get(locale__language_code="pl")
    assert guide_pl.live and guide_pl.alias_of_id is None
    assert guide_pl.title == "Jak prowadzić wspólnotę praktyków"
    assert "Jak prowadzić" in client.get("/pl/guide/").content.decode()
    sl_chapter = GuidePage.objects.get(locale__language_code="sl")
    original = GuidePage.objects.get(locale__language_code="en", slug=sl_chapter.slug)
    assert sl_chapter.translation_key == original.translation_key and sl_chapter.live
    html = client.get(sl_chapter.url, HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert "Kaj je skupnost prakse" in html and "Skupina, ki redno razpravlja." in html
    sl_case = PracticePage.objects.get(locale__language_code="sl")
    assert sl_case.title.startswith("SL: ") and sl_case.live
    assert sl_case.url.startswith("/sl/practices/")


def test_markdown_directives_build_stream_blocks():
    body = chapter_body(
        "## Start\n\nOne line\nwrapped & joined.\n\n- an item\n  continued\n\n---\n\n"
        "Second **text** block with *stress* and [a link](https://example.org/?a=1&b=2).\n\n"
        "::: callout warning: Careful\nBody.\n:::\n\n"
        "::: checklist\n- one\n- two\n:::\n\n"
        "::: steps: How\n### First\nDo it.\n\n### Second\n:::\n\n"
        "::: example some-case\n:::\n\n"
        "::: quote: Someone\nWords.\n:::\n\n"
        "::: faq: Questions\n### Why?\nBecause.\n:::\n"
    )
    assert body == [
        {"type": "heading", "value": {"text": "Start"}},
        {
            "type": "text",
            "value": "<p>One line wrapped &amp; joined.</p><ul><li>an item continued</li></ul>",
        },
        {
            "type": "text",
            "value": "<p>Second <b>text</b> block with <i>stress</i> and "
            '<a href="https://example.org/?a=1&amp;b=2">a link</a>.</p>',
        },
        {
            "type": "callout",
            "value": {"kind": "warning", "title": "Careful", "body": "<p>Body.</p>"},
        },
        {"type": "checklist", "value": {"title": "", "items": ["one", "two"]}},
        {
            "type": "steps",
            "value": {
                "title": "How",
                "steps": [{"title": "First", "text": "Do it."}, {"title": "Second", "text": ""}],
            },
        },
        {"type": "practice_example", "value": {"practice": "some-case", "note": ""}},
        {"type": "quote", "value": {"quote": "Words.", "attribution": "Someone"}},
        {
            "type": "faq",
            "value": {
                "title": "Questions",
                "items": [{"question": "Why?", "answer": "<p>Because.</p>"}],
            },
        },
    ]


@pytest.mark.parametrize(
    "text",
    [
        "::: callout loud\nx\n:::\n",
        "::: checklist extra\n- x\n:::\n",
        "::: nonsense\n:::\n",
        "::: quote\nnever closed\n",
        "::: example\nno slug\n:::\n",
        "::: checklist\nnot an item\n:::\n",
    ],
)
def test_markdown_errors_are_reported(text):
    with pytest.raises(MarkdownError):
        chapter_body(text)
