"""Markdown to safe HTML, in one function, at write time.

``render_markdown`` is the only place post text becomes HTML. A strict allowlist: no
script, style, iframe, svg, math or form elements, no event handlers, no ``style`` or
``id`` attributes; links only to http, https and mailto, each with
``rel="nofollow noopener ugc"``; bare URLs are linkified in the same bleach pass.
"""

from __future__ import annotations

import html
import re
import threading

import bleach
import markdown
from bleach import html5lib_shim
from bleach.linkifier import TLDS, LinkifyFilter
from markdown import inlinepatterns
from markdown.treeprocessors import Treeprocessor

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
MENTION_PATTERN = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")


class _ShiftHeadings(Treeprocessor):
    """``#`` and ``##`` become h3 and h4 (deeper levels follow, at most h6): a post sits
    below the page's h1 and the thread's h2s, and headings stay headings."""

    def run(self, root):
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(int(element.tag[1]) + 2, 6)}"


# Python-Markdown looks for the "]" closing every "[" by scanning the rest of the text, and
# for the ")" closing every "](" likewise: "[" * 20000 took a minute to render. Here the
# brackets are paired once per text (a stack, linear) and a link target is looked for only
# within MAX_LINK_TARGET characters (a longer one stays text, and linkify still links a
# bare URL in it).
MAX_LINK_TARGET = 2048


class _LinearLinks:
    _paired: tuple[str, dict[int, int]] | None = None

    def _closing_bracket(self, data: str, opening: int) -> int | None:
        if self._paired is None or self._paired[0] is not data:
            pairs, stack = {}, []
            for position, char in enumerate(data):
                if char == "[":
                    stack.append(position)
                elif char == "]" and stack:
                    pairs[stack.pop()] = position
            self._paired = (data, pairs)
        return self._paired[1].get(opening)

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        if index == 0 or data[index - 1] != "[":
            return super().getText(data, index)
        closing = self._closing_bracket(data, index - 1)
        if closing is None:
            return "", index, False
        return data[index:closing], closing + 1, True

    def getLink(self, data: str, index: int):  # noqa: N802
        end = min(len(data), index + MAX_LINK_TARGET)
        if data.find(")", index, end) == -1:
            return "", None, index, False
        return super().getLink(data[:end], index)


def _linear(base):
    return type(f"Linear{base.__name__}", (_LinearLinks, base), {})


# name: (Python-Markdown's processor, its pattern, its priority), as markdown registers them.
_LINK_PROCESSORS = {
    "reference": (inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 170),
    "link": (inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE, 160),
    "image_link": (inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE, 150),
    "image_reference": (
        inlinepatterns.ImageReferenceInlineProcessor,
        inlinepatterns.IMAGE_REFERENCE_RE,
        140,
    ),
    "short_reference": (
        inlinepatterns.ShortReferenceInlineProcessor,
        inlinepatterns.REFERENCE_RE,
        130,
    ),
    "short_image_ref": (
        inlinepatterns.ShortImageReferenceInlineProcessor,
        inlinepatterns.IMAGE_REFERENCE_RE,
        125,
    ),
}


def _text_only_markdown() -> markdown.Markdown:
    """Markdown that treats raw HTML in the source as text: people write text, not markup."""
    md = markdown.Markdown(extensions=["fenced_code", "tables", "sane_lists", "nl2br"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for name, (base, pattern, priority) in _LINK_PROCESSORS.items():
        md.inlinePatterns.register(_linear(base)(pattern, md), name, priority)
    md.treeprocessors.register(_ShiftHeadings(md), "shift_headings", 1)
    return md


# Browsers drop tabs and newlines anywhere in a URL and read a backslash as "/" in paths,
# so "/<backslash>evil.example" and "/<newline>/evil.example" lead off-site like "//...".
_URL_IGNORED = re.compile(r"[\t\n\r]")


def _enforce_rel(attrs, new=False):
    """Every link gets our rel; a link without an allowed scheme (or a same-site path)
    loses its href, so protocol-relative and scheme-less URLs cannot point elsewhere."""
    href_key = (None, "href")
    href = attrs.get(href_key)
    if href is None:
        return attrs
    href = _URL_IGNORED.sub("", href).strip()
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    same_site_path = href.startswith("/") and href[1:2] not in ("/", "\\")
    if scheme not in ALLOWED_PROTOCOLS and not same_site_path:
        del attrs[href_key]
        attrs.pop((None, "rel"), None)
        return attrs
    attrs[href_key] = href
    attrs[(None, "rel")] = LINK_REL
    return attrs


# bleach's own linkify patterns, made linear: its URL and e-mail patterns may start a match
# at every character of a long run ("x" * 20000, "a-.a" * 5000) and scan to its end each
# time, which took up to a minute per post. Here a match starts only where a run starts,
# and runs are matched possessively (no backtracking into them). Same links otherwise.
_URL_RE = re.compile(
    r"""(?<!\()\(*+  # opening parentheses, taken from the first one only
    \b(?<![@.\w-])(?:(?:{protocols}):/{{0,3}}(?:(?:\w++:)?\w++@)?)?  # http://
    (?:[\w-]++\.)+(?:{tlds})(?::[0-9]++)?(?!\.\w)\b  # xx.yy.tld(:##)?
    (?:[/?][^\s\{{\}}\|\\\^`<>"]*+)?  # /path/zz
    """.format(
        protocols="|".join(sorted(html5lib_shim.allowed_protocols)),
        tlds="|".join(sorted(TLDS)),
    ),
    re.IGNORECASE | re.VERBOSE | re.UNICODE,
)
_EMAIL_RE = re.compile(
    r"""(?<!//)(?<![-!#$%&'*+/=?^_`{{}}|~0-9A-Z.])
    (([-!#$%&'*+/=?^_`{{}}|~0-9A-Z]++
        (?:\.[-!#$%&'*+/=?^_`{{}}|~0-9A-Z]++)*+  # dot-atom
    |^"(?:[\001-\010\013\014\016-\037!#-\[\]-\177]
        |\\[\001-\011\013\014\016-\177])*+"  # quoted-string
    )@(?:[A-Z0-9](?:[A-Z0-9-]{{0,61}}[A-Z0-9])?\.)+(?:{tlds}))  # domain
    """.format(tlds="|".join(TLDS)),
    re.IGNORECASE | re.MULTILINE | re.VERBOSE,
)


def _only_class_mention(tag, name, value):
    if tag == "span":
        return name == "class" and value == MENTION_CLASS
    return name in ALLOWED_ATTRIBUTES.get(tag, [])


def _bleach_cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=_only_class_mention,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            lambda source: LinkifyFilter(
                source,
                callbacks=[_enforce_rel],
                skip_tags={"pre", "code"},
                parse_email=True,
                url_re=_URL_RE,
                email_re=_EMAIL_RE,
            )
        ],
    )


# Neither a Markdown instance nor a bleach Cleaner is thread-safe (both keep state while
# they work), and ASGI runs sync code in worker threads: one pair per thread.
_local = threading.local()


def _renderers() -> tuple[markdown.Markdown, bleach.Cleaner]:
    pair = getattr(_local, "renderers", None)
    if pair is None:
        pair = _local.renderers = (_text_only_markdown(), _bleach_cleaner())
    return pair


def render_markdown(source: str) -> str:
    """Render Markdown ``source`` to sanitised HTML (the only path from text to HTML)."""
    md, cleaner = _renderers()
    html = md.reset().convert(source)
    return cleaner.clean(html)


def mentioned_usernames(source: str) -> set[str]:
    """Usernames written as @name in ``source`` (case preserved; matching is the caller's)."""
    return {match.group(1).rstrip(".") for match in MENTION_PATTERN.finditer(source)}


_TAG = re.compile(r"(<[^>]*>)")
_NO_LINKS_INSIDE = {"a", "code", "pre"}


def link_mentions(fragment: str, profile_urls: dict[str, str]) -> str:
    """@name in the text of sanitised ``fragment`` (not inside links or code) becomes a link
    to that person's profile, for the names in ``profile_urls`` only (people who exist);
    any other @name stays text. The URLs are escaped here."""
    if not profile_urls:
        return fragment
    depth = 0  # inside <a>, <code> or <pre>

    def link(match: re.Match) -> str:
        name = match.group(1).rstrip(".")
        url = profile_urls.get(name)
        if url is None:
            return match.group(0)
        rest = match.group(1)[len(name) :]
        return f'<a class="{MENTION_CLASS}" href="{html.escape(url, quote=True)}">@{name}</a>{rest}'

    parts = []
    for piece in _TAG.split(fragment):
        if piece.startswith("<"):
            tag = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if tag and tag.group(1).lower() in _NO_LINKS_INSIDE and not piece.endswith("/>"):
                depth += -1 if piece.startswith("</") else 1
                depth = max(depth, 0)
            parts.append(piece)
        elif depth or "@" not in piece:
            parts.append(piece)
        else:
            parts.append(MENTION_PATTERN.sub(link, piece))
    return "".join(parts)


def plain_text_excerpt(html: str, length: int = 200) -> str:
    text = bleach.clean(html, tags=set(), strip=True)
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
