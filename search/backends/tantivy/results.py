"""``TantivySearchResults``: modelsearch results filtered, counted, ordered and faceted
in Tantivy, the database loading only the requested slice; and the fallback where the
ORM filters Tantivy's text matches."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import tantivy
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, QuerySet
from django.utils.encoding import force_str
from modelsearch.backends.base import BaseSearchResults, FilterFieldError, get_model_root

from .analysis import FILTER_PREFIX, NUMBER_PREFIX
from .documents import decode_value, model_filter_names, number_value
from .query import (
    _ALL,
    _NONE,
    MUST,
    MUST_NOT,
    Q,
    _Negated,
    _prepare_filter_value,
    _Sentinel,
    _Unsupported,
)
from .store import _Generation

_UNSUPPORTED = _Sentinel("UNSUPPORTED")  # filters Tantivy cannot answer: the ORM applies them
COUNT_PREFETCH = 20  # rows a count also fetches (the search page counts, then loads a page)
ORM_CHUNK_SIZE = 500
FACET_SIZE = 65000  # distinct values counted per facet (exact up to this many)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _clauses(node, score: bool) -> list:
    if isinstance(node, _Negated):
        return [(MUST_NOT, node.query)]
    return [(MUST, node if score else Q.const_score_query(node, 0.0))]


@dataclass
class _Plan:
    generation: _Generation
    query: tantivy.Query  # text, filters and model type
    text_query: tantivy.Query  # text and model type (for the ORM fallback)
    pushed: bool  # are the queryset's filters part of ``query``?
    # the last search: (index stamp, rows, count, all matches in rows?)
    _found: tuple | None = field(default=None, repr=False, compare=False)

    def keys(self, searcher: tantivy.Searcher, addresses: list) -> list[str]:
        numbers = searcher.fast_field_values("idn", addresses) if addresses else []
        keys = []
        for address, number in zip(addresses, numbers, strict=True):
            if number is None:
                keys.append(searcher.doc(address)["id"][0])
            else:
                keys.append(str(number))
        return keys

    def hits(self, limit: int, text_only: bool = False) -> tuple[list[tuple[str, float]], int]:
        """The best ``limit`` matches as ``(key, score)`` and the number of matches.

        One Tantivy search gives both; the last answer is kept until the index changes,
        so a count after the page (or the page after a count, up to ``COUNT_PREFETCH``
        rows) costs no second search."""
        stamp, searcher = self.generation.current()
        if not text_only:
            known = self._found
            if known is not None and known[0] == stamp:
                rows, count, complete = known[1], known[2], known[3]
                if complete or len(rows) >= limit:
                    return rows[:limit], count
        query = self.text_query if text_only else self.query
        found = searcher.search(query, limit=limit, count=True)
        addresses = [address for _, address in found.hits]
        keys = self.keys(searcher, addresses)
        rows = [(key, score) for key, (score, _) in zip(keys, found.hits, strict=True)]
        if not text_only:
            self._found = (stamp, rows, found.count, len(rows) >= found.count)
        return rows, found.count

    def count(self) -> int:
        known = self._found
        if known is not None and known[0] == self.generation.current()[0]:
            return known[2]
        return self.hits(COUNT_PREFETCH)[1]


class TantivySearchResults(BaseSearchResults):
    """Results filtered, counted, ordered and faceted in Tantivy.

    The queryset's filters on FilterFields become part of the Tantivy query; the database
    only loads the objects of the requested slice (through the queryset, so its filters
    hold even if the index lags behind). Filters Tantivy cannot express fall back to
    filtering Tantivy's matches through the ORM (exact up to ``RESULT_LIMIT`` matches).
    A bare ``MATCH_ALL`` is answered by the database alone.
    """

    supports_facet = True
    #: facets on any stored FilterField path (``thread__community_id``), not only own fields
    facets_on_related_paths = True

    def _plan(self):
        """_ALL, _NONE or the _Plan of this query on the live generation."""
        compiler = self.query_compiler
        structural = compiler.structural()
        if structural is not None:
            return structural
        index = self.backend.get_index_for_model(compiler.queryset.model)
        generation = index.live_generation()
        if generation is None:
            return _NONE
        memo = compiler.__dict__.setdefault("_tantivy_plans", {})
        key = (index.name, generation.path)
        plan = memo.get(key)
        if plan is None:
            plan = memo[key] = self._make_plan(generation)
        return plan

    def _make_plan(self, generation: _Generation):
        # The compiled text and the compiled filters are kept per generation (its schema
        # never changes) under keys naming what they were compiled from (``text_key``,
        # ``filter_key``): a new queryset with the same filters, or the same query text
        # again, is not compiled again.
        compiler = self.query_compiler
        schema, fields = generation.index.schema, generation.fields
        cache = generation.plans
        text_key = compiler.text_key(self.backend)
        compiled = cache.get(text_key) if text_key is not None else None
        if compiled is None:
            compiled = self._compile_text(schema, fields)
            if text_key is not None:
                cache.put(text_key, compiled)
        if compiled is _NONE or compiled is _ALL:
            return compiled
        base, text_query = compiled
        filter_key = compiler.filter_key()
        filters = cache.get(filter_key) if filter_key is not None else None
        if filters is None:
            try:
                filters = compiler.compile_filters(schema, fields)
            except _Unsupported:
                filters = _UNSUPPORTED
            if filter_key is not None:
                cache.put(filter_key, filters)
        if filters is _UNSUPPORTED:
            return _Plan(generation, text_query, text_query, pushed=False)
        if filters is _NONE:
            return _NONE
        if filters is _ALL:
            return _Plan(generation, text_query, text_query, pushed=True)
        query = Q.boolean_query([*base, *_clauses(filters, score=False)])
        return _Plan(generation, query, text_query, pushed=True)

    def _compile_text(self, schema, fields):
        """_NONE, _ALL or the text query's clauses (with the model type) and query."""
        compiler = self.query_compiler
        text = compiler.compile(schema, fields, self.backend)
        if text is _NONE or text is _ALL:
            return text
        model = compiler.queryset.model
        base = _clauses(text, score=True)
        if isinstance(text, _Negated):
            base.insert(0, (MUST, Q.all_query()))
        if model is not get_model_root(model):
            content_type = model.indexed_get_content_type()
            base += _clauses(Q.term_query(schema, "ct", content_type, index_option="basic"), False)
        text_query = Q.boolean_query(base) if len(base) > 1 else base[0][1]
        return tuple(base), text_query

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

    def _limit(self) -> int:
        limit = self.backend.result_limit
        return limit if self.stop is None else max(1, min(limit, self.stop))

    def _load(self, rows: list[tuple[str, float]]) -> list:
        """Objects for ``(pk, score)`` rows, in order, through the queryset's filters."""
        if not rows:
            return []
        pk_field = self.query_compiler.queryset.model._meta.pk
        keys = [key for key in (_pk_or_none(pk_field, key) for key, _ in rows) if key is not None]
        queryset = self._base_queryset().filter(pk__in=keys)  # one query, one clone
        queryset.query.clear_ordering(force=True)  # the rows are put in score order below
        objects = {force_str(obj.pk): obj for obj in queryset}
        results = []
        for key, score in rows:
            obj = objects.get(key)
            if obj is not None:
                self._set_score(obj, score)
                results.append(obj)
        return results

    def _all_queryset(self) -> QuerySet:
        queryset = self._base_queryset()
        if not (self.query_compiler.order_by_relevance and queryset.ordered):
            queryset = self._orm_ordered(queryset)
        return queryset

    def _do_search(self):
        plan = self._plan()
        if plan is _NONE:
            return []
        if plan is _ALL:
            results = list(self._all_queryset()[self.start : self.stop])
            for obj in results:
                self._set_score(obj, 1.0)
            return results
        if not plan.pushed:
            return self._fallback_search(plan)
        compiler = self.query_compiler
        if compiler.order_by_relevance:
            # Tantivy orders by score, then by document address: a total order, so pages
            # of equally scored matches neither repeat nor skip one.
            rows, _count = plan.hits(self._limit())
            return self._load(rows[self.start : self.stop])
        # ORM ordering: the database orders the matches.
        rows, _count = plan.hits(self.backend.result_limit)
        queryset = self._orm_ordered(self._base_queryset())
        results = list(queryset.filter(pk__in=[key for key, _ in rows])[self.start : self.stop])
        for obj in results:
            self._set_score(obj, 0.0)
        return results

    def _do_count(self) -> int:
        plan = self._plan()
        if plan is _NONE:
            return 0
        if plan is _ALL:
            return self.query_compiler.queryset[self.start : self.stop].count()
        if not plan.pushed:
            return self._fallback_count(plan)
        total = plan.count()
        stop = total if self.stop is None else min(total, self.stop)
        return max(0, stop - self.start)

    def get_queryset(self) -> QuerySet:
        """Every matching row as a queryset (unsliced, unordered)."""
        plan = self._plan()
        queryset = self.query_compiler.queryset.order_by()
        if plan is _NONE:
            return queryset.none()
        if plan is _ALL:
            return queryset
        rows, _count = plan.hits(self.backend.result_limit, text_only=not plan.pushed)
        return queryset.filter(pk__in=[key for key, _ in rows])

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
        plan = self._plan()
        if plan is _NONE:
            return OrderedDict()
        if (
            isinstance(plan, _Plan)
            and plan.pushed
            and name in stored
            and FILTER_PREFIX + name in plan.generation.fields
        ):
            searcher = plan.generation.searcher()
            answer = searcher.aggregate(
                plan.query,
                {"facet": {"terms": {"field": FILTER_PREFIX + name, "size": FACET_SIZE}}},
            )
            counts = [
                (decode_value(bucket["key"]), bucket["doc_count"])
                for bucket in answer["facet"]["buckets"]
            ]
            counts.sort(key=lambda item: -item[1])
            return OrderedDict(counts)
        if own is None:
            queryset = self.get_queryset()
            rows = queryset.values(field_name).annotate(count=Count("pk", distinct=True))
        else:
            queryset = compiler.queryset if plan is _ALL else self.get_queryset()
            rows = queryset.values(field_name).annotate(count=Count("pk"))
        rows = rows.order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)

    def facet_ranges(self, field_name: str, edges: list) -> list[int] | None:
        """How many matches have FilterField ``field_name`` in each range
        ``[edges[i], edges[i + 1])`` (edges ascending; null values count nowhere), counted
        in the index; None where Tantivy does not hold the field (count with ``facet``).
        Dates given for a datetime field mean local midnight, as in filters."""
        compiler = self.query_compiler
        model = compiler.queryset.model
        own = compiler._get_filterable_field(field_name)
        if own is None:
            return None
        name = own.get_attname(model)
        plan = self._plan()
        if plan is _NONE:
            return [0] * max(0, len(edges) - 1)
        if not (
            isinstance(plan, _Plan)
            and plan.pushed
            and name in model_filter_names(model)
            and NUMBER_PREFIX + name in plan.generation.fields
        ):
            return None
        try:
            target = own.get_field(model)
            numbers = [number_value(_prepare_filter_value(target, edge)) for edge in edges]
        except (_Unsupported, FieldDoesNotExist):
            return None
        if any(number is None for number in numbers):
            return None
        if numbers != sorted(numbers):
            raise ValueError("facet_ranges: edges must be ascending values of the field")
        if len(numbers) < 2:
            return []
        ranges = [
            {"from": low, "to": high} for low, high in zip(numbers[:-1], numbers[1:], strict=True)
        ]
        searcher = plan.generation.searcher()
        answer = searcher.aggregate(
            plan.query, {"ranges": {"range": {"field": NUMBER_PREFIX + name, "ranges": ranges}}}
        )
        counts = {}
        for bucket in answer["ranges"]["buckets"]:
            if "from" in bucket and "to" in bucket:
                counts[(bucket["from"], bucket["to"])] = bucket["doc_count"]
        return [
            counts.get((low, high), 0) for low, high in zip(numbers[:-1], numbers[1:], strict=True)
        ]

    # Fallback: Tantivy matches the text, the ORM filters ------------------------------

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

    def _fallback_search(self, plan: _Plan):
        hits, _count = plan.hits(self.backend.result_limit, text_only=True)
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

    def _fallback_count(self, plan: _Plan) -> int:
        hits, _count = plan.hits(self.backend.result_limit, text_only=True)
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
