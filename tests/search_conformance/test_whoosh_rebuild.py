"""Rebuilds fill a new generation and swap it in: search keeps answering throughout."""

from __future__ import annotations

import threading
import time

import pytest
from modelsearch.test.testapp.models import Author
from whoosh.index import LockError

from .helpers import make_authors, make_backend

pytestmark = pytest.mark.django_db


def _generations(index) -> set[str]:
    return {path.name for path in index.store.root.iterdir() if path.name.startswith("gen-")}


def test_search_keeps_answering_during_rebuild(tmp_path):
    backend = make_backend(tmp_path)
    authors = make_authors([f"Common author {i} k{i}" for i in range(40)])
    backend.add_bulk(Author, authors)
    index = backend.get_index_for_model(Author)
    old_generation = index.store.current()

    loaded, proceed, finished = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def rebuild() -> None:
        try:
            rebuilder = backend.rebuilder_class(index)
            target = rebuilder.start()
            for start in range(0, len(authors), 5):
                target.add_items(Author, authors[start : start + 5])
                time.sleep(0.03)
            loaded.set()
            proceed.wait(timeout=30)
            rebuilder.finish()
        except BaseException as e:
            errors.append(e)
        finally:
            loaded.set()
            finished.set()

    thread = threading.Thread(target=rebuild)
    thread.start()
    counts = []
    while not loaded.is_set():
        counts.append(backend.search("common", Author).count())
    # Saves and deletes while the rebuild is in progress reach both generations.
    newcomer = make_authors(["Common newcomer kx"], first_pk=5000)[0]
    backend.add(newcomer)
    leaver = authors[3]
    backend.delete(leaver)
    assert index.store.current() == old_generation
    assert "5000" in index.document_ids() and str(leaver.pk) not in index.document_ids()
    leaver.delete()
    proceed.set()
    while not finished.is_set():
        counts.append(backend.search("common", Author).count())
    thread.join()

    assert errors == []
    assert len(counts) >= 5
    assert counts[0] == 40 and set(counts) <= {40}  # never empty, never partial
    assert index.store.current() != old_generation
    ids = index.document_ids()
    assert "5000" in ids and str(leaver.pk) not in ids
    assert len(ids) == 40
    assert backend.search("common", Author).count() == 40
    assert [a.pk for a in backend.search("newcomer", Author)] == [5000]


def test_rebuild_command_path_swaps_and_cleans_up(tmp_path):
    backend = make_backend(tmp_path)
    authors = make_authors(["Ada Lovelace", "Isaac Asimov"])
    backend.add_bulk(Author, authors)
    index = backend.get_index_for_model(Author)
    seen = [index.store.current()]
    for _ in range(3):
        rebuilder = backend.rebuilder_class(index)
        target = rebuilder.start()
        target.add_model(Author)
        target.add_items(Author, authors)
        rebuilder.finish()
        seen.append(index.store.current())
        assert [a.name for a in backend.search("lovelace", Author)] == ["Ada Lovelace"]
    assert len(set(seen)) == 4
    # The live generation and its predecessor are kept, older ones removed.
    assert _generations(index) == {seen[-1], seen[-2]}
    assert index.store.building() is None


def test_abandoned_rebuild_does_not_capture_writes(tmp_path):
    backend = make_backend(tmp_path)
    backend.add_bulk(Author, make_authors(["Ada Lovelace"]))
    index = backend.get_index_for_model(Author)
    rebuilder = backend.rebuilder_class(index)
    rebuilder.start()
    abandoned = rebuilder.generation
    rebuilder._release()  # as if the rebuilding process had died
    backend.add(make_authors(["Isaac Asimov"], first_pk=2000)[0])
    assert index.store.building() is None
    assert index.document_ids() == {"1000", "2000"}
    assert abandoned != index.store.current()


def test_rebuilds_are_serialised(tmp_path):
    backend = make_backend(tmp_path, REBUILD_TIMEOUT=0.2)
    index = backend.get_index_for_model(Author)
    first = backend.rebuilder_class(index)
    first.start()
    with pytest.raises(LockError):
        backend.rebuilder_class(index).start()
    first.finish()
    second = backend.rebuilder_class(index)
    second.start()
    second.finish()


def test_reset_empties_the_index(tmp_path):
    backend = make_backend(tmp_path)
    backend.add_bulk(Author, make_authors(["Ada Lovelace"]))
    backend.reset_indexes()
    assert list(backend.search("lovelace", Author)) == []
    backend.add(Author.objects.get())
    assert [a.name for a in backend.search("lovelace", Author)] == ["Ada Lovelace"]


def test_search_before_anything_is_indexed(tmp_path):
    backend = make_backend(tmp_path)
    make_authors(["Ada Lovelace"])
    assert list(backend.search("lovelace", Author)) == []
    assert backend.search("lovelace", Author).count() == 0
    assert list(backend.autocomplete("lov", Author)) == []
    backend.delete(Author.objects.get())  # nothing to delete, and no index is created
    assert not (tmp_path / "searchtests_author").exists()
