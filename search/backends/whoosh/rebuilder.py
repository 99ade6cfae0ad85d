"""``WhooshRebuilder``: builds a fresh generation and swaps it in atomically."""

from __future__ import annotations

import contextlib

from whoosh.util.filelock import FileLock

from .index import WhooshIndex
from .store import BUILDING_POINTER, REBUILD_LOCK


class WhooshRebuilder:
    """Builds a fresh generation next to the live one and swaps it in atomically."""

    def __init__(self, index: WhooshIndex):
        self.index = index
        self.generation: str | None = None
        self.target: WhooshIndex | None = None
        self._lock: FileLock | None = None

    def start(self) -> WhooshIndex:
        backend = self.index.backend
        store = self.index.store
        self._lock = store.file_lock(REBUILD_LOCK, backend.rebuild_timeout)
        try:
            self.generation = store.create_generation(backend.build_schema())
            store._write_pointer(BUILDING_POINTER, self.generation)
        except BaseException:
            self._release()
            raise
        self.target = WhooshIndex(backend, self.index.name, generation=self.generation, bulk=True)
        return self.target

    def finish(self) -> None:
        if self.generation is None:
            raise RuntimeError("WhooshRebuilder.finish() called before start()")
        store = self.index.store
        timeout = self.index.backend.write_timeout
        try:
            if self.target is not None:
                self.target.flush_bulk()
            store.swap(self.generation, timeout)
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.release()

    def __del__(self):
        # An abandoned rebuild: let the next writer see its BUILDING marker as stale.
        with contextlib.suppress(Exception):
            self._release()
