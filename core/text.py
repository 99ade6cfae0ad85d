"""Cleaning of user text before it is stored: no NUL bytes, bounded lengths."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import ServiceError


def one_line(value: str | None, *, max_length: int) -> str:
    """A single line: whitespace runs collapsed, cut at ``max_length``."""
    return " ".join((value or "").replace("\x00", "").split())[:max_length]


def long_text(value: str | None, *, max_length: int = 5000) -> str:
    """Free text kept as written (stripped); longer than ``max_length`` is refused."""
    value = (value or "").replace("\x00", "").strip()
    if len(value) > max_length:
        raise ServiceError(
            _("A text field can be at most %(max)d characters.") % {"max": max_length},
            code="too_long",
        )
    return value
