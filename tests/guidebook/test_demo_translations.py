"""The demo guide and practice cases in other languages (``guide/<lang>/``,
``practices/<lang>/``) mirror their English files, so that whatever loads them as
translations finds the same page: same slug, same blocks and examples, the same links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from discussions.demo.loader import load_threads
from guidebook.demo import DATA, _read
from guidebook.demo.markdown import chapter_body, field_sections

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
# What a translation translates; everything else in the front matter stays as it is.
TEXT_KEYS = {"title", "summary", "contact_name", "source_date"}


def translations(folder: str) -> list[Path]:
    return [
        path
        for code in LANGUAGES
        for path in sorted((DATA / folder / code).glob("*.md"))
        if (DATA / folder / code).is_dir()
    ]


def _blocks(body: str) -> list[tuple[str, object]]:
    return [
        (
            block["type"],
            block["value"].get("practice") if block["type"] == "practice_example" else None,
        )
        for block in chapter_body(body)
    ]


def test_the_polish_guide_has_every_chapter():
    english = {path.name for path in (DATA / "guide").glob("*.md")}
    assert {path.name for path in (DATA / "guide" / "pl").glob("*.md")} == english


@pytest.mark.parametrize("path", translations("guide"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_translated_chapter_mirrors_the_english_one(path):
    meta, body = _read(path)
    english_meta, english_body = _read(DATA / "guide" / path.name)
    assert list(meta) == list(english_meta)
    assert {k: v for k, v in meta.items() if k not in TEXT_KEYS} == {
        k: v for k, v in english_meta.items() if k not in TEXT_KEYS
    }
    assert meta["title"] != english_meta["title"]
    assert len(meta.get("summary", "")) <= 300
    if path.name != "index.md":
        assert _blocks(body) == _blocks(english_body)


@pytest.mark.parametrize(
    "path", translations("practices"), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_a_translated_case_keeps_the_english_links_and_fields(path):
    meta, body = _read(path)
    english_meta, english_body = _read(DATA / "practices" / path.name)
    assert list(meta) == list(english_meta)
    assert {k: v for k, v in meta.items() if k not in TEXT_KEYS} == {
        k: v for k, v in english_meta.items() if k not in TEXT_KEYS
    }
    assert meta["title"] != english_meta["title"]
    assert len(meta["summary"]) <= 500
    assert list(field_sections(body)) == list(field_sections(english_body))
    assert re.findall(r"^## (.+)$", body, re.M) == re.findall(r"^## (.+)$", english_body, re.M)


def test_every_case_names_a_demo_thread_that_exists():
    titles = {thread["title"] for thread in load_threads()}
    for path in [*sorted((DATA / "practices").glob("*.md")), *translations("practices")]:
        thread = _read(path)[0].get("thread")
        assert thread is None or thread in titles, f"{path}: no demo thread {thread!r}"
