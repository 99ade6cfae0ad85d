"""The guide: chapters with StreamField blocks, table of contents, previous / next,
last reviewed, the printable whole guide, and the guide-updates feed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "heading", "value": {"text": "Specific, not general"}},
    {"type": "text", "value": "<p>Each community needs a clearly defined topic.</p>"},
    {
        "type": "callout",
        "value": {"kind": "warning", "title": "Avoid", "body": "<p>Vague topics.</p>"},
    },
    {"type": "checklist", "value": {"title": "Check", "items": ["One sentence", "Shared work"]}},
    {
        "type": "steps",
        "value": {"title": "How", "steps": [{"title": "Map who does it", "text": "List units."}]},
    },
    {
        "type": "quote",
        "value": {"quote": "Regular discussion of one topic.", "attribution": "Note"},
    },
    {
        "type": "faq",
        "value": {
            "title": "",
            "items": [{"question": "How often?", "answer": "<p>Regularly.</p>"}],
        },
    },
    {"type": "heading", "value": {"text": "Let the members choose"}},
]


def test_chapter_renders_blocks_toc_review_and_pager(
    make_chapter, make_practice, client, make_user
):
    reviewer = make_user(display_name="Ewa Zawadzka")
    case = make_practice(title="Partnerforum")
    body = [*BODY, {"type": "practice_example", "value": {"practice": case.pk, "note": "See it."}}]
    first = make_chapter(title="What it is")
    second = make_chapter(
        title="Choosing a topic", body=body, reviewer=reviewer, last_reviewed="2026-11-02"
    )
    third = make_chapter(title="Measuring success")

    html = client.get(second.url).content.decode()
    assert '<h2 id="specific-not-general"' in html
    assert 'href="#let-the-members-choose"' in html  # table of contents of the chapter
    assert "Last reviewed 2 November 2026" in html and "Ewa Zawadzka" in html
    assert f'rel="prev" href="{first.url}"' in html and f'rel="next" href="{third.url}"' in html
    assert "callout-warning" in html and "Map who does it" in html and "How often?" in html
    assert "Regular discussion of one topic." in html
    assert f'href="{case.url}"' in html and "See it." in html
    assert "print-guide.css" in html and 'media="print"' in html


def test_example_block_hides_unpublished_cases(make_chapter, make_practice, client):
    draft = make_practice(title="Not yet approved", live=False)
    chapter = make_chapter(body=[{"type": "practice_example", "value": {"practice": draft.pk}}])
    assert "Not yet approved" not in client.get(chapter.url).content.decode()


def test_guide_index_lists_chapters_in_order_and_prints_whole_guide(
    make_chapter, guide_index, client
):
    chapters = [make_chapter(title=f"Chapter title {n}", body=BODY) for n in range(3)]
    draft = make_chapter(title="Unpublished chapter", live=False)
    index_html = client.get("/guide/").content.decode()
    positions = [index_html.index(c.title) for c in chapters]
    assert positions == sorted(positions)
    assert draft.title not in index_html

    printed = client.get("/guide/print/").content.decode()
    for chapter in chapters:
        assert chapter.title in printed
    assert printed.count("Each community needs a clearly defined topic.") == 3
    assert draft.title not in printed
    # Section headings sit below the chapter headings in the handout.
    assert '<h3 id="specific-not-general"' in printed


def test_guide_feed_lists_published_chapters(make_chapter, client):
    chapter = make_chapter(title="Meeting formats")
    draft = make_chapter(title="Draft chapter", live=False)
    for url in ("/guide/feed/", "/guide/feed/atom/"):
        body = client.get(url).content.decode()
        assert chapter.title in body and draft.title not in body


def test_reserved_slug_is_refused(make_chapter):
    chapter = make_chapter()
    chapter.slug = "print"
    with pytest.raises(ValidationError):
        chapter.full_clean()
