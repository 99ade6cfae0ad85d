"""Cleaning of user text before it is stored: no NUL bytes, bounded lengths."""

from __future__ import annotations

from django.utils.translation import ngettext

from core.errors import ServiceError


def one_line(value: str | None, *, max_length: int) -> str:
    """A single line: whitespace runs collapsed, cut at ``max_length``."""
    return " ".join((value or "").replace("\x00", "").split())[:max_length]


def long_text(value: str | None, *, max_length: int = 5000) -> str:
    """Free text kept as written (stripped); longer than ``max_length`` is refused."""
    value = (value or "").replace("\x00", "").strip()
    if len(value) > max_length:
        raise ServiceError(
            ngettext(
                "A text field can be at most %(max)d character.",
                "A text field can be at most %(max)d characters.",
                max_length,
            )
            % {"max": max_length},
            code="too_long",
        )
    return value
