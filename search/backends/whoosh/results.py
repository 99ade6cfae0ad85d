"""``WhooshSearchResults``: modelsearch results filtered, counted, ordered and faceted
in Whoosh (through ``matches._Search``), the database loading only the requested slice;
and the fallback where the ORM filters Whoosh's text matches."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, QuerySet
from django.utils.encoding import force_str
from modelsearch.backends.base import BaseSearchResults, FilterFieldError

from .documents import encode_value, model_filter_names
from .matches import _pk_sort_key, _Search
from .query import _ALL, _NONE, _prepare_filter_value, _Unsupported

ORM_CHUNK_SIZE = 500


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class WhooshSearchResults(BaseSearchResults):
    """Results filtered, counted, ordered and faceted in Whoosh.

    The queryset's filters on FilterFields (and its ordering on them) become part of the
    Whoosh query; the database only loads the objects of the requested slice (through the
    queryset, so its filters hold even if the index lags behind). Filters Whoosh cannot
    express, and indexes built before filters were stored, fall back to filtering
    Whoosh's matches through the ORM (exact up to ``RESULT_LIMIT`` matches).
    A bare ``MATCH_ALL`` is answered by the database alone.
    """

    supports_facet = True
    #: facets on any stored FilterField path (``thread__community_id``), not only own fields
    facets_on_related_paths = True

    def _search(self):
        """_ALL, _NONE or the memoised _Search of this query."""
        compiler = self.query_compiler
        structural = compiler.structural()
        if structural is not None:
            return structural
        memo = compiler.__dict__.setdefault("_whoosh_searches", {})
        index = self.backend.get_index_for_model(compiler.queryset.model)
        search = memo.get(index.name)
        if search is None:
            search = memo[index.name] = _Search(index, compiler)
        with search.searcher():
            pass  # compiles the query for the current index version
        if search.query is _ALL:
            return _ALL
        return search

    def _hits(self):
        """Fallback: _ALL, _NONE or ``(pk, score)`` pairs of the text query alone."""
        compiler = self.query_compiler
        structural = compiler.structural()
        if structural is not None:
            return structural
        index = self.backend.get_index_for_model(compiler.queryset.model)
        hits = index.search(compiler)
        return _ALL if hits is None else hits

    def _base_queryset(self) -> QuerySet:
        queryset = self.query_compiler.queryset
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def _orm_ordered(self, queryset: QuerySet) -> QuerySet:
        if not queryset.query.order_by:
            # a stable order keeps pages consistent (wagtail/wagtail#3729)
            queryset = queryset.order_by("-pk")
        return queryset

    def _set_score(self, obj, score: float) -> None:
        if self._score_field:
            setattr(obj, self._score_field, score)

    def _load(self, rows: list[tuple[str, float]]) -> list:
        """Objects for ``(pk, score)`` rows, in order, through the queryset's filters."""
        if not rows:
            return []
        pk_field = self.query_compiler.queryset.model._meta.pk
        keys = [key for key in (_pk_or_none(pk_field, key) for key, _ in rows) if key is not None]
        objects = {
            force_str(obj.pk): obj for obj in self._base_queryset().order_by().filter(pk__in=keys)
        }
        results = []
        for key, score in rows:
            obj = objects.get(key)
            if obj is not None:
                self._set_score(obj, score)
                results.append(obj)
        return results

    def _all_queryset(self) -> QuerySet:
        queryset = self._base_queryset()
        compiler = self.query_compiler
        if not (compiler.order_by_relevance and queryset.ordered):
            queryset = self._orm_ordered(queryset)
        return queryset

    # Pushed down ---------------------------------------------------------------------

    def _do_search(self):
        search = self._search()
        if search is _NONE:
            return []
        if search is _ALL:
            results = list(self._all_queryset()[self.start : self.stop])
            for obj in results:
                self._set_score(obj, 1.0)
            return results
        if not search.pushed:
            return self._fallback_search()
        compiler = self.query_compiler
        spec = compiler.order_spec()
        with search.searcher() as searcher:
            if searcher is None or search.query is _NONE:
                return []
            if compiler.order_by_relevance:
                top = search.top(searcher, self.stop)
                ids = search.ids(searcher, [docnum for _, docnum in top])
                pk_field = compiler.queryset.model._meta.pk
                rows = list(zip(ids, [score for score, _ in top], strict=True))
                rows.sort(key=lambda row: _pk_sort_key(pk_field, row[0]), reverse=True)
                rows.sort(key=lambda row: row[1], reverse=True)
                rows = rows[self.start : self.stop]
            elif spec is not None:
                docnums = search.ordered(searcher, spec)[: self.backend.result_limit]
                docnums = docnums[self.start : self.stop]
                rows = [(key, 0.0) for key in search.ids(searcher, docnums)]
            else:
                # An ordering Whoosh cannot apply: the database orders the matches.
                docnums = search.docnums(searcher)[: self.backend.result_limit]
                keys = search.ids(searcher, docnums)
                queryset = self._orm_ordered(self._base_queryset())
                results = list(queryset.filter(pk__in=keys)[self.start : self.stop])
                for obj in results:
                    self._set_score(obj, 0.0)
                return results
        return self._load(rows)

    def _do_count(self) -> int:
        search = self._search()
        if search is _NONE:
            return 0
        if search is _ALL:
            return self.query_compiler.queryset[self.start : self.stop].count()
        if not search.pushed:
            return self._fallback_count()
        total = search.count()
        stop = total if self.stop is None else min(total, self.stop)
        return max(0, stop - self.start)

    def get_queryset(self) -> QuerySet:
        """Every matching row as a queryset (unsliced, unordered), like the database
        backends' results: for counting or grouping what Whoosh does not store."""
        search = self._search()
        queryset = self.query_compiler.queryset.order_by()
        if search is _NONE:
            return queryset.none()
        if search is _ALL:
            return queryset
        if not search.pushed:
            hits = self._hits()
            if hits is _ALL:
                return queryset
            if hits is _NONE:
                return queryset.none()
            return queryset.filter(pk__in=[key for key, _ in hits])
        with search.searcher() as searcher:
            if searcher is None or search.query is _NONE:
                return queryset.none()
            keys = search.ids(searcher, search.docnums(searcher))
        return queryset.filter(pk__in=keys)

    def facet(self, field_name: str) -> OrderedDict:
        compiler = self.query_compiler
        model = compiler.queryset.model
        own = compiler._get_filterable_field(field_name)
        name = own.get_attname(model) if own is not None else field_name
        stored = model_filter_names(model)
        if own is None and name not in stored:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to '
                f"{model.__name__}.search_fields.",
                field_name=field_name,
            )
        search = self._search()
        if search is _NONE:
            return OrderedDict()
        if isinstance(search, _Search) and search.pushed and name in stored:
            counts = search.facet(name)
            return OrderedDict(sorted(counts.items(), key=lambda item: -item[1]))
        if own is None:
            queryset = self.get_queryset()
            rows = queryset.values(field_name).annotate(count=Count("pk", distinct=True))
        else:
            queryset = compiler.queryset if search is _ALL else self.get_queryset()
            rows = queryset.values(field_name).annotate(count=Count("pk"))
        rows = rows.order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)

    def facet_ranges(self, field_name: str, edges: list) -> list[int] | None:
        """How many matches have FilterField ``field_name`` in each range
        ``[edges[i], edges[i + 1])`` (edges ascending; null values count nowhere), counted
        in the index; None where Whoosh does not hold the field (count with ``facet``).
        Dates given for a datetime field mean local midnight, as in filters."""
        compiler = self.query_compiler
        model = compiler.queryset.model
        own = compiler._get_filterable_field(field_name)
        if own is None:
            return None
        name = own.get_attname(model)
        search = self._search()
        if search is _NONE:
            return [0] * max(0, len(edges) - 1)
        if not (
            isinstance(search, _Search) and search.pushed and name in model_filter_names(model)
        ):
            return None
        try:
            target = own.get_field(model)
            encoded = [encode_value(_prepare_filter_value(target, edge)) for edge in edges]
        except (_Unsupported, FieldDoesNotExist):
            return None
        if any(edge is None for edge in encoded) or encoded != sorted(encoded):
            raise ValueError("facet_ranges: edges must be ascending values of the field")
        return search.facet_ranges(name, encoded)

    # Fallback: Whoosh matches the text, the ORM filters ------------------------------------

    def _relevance_rows(self, hits: list[tuple[str, float]]) -> list[tuple[Any, float]]:
        """Hits that the queryset (with its filters) contains, by score then by -pk."""
        scores: dict[str, float] = {}
        for key, score in hits:
            scores.setdefault(key, score)
        queryset = self.query_compiler.queryset.order_by()
        existing: dict[str, Any] = {}
        for chunk in _chunks(list(scores), ORM_CHUNK_SIZE):
            for pk in queryset.filter(pk__in=chunk).values_list("pk", flat=True):
                existing[force_str(pk)] = pk
        rows = [(pk, scores[key]) for key, pk in existing.items()]
        rows.sort(key=lambda row: row[0], reverse=True)
        rows.sort(key=lambda row: row[1], reverse=True)
        return rows

    def _fallback_search(self):
        hits = self._hits()
        if hits is _NONE:
            return []
        compiler = self.query_compiler
        if compiler.order_by_relevance:
            rows = self._relevance_rows(hits)[self.start : self.stop]
            objects = {
                obj.pk: obj for obj in self._base_queryset().filter(pk__in=[pk for pk, _ in rows])
            }
            results = []
            for pk, score in rows:
                obj = objects.get(pk)
                if obj is not None:
                    self._set_score(obj, score)
                    results.append(obj)
            return results
        scores = dict(hits)
        queryset = self._orm_ordered(self._base_queryset().filter(pk__in=list(scores)))
        results = list(queryset[self.start : self.stop])
        for obj in results:
            self._set_score(obj, scores.get(force_str(obj.pk), 0.0))
        return results

    def _fallback_count(self) -> int:
        hits = self._hits()
        if hits is _NONE:
            return 0
        compiler = self.query_compiler
        if compiler.order_by_relevance:
            return len(self._relevance_rows(hits)[self.start : self.stop])
        queryset = compiler.queryset.filter(pk__in=[key for key, _ in hits])
        return queryset[self.start : self.stop].count()


def _pk_or_none(pk_field, key: str):
    try:
        return pk_field.to_python(key)
    except Exception:  # noqa: BLE001 - a key the database cannot hold matches nothing
        return None
