"""Reading the demo's data files: TOML, and Markdown pages with TOML front matter.

Line breaks inside a text are only wrapping: every string is read with its runs of
whitespace collapsed to single spaces. In a page's Markdown body, blank lines separate
paragraphs (``<p>`` elements); there is no other formatting.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from core.demo import load_toml, split_front_matter

HERE = Path(__file__).resolve().parent


def tidy(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [tidy(item) for item in value]
    if isinstance(value, dict):
        return {key: tidy(item) for key, item in value.items()}
    return value


def load(name: str) -> dict[str, Any]:
    return tidy(load_toml(HERE / name))


def load_page(name: str) -> tuple[dict[str, Any], str]:
    """A programme page: (front matter, body as HTML paragraphs)."""
    meta, body = split_front_matter((HERE / "programmes" / name).read_text(encoding="utf-8"))
    paragraphs = [tidy(text) for text in re.split(r"\n\s*\n", body) if text.strip()]
    return tidy(meta), "".join(f"<p>{text}</p>" for text in paragraphs)
