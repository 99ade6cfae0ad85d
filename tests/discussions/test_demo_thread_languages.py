"""Demo threads written in another language than English say which, in their header (and
a reply in yet another language in its own): one of the site's languages."""

from __future__ import annotations

import tomllib

from django.conf import settings

from core.demo import split_front_matter
from discussions.demo.loader import REPLY, THREADS_DIR

CODES = {code for code, _name in settings.LANGUAGES}


def languages(path) -> tuple[str, list[str]]:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    replies = [
        tomllib.loads(reply.partition("\n+++\n")[0]).get("language", "")
        for reply in ("\n" + body).split(REPLY)[1:]
    ]
    return meta.get("language", "en"), replies


def test_every_declared_language_is_one_of_the_sites():
    for path in sorted(THREADS_DIR.glob("*/*.md")):
        thread, replies = languages(path)
        assert thread in CODES, path
        assert all(code in CODES for code in replies if code), path


def test_the_partnerforum_and_lithuanian_groups_write_in_their_language():
    for community, code in [
        ("partnerforum-programme-group", "nb"),
        ("social-clustering-municipalities", "lt"),
    ]:
        paths = sorted((THREADS_DIR / community).glob("*.md"))
        assert paths and all(languages(path)[0] == code for path in paths), community
