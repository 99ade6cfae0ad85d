"""``TantivyRebuilder``: builds a fresh generation and swaps it in atomically."""

from __future__ import annotations

import contextlib

from .index import TantivyIndex, schema_for_model
from .store import BUILDING_POINTER, CURRENT_POINTER, REBUILD_LOCK, WRITE_LOCK, FileLock


class TantivyRebuilder:
    """Fills a new generation next to the live one (searches keep answering from the
    live one; saves made meanwhile go to both) and then replaces ``CURRENT``."""

    def __init__(self, index: TantivyIndex):
        self.index = index
        self.generation: str | None = None
        self.target: TantivyIndex | None = None
        self._lock: FileLock | None = None

    def start(self) -> TantivyIndex:
        index = self.index
        backend = index.backend
        store = index.store
        store.root.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(store.root / REBUILD_LOCK, backend.rebuild_timeout)
        try:
            model = index.model or _model_for_index(index.name)
            if model is None:
                raise RuntimeError(f"No indexed model for the Tantivy index {index.name}")
            schema, fields = schema_for_model(model)
            with store.locked(WRITE_LOCK, backend.write_timeout):
                self.generation = store.create_generation(schema, fields)
                store.write_pointer(BUILDING_POINTER, self.generation)
        except BaseException:
            self._release()
            raise
        self.target = TantivyIndex(backend, index.name, model=model, generation=self.generation)
        return self.target

    def finish(self) -> None:
        if self.generation is None:
            raise RuntimeError("TantivyRebuilder.finish() called before start()")
        store = self.index.store
        try:
            if self.target is not None:
                self.target.flush()
            with store.locked(WRITE_LOCK, self.index.backend.write_timeout):
                store.write_pointer(CURRENT_POINTER, self.generation)
                store.clear_pointer(BUILDING_POINTER)
            store.remove_old_generations()
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.release()

    def __del__(self):
        with contextlib.suppress(Exception):
            self._release()


def _model_for_index(name: str):
    from modelsearch.backends.base import get_model_root
    from modelsearch.index import get_indexed_models

    from .documents import index_name_for_model

    for model in get_indexed_models():
        if model is get_model_root(model) and index_name_for_model(model) == name:
            return model
    return None
