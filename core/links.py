"""Absolute links for e-mails and calendars, from the one configured base URL."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path
