"""Absolute links for e-mails and calendars, from the one configured base URL
(``PRAXIS_BASE_URL``; Wagtail's ``WAGTAILADMIN_BASE_URL`` is set from the same)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def base_url() -> str:
    return (
        getattr(settings, "PRAXIS_BASE_URL", "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    ).rstrip("/")


def absolute_url(path: str) -> str:
    return base_url() + path


def page_url(page) -> str:
    """A Wagtail page's public address on the base URL (not on its Site record's host name,
    which says ``localhost`` unless someone edited it)."""
    parts = page.get_url_parts()
    return absolute_url(parts[2]) if parts else ""


def rebased(url: str) -> str:
    """``url`` (absolute, built from a request's host) moved onto the base URL."""
    bits = urlsplit(url)
    if not (bits.scheme and bits.netloc):
        return url
    return absolute_url(urlunsplit(("", "", bits.path, bits.query, bits.fragment)))


def base_host() -> str:
    """The base URL's host (and port), e.g. ``praxis.example.gov``."""
    return urlsplit(base_url()).netloc


def webcal_url(url: str) -> str:
    """``url`` with the ``webcal://`` scheme, which calendar programs open as a
    subscription (kept up to date) rather than a one-off import."""
    bits = urlsplit(url)
    if bits.scheme not in ("http", "https"):
        return url
    return urlunsplit(("webcal", bits.netloc, bits.path, bits.query, bits.fragment))
