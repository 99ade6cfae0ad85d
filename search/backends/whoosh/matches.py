"""One compiled query on one index (``_Search``): its matches, top hits, count, ordering
and facets, memoised per index version.

The text query and the filters are evaluated in one pass over cached postings where
``bulk`` models the query, else by Whoosh's matchers over the documents the filters
allow (an LRU of filter matches per index version). Ordering and facets read whole
columns of each segment as numpy arrays, cached per segment reader.
"""

from __future__ import annotations

import bisect
import contextlib
import logging
import threading
import time
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from modelsearch.backends.base import get_model_root
from whoosh import collectors
from whoosh import query as wq

from . import bulk
from .analysis import FILTER_PREFIX, _Analysis, schema_has_filters
from .documents import decode_value, model_filter_names
from .index import WhooshIndex
from .query import (
    _ALL,
    _NONE,
    _UNSET,
    WhooshSearchQueryCompiler,
    _AllowCollector,
    _materialise,
    _MultiTermMixin,
    _Unsupported,
)
from .store import generation_tag

logger = logging.getLogger(__package__)


class _Deadline:
    def __init__(self, seconds: float | None):
        self.at = time.monotonic() + seconds if seconds else None

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at


_ALLOWED: OrderedDict = OrderedDict()
_ALLOWED_LOCK = threading.Lock()
ALLOWED_CACHE_SIZE = 32  # sets and their arrays


def _allowed_cached(key: tuple, compute: Callable[[], Any]):
    """``compute()``, kept in the LRU of filter matches (per index version)."""
    with _ALLOWED_LOCK:
        found = _ALLOWED.get(key)
        if found is not None:
            _ALLOWED.move_to_end(key)
            return found
    found = compute()
    with _ALLOWED_LOCK:
        _ALLOWED[key] = found
        while len(_ALLOWED) > ALLOWED_CACHE_SIZE:
            _ALLOWED.popitem(last=False)
    return found


def _allowed_array(searcher, mask, version, backend) -> np.ndarray:
    """The documents ``mask`` matches as a sorted numpy array (for bulk), cached
    like ``_allowed``; matched over cached postings where bulk can."""

    def compute() -> np.ndarray:
        hits = bulk.evaluate(
            searcher, mask, backend.posting_cache, multi_term_types=(_MultiTermMixin,), scored=False
        )
        if hits is not None:
            return hits.docnums
        allowed = _allowed(searcher, mask, version)
        return np.sort(np.fromiter(allowed, dtype=np.int64, count=len(allowed)))

    return _allowed_cached((version, repr(mask), "array"), compute)


def _allowed(searcher, mask, version) -> set[int]:
    """The documents ``mask`` matches, cached per index version (the same permission
    filters come back with every query of a reader)."""
    # generation names are unique across indexes
    return _allowed_cached((version, repr(mask)), lambda: set(searcher.docs_for_query(mask)))


# Per segment reader: its column readers and whole-column arrays, kept beside the reader
# (entries go with it). Single dict operations, atomic under the GIL: no lock.
_COLUMN_CACHE: weakref.WeakKeyDictionary[Any, dict] = weakref.WeakKeyDictionary()
_ARRAY_CACHE: weakref.WeakKeyDictionary[Any, dict] = weakref.WeakKeyDictionary()


def _segment_column(reader, field: str):
    """A segment's column reader, kept for the segment reader: opening one reads the
    column's offsets, and pooled searchers reuse unchanged segment readers."""
    columns = _COLUMN_CACHE.setdefault(reader, {})
    if field not in columns:
        columns[field] = reader.column_reader(field)  # empty values if the segment has none
    return columns[field]


def _segment_array(reader, key: str, build: Callable[[Any], np.ndarray | None]):
    """A whole column of a segment as an array, kept for the segment reader."""
    arrays = _ARRAY_CACHE.setdefault(reader, {})
    if key not in arrays:
        arrays[key] = build(reader)
    return arrays[key]


def _column_array(searcher, field: str) -> np.ndarray:
    """Column ``field`` for every document of the searcher, as strings ("" when none)."""

    def build(reader):
        column = _segment_column(reader, field)
        return np.array(
            [column[d] or "" for d in range(reader.doc_count_all())], dtype=str
        ).reshape(-1)

    parts = [_segment_array(sub.reader(), field, build) for sub, _ in searcher.leaf_searchers()]
    return np.concatenate(parts) if parts else np.array([], dtype=str)


def _pk_array(searcher, pk_field) -> np.ndarray | None:
    """Integer primary keys of every document, or None if the keys are not integers."""

    def build(reader):
        column = _segment_column(reader, "id")
        try:
            return np.array(
                [int(pk_field.to_python(column[d])) for d in range(reader.doc_count_all())],
                dtype=np.int64,
            )
        except (TypeError, ValueError, OverflowError, ValidationError):
            return None

    if not searcher.reader().has_column("id"):
        return None
    parts = [_segment_array(sub.reader(), "pk-int", build) for sub, _ in searcher.leaf_searchers()]
    if any(part is None for part in parts):
        return None
    return np.concatenate(parts) if parts else np.array([], dtype=np.int64)


def _column_values(searcher, field: str, docnums: Iterable[int]) -> list:
    """Column ``field``'s values for top-level ``docnums`` (in any order)."""
    leaves = searcher.leaf_searchers()
    offsets = [offset for _, offset in leaves]
    columns = [_segment_column(sub.reader(), field) for sub, _ in leaves]
    values = []
    for docnum in docnums:
        index = bisect.bisect_right(offsets, docnum) - 1
        values.append(columns[index][docnum - offsets[index]])
    return values


class _Search:
    """One compiled query on one index, run at most once per index version.

    Shared by a results object and its clones (slices), so the page, the count and each
    facet reuse the same matches. Holds no searcher between calls: each call opens one
    and, if the index changed meanwhile, starts afresh.
    """

    def __init__(self, index: WhooshIndex, compiler: WhooshSearchQueryCompiler):
        self.index = index
        self.compiler = compiler
        self.backend = index.backend
        self.model = compiler.queryset.model
        self._version: tuple | None = None
        self._reset()

    def _reset(self) -> None:
        self.query: Any = _NONE  # text and filters (for unscored matching)
        self.scored: Any = _NONE  # text alone (ranked)
        self.mask: Any = None  # filters alone, or None
        self.pushed = False  # filters are part of ``query``
        self._docnums: list[int] | None = None
        self._partial = False
        self._top: list[tuple[float, int]] = []
        self._top_limit = 0
        self._ids: dict[int, str] = {}
        self._bulk: Any = _UNSET  # bulk.Hits of text and filters, or None

    @contextlib.contextmanager
    def searcher(self):
        searcher = self.index._searcher()
        if searcher is None:
            self._reset()
            self._version = None
            yield None
            return
        version = (generation_tag(searcher), searcher.reader().generation())
        if version != self._version:
            self._reset()
            self._compile(searcher)
            self._version = version
        yield searcher

    def _compile(self, searcher) -> None:
        compiler = self.compiler
        text = compiler.compile(_Analysis.from_schema(searcher.schema), self.backend)
        mask = []  # filters: they select documents but never score them
        if self.model is not get_model_root(self.model):
            mask.append(wq.Term("ct", self.model.indexed_get_content_type()))
        if schema_has_filters(searcher.schema):
            try:
                mask.append(compiler.compile_filters(model_filter_names(self.model)))
                self.pushed = True
            except _Unsupported as reason:
                logger.debug("Whoosh: filtering %s through the ORM (%s)", self.model, reason)
        if text is _ALL:
            self.query = _ALL  # the database answers (see WhooshSearchResults)
            return
        mask_node = WhooshSearchQueryCompiler._convert_and(mask)
        if text is _NONE or mask_node is _NONE:
            self.query = _NONE
            return
        self.scored = text
        self.mask = None if mask_node is _ALL else _materialise(mask_node)
        node = WhooshSearchQueryCompiler._convert_and([text, mask_node])
        self.query = _materialise(node)

    # Matching ----------------------------------------------------------------------

    def _bulk_hits(self, searcher) -> bulk.Hits | None:
        """Every match with its score in one pass over cached postings (bulk.py),
        filters applied; None where that module defers to Whoosh's matchers."""
        if self._bulk is _UNSET:
            self._bulk = None
            if self.backend.bulk_scoring and self.scored not in (_ALL, _NONE):
                deadline = _Deadline(self.backend.time_limit)
                hits = bulk.evaluate(
                    searcher,
                    self.scored,
                    self.backend.posting_cache,
                    multi_term_types=(_MultiTermMixin,),
                    deadline=deadline.passed,
                )
                if hits is not None and hits.partial:
                    logger.warning("Whoosh search on %s hit the time limit", self.index.name)
                    self._partial = True
                if hits is not None and self.mask is not None:
                    allowed = _allowed_array(searcher, self.mask, self._version, self.backend)
                    keep = np.isin(hits.docnums, allowed, assume_unique=True)
                    hits = bulk.Hits(hits.docnums[keep], hits.scores[keep])
                self._bulk = hits
        return self._bulk

    def _collect_docnums(self, searcher) -> None:
        """Every matching document number, unscored (for counts, facets, ordering)."""
        hits = self._bulk_hits(searcher)
        if hits is not None:
            self._docnums = hits.docnums.tolist()
            return
        deadline = _Deadline(self.backend.time_limit)
        docnums: list[int] = []
        for i, docnum in enumerate(searcher.docs_for_query(self.query)):
            docnums.append(docnum)
            if i & 1023 == 1023 and deadline.passed():
                logger.warning("Whoosh count on %s hit the time limit", self.index.name)
                self._partial = True
                break
        self._docnums = docnums

    def docnums(self, searcher) -> list[int]:
        if self._docnums is None:
            self._collect_docnums(searcher)
        return self._docnums

    def docnum_array(self, searcher) -> np.ndarray:
        """``docnums`` as a numpy array (the bulk hits' own array when there are any)."""
        hits = self._bulk_hits(searcher)
        if hits is not None:
            return hits.docnums
        return np.asarray(self.docnums(searcher), dtype=np.int64)

    def _matched_column(self, name: str) -> np.ndarray | None:
        """Filter field ``name``'s encoded value for every match; None when nothing can
        match."""
        with self.searcher() as searcher:
            if searcher is None or self.query is _NONE:
                return None
            return _column_array(searcher, FILTER_PREFIX + name)[self.docnum_array(searcher)]

    def count(self) -> int:
        if self.query is _NONE and self._version is not None:
            return 0
        with self.searcher() as searcher:
            if searcher is None or self.query is _NONE:
                return 0
            hits = self._bulk_hits(searcher)
            if hits is not None:
                return len(hits)
            return len(self.docnums(searcher))

    def _collect_top(self, searcher, limit: int) -> list[tuple[float, int]]:
        # The text query is ranked with Whoosh's block-quality skipping; the filters only
        # allow documents (a set per filter, cached per index version), since filter
        # clauses inside the scored query break that skipping (zero boosts divide by
        # zero, zero qualities make intersections drop documents).
        hits = self._bulk_hits(searcher)
        if hits is not None:
            return bulk.top(hits, limit)
        collector: Any = collectors.TopCollector(limit=limit)
        if self.mask is not None:
            collector = _AllowCollector(
                collector, allow=_allowed(searcher, self.mask, self._version)
            )
        if self.backend.time_limit:
            collector = collectors.TimeLimitCollector(
                collector, self.backend.time_limit, use_alarm=False
            )
        try:
            searcher.search_with_collector(self.scored, collector)
        except collectors.TimeLimit:
            logger.warning("Whoosh search on %s hit the time limit", self.index.name)
        return [(float(score or 0.0), docnum) for score, docnum in collector.results().top_n]

    def top(self, searcher, stop: int | None) -> list[tuple[float, int]]:
        """The best ``stop`` matches as (score, docnum), with every match tied with the
        last one (so that consecutive pages split ties the same way)."""
        limit = self.backend.result_limit
        wanted = limit if stop is None else min(stop, limit)
        if wanted <= 0:
            return []
        if self._top_limit < wanted or (
            len(self._top) == self._top_limit and self._top_limit < limit
        ):
            size = max(wanted, self._top_limit)
            while True:
                top = self._collect_top(searcher, size)
                if len(top) < size or size >= limit:
                    break
                # all results tied with the ``wanted``-th must be in: look further if needed
                if top[-1][0] != top[wanted - 1][0]:
                    break
                size = min(limit, size * 4)
            self._top, self._top_limit = top, size
        return self._top

    def ids(self, searcher, docnums: Iterable[int]) -> list[str]:
        missing = [d for d in docnums if d not in self._ids]
        if missing:
            if searcher.reader().has_column("id"):
                self._ids.update(zip(missing, _column_values(searcher, "id", missing), strict=True))
            else:
                reader = searcher.reader()
                for docnum in missing:
                    self._ids[docnum] = reader.stored_fields(docnum)["id"]
        return [self._ids[d] for d in docnums]

    def column_values(self, searcher, name: str, docnums: list[int]) -> list[str]:
        """The encoded values of filter field ``name`` for ``docnums`` ("" when none)."""
        return [value or "" for value in _column_values(searcher, FILTER_PREFIX + name, docnums)]

    # Ordering and facets -------------------------------------------------------------

    def ordered(self, searcher, spec: list[tuple[str, bool]]) -> list[int]:
        """Every match ordered like ``queryset.order_by(*spec, "-pk")``."""
        pk_keys = _pk_array(searcher, self.model._meta.pk)
        if pk_keys is None:
            return self._ordered_in_python(searcher, spec)
        docnums = self.docnum_array(searcher)
        pks = pk_keys[docnums]
        keys = [-pks]  # np.lexsort: the last key is the primary one
        for name, reverse in reversed(spec):
            if name == "pk":
                keys.append(-pks if reverse else pks)
                continue
            values = _column_array(searcher, FILTER_PREFIX + name)[docnums]
            ranks = np.unique(values, return_inverse=True)[1].reshape(-1)
            keys.append(-ranks if reverse else ranks)
        return docnums[np.lexsort(keys)].tolist()

    def _ordered_in_python(self, searcher, spec: list[tuple[str, bool]]) -> list[int]:
        """``ordered`` for primary keys that are not integers."""
        docnums = list(self.docnums(searcher))
        pk_field = self.model._meta.pk
        pks = self.ids(searcher, docnums)
        rows = list(zip(docnums, [_pk_sort_key(pk_field, pk) for pk in pks], strict=True))
        rows.sort(key=lambda row: row[1], reverse=True)
        for name, reverse in reversed(spec):
            if name == "pk":
                rows.sort(key=lambda row: row[1], reverse=reverse)
                continue
            values = dict(zip(docnums, self.column_values(searcher, name, docnums), strict=True))
            rows.sort(key=lambda row: values[row[0]], reverse=reverse)
        return [docnum for docnum, _ in rows]

    def facet(self, name: str) -> Counter:
        values = self._matched_column(name)
        if values is None:
            return Counter()
        keys, counts = np.unique(values, return_counts=True)
        return Counter(
            {
                (decode_value(k) if k else None): n
                for k, n in zip(keys.tolist(), counts.tolist(), strict=True)
            }
        )

    def facet_ranges(self, name: str, edges: list[str]) -> list[int]:
        """Matches per range of encoded values [edges[i], edges[i + 1])."""
        values = self._matched_column(name)
        if values is None:
            return [0] * max(0, len(edges) - 1)
        values = values[values != ""]
        bins = np.searchsorted(np.array(edges, dtype=str), values, side="right")
        counts = np.bincount(bins, minlength=len(edges) + 1)
        return counts[1 : len(edges)].tolist()


def _pk_sort_key(pk_field, key: str):
    try:
        return (0, pk_field.to_python(key))
    except Exception:  # noqa: BLE001 - odd keys sort apart, never fail a search
        return (1, key)
