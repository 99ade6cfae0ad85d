"""Index directories: generations, the pointers naming them, locks and pooled readers.

``PATH/<index>/`` holds generation directories (``gen-*``, each a Tantivy index plus
``fields.json``, the fields it was built with), the file ``CURRENT`` naming the live one
and, during a rebuild, ``BUILDING`` naming the one being filled (saves go to both).
Pointers are replaced atomically (``os.replace``).

Tantivy allows one ``IndexWriter`` per index. Writers of every process are serialised by
an ``flock`` on ``write.lock`` (plus a thread lock), waited for up to the write timeout;
a writer that still finds Tantivy's own lock busy retries until the same deadline. Every
write is committed before the lock is released, so no update is buffered or lost.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import tantivy

from .analysis import register_tokenizers

CURRENT_POINTER = "CURRENT"
BUILDING_POINTER = "BUILDING"
WRITE_LOCK = "write.lock"
REBUILD_LOCK = "rebuild.lock"
TOUCHED = "TOUCHED"  # in a generation being built: keys saves wrote meanwhile
FIELDS_FILE = "fields.json"
WRITER_HEAP = 32_000_000
KEEP_GENERATIONS = 2


class LockTimeout(TimeoutError):
    pass


class FileLock:
    """An exclusive ``flock`` held across processes, waited for up to ``timeout``."""

    def __init__(self, path: Path, timeout: float):
        self.path = path
        self.handle = open(path, "a+")  # noqa: SIM115 - released in release()
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    self.handle.close()
                    raise
            if time.monotonic() >= deadline:
                self.handle.close()
                raise LockTimeout(f"Tantivy index lock {path} still held after {timeout}s")
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def release(self) -> None:
        if self.handle is not None:
            handle, self.handle = self.handle, None
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            handle.close()


class BoundedCache:
    """A small thread-safe mapping that forgets its oldest entries beyond ``size``."""

    def __init__(self, size: int):
        self.size = size
        self._data: dict = {}
        self._lock = threading.Lock()

    def get(self, key, default=None):
        return self._data.get(key, default)

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.pop(next(iter(self._data)), None)

    def __len__(self) -> int:
        return len(self._data)


PLAN_CACHE_SIZE = 512  # compiled queries kept per generation


class _Generation:
    """An opened generation: its Tantivy index, its current searcher (replaced when the
    index's ``meta.json`` changes, i.e. after any commit of any process) and the queries
    compiled against its schema."""

    def __init__(self, path: Path):
        self.path = path
        self._meta_path = os.path.join(str(path), "meta.json")
        self.index = tantivy.Index.open(str(path))
        register_tokenizers(self.index)
        self.fields = frozenset(json.loads((path / FIELDS_FILE).read_text()))
        self.meta_stamp = self._stamp()
        self._current: tuple | None = None  # (stamp, searcher)
        self.lock = threading.Lock()
        # compiled Tantivy queries by what they were compiled from (``query``): valid as
        # long as the schema, which a generation never changes
        self.plans = BoundedCache(PLAN_CACHE_SIZE)

    def _stamp(self):
        try:
            stat = os.stat(self._meta_path)
        except FileNotFoundError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def searcher(self) -> tantivy.Searcher:
        """A searcher on the last commit (of any process)."""
        return self.current()[1]

    def current(self) -> tuple:
        """``(stamp, searcher)``: a searcher on the last commit (of any process) and the
        stamp of the ``meta.json`` it was opened on."""
        stamp = self._stamp()
        current = self._current
        if current is None or current[0] != stamp:
            with self.lock:
                current = self._current
                if current is None or current[0] != stamp:
                    if current is not None or stamp != self.meta_stamp:
                        self.index.reload()
                    current = self._current = (stamp, self.index.searcher())
                    self.meta_stamp = stamp
        return current


class Store:
    """The directory of one index (per root model)."""

    def __init__(self, root: Path):
        self.root = root
        self._generations: dict[str, _Generation] = {}
        self._pointer_cache: dict[str, tuple[tuple, str | None]] = {}
        self._thread_lock = threading.RLock()
        self._pointer_paths = {
            name: os.path.join(str(root), name) for name in (CURRENT_POINTER, BUILDING_POINTER)
        }

    # Pointers ------------------------------------------------------------------------

    def read_pointer(self, name: str) -> str | None:
        path = self._pointer_paths.get(name) or os.path.join(str(self.root), name)
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return None
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        cached = self._pointer_cache.get(name)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            with open(path) as pointer:
                value = pointer.read().strip() or None
        except FileNotFoundError:
            return None
        if value is not None and not (self.root / value).is_dir():
            value = None
        self._pointer_cache[name] = (stamp, value)
        return value

    def write_pointer(self, name: str, value: str) -> None:
        temporary = self.root / f".{name}.{uuid.uuid4().hex}"
        temporary.write_text(value)
        os.replace(temporary, self.root / name)

    def clear_pointer(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.root / name)

    # Generations ---------------------------------------------------------------------

    def create_generation(self, schema: tantivy.Schema, fields: list[str]) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"gen-{time.time_ns():x}-{uuid.uuid4().hex[:8]}"
        path = self.root / name
        path.mkdir()
        (path / FIELDS_FILE).write_text(json.dumps(sorted(fields)))
        tantivy.Index(schema, path=str(path))  # writes meta.json: readers can open it at once
        return name

    def generation(self, name: str) -> _Generation:
        generation = self._generations.get(name)
        if generation is None:
            with self._thread_lock:
                generation = self._generations.get(name)
                if generation is None:
                    generation = self._generations[name] = _Generation(self.root / name)
        return generation

    def current(self) -> _Generation | None:
        name = self.read_pointer(CURRENT_POINTER)
        return self.generation(name) if name else None

    def remove_old_generations(self) -> None:
        keep = {self.read_pointer(CURRENT_POINTER), self.read_pointer(BUILDING_POINTER)}
        generations = sorted(p.name for p in self.root.glob("gen-*") if p.is_dir())
        live = [g for g in generations if g in keep]
        older = [g for g in generations if g not in keep]
        # the newest earlier generation stays (searches may still be reading it)
        for name in older[: max(0, len(older) - (KEEP_GENERATIONS - len(live)))]:
            self._generations.pop(name, None)
            shutil.rmtree(self.root / name, ignore_errors=True)

    # Writing -------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, name: str, timeout: float) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with self._thread_lock:
            lock = FileLock(self.root / name, timeout)
            try:
                yield
            finally:
                lock.release()

    def _write_to(self, name: str, apply: Callable, deadline: float) -> None:
        generation = self.generation(name)
        delay = 0.01
        while True:
            try:
                writer = generation.index.writer(WRITER_HEAP, 1)
                break
            except ValueError as error:
                if "LockBusy" not in str(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)
        try:
            apply(writer, generation)
            writer.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()

    def write(
        self,
        apply: Callable,
        create: Callable[[], tuple[tantivy.Schema, list[str]]] | None,
        timeout: float,
        keys: list[str] = (),
    ) -> None:
        """Apply ``apply(writer, generation)`` to the live generation and to the one being
        built, if any (noting ``keys`` there, so the rebuild keeps these newer versions).
        ``create``: the schema for a first generation (None: do nothing without one)."""
        deadline = time.monotonic() + timeout
        with self.locked(WRITE_LOCK, timeout):
            current = self.read_pointer(CURRENT_POINTER)
            if current is None:
                if create is None:
                    return
                schema, fields = create()
                current = self.create_generation(schema, fields)
                self.write_pointer(CURRENT_POINTER, current)
            self._write_to(current, apply, deadline)
            building = self.read_pointer(BUILDING_POINTER)
            if building and self._rebuild_abandoned():
                self.clear_pointer(BUILDING_POINTER)
                building = None
            if building and building != current:
                if keys:
                    with open(self.root / building / TOUCHED, "a") as touched:
                        touched.write("".join(f"{json.dumps(key)}\n" for key in keys))
                self._write_to(building, apply, deadline)

    def _rebuild_abandoned(self) -> bool:
        """Is no process holding the rebuild lock (a rebuild that died before finishing)?"""
        try:
            lock = FileLock(self.root / REBUILD_LOCK, 0)
        except LockTimeout:
            return False
        lock.release()
        return True

    def write_generation(self, name: str, apply: Callable, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self.locked(WRITE_LOCK, timeout):
            self._write_to(name, apply, deadline)

    def touched(self, name: str) -> set[str]:
        try:
            lines = (self.root / name / TOUCHED).read_text().splitlines()
        except FileNotFoundError:
            return set()
        return {json.loads(line) for line in lines if line}


_STORES: dict[Path, Store] = {}
_STORES_LOCK = threading.Lock()


def store_for(root: Path) -> Store:
    with _STORES_LOCK:
        store = _STORES.get(root)
        if store is None:
            store = _STORES[root] = Store(root)
        return store
