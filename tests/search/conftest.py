"""Search fixtures: a private Whoosh index per test, content in two communities, reindexing.

Saves inside a test's transaction never commit, so the on-commit index updates do not
run; ``reindex()`` indexes the database's current content into every configured backend
(tests of the on-commit path capture and run the callbacks themselves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.utils import timezone
from modelsearch.backends import get_search_backend

from communities.models import MembershipRole, Visibility
from discussions import services
from discussions.models import Post, Thread
from search.sources import all_sources
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import OrganisationFactory


def indexed_models():
    models = [source.model for source in all_sources()]
    return [m for m in models if m is not None]


def reindex(*aliases: str) -> None:
    from django.conf import settings

    aliases = aliases or tuple(settings.WAGTAILSEARCH_BACKENDS)
    for alias in aliases:
        backend = get_search_backend(alias)
        for model in indexed_models():
            objects = list(model.get_indexed_objects())
            backend.get_index_for_model(model).add_model(model)
            if objects:
                backend.add_bulk(model, objects)


@pytest.fixture(autouse=True)
def relaxed_limits(settings):
    settings.PRAXIS_DISCUSSION_LIMITS = {
        "POST_INTERVAL_SECONDS": 0,
        "NEW_ACCOUNT_MAX_POSTS": 10_000,
    }


def whoosh(tmp_path) -> dict:
    """The Whoosh backend as the project configures it (config.settings.base: posts and
    threads stemmed in their own language), with its index under ``tmp_path``."""
    from django.conf import settings

    configured = settings.WHOOSH_SEARCH_BACKEND
    assert configured["BACKEND"] == "search.backends.whoosh"
    return {**configured, "PATH": str(tmp_path / "whoosh")}


def tantivy(tmp_path) -> dict:
    """The Tantivy backend as the project configures it, with its index in memory
    (/dev/shm: every Tantivy commit syncs to disk, 70 ms against 9) or under ``tmp_path``."""
    import atexit
    import os
    import shutil
    import tempfile

    from django.conf import settings

    configured = settings.TANTIVY_SEARCH_BACKEND
    assert configured["BACKEND"] == "search.backends.tantivy"
    path = _MEMORY_PATHS.get(str(tmp_path), str(tmp_path / "tantivy"))
    memory = "/dev/shm"  # noqa: S108 - a private mkdtemp() directory inside it
    if str(tmp_path) not in _MEMORY_PATHS and os.access(memory, os.W_OK):
        path = _MEMORY_PATHS[str(tmp_path)] = tempfile.mkdtemp(
            prefix="praxis-test-tantivy-", dir=memory
        )
        atexit.register(shutil.rmtree, path, ignore_errors=True)
    return {**configured, "PATH": path}


_MEMORY_PATHS: dict[str, str] = {}  # a test's tmp_path -> its Tantivy directory in memory


def embedded(tmp_path) -> dict:
    """The embedded backend this run is about: Tantivy with SEARCH_BACKEND=tantivy, else
    Whoosh (the default)."""
    from django.conf import settings

    return tantivy(tmp_path) if settings.SEARCH_BACKEND == "tantivy" else whoosh(tmp_path)


@pytest.fixture
def whoosh_only(settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.whoosh", "PATH": str(tmp_path / "whoosh")}
    }
    return settings.WAGTAILSEARCH_BACKENDS


@dataclass
class World:
    public: object
    secret: object
    alice: object  # member of the public community (and facilitator)
    bob: object  # member of the members-only community
    carol: object  # member of nothing
    public_thread: Thread
    secret_thread: Thread
    hidden_post: Post
    deleted_post: Post


def _at(year: int, month: int = 6):
    return datetime(year, month, 1, 12, 0, tzinfo=UTC)


def build_world(make_community, make_user, make_membership) -> World:
    org_pl = OrganisationFactory(name="Ministry of Finance", short_name="MoF", country="PL")
    org_lt = OrganisationFactory(name="Vilnius Municipality", short_name="VM", country="LT")
    public = make_community(
        title="Procurement reform",
        topic="How ministries redesign public procurement with suppliers and auditors",
        themes=["procurement"],
    )
    secret = make_community(
        title="Treasury circle",
        topic="How treasury teams plan budgeting cycles across several agencies",
        visibility=Visibility.MEMBERS,
        listed_in_index=True,
        themes=["budgeting"],
    )
    alice = make_user(username="alice", organisation=org_pl)
    bob = make_user(username="bob", organisation=org_lt)
    carol = make_user(username="carol", organisation=org_pl)
    make_membership(user=alice, community=public, role=MembershipRole.FACILITATOR)
    make_membership(user=bob, community=public)
    make_membership(user=bob, community=secret)

    public_thread = ThreadFactory.create(
        community=public,
        author=alice,
        title="Breakfast meetings for procurement officers",
        source="We run a breakfast meeting with procurement officers every month.",
    )
    PostFactory.create(
        thread=public_thread,
        author=bob,
        source="In Vilnius the procurement breakfast became a workshop with suppliers.",
    )
    hidden = PostFactory.create(
        thread=public_thread, author=bob, source="Spam about procurement hiddenword offers."
    )
    services.post_hide(actor=alice, post=hidden, reason="spam")
    deleted = PostFactory.create(
        thread=public_thread, author=bob, source="A procurement draft with deletedword inside."
    )
    services.post_delete(user=bob, post=deleted)

    secret_thread = ThreadFactory.create(
        community=secret,
        author=bob,
        title="Zanzibar budgeting workshop",
        source="Our confidential budgeting workshop on procurement of treasury systems.",
    )
    PostFactory.create(
        thread=secret_thread,
        author=bob,
        source="The zanzibar method: budgeting procurement with quarterly reviews.",
    )
    # Dates for the year facet: the secret thread is from 2023, the rest from 2024/2025.
    Thread.objects.filter(pk=secret_thread.pk).update(created_at=_at(2023))
    Post.objects.filter(thread=secret_thread).update(created_at=_at(2023))
    Thread.objects.filter(pk=public_thread.pk).update(created_at=_at(2024))
    Post.objects.filter(thread=public_thread).update(created_at=_at(2025))
    return World(
        public=public,
        secret=secret,
        alice=alice,
        bob=bob,
        carol=carol,
        public_thread=Thread.objects.get(pk=public_thread.pk),
        secret_thread=Thread.objects.get(pk=secret_thread.pk),
        hidden_post=Post.objects.get(pk=hidden.pk),
        deleted_post=Post.objects.get(pk=deleted.pk),
    )


@pytest.fixture
def world(whoosh_only, make_community, make_user, make_membership, published) -> World:
    built = build_world(make_community, make_user, make_membership)
    reindex()
    return built


@pytest.fixture
def published(monkeypatch):
    """Live events are not under test here: record instead of sending."""
    from discussions import events

    sent = []
    monkeypatch.setattr(events, "send_now", lambda group, message: sent.append((group, message)))
    return sent


def guidebook_available() -> bool:
    try:
        apps.get_model("guidebook", "PracticePage")
    except LookupError:
        return False
    return True


def now():
    return timezone.now()
