"""Rendered fragments of pages kept in the cache, keyed so that they are never served to the
wrong reader, in the wrong language, or after a change.

A fragment's key is built from:

- its **name** and the **version** of what it shows, given by the caller: ids plus
  timestamps or revision ids read from the database (``page.latest_revision_id``,
  ``last_published_at``, an aggregate over the rows shown), so an edit committed in any
  process changes the key at once, and a cached copy is simply never asked for again;
- the **active language** and the request's **content language** (``core.middleware``),
  always, so a fragment rendered in Polish is never served to a reader of Slovenian;
- a **generation** per topic (``bump(topic)``), moved on by signals for changes that
  leave no timestamp on the rows shown (an organisation renamed, a page moved);
- the **audience** when the caller passes one: what a fragment holds must be the same for
  everyone in it (``"public"`` for content anyone may read). Viewer-specific parts (the
  reader's own status, controls, forms with CSRF tokens) stay outside every fragment.

The cache is a cache and never a dependency (``core.cache``): with Redis down every
lookup misses and the fragment is rendered from the database as if nothing were cached.
A generation that cannot be read (Redis down) turns caching off for that request, so a
bump lost during an outage cannot bring back an old fragment later.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.utils import translation


def cache_alias() -> str:
    """The ``fragments`` cache where configured (process memory: kept apart so that
    fragments never push rate-limit counters out of the default cache), else the default
    one (Redis)."""
    return "fragments" if "fragments" in settings.CACHES else DEFAULT_CACHE_ALIAS


class _FragmentCache:
    def __getattr__(self, name):
        return getattr(caches[cache_alias()], name)


cache = _FragmentCache()

PREFIX = "praxis:fragment:"
GENERATION_PREFIX = "praxis:fragment-generation:"
# Old versions are never asked for again; they only need to leave eventually.
FRAGMENT_SECONDS = 6 * 3600
GENERATION_SECONDS = 7 * 24 * 3600


def generation(topic: str) -> str | None:
    """The current generation of ``topic``; None when the cache cannot say (then nothing
    must be cached or served from the cache)."""
    if not getattr(settings, "PRAXIS_PAGE_CACHE", True):
        return None
    key = GENERATION_PREFIX + topic
    value = cache.get(key)
    if value is None:
        cache.add(key, str(time.time_ns()), GENERATION_SECONDS)
        value = cache.get(key)
    return value


def bump(topic: str, **_signal_kwargs) -> None:
    """Move ``topic`` on: every fragment keyed by it is rendered afresh. Usable as a
    signal receiver."""
    cache.set(GENERATION_PREFIX + topic, str(time.time_ns()), GENERATION_SECONDS)


def fragment_key(
    name: str,
    version: Iterable = (),
    *,
    topics: Iterable[str] = (),
    audience: str = "public",
    request=None,
) -> str | None:
    """The cache key of a fragment, or None when it must not be cached now."""
    parts = [name, audience, translation.get_language() or ""]
    parts.append(getattr(request, "content_language", "") if request is not None else "")
    for topic in topics:
        value = generation(topic)
        if value is None:
            return None
        parts.append(f"{topic}={value}")
    parts.extend(repr(value) for value in version)
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{PREFIX}{name}:{digest}"


def cached_fragment(key: str | None, render: Callable[[], str]) -> str:
    """The fragment under ``key``, rendered (and kept) when missing. ``key`` None: render
    and keep nothing."""
    if key is None:
        return render()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, FRAGMENT_SECONDS)
    return html


def bump_on_commit(topic: str) -> Callable:
    """A signal receiver that moves ``topic`` on at once (this transaction's own reads see
    the change) and again once the change is committed (a reader in another process may
    have rendered the old rows under the first new generation in between)."""
    from django.db import transaction

    def receiver(sender=None, **kwargs) -> None:
        bump(topic)
        transaction.on_commit(lambda: bump(topic))

    return receiver


_PAGE_CHANGED = bump_on_commit("pages")


def _page_saved_or_deleted(sender, instance=None, **kwargs) -> None:
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page

    # Pages, and the images and documents they show (a file replaced keeps its page's
    # revision).
    if isinstance(instance, (Page, AbstractImage, AbstractDocument)):
        _PAGE_CHANGED(sender)


def connect_page_signals() -> None:
    """Pages: any save, deletion, move, (un)publication or view restriction moves the
    ``pages`` generation on; labels (tags) move ``labels`` on. Called from
    ``CoreConfig.ready``; the apps owning other models connect their own
    (``bump_on_commit``)."""
    from django.db.models.signals import post_delete, post_save
    from taggit.models import Tag
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_page_saved_or_deleted, dispatch_uid="praxis-fragments-page-save")
    post_delete.connect(_page_saved_or_deleted, dispatch_uid="praxis-fragments-page-delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_PAGE_CHANGED, dispatch_uid=f"praxis-fragments-{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(
            _SITES_CHANGED, sender=Site, dispatch_uid=f"praxis-fragments-site-{id(signal)}"
        )
        signal.connect(
            _PAGE_CHANGED,
            sender=PageViewRestriction,
            dispatch_uid=f"praxis-fragments-restriction-{id(signal)}",
        )
        signal.connect(
            _LABELS_CHANGED, sender=Tag, dispatch_uid=f"praxis-fragments-tag-{id(signal)}"
        )


_LABELS_CHANGED = bump_on_commit("labels")
_SITES_CHANGED = bump_on_commit("sites")
