"""Where the apps built on communities add to its pages, so communities imports none of them.

An app registers a provider in its ``AppConfig.ready``::

    add_page_context("community", lambda *, page, request: {"threads": ...})

and the home and community pages merge every provider's dict into their context.

The header's main navigation is built the same way: each app adds its entry with
``add_navigation(...)`` (see ``communities.context_processors.navigation``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


# ---------------------------------------------------------------------------------------
# The header's main navigation
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavigationEntry:
    """One link of the main navigation: to the live child page of the site root of type
    ``page_type`` ("app_label.ModelName"), wherever its slug is, or to ``url_name``."""

    key: str
    label: Any  # lazily translated
    order: int
    page_type: str | None = None
    url_name: str | None = None
    shown_to: Callable[[Any], bool] | None = None  # (user) -> bool; None: everyone


_navigation: dict[str, NavigationEntry] = {}


def add_navigation(
    key: str,
    label,
    *,
    order: int,
    page_type: str | None = None,
    url_name: str | None = None,
    shown_to: Callable[[Any], bool] | None = None,
) -> None:
    """Register a header link (from an app's ``AppConfig.ready``); the same key replaces.
    ``shown_to(user)`` limits it to the people it answers true for (asked once a page)."""
    if (page_type is None) == (url_name is None):
        raise ValueError("a navigation entry needs exactly one of page_type and url_name")
    _navigation[key] = NavigationEntry(
        key=key,
        label=label,
        order=order,
        page_type=page_type,
        url_name=url_name,
        shown_to=shown_to,
    )


def navigation_entries() -> list[NavigationEntry]:
    return sorted(_navigation.values(), key=lambda entry: (entry.order, entry.key))
