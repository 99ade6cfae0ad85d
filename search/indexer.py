"""An in-process background index writer for the embedded (single-server) setup.

Saves hand their ``[label, pk, action]`` items to ``submit()`` after commit and return at
once; one daemon thread per process takes everything pending, coalesced per model and
primary key (the last action wins; the index task reads the database's current rows, so
nothing newer is ever overwritten by something older), and runs
``search.tasks.update_search_index`` on the batch. Whoosh's single-writer lock is waited
for by the backend (``WRITE_TIMEOUT``); a batch that still fails is put back and retried
with a back-off, so a busy index delays an update but never loses it. ``flush()`` waits
until everything submitted so far is indexed; it also runs at interpreter exit.

Durable: each save also notes its work in ``PendingIndexUpdate`` inside the writing
transaction (``search.signals``); the process's writer deletes the notes it has indexed,
and ``drain_pending`` (a periodic job, run at once when the process starts) hands what a
killed process left to the writer, so a post is never saved but missing from search.

Mode (``PRAXIS_SEARCH_INDEXING``): ``"background"`` (this writer), ``"inline"`` (run the
task at commit, in the request, as django-tasks' immediate backend does); see
``config/settings/base.py``. With a queue backend configured
under ``TASKS`` the task is always enqueued there instead (a worker process indexes).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time

logger = logging.getLogger(__name__)

MAX_PENDING = 50_000  # beyond this, submit() waits for the writer (back-pressure)
BATCH_DELAY = 0.05  # seconds to gather more saves into one batch
RETRY_DELAYS = (0.5, 2.0, 5.0, 15.0, 30.0)


class BackgroundIndexer:
    def __init__(self, run=None, *, durable: bool = False):
        self._run = run  # callable(items) -> None; defaults to the index task
        self._durable = durable  # delete the PendingIndexUpdate notes of indexed batches
        self._pending: dict[tuple[str, str], str] = {}
        self._condition = threading.Condition()
        self._busy = False
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.batches = 0
        self.failures = 0

    # Producer side ----------------------------------------------------------------------

    def submit(self, items: list[list]) -> None:
        with self._condition:
            while len(self._pending) >= MAX_PENDING and not self._stopping:
                self._condition.wait(timeout=1.0)
            for label, pk, action in items:
                self._pending[(label, str(pk))] = action
            self._ensure_thread()
            self._condition.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted so far is indexed; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._condition:
            if self._pending:
                self._ensure_thread()
            while self._pending or self._busy:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._condition.wait(timeout=remaining if remaining is not None else 1.0)
        return True

    def pending(self) -> int:
        with self._condition:
            return len(self._pending) + (1 if self._busy else 0)

    # Writer thread ----------------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(
                target=self._loop, name="praxis-search-indexer", daemon=True
            )
            self._thread.start()

    def _take(self) -> list[list]:
        with self._condition:
            while not self._pending:
                if self._stopping:
                    return []
                self._condition.wait(timeout=5.0)
        time.sleep(BATCH_DELAY)  # let a burst of saves join this batch
        with self._condition:
            # Taken and marked busy in one step: pending() and flush() never count a
            # batch twice (still pending and in flight) or not at all.
            items = [[label, pk, action] for (label, pk), action in self._pending.items()]
            self._pending.clear()
            self._busy = True
            self._condition.notify_all()
            return items

    def _loop(self) -> None:
        attempt = 0
        while True:
            items = self._take()
            if not items:
                return
            try:
                self._index(items)
                attempt = 0
            except Exception:
                self.failures += 1
                logger.exception("Background search indexing failed; will retry")
                with self._condition:
                    for label, pk, action in items:
                        # newer submissions for the same object win
                        self._pending.setdefault((label, pk), action)
                delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]
                attempt += 1
                time.sleep(delay)
            finally:
                with self._condition:
                    self._busy = False
                    self.batches += 1
                    self._condition.notify_all()

    def _index(self, items: list[list]) -> None:
        from django.db import close_old_connections
        from django.utils import timezone

        close_old_connections()
        taken_at = timezone.now()
        try:
            if self._run is not None:
                self._run(items)
            else:
                from search.tasks import update_search_index

                update_search_index.call(items)
            if self._durable:
                _forget_done(items, before=taken_at)
        finally:
            close_old_connections()

    def stop(self, timeout: float = 30.0) -> None:
        self.flush(timeout=timeout)
        with self._condition:
            self._stopping = True
            self._condition.notify_all()


def _forget_done(items: list[list], *, before) -> None:
    """Delete the notes of indexed work, but not one a newer save wrote meanwhile."""
    from search.models import PendingIndexUpdate

    by_label: dict[str, list[str]] = {}
    for label, pk, _action in items:
        by_label.setdefault(label, []).append(str(pk))
    for label, pks in by_label.items():
        PendingIndexUpdate.objects.filter(
            label=label, object_pk__in=pks, recorded_at__lte=before
        ).delete()


_indexer: BackgroundIndexer | None = None
_lock = threading.Lock()
_drained_once = False
# Notes younger than this belong to work the live writer still has in memory.
STALE_AFTER_SECONDS = 120


def get_indexer() -> BackgroundIndexer:
    global _indexer
    with _lock:
        if _indexer is None:
            _indexer = BackgroundIndexer(durable=True)
            atexit.register(_indexer.stop)
        return _indexer


def drain_pending() -> int:
    """Hand the index work noted in the database to this process's writer: at the first
    call in a process everything (what a killed process left), later only notes old
    enough that no writer still holds them. Returns how many objects were handed over."""
    global _drained_once
    from datetime import timedelta

    from django.utils import timezone

    from search.models import PendingIndexUpdate

    if mode() != "background":
        return 0
    notes = PendingIndexUpdate.objects.order_by("pk")
    if _drained_once:
        notes = notes.filter(
            recorded_at__lt=timezone.now() - timedelta(seconds=STALE_AFTER_SECONDS)
        )
    _drained_once = True
    items = [list(row) for row in notes.values_list("label", "object_pk", "action")[:MAX_PENDING]]
    if items:
        logger.info("Indexing %d objects noted but not yet indexed", len(items))
        get_indexer().submit(items)
    return len(items)


def flush(timeout: float | None = None) -> bool:
    """Wait until every save so far is in the index (no-op if nothing runs)."""
    if _indexer is None:
        return True
    return _indexer.flush(timeout)


def mode() -> str:
    """ "background", "inline" or "queue" (a django-tasks queue backend does it)."""
    from django.conf import settings

    try:
        from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
        from django_tasks.backends.immediate import ImmediateBackend

        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend):
            return "queue"
    except (ImportError, KeyError, AttributeError):
        pass
    configured = getattr(settings, "PRAXIS_SEARCH_INDEXING", "inline")
    return "background" if configured == "background" else "inline"
