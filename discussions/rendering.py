"""Markdown to safe HTML, in one function, at write time.

``render_markdown`` is the only place post text becomes HTML. A strict allowlist: no
script, style, iframe, svg, math or form elements, no event handlers, no ``style`` or
``id`` attributes; links only to http, https and mailto, each with
``rel="nofollow noopener ugc"``; bare URLs are linkified in the same bleach pass.
"""

from __future__ import annotations

import re

import bleach
import markdown
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
        "span",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "span": ["class"],
    "th": ["align"],
    "td": ["align"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"
MENTION_CLASS = "mention"
MENTION_PATTERN = re.compile(r"(?<![\w@])@([A-Za-z0-9_.+-]{2,150})")


def _text_only_markdown() -> markdown.Markdown:
    """Markdown that treats raw HTML in the source as text: people write text, not markup."""
    md = markdown.Markdown(extensions=["fenced_code", "tables", "sane_lists", "nl2br"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_markdown = _text_only_markdown()


def _enforce_rel(attrs, new=False):
    """Every link gets our rel; a link without an allowed scheme (or a same-site path)
    loses its href, so protocol-relative and scheme-less URLs cannot point elsewhere."""
    href_key = (None, "href")
    href = attrs.get(href_key)
    if href is None:
        return attrs
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    same_site_path = href.startswith("/") and not href.startswith("//")
    if scheme not in ALLOWED_PROTOCOLS and not same_site_path:
        del attrs[href_key]
        attrs.pop((None, "rel"), None)
        return attrs
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _only_class_mention(tag, name, value):
    if tag == "span":
        return name == "class" and value == MENTION_CLASS
    return name in ALLOWED_ATTRIBUTES.get(tag, [])


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_only_class_mention,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        lambda source: LinkifyFilter(
            source, callbacks=[_enforce_rel], skip_tags={"pre", "code"}, parse_email=True
        )
    ],
)


def render_markdown(source: str) -> str:
    """Render Markdown ``source`` to sanitised HTML (the only path from text to HTML)."""
    html = _markdown.reset().convert(source)
    return _cleaner.clean(html)


def mentioned_usernames(source: str) -> set[str]:
    """Usernames written as @name in ``source`` (case preserved; matching is the caller's)."""
    return {match.group(1).rstrip(".") for match in MENTION_PATTERN.finditer(source)}


def plain_text_excerpt(html: str, length: int = 200) -> str:
    text = bleach.clean(html, tags=set(), strip=True)
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
