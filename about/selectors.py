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
