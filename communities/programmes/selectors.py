"""Reads for programme pages."""

from __future__ import annotations


def programme_page_context(*, programme, user) -> dict:
    return {}
