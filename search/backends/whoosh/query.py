"""Query compilation: modelsearch queries and queryset filters as Whoosh queries.

Query text is analysed with the index's own analyzers and turned into Whoosh query
objects directly (Whoosh's query parser is never used). Filters become score-neutral
leaves on the ``f__`` fields; what Whoosh cannot express raises ``_Unsupported`` and is
filtered by the ORM instead. Also the Whoosh helper classes the compiled queries use.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Lookup, Model, QuerySet
from django.utils.encoding import force_str
from modelsearch.backends.base import BaseSearchQueryCompiler, SearchFieldError
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import collectors
from whoosh import query as wq

from .analysis import FILTER_PREFIX, MULTI_SEPARATOR, NULLS_FIELD, _Analysis, clean_text
from .documents import _TextField, encode_value, model_filter_names, model_text_fields

if TYPE_CHECKING:  # annotations only: the backend module imports this one
    from .backend import WhooshSearchBackend


class _Sentinel:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


_ALL = _Sentinel("ALL")
_NONE = _Sentinel("NONE")
_UNSET = _Sentinel("UNSET")


class _Or(wq.Or):
    """Or with Whoosh's binary tree of union matchers. Whoosh 2.7 otherwise picks, for
    small indexes or many clauses, an array-based matcher whose skip_to() loses
    documents inside an And (it counted 9 posts and ranked none)."""

    matcher_type = wq.Or.DEFAULT_MATCHER


class _MultiTermMixin:
    def matcher(self, searcher, context=None):
        from whoosh.matching import NullMatcher

        terms = [
            wq.Term(self.field(), word)
            for _, word in self.expanded_terms(searcher.reader())  # MultiTerm's words
            if word
        ]
        if not terms:
            return NullMatcher()
        if len(terms) == 1:
            terms[0].boost = self.boost
            return terms[0].matcher(searcher, context)
        return _Or(terms, boost=self.boost).matcher(searcher, context)


class _TermRange(_MultiTermMixin, wq.TermRange):
    pass


class _Prefix(_MultiTermMixin, wq.Prefix):
    pass


class _FuzzyTerm(_MultiTermMixin, wq.FuzzyTerm):
    pass


class _Negated:
    """Not(query) kept symbolic so that And can turn it into an efficient AndNot."""

    def __init__(self, query: wq.Query):
        self.query = query

    def materialise(self) -> wq.Query:
        return wq.AndNot(wq.Every(), self.query)


def _materialise(node):
    return node.materialise() if isinstance(node, _Negated) else node


def _negate(node):
    if node is _ALL:
        return _NONE
    if node is _NONE:
        return _ALL
    if isinstance(node, _Negated):
        return node.query
    return _Negated(node)


class _Unsupported(Exception):
    """A filter Whoosh cannot express: those results are filtered by the ORM instead."""


MAX_IN_VALUES = 10000
_TOP = "\U0010ffff"  # above every encoded value


def _is_datetime_field(field) -> bool:
    from django.db.models import DateTimeField

    seen = 0
    while getattr(field, "is_relation", False) and getattr(field, "target_field", None) is not None:
        field = field.target_field
        seen += 1
        if seen > 10:
            break
    return isinstance(field, DateTimeField)


def _prepare_filter_value(target, value):
    """A lookup value as the database would compare it, or raise _Unsupported."""
    from django.core.exceptions import ValidationError

    if isinstance(value, Model):
        value = value.pk
    if value is None:
        return None
    if hasattr(value, "resolve_expression"):
        raise _Unsupported("expression")  # F(), Subquery()...: only the database knows
    if (
        isinstance(value, datetime.date)
        and not isinstance(value, datetime.datetime)
        and _is_datetime_field(target)
    ):
        from django.conf import settings
        from django.utils import timezone

        value = datetime.datetime.combine(value, datetime.time.min)
        if settings.USE_TZ:
            value = timezone.make_aware(value, timezone.get_current_timezone())
        return value
    try:
        return target.get_prep_value(value)
    except (TypeError, ValueError, ValidationError) as error:
        raise _Unsupported(str(error)) from error


def _in_values(value) -> list:
    from django.db.models.query import FlatValuesListIterable
    from django.db.models.sql import Query

    if isinstance(value, QuerySet):
        value = value.query
    if isinstance(value, Query):
        if len(value.values_select) + len(value.annotation_select) != 1:
            raise _Unsupported("subquery")
        queryset = QuerySet(model=value.model, query=value.clone())
        queryset._iterable_class = FlatValuesListIterable
        values = list(queryset[: MAX_IN_VALUES + 1])
    elif isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise _Unsupported("in")
    else:
        values = list(value)
    if len(values) > MAX_IN_VALUES:
        raise _Unsupported("too many values")
    return values


def _filter_leaf(name: str, target, lookup: str, value):
    """One lookup on the filter field ``name`` as a score-neutral Whoosh node."""
    field = FILTER_PREFIX + name
    null = wq.Term(NULLS_FIELD, name, boost=0.0)
    if lookup == "isnull":
        return null if value else _Negated(null)
    if lookup in ("exact", "in"):
        if lookup == "exact":
            if value is None:
                return null
            values = [value]
        else:
            values = _in_values(value)
        encoded = {encode_value(_prepare_filter_value(target, v)) for v in values}
        terms = sorted(e for e in encoded if e is not None)
        if not terms:
            return _NONE
        leaves = [wq.Term(field, term, boost=0.0) for term in terms]
        return leaves[0] if len(leaves) == 1 else _Or(leaves)
    if lookup in ("lt", "lte", "gt", "gte"):
        encoded = encode_value(_prepare_filter_value(target, value))
        if encoded is None:
            return _NONE
        tag = encoded[0]
        if lookup in ("gt", "gte"):
            return _TermRange(
                field, encoded, tag + _TOP, startexcl=lookup == "gt", endexcl=True, boost=0.0
            )
        return _TermRange(field, tag, encoded, startexcl=True, endexcl=lookup == "lt", boost=0.0)
    if lookup == "range":
        try:
            low, high = value
        except (TypeError, ValueError) as error:
            raise _Unsupported("range") from error
        low_encoded = encode_value(_prepare_filter_value(target, low))
        high_encoded = encode_value(_prepare_filter_value(target, high))
        if low_encoded is None or high_encoded is None:
            return _NONE
        return _TermRange(field, low_encoded, high_encoded, boost=0.0)
    if lookup == "startswith":
        prepared = _prepare_filter_value(target, value)
        if not isinstance(prepared, str):
            raise _Unsupported("startswith")
        return _Prefix(field, "s" + clean_text(prepared).replace(MULTI_SEPARATOR, " "), boost=0.0)
    raise _Unsupported(lookup)


class _Budget:
    """How many more analysed terms the query may use."""

    def __init__(self, terms: int):
        self.remaining = terms


def _fuzzy_distance(term: str) -> int:
    # Elasticsearch's "AUTO" fuzziness
    if len(term) <= 2:
        return 0
    return 1 if len(term) <= 5 else 2


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "or"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    FIELD_KIND: type = SearchField

    def text_fields(self) -> tuple[_TextField, ...]:
        fields = model_text_fields(self.queryset.model, self.FIELD_KIND)
        if self.fields is not None:
            wanted = set(self.fields)
            fields = tuple(f for f in fields if not f.related and f.field_name in wanted)
        return fields

    def structural(self):
        """_ALL or _NONE when the answer needs no index, else None."""
        if self.queryset.query.is_empty():
            return _NONE
        if isinstance(self.query, MatchAll):
            return _ALL
        if isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll):
            return _NONE
        return None

    # Filters ------------------------------------------------------------------------

    def compile_filters(self, names: frozenset[str]):
        """The queryset's filters as a Whoosh node (_ALL, _NONE, _Negated or a query).

        ``names``: the filter fields the index stores. Raises _Unsupported for a filter
        Whoosh cannot answer (a lookup it lacks, an expression, a field not stored).
        """
        work = copy.copy(self)
        work._stored_filters = names
        node = work._get_filters_from_queryset()
        return _ALL if node is None else node

    def _get_filters_from_where_node(self, where_node, check_only=False):
        # modelsearch skips lookups on multi-table inheritance pointers (``page_ptr_id``),
        # which would drop a filter like ``filter(id__in=...)`` on a page type: they are
        # lookups on the primary key, so they become one here.
        if not check_only and isinstance(where_node, Lookup):
            target = getattr(where_node.lhs, "target", None)
            if target is not None and str(getattr(target, "attname", "")).endswith("_ptr_id"):
                return self._pointer_filter(where_node)
        return super()._get_filters_from_where_node(where_node, check_only=check_only)

    def _pointer_filter(self, lookup):
        column, target = lookup.lhs, lookup.lhs.target
        if not (
            getattr(target.remote_field, "parent_link", False)
            and getattr(column, "alias", None) == self.queryset.query.base_table
        ):
            raise _Unsupported(target.attname)
        name, value = lookup.lookup_name, lookup.rhs
        if name == "isnull":
            return _NONE if value else _ALL
        if name not in ("exact", "in"):
            raise _Unsupported(f"{target.attname}__{name}")
        values = [value] if name == "exact" else _in_values(value)
        keys = sorted(
            {
                force_str(prepared)
                for prepared in (_prepare_filter_value(target, v) for v in values)
                if prepared is not None
            }
        )
        if not keys:
            return _NONE
        leaves = [wq.Term("id", key, boost=0.0) for key in keys]
        return leaves[0] if len(leaves) == 1 else _Or(leaves)

    def _process_filter(self, column, lookup, value, check_only=False):
        if check_only:
            return super()._process_filter(column, lookup, value, check_only=True)
        path = self._get_filter_field_path_for_column(column)
        target = column.target
        name = "__".join([field.field_name for field in path[:-1]] + [target.attname])
        if name not in self._stored_filters:
            raise _Unsupported(name)
        return _filter_leaf(name, target, lookup, value)

    def _process_match_none(self):
        return _NONE

    def _connect_filters(self, filters, connector, negated):
        if not filters:
            return None  # nothing to filter on (modelsearch drops it from its parent)
        if connector == "OR":
            node = self._convert_or(filters, neutral=True)
        else:
            node = self._convert_and(filters)
        return _negate(node) if negated else node

    def _get_order_by(self):
        # Ordering by the primary key needs no FilterField (the search page breaks ties
        # with it); order_spec() handles it.
        if self.order_by_relevance:
            return
        saved = self.queryset
        self.queryset = saved.order_by(
            *[i for i in saved.query.order_by if not (isinstance(i, str) and i.lstrip("-") == "pk")]
        )
        try:
            yield from super()._get_order_by()
        finally:
            self.queryset = saved

    def order_spec(self) -> list[tuple[str, bool]] | None:
        """``[(filter field name, reverse)]`` for ORM ordering, or None if Whoosh cannot
        order this way (expressions, related paths, fields it does not store)."""
        if self.order_by_relevance:
            return []
        model = self.queryset.model
        stored = model_filter_names(model)
        spec = []
        for item in self.queryset.query.order_by:
            if not isinstance(item, str):
                return None
            reverse = item.startswith("-")
            if item.lstrip("-") == "pk":
                spec.append(("pk", reverse))
                break  # unique: later keys never apply
            field = self._get_filterable_field(item.lstrip("-"))
            if field is None:
                return None
            name = field.get_attname(model)
            if name not in stored:
                return None
            spec.append((name, reverse))
        return spec

    def compile(self, analysis: _Analysis, backend: WhooshSearchBackend):
        """A Whoosh query, or _ALL / _NONE."""
        # Work on a copy: results objects (and their clones) share this compiler.
        work = copy.copy(self)
        work._analysis = analysis
        work._backend = backend
        work._budget = _Budget(backend.max_query_terms)
        work._fields = self.text_fields()
        work._variants = {}  # word -> the word and its stems, for multilingual analysis
        return _materialise(work._convert(self.query, 1.0))

    # Analysis -------------------------------------------------------------------------

    def _analyzer(self):
        return self._analysis.search

    def _terms(self, text: str) -> list[str]:
        """Analysed, de-duplicated terms of ``text`` (none when no field could match)."""
        if self._budget.remaining <= 0 or not self._fields:
            return []
        text = clean_text(str(text)[: self._backend.max_query_length])
        terms: list[str] = []
        word = None
        for token in self._analyzer()(text, mode="query"):
            if getattr(token, "variant", False):
                # A stem of the word before (multilingual analysis): matched with it.
                if word is not None and token.text and token.text not in self._variants[word]:
                    self._variants[word].append(token.text)
                continue
            if self._budget.remaining <= 0:
                break
            word = token.text or None
            if word and word not in terms:
                terms.append(word)
                self._variants.setdefault(word, [word])
                self._budget.remaining -= 1
        return terms

    # Building blocks ------------------------------------------------------------------

    def _term(self, term: str, boost: float) -> wq.Query:
        leaves = [
            wq.Term(f.name, form, boost=boost * f.boost)
            for f in self._fields
            for form in self._variants.get(term, (term,))
        ]
        return leaves[0] if len(leaves) == 1 else _Or(leaves)

    def _fuzzy(self, term: str, boost: float) -> wq.Query:
        distance = _fuzzy_distance(term)
        if distance == 0:
            return self._term(term, boost)
        leaves = [
            _FuzzyTerm(f.name, term, boost=boost * f.boost, maxdist=distance, prefixlength=1)
            for f in self._fields
        ]
        return leaves[0] if len(leaves) == 1 else _Or(leaves)

    def _phrase(self, terms: list[str], boost: float) -> wq.Query:
        leaves = [wq.Phrase(f.name, terms, boost=boost * f.boost) for f in self._fields]
        return leaves[0] if len(leaves) == 1 else _Or(leaves)

    @staticmethod
    def _combine(parts: list[wq.Query], operator: str) -> wq.Query:
        if len(parts) == 1:
            return parts[0]
        return wq.And(parts) if operator == "and" else _Or(parts)

    # Conversion -----------------------------------------------------------------------

    def _convert(self, query, boost: float):
        if isinstance(query, MatchAll):
            return _ALL
        if isinstance(query, PlainText):
            terms = self._terms(query.query_string)
            if not terms:
                return _NONE
            boost *= query.boost
            return self._combine([self._term(t, boost) for t in terms], query.operator)
        if isinstance(query, Phrase):
            return self._convert_phrase(query, boost)
        if isinstance(query, Fuzzy):
            terms = self._terms(query.query_string)
            if not terms:
                return _NONE
            return self._combine([self._fuzzy(t, boost) for t in terms], query.operator)
        if isinstance(query, Boost):
            return self._convert(query.subquery, boost * query.boost)
        if isinstance(query, Not):
            return _negate(self._convert(query.subquery, boost))
        if isinstance(query, And):
            return self._convert_and([self._convert(q, boost) for q in query.subqueries])
        if isinstance(query, Or):
            return self._convert_or([self._convert(q, boost) for q in query.subqueries])
        raise NotImplementedError(
            f"`{type(query).__name__}` is not supported by the Whoosh search backend."
        )

    def _convert_phrase(self, query: Phrase, boost: float):
        terms = self._terms(query.query_string)
        if not terms:
            return _NONE
        if len(terms) == 1:
            return self._term(terms[0], boost)
        return self._phrase(terms, boost)

    @staticmethod
    def _convert_and(parts: list):
        if any(part is _NONE for part in parts):
            return _NONE
        parts = [part for part in parts if part is not _ALL]
        if not parts:
            return _ALL
        positive = [part for part in parts if not isinstance(part, _Negated)]
        negative = [part.query for part in parts if isinstance(part, _Negated)]
        excluded = None
        if negative:
            excluded = negative[0] if len(negative) == 1 else _Or(negative)
        if not positive:
            return _Negated(excluded)
        included = positive[0] if len(positive) == 1 else wq.And(positive)
        return wq.AndNot(included, excluded) if excluded is not None else included

    @staticmethod
    def _convert_or(parts: list, neutral: bool = False):
        if any(part is _ALL for part in parts):
            return _ALL
        if neutral:  # filters: "everything but" scores nothing
            parts = [
                wq.AndNot(wq.Every(boost=0.0), part.query) if isinstance(part, _Negated) else part
                for part in parts
                if part is not _NONE
            ]
        else:
            parts = [_materialise(part) for part in parts if part is not _NONE]
        if not parts:
            return _NONE
        return parts[0] if len(parts) == 1 else _Or(parts)


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    """Matches word prefixes (edge n-grams) in AutocompleteFields, without stemming."""

    DEFAULT_OPERATOR = "and"
    FIELD_KIND = AutocompleteField

    def check(self) -> None:
        if self.fields:
            model = self.queryset.model
            allowed = {f.field_name for f in model.get_searchable_search_fields()}
            allowed |= {f.field_name for f in model.get_autocomplete_search_fields()}
            for field_name in self.fields:
                if field_name not in allowed:
                    raise SearchFieldError(
                        f'Cannot search with field "{field_name}". Please add '
                        f'index.AutocompleteField("{field_name}") to '
                        f"{model.__name__}.search_fields.",
                        field_name=field_name,
                    )
        self._get_filters_from_queryset(check_only=True)
        list(self._get_order_by())

    def _analyzer(self):
        return self._analysis.autocomplete

    def _terms(self, text: str) -> list[str]:
        limit = self._analysis.max_ngram
        terms = []
        for term in super()._terms(text):
            term = term[:limit]
            if term not in terms:
                terms.append(term)
        return terms

    def _convert_phrase(self, query: Phrase, boost: float):
        # n-gram fields keep no positions: a phrase means "all these prefixes"
        terms = self._terms(query.query_string)
        if not terms:
            return _NONE
        return self._combine([self._term(t, boost) for t in terms], "and")


class _AllowCollector(collectors.FilterCollector):
    """Whoosh's FilterCollector, also filtering in collect(): a TimeLimitCollector
    around it iterates the matches itself and calls collect(), which Whoosh 2.7's
    FilterCollector passes through unfiltered."""

    def collect(self, sub_docnum):
        # ``allow`` is a set of top-level docnums; like prepare(), an empty one allows all
        allow = self.allow
        if allow and self.offset + sub_docnum not in allow:
            self.filtered_count += 1
            return None
        return self.child.collect(sub_docnum)
