"""Where the footer's "Accessibility statement" link leads, in the reader's language."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import translation

CACHE_KEY = "praxis:a11y-statement-url:{language}"
CACHE_SECONDS = 600
NONE = "-"  # cached "there is no statement", so that no page asks again for ten minutes


def statement_url(language: str | None = None) -> str:
    """The live statement's URL in ``language`` (the reader's), else in any language;
    "" when there is none. Cached; publishing or unpublishing a page forgets it."""
    from wagtail.models import Locale

    from about.models import AccessibilityStatementPage

    language = language or translation.get_language() or "en"
    key = CACHE_KEY.format(language=language)
    cached = cache.get(key)
    if cached is not None:
        return "" if cached == NONE else cached
    statements = AccessibilityStatementPage.objects.live().public()
    locale = Locale.objects.filter(language_code=language).first()
    page = (locale and statements.filter(locale=locale).first()) or statements.order_by(
        "pk"
    ).first()
    url = page.get_url() if page is not None else ""
    cache.set(key, url or NONE, CACHE_SECONDS)
    return url or ""


def forget_statement_urls(sender=None, **kwargs) -> None:
    from django.conf import settings

    cache.delete_many([CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])


SOURCES_CACHE_KEY = "praxis:demo-sources"
SOURCES_CACHE_SECONDS = 600


def demo_sources() -> list[dict]:
    """The source documents seed_demo recorded, as plain dicts; [] on a real installation
    (no demo loaded), which then shows no demo notice. Cached; recording sources forgets it."""
    from about.models import SourceDocument

    cached = cache.get(SOURCES_CACHE_KEY)
    if cached is not None:
        return cached
    sources = list(
        SourceDocument.objects.values(
            "key", "title", "citation", "url", "date", "language", "used_for"
        )
    )
    cache.set(SOURCES_CACHE_KEY, sources, SOURCES_CACHE_SECONDS)
    return sources


def demo_loaded() -> bool:
    return bool(demo_sources())


def forget_demo_sources(sender=None, **kwargs) -> None:
    cache.delete(SOURCES_CACHE_KEY)
