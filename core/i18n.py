"""Whose language: a person's chosen language of Praxis, for their pages and e-mails."""

from __future__ import annotations

import functools
from types import SimpleNamespace

from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext_lazy


def chosen_language(user) -> str:
    """The language a signed-in person chose for Praxis, if Praxis offers it, else ""."""
    if not getattr(user, "is_authenticated", False):
        return ""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else ""


def language_of(user) -> str:
    """The language Praxis speaks to ``user``: their choice, else the site's default."""
    return chosen_language(user) or settings.LANGUAGE_CODE


def language_for_scope(scope, user) -> str:
    """A socket's language, as a page's: the person's choice, else the switcher's cookie,
    else the browser's Accept-Language, else the site's default."""
    if chosen := chosen_language(user):
        return chosen
    headers = dict(scope.get("headers") or [])
    request = SimpleNamespace(
        COOKIES=scope.get("cookies") or {},
        META={"HTTP_ACCEPT_LANGUAGE": headers.get(b"accept-language", b"").decode("latin-1")},
        path_info="/",
    )
    return translation.get_language_from_request(request)


def speaking(language: str, function):
    """``function`` run with ``language`` active (for work handed to a thread: a socket's
    database calls render fragments and raise messages in the reader's language)."""

    @functools.wraps(function)
    def in_language(*args, **kwargs):
        with translation.override(language):
            return function(*args, **kwargs)

    return in_language


def in_each_language(render) -> dict[str, str]:
    """``render()`` once per language Praxis speaks, for a live fragment every reader
    receives: each socket then sends the one in its reader's language."""
    rendered = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            rendered[code] = render()
    return rendered


def for_language(fragments, language: str) -> str:
    """The fragment for ``language`` from ``in_each_language`` (or a plain string)."""
    if isinstance(fragments, dict):
        return fragments.get(language) or fragments.get(settings.LANGUAGE_CODE) or ""
    return fragments


# Django's own words for spans of time ("3 days"), repeated here so that our catalogue
# carries them: Django has none for Lithuanian, and ours put them in the case the
# sentence "… ago" needs (Polish and Lithuanian accusative, Slovenian instrumental).
# Catalogues in LOCALE_PATHS win over Django's, so ``timesince`` uses these.
TIMESINCE_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}


def language_name(code: str) -> str:
    """A language's name in the reader's language ("litewski" for "lt" in Polish); an
    unknown code is shown as it is rather than failing the page."""
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code
