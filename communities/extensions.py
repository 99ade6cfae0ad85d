"""Where the apps built on communities add to its pages, so communities imports none of them.

An app registers a provider in its ``AppConfig.ready``::

    add_page_context("community", lambda *, page, request: {"threads": ...})

and the home and community pages merge every provider's dict into their context.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

PAGE_TYPES = ("home", "community")

_providers: dict[str, list[Callable[..., dict]]] = defaultdict(list)


def add_page_context(page_type: str, provider: Callable[..., dict]) -> None:
    if page_type not in PAGE_TYPES:
        raise ValueError(f"unknown page type {page_type!r}; one of {PAGE_TYPES}")
    if provider not in _providers[page_type]:
        _providers[page_type].append(provider)


def page_context(page_type: str, *, page, request) -> dict:
    context: dict = {}
    for provider in _providers[page_type]:
        context.update(provider(page=page, request=request))
    return context
