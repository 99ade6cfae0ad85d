"""Index updates off the request path: the in-process background writer (search.indexer)."""

from __future__ import annotations

import threading

import pytest
from modelsearch.backends import get_search_backend

from discussions.models import Post, Thread
from search import indexer
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.search.conftest import reindex


@pytest.fixture
def fast_retries(monkeypatch):
    monkeypatch.setattr(indexer, "RETRY_DELAYS", (0.01,))
    monkeypatch.setattr(indexer, "BATCH_DELAY", 0.0)


def test_submit_returns_at_once_and_flush_waits_for_the_batch(fast_retries):
    release = threading.Event()
    seen: list[list] = []

    def slow_index(items):
        release.wait(timeout=10)
        seen.extend(items)

    writer = indexer.BackgroundIndexer(run=slow_index)
    writer.submit([["discussions.Post", 1, "update"]])  # does not wait for the index
    assert writer.pending() == 1
    assert writer.flush(timeout=0.05) is False  # still being indexed
    release.set()
    assert writer.flush(timeout=10) is True
    assert seen == [["discussions.Post", "1", "update"]]
    writer.stop()


def test_saves_of_one_object_are_coalesced_and_the_last_action_wins(fast_retries):
    gate = threading.Event()
    batches: list[list] = []

    def index(items):
        gate.wait(timeout=10)
        batches.append(items)

    writer = indexer.BackgroundIndexer(run=index)
    writer.submit([["discussions.Post", 0, "update"]])  # occupies the writer
    for _ in range(50):
        writer.submit([["discussions.Post", 7, "update"]])
    writer.submit([["discussions.Post", 7, "delete"], ["discussions.Post", 8, "update"]])
    gate.set()
    assert writer.flush(timeout=10)
    items = [item for batch in batches for item in batch]
    sevens = [action for _label, pk, action in items if pk == "7"]
    assert len(sevens) <= 2  # 51 saves, at most one in flight and one pending
    assert sevens[-1] == "delete"
    assert ["discussions.Post", "8", "update"] in items
    writer.stop()


def test_a_failing_batch_is_retried_not_lost(fast_retries):
    calls: list[list] = []

    def flaky(items):
        calls.append(items)
        if len(calls) < 3:
            raise OSError("index locked")

    writer = indexer.BackgroundIndexer(run=flaky)
    writer.submit([["discussions.Thread", 3, "update"]])
    assert writer.flush(timeout=10)
    assert calls[-1] == [["discussions.Thread", "3", "update"]]
    assert writer.failures == 2
    writer.stop()


@pytest.mark.django_db(transaction=True)
def test_a_reply_is_found_after_the_background_writer_flushes(
    whoosh_only, settings, make_community, make_user, make_membership, published
):
    settings.PRAXIS_SEARCH_INDEXING = "background"
    community = make_community(
        title="Portals", topic="How municipalities run their public portals together"
    )
    author = make_user(username="writer")
    make_membership(user=author, community=community)
    thread = ThreadFactory.create(community=community, author=author, title="Opening hours")
    PostFactory.create(thread=thread, author=author, source="A quokka appeared at the counter.")
    assert indexer.flush(timeout=30)
    backend = get_search_backend()
    assert [p.source for p in backend.search("quokka", Post)] == [
        "A quokka appeared at the counter."
    ]


@pytest.mark.django_db
def test_moving_a_thread_reindexes_its_posts(
    whoosh_only,
    make_community,
    make_user,
    make_membership,
    published,
    django_capture_on_commit_callbacks,
):
    first = make_community(title="First", topic="How municipalities run their public portals")
    second = make_community(title="Second", topic="How counters and front offices serve people")
    author = make_user(username="writer")
    make_membership(user=author, community=first)
    make_membership(user=author, community=second)
    thread = ThreadFactory.create(community=first, author=author, title="Queues")
    PostFactory.create(thread=thread, author=author, source="Numbered tickets for the queue.")
    reindex()
    backend = get_search_backend()

    def found_in(community):
        queryset = Post.objects.filter(thread__community_id__in=[community.pk])
        results = backend.search("tickets", queryset)
        return results.count(), len(list(results))

    assert found_in(first) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        moved = Thread.objects.get(pk=thread.pk)
        moved.community = second
        moved.save()
    assert found_in(second) == (1, 1)
    assert found_in(first) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_work_a_killed_process_left_is_indexed_at_the_next_start(
    whoosh_only, settings, monkeypatch, make_community, make_user, make_membership, published
):
    from search.models import PendingIndexUpdate

    settings.PRAXIS_SEARCH_INDEXING = "background"
    community = make_community(title="Portals", topic="How municipalities run their portals")
    author = make_user(username="writer")
    make_membership(user=author, community=community)
    # The process that writes the post dies before its writer indexes anything.
    dying = threading.Event()
    monkeypatch.setattr(
        indexer, "_indexer", indexer.BackgroundIndexer(run=lambda items: dying.wait(30))
    )
    thread = ThreadFactory.create(community=community, author=author, title="Opening hours")
    post = PostFactory.create(thread=thread, author=author, source="A wombat at the counter.")
    noted = set(PendingIndexUpdate.objects.values_list("label", "object_pk"))
    assert ("discussions.Post", str(post.pk)) in noted
    assert ("discussions.Thread", str(thread.pk)) in noted
    backend = get_search_backend()
    assert list(backend.search("wombat", Post)) == []

    # The next start: a fresh process, its writer and the start-up job.
    monkeypatch.setattr(indexer, "_indexer", None)
    monkeypatch.setattr(indexer, "_drained_once", False)
    assert indexer.drain_pending() >= 2
    assert indexer.flush(timeout=30)
    dying.set()

    assert [p.source for p in backend.search("wombat", Post)] == ["A wombat at the counter."]
    assert not PendingIndexUpdate.objects.filter(object_pk=str(post.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_indexed_work_leaves_no_note_behind(
    whoosh_only, settings, monkeypatch, make_community, make_user, make_membership, published
):
    from search.models import PendingIndexUpdate

    settings.PRAXIS_SEARCH_INDEXING = "background"
    monkeypatch.setattr(indexer, "_indexer", None)
    community = make_community(title="Portals", topic="How municipalities run their portals")
    author = make_user(username="writer")
    make_membership(user=author, community=community)
    thread = ThreadFactory.create(community=community, author=author, title="Opening hours")
    PostFactory.create(thread=thread, author=author, source="A quokka at the counter.")

    assert indexer.flush(timeout=30)

    assert PendingIndexUpdate.objects.count() == 0
