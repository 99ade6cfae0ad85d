"""The languages of the page being read: ``<html lang>``, the ``hreflang`` alternates,
the links to its other translations and the notice when the reader's language is
missing. Built on ``communities.selectors.page_translations``."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from communities import selectors

register = template.Library()

# Translators: %(language)s is the reader's language, %(original)s the language of the
# version shown, both as language names (nominative); phrase it so they fit.
DEFAULT_MISSING_MESSAGE = _(
    "This page is not yet available in %(language)s; you are reading the %(original)s version."
)


@register.simple_tag(takes_context=True)
def page_languages(context, page=None) -> dict:
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk:
        return {"page_language": get_language(), "links": [], "alternates": []}
    info = selectors.page_translations(page)
    links = []
    for row in info["all"]:
        code = row.locale.language_code
        url = row.get_url(request)
        if not url or not row.live:
            continue
        # The default locale's URL is unprefixed: ?lang= keeps a reader whose language has
        # a translation on the version they asked for (see communities.wagtail_hooks).
        visible = f"{url}?lang={code}" if code == settings.LANGUAGE_CODE else url
        language = get_language_info(code)
        links.append(
            {
                "code": code,
                "url": url,
                "visible_url": visible,
                "name": language["name_local"],
                "current": row.pk == page.pk,
            }
        )
    notice = ""
    if info["missing"]:
        message = getattr(page, "missing_translation_message", DEFAULT_MISSING_MESSAGE)
        notice = message % {
            "language": get_language_info(info["reader_language"])["name_translated"],
            "original": get_language_info(info["page_language"])["name_translated"],
        }
    return {
        "page_language": info["page_language"],
        "alternates": links if len(links) > 1 else [],
        "links": [link for link in links if not link["current"]],
        "notice": notice,
    }
