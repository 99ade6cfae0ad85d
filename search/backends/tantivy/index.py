"""``TantivyIndex``: one Tantivy index per root model, written through its store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.encoding import force_str
from modelsearch.backends.base import BaseIndex
from modelsearch.index import class_is_indexed

from .analysis import (
    AUTOCOMPLETE_PREFIX,
    FILTER_PREFIX,
    NUMBER_PREFIX,
    SEARCH_PREFIX,
    STEM_PREFIX,
    build_schema,
)
from .documents import build_document, schema_fields
from .store import Store, _Generation, store_for

if TYPE_CHECKING:  # annotations only: the backend module imports this one
    from .backend import TantivySearchBackend

BULK_BATCH_DOCS = 5000  # documents a rebuild writes per commit


def schema_for_model(model):
    """The Tantivy schema of ``model``'s index and the names of its fields."""
    searched, autocomplete, filters = schema_fields(model)
    names = ["id", "idn", "ct", "fnull"]
    names += [SEARCH_PREFIX + n for n in searched] + [STEM_PREFIX + n for n in searched]
    names += [AUTOCOMPLETE_PREFIX + n for n in autocomplete]
    names += [FILTER_PREFIX + n for n in filters] + [NUMBER_PREFIX + n for n in filters]
    return build_schema(searched, autocomplete, filters), names


class TantivyIndex(BaseIndex):
    """One Tantivy index (per root model). ``generation`` pins it to a rebuild target."""

    def __init__(
        self,
        backend: TantivySearchBackend,
        name: str,
        model=None,
        generation: str | None = None,
    ):
        super().__init__(backend)
        self.name = name
        self.model = model
        self.generation = generation
        self.store: Store = store_for(backend.path / name)
        self.pending: dict = {}  # a rebuild's buffered documents

    def get_key(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<TantivyIndex {self.name} at {self.store.root}>"

    def add_model(self, model) -> None:
        pass  # the schema is made from the models when a generation is created

    def refresh(self) -> None:
        pass  # every write is committed before it returns

    def reset(self) -> None:
        rebuilder = self.backend.rebuilder_class(self)
        rebuilder.start()
        rebuilder.finish()

    def live_generation(self) -> _Generation | None:
        if self.generation is not None:
            return self.store.generation(self.generation)
        return self.store.current()

    def _fields(self) -> frozenset[str]:
        generation = self.live_generation()
        if generation is not None:
            return generation.fields
        return frozenset(schema_for_model(self.model)[1]) if self.model is not None else frozenset()

    def _documents(self, items, fields) -> dict:
        backend = self.backend
        documents = {}
        for item in items:
            if item is not None:
                key, document = build_document(
                    item, fields, backend.language, backend.language_field
                )
                documents[key] = document  # the last version of an object in a batch wins
        return documents

    def add_items(self, model, items) -> None:
        if not class_is_indexed(model):
            return
        if self.model is None:
            self.model = model
        items = list(items)
        if not items:
            return
        if self.generation is not None:
            fields = self.store.generation(self.generation).fields
            self.pending.update(self._documents(items, fields))
            if len(self.pending) >= BULK_BATCH_DOCS:
                self.flush()
            return
        fields = self._fields()
        documents = self._documents(items, fields)
        if not documents:
            return

        def apply(writer, generation) -> None:
            if generation.fields == fields:
                batch = documents
            else:  # the other generation of a rebuild, built with other fields
                batch = self._documents(items, generation.fields)
            for key, document in batch.items():
                writer.delete_documents_by_term("id", key)
                writer.add_document(document)

        self.store.write(
            apply,
            lambda: schema_for_model(model),
            self.backend.write_timeout,
            keys=list(documents),
        )

    def flush(self) -> None:
        """Write a rebuild's buffered documents, keeping what saves wrote meanwhile."""
        documents, self.pending = self.pending, {}
        if not documents:
            return

        def apply(writer, generation) -> None:
            for key in self.store.touched(self.generation):
                documents.pop(key, None)
            for key, document in documents.items():
                writer.delete_documents_by_term("id", key)
                writer.add_document(document)

        self.store.write_generation(self.generation, apply, self.backend.rebuild_timeout)

    def delete_item(self, item) -> None:
        if item.pk is None:
            return
        key = force_str(item.pk)
        self.store.write(
            lambda writer, generation: writer.delete_documents_by_term("id", key),
            None,
            self.backend.write_timeout,
            keys=[key],
        )

    # Introspection (used by tests and management tooling) ---------------------------

    def document_ids(self) -> set[str]:
        generation = self.live_generation()
        if generation is None:
            return set()
        from .query import Q

        searcher = generation.searcher()
        found = searcher.search(Q.all_query(), limit=max(1, searcher.num_docs))
        return {searcher.doc(address)["id"][0] for _, address in found.hits}
