"""Read the demo threads: ``threads/<community-slug>/<NN>-<slug>.md``, one file a thread.

The format is described in ``threads/README.md``: TOML front matter for the thread and
its opening post, then each reply after a ``+++ reply`` line with its own TOML header.
Communities come in the order of ``communities.toml``, threads in file-name order.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from communities.demo import COMMUNITIES
from core.demo import split_front_matter

THREADS_DIR = Path(__file__).resolve().parent / "threads"
REPLY = "\n+++ reply\n"


def _language(header: dict, default: str | None, where: str) -> str | None:
    """A header's ``language`` (a post language code), else ``default``."""
    from discussions.models import PostLanguage

    language = header.get("language", default)
    if language is not None and language not in PostLanguage.values:
        choices = ", ".join(PostLanguage.values)
        raise ValueError(f"{where}: language {language!r} is not one of {choices}.")
    return language


def _post(header: dict, text: str, language: str | None = None) -> dict:
    return {
        "by": header["by"],
        "language": language,
        "at": header.get("at", 0),
        "text": text.strip("\n"),
        "reply_to": header.get("reply_to"),
        "helpful": list(header.get("helpful", [])),
        "thanks": list(header.get("thanks", [])),
    }


def parse_thread(text: str, community: str, where: str = "") -> dict:
    meta, body = split_front_matter(text)
    opening, *replies = ("\n" + body).split(REPLY)
    # The thread's language is its opening post's and every reply's unless they say.
    language = _language(meta, None, where)
    posts = [_post({**meta, "by": meta["author"], "at": 0}, opening, language)]
    thread = {
        "community": community,
        "title": meta["title"],
        "tags": meta.get("tags", []),
        "days_ago": meta["days_ago"],
        "language": language,
    }
    for key in ("answer_by", "pinned"):
        if key in meta:
            thread[key] = meta[key]
    for index, reply in enumerate(replies, start=1):
        header, separator, reply_text = reply.partition("\n+++\n")
        if not separator:
            raise ValueError(f"{where}: reply {index} has no closing +++ line.")
        header = tomllib.loads(header)
        if header.pop("answer", False):
            thread["answer"] = index
        posts.append(_post(header, reply_text, _language(header, language, where)))
    thread["posts"] = posts
    return thread


def load_threads() -> list[dict]:
    threads = []
    for community in COMMUNITIES:
        folder = THREADS_DIR / community["slug"]
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
            threads.append(parse_thread(path.read_text(), community["slug"], str(path)))
    return threads
