"""``WhooshIndex``: one Whoosh index per root model, written through its store."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.utils.encoding import force_str
from modelsearch.backends.base import BaseIndex, get_model_root
from modelsearch.index import class_is_indexed
from whoosh import collectors
from whoosh import query as wq

from .analysis import _Analysis
from .documents import build_document
from .query import _ALL, _NONE, WhooshSearchQueryCompiler, _AllowCollector
from .store import BULK_SEGMENT_DOCS, _store_for

if TYPE_CHECKING:  # annotations only: the backend module imports this one
    from .backend import WhooshSearchBackend

logger = logging.getLogger(__package__)

MIN_DOCS_PER_PROCESS = 2000  # smaller batches are analysed in the writing process


class WhooshIndex(BaseIndex):
    """One Whoosh index (per root model). ``generation`` pins it to a rebuild target."""

    def __init__(
        self,
        backend: WhooshSearchBackend,
        name: str,
        generation: str | None = None,
        bulk: bool = False,
    ):
        super().__init__(backend)
        self.name = name
        self.generation = generation
        self.store = _store_for(backend.path / name)
        self.bulk = bulk  # a rebuild's target: see flush_bulk
        self.bulk_added = 0
        self.bulk_pending: dict[str, dict] = {}

    def get_key(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<WhooshIndex {self.name} at {self.store.root}>"

    def add_model(self, model) -> None:
        pass  # the schema's dynamic fields accept any model

    def refresh(self) -> None:
        pass  # every write is committed before it returns

    def reset(self) -> None:
        rebuilder = self.backend.rebuilder_class(self)
        rebuilder.start()
        rebuilder.finish()

    def _write(
        self, apply: Callable[[Any], None], create: bool = True, keys: Iterable[str] = ()
    ) -> None:
        timeout = self.backend.write_timeout
        if self.generation is not None:
            self.store.write_generation(self.generation, apply, timeout)
        else:
            self.store.write(apply, self.backend.build_schema, timeout, create=create, keys=keys)

    def add_items(self, model, items) -> None:
        if not class_is_indexed(model):
            return
        # Keyed by id: the last version of an object in a batch wins.
        documents = {}
        for item in items:
            if item is not None:
                document = build_document(item, self.backend.language_field)
                documents[document["id"]] = document
        if not documents:
            return

        def apply(writer) -> None:
            # Like writer.update_document(), but with one searcher for the whole batch
            # (update_document opens a new one over every segment for each document).
            searcher = writer.searcher()
            try:
                for key, document in documents.items():
                    writer.delete_by_term("id", key, searcher=searcher)
                    writer.add_document(**document)
            finally:
                searcher.close()

        if self.generation is not None and self.bulk:
            self.bulk_pending.update(documents)
            if len(self.bulk_pending) >= BULK_SEGMENT_DOCS:
                self.flush_bulk()
        else:
            self._write(apply, keys=list(documents))

    def flush_bulk(self) -> None:
        """Write a rebuild's buffered documents as one segment, unmerged (Whoosh's merges
        are slow: a rebuild of 100,000 documents ends with about 10 segments). Only if
        saves made during the rebuild already put documents in the new generation are
        the batch's ids deleted first."""
        documents, self.bulk_pending = self.bulk_pending, {}
        if not documents:
            return

        def apply(writer) -> None:
            # Saves made meanwhile wrote newer versions (or deletions) of these: keep them.
            for key in self.store.touched(self.generation):
                documents.pop(key, None)
            existing = sum(segment.doc_count_all() for segment in writer.segments)
            if existing != self.bulk_added:
                searcher = writer.searcher()
                try:
                    for key in documents:
                        writer.delete_by_term("id", key, searcher=searcher)
                finally:
                    searcher.close()
            for document in documents.values():
                writer.add_document(**document)

        self.store.write_generation(
            self.generation,
            apply,
            self.backend.rebuild_timeout,
            merge=False,
            procs=self.backend.rebuild_procs if len(documents) >= MIN_DOCS_PER_PROCESS else 1,
        )
        self.bulk_added += len(documents)  # (what apply kept)

    def delete_item(self, item) -> None:
        if item.pk is None:
            return
        key = force_str(item.pk)
        self._write(lambda writer: writer.delete_by_term("id", key), create=False, keys=[key])

    # Introspection (used by tests and management tooling) ---------------------------

    def document_ids(self) -> set[str]:
        searcher = self._searcher()
        if searcher is None:
            return set()
        return {fields["id"] for fields in searcher.all_stored_fields()}

    def _searcher(self):
        """A pooled searcher (never closed by its user), or None if there is no index."""
        if self.generation is not None:
            return self.store.searcher(self.generation)
        return self.store.open_searcher()

    # Searching ------------------------------------------------------------------------

    def search(self, compiler: WhooshSearchQueryCompiler) -> list[tuple[str, float]] | None:
        """Matching ``(pk, score)`` pairs, best first; None means "every object"."""
        searcher = self._searcher()
        if searcher is None:
            return []
        compiled = compiler.compile(_Analysis.from_schema(searcher.schema), self.backend)
        if compiled is _ALL:
            return None
        if compiled is _NONE:
            return []
        model = compiler.queryset.model
        collector: Any = collectors.TopCollector(limit=self.backend.result_limit)
        if model is not get_model_root(model):
            # Only documents of this model type, without changing scores.
            ct = wq.Term("ct", model.indexed_get_content_type())
            collector = _AllowCollector(collector, allow=set(searcher.docs_for_query(ct)))
        if self.backend.time_limit:
            collector = collectors.TimeLimitCollector(
                collector, self.backend.time_limit, use_alarm=False
            )
        try:
            searcher.search_with_collector(compiled, collector)
        except collectors.TimeLimit:
            logger.warning("Whoosh search on %s hit the time limit", self.name)
        top = collector.results().top_n  # [(score, docnum)], best first
        reader = searcher.reader()
        if reader.has_column("id"):
            ids = reader.column_reader("id")
            return [(ids[docnum], float(score or 0.0)) for score, docnum in top]
        return [(reader.stored_fields(docnum)["id"], float(score or 0.0)) for score, docnum in top]
