"""Concurrent saves from threads and processes: no LockError, no lost update."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from modelsearch.test.testapp.models import Author

from .helpers import make_backend

pytestmark = pytest.mark.django_db

WORKER = Path(__file__).with_name("concurrency_worker.py")
REPO = Path(__file__).resolve().parents[2]


def _save_from_threads(backend, threads: int, per_thread: int, start_at: float, tag: str):
    errors: list[BaseException] = []

    def save(thread: int) -> None:
        time.sleep(max(0.0, start_at - time.time()))
        try:
            for i in range(per_thread):
                pk = 10_000 + thread * 100 + i
                backend.add(Author(pk=pk, name=f"{tag} thread{thread} doc{i} k{pk}"))
        except BaseException as e:
            errors.append(e)

    workers = [threading.Thread(target=save, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    return workers, errors


def _assert_all_found(backend, expected: dict[int, str]) -> None:
    index = backend.get_index_for_model(Author)
    found, wanted = index.document_ids(), {str(pk) for pk in expected}
    assert found == wanted, f"missing {sorted(wanted - found)}, unexpected {sorted(found - wanted)}"
    Author.objects.bulk_create(Author(pk=pk, name=name) for pk, name in expected.items())
    for pk in expected:
        # every document is searchable by its own unique word
        assert [a.pk for a in backend.search(f"k{pk}", Author)] == [pk]


def test_threads_save_concurrently(tmp_path):
    backend = make_backend(tmp_path, WRITE_TIMEOUT=60)
    workers, errors = _save_from_threads(backend, 8, 12, time.time() + 0.2, "local")
    for worker in workers:
        worker.join()
    assert errors == []
    expected = {
        10_000 + t * 100 + i: f"local thread{t} doc{i} k{10_000 + t * 100 + i}"
        for t in range(8)
        for i in range(12)
    }
    _assert_all_found(backend, expected)


def test_processes_and_threads_save_concurrently(tmp_path):
    processes, threads_per_process, per_thread = 4, 3, 8
    index_path, barrier = tmp_path / "index", tmp_path / "barrier"
    barrier.mkdir()
    backend = make_backend(index_path, WRITE_TIMEOUT=60)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.search_conformance.settings",
        SEARCH_CONFORMANCE_WHOOSH_PATH=str(tmp_path / "unused-default-index"),
        PYTHONPATH=str(REPO),
    )
    command = [sys.executable, str(WORKER), str(index_path)]
    options = [str(threads_per_process), str(per_thread), str(barrier)]
    children = [
        subprocess.Popen(  # noqa: S603 - fixed command line
            [*command, str(worker), *options],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(processes)
    ]
    # Start everybody at once, once every child has imported Django.
    deadline = time.monotonic() + 120
    while len(list(barrier.glob("ready-*"))) < processes:
        assert time.monotonic() < deadline, "the worker processes did not start"
        assert all(child.poll() is None for child in children), "a worker process died"
        time.sleep(0.01)
    start_at = time.time()
    (barrier / "go").touch()
    # This process saves at the same time, from its own threads.
    workers, errors = _save_from_threads(backend, 3, per_thread, start_at, "parent")
    for worker in workers:
        worker.join()
    parent_finished = time.time()
    for child in children:
        stdout, stderr = child.communicate(timeout=120)
        assert child.returncode == 0, stderr
        started, finished = map(float, stdout.split())
        # The child really wrote while this process was writing too.
        assert started < parent_finished and finished > start_at
    assert errors == []

    expected = {
        10_000 + t * 100 + i: f"parent thread{t} doc{i} k{10_000 + t * 100 + i}"
        for t in range(3)
        for i in range(per_thread)
    }
    for w in range(processes):
        for t in range(threads_per_process):
            for i in range(per_thread):
                pk = 100_000 + w * 1000 + t * 100 + i
                expected[pk] = f"proc{w} thread{t} doc{i} k{pk}"
    _assert_all_found(backend, expected)


def test_updates_and_deletes_from_threads_are_not_lost(tmp_path):
    backend = make_backend(tmp_path)
    for pk in range(1, 21):
        backend.add(Author(pk=pk, name=f"version one k{pk}"))

    def rewrite(pks):
        for pk in pks:
            backend.add(Author(pk=pk, name=f"version two k{pk}"))
            if pk % 5 == 0:
                backend.delete(Author(pk=pk, name=""))

    workers = [threading.Thread(target=rewrite, args=(range(s, 21, 4),)) for s in range(1, 5)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    survivors = {pk for pk in range(1, 21) if pk % 5}
    index = backend.get_index_for_model(Author)
    assert index.document_ids() == {str(pk) for pk in survivors}
    Author.objects.bulk_create(Author(pk=pk, name=f"version two k{pk}") for pk in survivors)
    assert {a.pk for a in backend.search("one", Author)} == set()
    assert {a.pk for a in backend.search("two", Author)} == survivors
