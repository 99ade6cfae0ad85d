"""On-disk storage of one logical index: generations, pointers, locks, merging.

Each index lives in generation directories (``gen-*``); the file ``CURRENT`` names the
live one and ``BUILDING`` the one a rebuild is filling. ``swap`` replaces ``CURRENT``
atomically and removes all but the new generation and its predecessor. Writes are
serialised by a thread lock plus Whoosh's file lock and committed with a tiered merge
policy (``merge_tiered``). Searchers are pooled per thread.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.index import EmptyIndexError, LockError
from whoosh.util.filelock import FileLock

WHOOSH_INDEX_NAME = "MAIN"
CURRENT_POINTER = "CURRENT"
BUILDING_POINTER = "BUILDING"
REBUILD_LOCK = "REBUILD.lock"
META_LOCK = "META.lock"
TOUCHED_FILE = "TOUCHED"  # ids saved into a generation while it was being rebuilt
MAX_OPEN_GENERATIONS = 4
SEARCHERS_PER_THREAD = 8  # open searchers kept per thread, across indexes
_SEARCHERS = threading.local()
# The generation each pooled searcher reads, beside the searcher rather than on it; entries
# go with their searcher. (Single dict operations, atomic under the GIL: no lock.)
_GENERATION_TAGS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
BULK_SEGMENT_DOCS = 10000  # documents a rebuild writes per segment (per process)
WRITER_LIMIT_MB = 256  # memory for a writer's posting pool before it spills to disk
# Incremental commits merge only segments smaller than a rebuild's, and only when one size
# tier (powers of ten) holds this many of them. Whoosh's own MERGE_SMALL folds every segment
# into one once their count passes a Fibonacci bound: on a 100,000-document index freshly
# rebuilt into 10,000-document segments, the first few saves then rewrote the whole index
# (a 140 s commit, benchmarks/search.py).
MERGE_TIER_SEGMENTS = 10


def segments_to_merge(doc_counts: list[int], *, largest: int | None = None) -> list[int]:
    """Indexes (into ``doc_counts``) of the segments an incremental commit merges: the
    segments of the smallest tier that has ``MERGE_TIER_SEGMENTS`` or more, among those
    below ``largest`` documents (a tenth of a rebuild's batch: a rebuild's segments, split
    between its processes, stay well above it). Big segments are left for the next
    rebuild."""
    largest = BULK_SEGMENT_DOCS // 10 if largest is None else largest
    tiers: dict[int, list[int]] = {}
    for position, count in enumerate(doc_counts):
        if count < largest:
            tiers.setdefault(len(str(max(count, 1))), []).append(position)
    for _tier, positions in sorted(tiers.items()):
        if len(positions) >= MERGE_TIER_SEGMENTS:
            return positions
    return []


def merge_tiered(writer, segments):
    """A Whoosh merge policy (``commit(mergetype=...)``) using ``segments_to_merge``."""
    from whoosh.reading import SegmentReader

    chosen = set(segments_to_merge([segment.doc_count_all() for segment in segments]))
    if len(chosen) < 2:
        return segments
    for position in sorted(chosen):
        reader = SegmentReader(writer.storage, writer.schema, segments[position])
        writer.add_reader(reader)
        reader.close()
    return [segment for position, segment in enumerate(segments) if position not in chosen]


_GENERATION_RE = re.compile(r"^gen-\d{20}-[0-9a-f]{8}$")


class _IndexStore:
    """The directory of one logical index: its generations, pointers and locks.

    Instances are shared per directory within a process (see ``_store_for``).
    """

    def __init__(self, root: Path):
        self.root = root
        self._lock = threading.Lock()
        self._indexes: dict[str, Any] = {}
        self._write_locks: dict[str, threading.Lock] = {}

    # Pointers -----------------------------------------------------------------------

    def _read_pointer(self, name: str) -> str | None:
        try:
            value = (self.root / name).read_text(encoding="ascii").strip()
        except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
            return None
        if not _GENERATION_RE.match(value) or not (self.root / value).is_dir():
            return None
        return value

    def _write_pointer(self, name: str, value: str) -> None:
        tmp = self.root / f".{name}.{secrets.token_hex(6)}.tmp"
        with open(tmp, "w", encoding="ascii") as handle:
            handle.write(value)
            handle.flush()
            os.fsync(handle.fileno())
        for attempt in range(20):
            try:
                os.replace(tmp, self.root / name)
                return
            except PermissionError:  # Windows: a reader holds the file open
                if attempt == 19:
                    raise
                time.sleep(0.01)

    def _remove_pointer(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.root / name).unlink()

    def current(self) -> str | None:
        return self._read_pointer(CURRENT_POINTER)

    def building(self) -> str | None:
        """The generation a rebuild is filling, or None (clears stale markers)."""
        generation = self._read_pointer(BUILDING_POINTER)
        if generation is None:
            return None
        probe = FileLock(str(self.root / REBUILD_LOCK))
        if probe.acquire(blocking=False):
            # Nobody holds the rebuild lock, so the rebuild that wrote the marker died.
            try:
                if self._read_pointer(BUILDING_POINTER) == generation:
                    self._remove_pointer(BUILDING_POINTER)
            finally:
                probe.release()
            return None
        return generation

    # Locks ----------------------------------------------------------------------------

    def file_lock(self, name: str, timeout: float) -> FileLock:
        """Acquire a cross-process lock file in the index directory (caller releases)."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / name))
        deadline = time.monotonic() + timeout
        while not lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise LockError(f"Timed out waiting for {self.root / name}")
            time.sleep(0.01)
        return lock

    def _thread_lock(self, generation: str) -> threading.Lock:
        with self._lock:
            return self._write_locks.setdefault(generation, threading.Lock())

    # Generations ----------------------------------------------------------------------

    def create_generation(self, schema: Schema) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"gen-{time.time_ns():020d}-{secrets.token_hex(4)}"
        path = self.root / name
        path.mkdir()
        whoosh_index.create_in(str(path), schema, indexname=WHOOSH_INDEX_NAME)
        return name

    def ensure_current(self, schema_factory: Callable[[], Schema], timeout: float) -> str:
        generation = self.current()
        if generation:
            return generation
        lock = self.file_lock(META_LOCK, timeout)
        try:
            generation = self.current()
            if generation is None:
                generation = self.create_generation(schema_factory())
                self._write_pointer(CURRENT_POINTER, generation)
            return generation
        finally:
            lock.release()

    def open(self, generation: str):
        with self._lock:
            ix = self._indexes.get(generation)
        if ix is None:
            path = str(self.root / generation)
            for attempt in range(20):
                try:
                    ix = whoosh_index.open_dir(path, indexname=WHOOSH_INDEX_NAME)
                    break
                except FileNotFoundError:
                    # A commit in another process retired the TOC we were reading.
                    if attempt == 19 or not os.path.isdir(path):
                        raise
                    time.sleep(0.005)
            with self._lock:
                ix = self._indexes.setdefault(generation, ix)
                # Generations retired by other processes are never opened again.
                while len(self._indexes) > MAX_OPEN_GENERATIONS:
                    del self._indexes[next(iter(self._indexes))]
        return ix

    def searcher(self, generation: str):
        """An up-to-date searcher on ``generation``, pooled per thread: not to be closed.

        Opening a searcher opens every segment's files (about 10 ms for 20 segments);
        ``refresh()`` reopens only what changed since. Whoosh searchers are not
        thread-safe, hence one pool per thread, bounded (least recently used closed).
        """
        pool = getattr(_SEARCHERS, "pool", None)
        if pool is None:
            pool = _SEARCHERS.pool = OrderedDict()
        key = (str(self.root), generation)
        searcher = pool.pop(key, None)
        if searcher is not None and (
            searcher.is_closed or getattr(searcher.reader(), "is_closed", False)
        ):
            searcher = None  # closed by a caller after all
        if searcher is not None:
            try:
                searcher = searcher.refresh()
            except (OSError, EmptyIndexError):
                with contextlib.suppress(Exception):
                    searcher.close()
                searcher = None
        if searcher is None:
            searcher = self.open(generation).searcher()
        _GENERATION_TAGS[searcher] = generation
        pool[key] = searcher
        while len(pool) > SEARCHERS_PER_THREAD:
            _, old = pool.popitem(last=False)
            with contextlib.suppress(Exception):
                old.close()
        return searcher

    def _forget(self, generation: str) -> None:
        with self._lock:
            self._indexes.pop(generation, None)
            self._write_locks.pop(generation, None)

    def open_searcher(self):
        """A searcher on the live generation, or None if no index (see ``searcher``)."""
        for attempt in range(3):
            generation = self.current()
            if generation is None:
                return None
            try:
                return self.searcher(generation)
            except (OSError, EmptyIndexError):
                # The generation was swapped out and removed between read and open.
                self._forget(generation)
                if attempt == 2:
                    raise
        return None

    def swap(self, generation: str, timeout: float) -> None:
        """Make ``generation`` live, then remove all but it and its predecessor."""
        lock = self.file_lock(META_LOCK, timeout)
        try:
            previous = self.current()
            self._write_pointer(CURRENT_POINTER, generation)
            if self._read_pointer(BUILDING_POINTER) == generation:
                self._remove_pointer(BUILDING_POINTER)
        finally:
            lock.release()
        # The predecessor is kept for searchers and writers that read CURRENT just before.
        self._collect_garbage(keep={generation, previous})

    def _collect_garbage(self, keep: set[str | None]) -> None:
        building = self._read_pointer(BUILDING_POINTER)
        for path in self.root.iterdir():
            name = path.name
            if _GENERATION_RE.match(name) and name not in keep and name != building:
                self._forget(name)
                shutil.rmtree(path, ignore_errors=True)
            elif name.startswith(".") and name.endswith(".tmp"):
                try:
                    if time.time() - path.stat().st_mtime > 3600:
                        path.unlink()
                except OSError:
                    pass

    # Writing --------------------------------------------------------------------------

    def write_generation(
        self,
        generation: str,
        apply: Callable[[Any], None],
        timeout: float,
        merge: bool = True,
        optimize: bool = False,
        procs: int = 1,
    ) -> None:
        """Run ``apply(writer)`` on one generation and commit, waiting for the lock.

        Whoosh merges small segments on commit, keeping their number logarithmic;
        a rebuild commits its batches unmerged and merges everything once at the end.
        """
        ix = self.open(generation)
        deadline = time.monotonic() + timeout
        thread_lock = self._thread_lock(generation)
        if not thread_lock.acquire(timeout=max(timeout, 0.001)):
            raise LockError(f"Timed out waiting to write {self.root / generation}")
        try:
            remaining = max(0.0, deadline - time.monotonic())
            options: dict[str, Any] = {"limitmb": WRITER_LIMIT_MB}
            if procs > 1:
                options.update(procs=procs, multisegment=True)
            writer = ix.writer(timeout=remaining, delay=0.01, **options)
            try:
                apply(writer)
            except BaseException:
                writer.cancel()
                raise
            if optimize or not merge or procs > 1:
                writer.commit(merge=merge, optimize=optimize)
            else:
                writer.commit(mergetype=merge_tiered)
        finally:
            thread_lock.release()

    def write(
        self,
        apply: Callable[[Any], None],
        schema_factory: Callable[[], Schema],
        timeout: float,
        create: bool = True,
        keys: Iterable[str] = (),
    ) -> None:
        """Apply a change to the live generation and to the one being rebuilt, if any.

        Targets are read again after committing, so a rebuild that started (or swapped)
        meanwhile also receives the change. ``keys`` (the ids changed) are noted in the
        rebuilt generation, so that the rebuild does not overwrite them with the older
        copies it buffered (see WhooshIndex.flush_bulk).
        """
        keys = list(keys)
        done: set[str] = set()
        for _ in range(4):
            targets = []
            current = self.ensure_current(schema_factory, timeout) if create else self.current()
            building = self.building()
            for generation in (current, building):
                if generation and generation not in done and generation not in targets:
                    targets.append(generation)
            if not targets:
                return
            for generation in targets:
                step = apply
                if keys and generation == building and generation != current:
                    step = self._marking(apply, generation, keys)
                try:
                    self.write_generation(generation, step, timeout)
                except (OSError, EmptyIndexError):
                    if generation in (self.current(), self.building()):
                        raise
                    # It was retired (and removed) under us; the next pass writes its heir.
                    self._forget(generation)
                done.add(generation)

    def _marking(self, apply: Callable[[Any], None], generation: str, keys: list[str]):
        def step(writer) -> None:
            apply(writer)
            # Under the generation's write lock, so a rebuild's flush sees it or follows.
            with open(self.root / generation / TOUCHED_FILE, "a", encoding="utf-8") as handle:
                handle.write("".join(f"{key}\n" for key in keys))

        return step

    def touched(self, generation: str) -> set[str]:
        """Ids written to a generation by saves while it was being rebuilt."""
        try:
            text = (self.root / generation / TOUCHED_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return set()
        return set(text.split())


def generation_tag(searcher) -> str | None:
    """The generation a searcher from ``_IndexStore.searcher`` reads (None for others)."""
    return _GENERATION_TAGS.get(searcher)


_STORES: dict[str, _IndexStore] = {}
_STORES_LOCK = threading.Lock()


def _store_for(path: Path) -> _IndexStore:
    key = os.path.abspath(path)
    with _STORES_LOCK:
        store = _STORES.get(key)
        if store is None:
            store = _STORES[key] = _IndexStore(Path(key))
        return store
