"""The small Markdown dialect of the demo content (see ``README.md`` beside this module).

Prose is paragraphs (separated by blank lines; wrapped lines are joined with one space)
and ``- `` lists; inline, ``**bold**``, ``*italic*`` and ``[text](url)`` are the only
markup, everything else is kept as typed (and HTML-escaped in rich text). A guide
chapter's body adds ``## `` headings and ``::: <type>`` ... ``:::`` directives for the
StreamField blocks that are not plain rich text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

_DIRECTIVE = re.compile(r"^::: ([a-z_]+)(?: ([A-Za-z0-9_-]+))?(?:: (.*))?$")
_INLINE = re.compile(r"\*\*(?P<b>.+?)\*\*|\*(?P<i>.+?)\*|\[(?P<t>[^\]]+)\]\((?P<u>[^)\s]+)\)")


class MarkdownError(ValueError):
    pass


# Prose -------------------------------------------------------------------------------


@dataclass
class Chunk:
    """A paragraph (``items`` is None) or a list (``items`` holds each item's text)."""

    text: str = ""
    items: list[str] | None = None


def chunks(lines: list[str]) -> list[Chunk]:
    """Paragraphs and ``- `` lists; list items continue on lines indented by two spaces."""
    result: list[Chunk] = []
    current: Chunk | None = None
    for raw in lines:
        line = raw.rstrip()
        if not line:
            current = None
        elif line.startswith("- "):
            if current is None or current.items is None:
                current = Chunk(items=[])
                result.append(current)
            current.items.append(line[2:].strip())
        elif current is not None and current.items is not None:
            if not line.startswith("  "):
                raise MarkdownError(f"list item continuation must be indented: {line!r}")
            current.items[-1] += " " + line.strip()
        elif current is None:
            current = Chunk(text=line.strip())
            result.append(current)
        else:
            current.text += " " + line.strip()
    return result


def inline(text: str) -> str:
    """Escape ``text`` for rich text and apply the inline markup."""
    out, position = [], 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[position : match.start()], quote=False))
        if match["b"] is not None:
            out.append(f"<b>{escape(match['b'], quote=False)}</b>")
        elif match["i"] is not None:
            out.append(f"<i>{escape(match['i'], quote=False)}</i>")
        else:
            out.append(f'<a href="{escape(match["u"])}">{escape(match["t"], quote=False)}</a>')
        position = match.end()
    out.append(escape(text[position:], quote=False))
    return "".join(out)


def rich_text(lines: list[str]) -> str:
    """Wagtail rich-text HTML: ``<p>`` per paragraph, ``<ul><li>`` per list."""
    html = []
    for chunk in chunks(lines):
        if chunk.items is None:
            html.append(f"<p>{inline(chunk.text)}</p>")
        else:
            html.append("<ul>" + "".join(f"<li>{inline(item)}</li>" for item in chunk.items))
            html[-1] += "</ul>"
    return "".join(html)


def plain_text(lines: list[str]) -> str:
    """Plain text (for text blocks without markup): paragraphs joined by a blank line."""
    parts = []
    for chunk in chunks(lines):
        if chunk.items is not None:
            raise MarkdownError("a list is not allowed in plain text")
        parts.append(chunk.text)
    return "\n\n".join(parts)


def list_items(lines: list[str]) -> list[str]:
    """The items of a ``- `` list, as plain text; nothing else is allowed."""
    items = []
    for chunk in chunks(lines):
        if chunk.items is None:
            raise MarkdownError(f"only '- ' items are allowed here: {chunk.text!r}")
        items.extend(chunk.items)
    return items


def sections(lines: list[str], marker: str) -> list[tuple[str, list[str]]]:
    """Split at lines starting with ``marker`` (e.g. ``"### "``): [(title, lines)]."""
    result: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith(marker):
            result.append((line[len(marker) :].strip(), []))
        elif result:
            result[-1][1].append(line)
        elif line.strip():
            raise MarkdownError(f"text before the first {marker.strip()!r} line: {line!r}")
    return result


# Chapter bodies ----------------------------------------------------------------------


@dataclass
class Directive:
    kind: str
    argument: str | None
    title: str
    lines: list[str] = field(default_factory=list)


def _callout(d: Directive) -> dict:
    if d.argument not in {"tip", "warning", "example"}:
        raise MarkdownError(f"callout kind must be tip, warning or example, not {d.argument!r}")
    return {"kind": d.argument, "title": d.title, "body": rich_text(d.lines)}


def _checklist(d: Directive) -> dict:
    return {"title": d.title, "items": list_items(d.lines)}


def _steps(d: Directive) -> dict:
    steps = [
        {"title": title, "text": plain_text(body)} for title, body in sections(d.lines, "### ")
    ]
    return {"title": d.title, "steps": steps}


def _example(d: Directive) -> dict:
    if not d.argument:
        raise MarkdownError("'::: example' needs the practice case's slug")
    return {"practice": d.argument, "note": plain_text(d.lines)}


def _quote(d: Directive) -> dict:
    return {"quote": plain_text(d.lines), "attribution": d.title}


def _faq(d: Directive) -> dict:
    items = [
        {"question": question, "answer": rich_text(body)}
        for question, body in sections(d.lines, "### ")
    ]
    return {"title": d.title, "items": items}


# Directive name -> (StreamField block type, value builder, takes an argument).
DIRECTIVES = {
    "callout": ("callout", _callout, True),
    "checklist": ("checklist", _checklist, False),
    "steps": ("steps", _steps, False),
    "example": ("practice_example", _example, True),
    "quote": ("quote", _quote, False),
    "faq": ("faq", _faq, False),
}


def chapter_body(text: str) -> list[dict]:
    """A chapter's StreamField value: [{"type": ..., "value": ...}] (practices by slug)."""
    blocks: list[dict] = []
    prose: list[str] = []
    directive: Directive | None = None

    def flush_prose() -> None:
        if any(line.strip() for line in prose):
            blocks.append({"type": "text", "value": rich_text(prose)})
        prose.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if directive is not None:
            if line.rstrip() == ":::":
                block_type, build, _argument = DIRECTIVES[directive.kind]
                blocks.append({"type": block_type, "value": build(directive)})
                directive = None
            else:
                directive.lines.append(line)
        elif line.startswith("::: "):
            match = _DIRECTIVE.match(line.rstrip())
            if match is None or match[1] not in DIRECTIVES:
                raise MarkdownError(f"line {number}: unknown directive {line!r}")
            if match[2] and not DIRECTIVES[match[1]][2]:
                raise MarkdownError(f"line {number}: '{match[1]}' takes no argument")
            flush_prose()
            directive = Directive(match[1], match[2], (match[3] or "").strip())
        elif line.startswith("## "):
            flush_prose()
            blocks.append({"type": "heading", "value": {"text": line[3:].strip()}})
        elif line.rstrip() == "---":
            flush_prose()  # separates two text blocks that follow each other
        else:
            prose.append(line)
    if directive is not None:
        raise MarkdownError(f"'::: {directive.kind}' is not closed with ':::'")
    flush_prose()
    return blocks


def field_sections(text: str) -> dict[str, str]:
    """A practice case's body: ``## <field>`` sections, each rich text."""
    return {name: rich_text(body) for name, body in sections(text.splitlines(), "## ")}
