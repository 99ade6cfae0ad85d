"""``WhooshSearchBackend`` (exported as ``SearchBackend``) and its options."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from modelsearch.backends.base import BaseSearchBackend
from whoosh.analysis import Analyzer
from whoosh.fields import Schema

from . import bulk
from .analysis import build_schema
from .documents import index_name_for_model
from .index import WhooshIndex
from .query import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .rebuilder import WhooshRebuilder
from .results import WhooshSearchResults


def _positive(params: dict, name: str, default, kind: type = float, allow_none: bool = False):
    value = params.get(name, default)
    if value is None and allow_none:
        return None
    try:
        value = kind(value)
    except (TypeError, ValueError) as e:
        raise ImproperlyConfigured(f"Whoosh search backend: {name} must be a number") from e
    if value <= 0:
        raise ImproperlyConfigured(f"Whoosh search backend: {name} must be positive")
    return value


def _analyzer_option(value):
    """An analyzer, from an Analyzer object or a dotted path to one (or to a factory)."""
    if value is None or isinstance(value, Analyzer):
        return value
    if isinstance(value, str):
        value = import_string(value)
        if not isinstance(value, Analyzer):
            value = value()
    if not isinstance(value, Analyzer):
        raise ImproperlyConfigured("Whoosh search backend: ANALYZER must be a Whoosh analyzer")
    return value


def _operator(params: dict, name: str, default: str) -> str:
    value = str(params.get(name, default)).lower()
    if value not in ("and", "or"):
        raise ImproperlyConfigured(f'Whoosh search backend: {name} must be "and" or "or"')
    return value


_POSTING_CACHES: dict[int, bulk.PostingCache] = {}
_POSTING_CACHES_LOCK = threading.Lock()


def _posting_cache(max_bytes: int) -> bulk.PostingCache:
    """One cache per size for the process: backends are instantiated per use, and
    segments (which key the cache) are unique across indexes."""
    with _POSTING_CACHES_LOCK:
        if max_bytes not in _POSTING_CACHES:
            _POSTING_CACHES[max_bytes] = bulk.PostingCache(max_bytes)
        return _POSTING_CACHES[max_bytes]


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    index_class = WhooshIndex
    results_class = WhooshSearchResults
    rebuilder_class = WhooshRebuilder

    def __init__(self, params: dict):
        super().__init__(params)
        path = params.get("PATH")
        if not path:
            raise ImproperlyConfigured('The Whoosh search backend needs a "PATH" option.')
        self.path = Path(os.path.abspath(os.path.expanduser(str(path))))
        if "LANGUAGE" in params:
            self.language = params["LANGUAGE"]
        else:
            from django.conf import settings

            self.language = getattr(settings, "LANGUAGE_CODE", "en")
        self.search_analyzer = _analyzer_option(params.get("ANALYZER"))
        # Documents in several languages: the attribute naming each one's language, and the
        # languages queries are stemmed in (see analysis.MultilingualStemFilter).
        self.language_field = params.get("LANGUAGE_FIELD") or None
        languages = params.get("LANGUAGES")
        if self.language_field and languages is None:
            raise ImproperlyConfigured(
                "Whoosh search backend: LANGUAGE_FIELD needs LANGUAGES (the languages "
                "documents may be written in)."
            )
        self.languages = tuple(languages) if self.language_field else None
        self.operator = _operator(params, "OPERATOR", "or")
        self.autocomplete_operator = _operator(params, "AUTOCOMPLETE_OPERATOR", "and")
        self.max_query_length = _positive(params, "MAX_QUERY_LENGTH", 255, int)
        self.max_query_terms = _positive(params, "MAX_QUERY_TERMS", 32, int)
        self.result_limit = _positive(params, "RESULT_LIMIT", 10000, int)
        self.time_limit = _positive(params, "TIME_LIMIT", 5.0, allow_none=True)
        self.write_timeout = _positive(params, "WRITE_TIMEOUT", 30.0)
        self.rebuild_timeout = _positive(params, "REBUILD_TIMEOUT", 600.0)
        self.max_ngram = _positive(params, "AUTOCOMPLETE_MAX_NGRAM", 15, int)
        # Processes a rebuild analyses documents in (Whoosh's multiprocessing writer).
        self.rebuild_procs = _positive(params, "REBUILD_PROCS", min(2, os.cpu_count() or 1), int)
        self.catch_indexing_errors = bool(params.get("CATCH_INDEXING_ERRORS", False))
        # Text queries scored over numpy arrays of cached postings (see bulk.py),
        # falling back to Whoosh's matchers for what that module does not model.
        self.bulk_scoring = bool(params.get("BULK_SCORING", True))
        cache_mb = _positive(params, "POSTINGS_CACHE_MB", 256, int)
        self.posting_cache = _posting_cache(cache_mb * 1024 * 1024)

    def build_schema(self) -> Schema:
        return build_schema(
            self.language, self.max_ngram, self.search_analyzer, languages=self.languages
        )

    def get_index_for_model(self, model) -> WhooshIndex:
        return self.index_class(self, index_name_for_model(model))

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


SearchBackend = WhooshSearchBackend
