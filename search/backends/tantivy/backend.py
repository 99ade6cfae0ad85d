"""``TantivySearchBackend`` (exported as ``SearchBackend``) and its options."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends.base import BaseSearchBackend, get_model_root

from .documents import index_name_for_model
from .index import TantivyIndex
from .query import TantivyAutocompleteQueryCompiler, TantivySearchQueryCompiler
from .rebuilder import TantivyRebuilder
from .results import TantivySearchResults


def _positive(params: dict, name: str, default, kind: type = float):
    value = params.get(name, default)
    try:
        value = kind(value)
    except (TypeError, ValueError) as e:
        raise ImproperlyConfigured(f"Tantivy search backend: {name} must be a number") from e
    if value <= 0:
        raise ImproperlyConfigured(f"Tantivy search backend: {name} must be positive")
    return value


def _operator(params: dict, name: str, default: str) -> str:
    value = str(params.get(name, default)).lower()
    if value not in ("and", "or"):
        raise ImproperlyConfigured(f'Tantivy search backend: {name} must be "and" or "or"')
    return value


class TantivySearchBackend(BaseSearchBackend):
    query_compiler_class = TantivySearchQueryCompiler
    autocomplete_query_compiler_class = TantivyAutocompleteQueryCompiler
    index_class = TantivyIndex
    results_class = TantivySearchResults
    rebuilder_class = TantivyRebuilder

    def __init__(self, params: dict):
        super().__init__(params)
        path = params.get("PATH")
        if not path:
            raise ImproperlyConfigured('The Tantivy search backend needs a "PATH" option.')
        self.path = Path(os.path.abspath(os.path.expanduser(str(path))))
        if "LANGUAGE" in params:
            self.language = params["LANGUAGE"]
        else:
            from django.conf import settings

            self.language = getattr(settings, "LANGUAGE_CODE", "en")
        self.language_field = params.get("LANGUAGE_FIELD") or None
        languages = params.get("LANGUAGES")
        if self.language_field and languages is None:
            raise ImproperlyConfigured(
                "Tantivy search backend: LANGUAGE_FIELD needs LANGUAGES (the languages "
                "documents may be written in)."
            )
        self.languages = tuple(languages) if self.language_field else None
        self.operator = _operator(params, "OPERATOR", "or")
        self.autocomplete_operator = _operator(params, "AUTOCOMPLETE_OPERATOR", "and")
        self.max_query_length = _positive(params, "MAX_QUERY_LENGTH", 255, int)
        self.max_query_terms = _positive(params, "MAX_QUERY_TERMS", 32, int)
        self.result_limit = _positive(params, "RESULT_LIMIT", 10000, int)
        self.write_timeout = _positive(params, "WRITE_TIMEOUT", 30.0)
        self.rebuild_timeout = _positive(params, "REBUILD_TIMEOUT", 600.0)
        self.catch_indexing_errors = bool(params.get("CATCH_INDEXING_ERRORS", False))
        self._indexes: dict[type, TantivyIndex] = {}  # per root model (stateless but for it)

    def get_index_for_model(self, model) -> TantivyIndex:
        root = get_model_root(model)
        index = self._indexes.get(root)
        if index is None:
            index = self._indexes[root] = self.index_class(
                self, index_name_for_model(root), model=root
            )
        return index

    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        return super().search(
            query,
            model_or_queryset,
            fields=fields,
            operator=operator or self.operator,
            order_by_relevance=order_by_relevance,
        )

    def autocomplete(
        self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True
    ):
        return super().autocomplete(
            query,
            model_or_queryset,
            fields=fields,
            operator=operator or self.autocomplete_operator,
            order_by_relevance=order_by_relevance,
        )


SearchBackend = TantivySearchBackend
