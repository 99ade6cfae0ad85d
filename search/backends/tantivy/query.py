"""Query compilation: modelsearch queries and queryset filters as Tantivy queries.

Query text is analysed like the documents (``analysis``) and turned into Tantivy query
objects directly (``term_query``, ``phrase_query``, ``fuzzy_term_query``, boolean
queries...); Tantivy's query parser is never used, so quotes, brackets, ``AND`` or field
prefixes typed by users are plain words (or punctuation, dropped by the tokenizer).
Filters become score-neutral clauses on the ``f__``/``n__`` fields; what Tantivy cannot
express raises ``_Unsupported`` and is filtered by the ORM instead.
"""

from __future__ import annotations

import copy
import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

import tantivy
from django.conf import settings
from django.db.models import Lookup, Model, QuerySet
from django.db.models.expressions import Col
from django.db.models.functions.datetime import ExtractYear
from django.db.models.sql.where import NothingNode, WhereNode
from django.utils import timezone
from django.utils.encoding import force_str
from modelsearch.backends.base import BaseSearchQueryCompiler, SearchFieldError
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText

from .analysis import (
    AUTOCOMPLETE_PREFIX,
    FILTER_PREFIX,
    NULLS_FIELD,
    NUMBER_PREFIX,
    SEARCH_PREFIX,
    STEM_PREFIX,
    clean_text,
    folded,
    stemming_language,
    stems,
)
from .documents import (
    MULTI_SEPARATOR,
    _TextField,
    encode_value,
    model_filter_names,
    model_text_fields,
    number_value,
)

if TYPE_CHECKING:  # annotations only: the backend module imports this one
    from .backend import TantivySearchBackend

Q = tantivy.Query
MUST, SHOULD, MUST_NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
MAX_IN_VALUES = 10000


class _Sentinel:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


_ALL = _Sentinel("ALL")
_NONE = _Sentinel("NONE")


class _Negated:
    """Not(query), kept symbolic so that And can turn it into a MustNot clause."""

    def __init__(self, query: tantivy.Query):
        self.query = query

    def materialise(self) -> tantivy.Query:
        return Q.boolean_query([(MUST, Q.all_query()), (MUST_NOT, self.query)])


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


def _any(queries: list) -> tantivy.Query:
    return queries[0] if len(queries) == 1 else Q.boolean_query([(SHOULD, q) for q in queries])


def _every(queries: list) -> tantivy.Query:
    return queries[0] if len(queries) == 1 else Q.boolean_query([(MUST, q) for q in queries])


def _boosted(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else Q.boost_query(query, float(boost))


def regex_escape(text: str) -> str:
    """``text`` as a literal in Tantivy's regex syntax."""
    return "".join(ch if ch.isascii() and ch.isalnum() else f"\\x{{{ord(ch):x}}}" for ch in text)


class _Unsupported(Exception):
    """A filter Tantivy cannot express: those results are filtered by the ORM instead."""


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


def _terms_query(schema, field: str, terms: list[str]):
    if not terms:
        return _NONE
    if len(terms) == 1:
        return Q.term_query(schema, field, terms[0], index_option="basic")
    return Q.term_set_query(schema, field, terms)


def _filter_leaf(schema, name: str, target, lookup: str, value):
    """One lookup on the filter field ``name`` as a Tantivy query (or a sentinel)."""
    field = FILTER_PREFIX + name
    null = Q.term_query(schema, NULLS_FIELD, name, index_option="basic")
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
        return _terms_query(schema, field, sorted(e for e in encoded if e is not None))
    if lookup in ("lt", "lte", "gt", "gte", "range"):
        if lookup == "range":
            try:
                low, high = value
            except (TypeError, ValueError) as error:
                raise _Unsupported("range") from error
            bounds = [_prepare_filter_value(target, low), _prepare_filter_value(target, high)]
        else:
            bounds = [_prepare_filter_value(target, value)]
        if any(bound is None for bound in bounds):
            return _NONE
        numbers = [number_value(bound) for bound in bounds]
        if any(number is None for number in numbers):
            raise _Unsupported("range on text")  # the ORM compares strings as it collates
        float_type = tantivy.FieldType.Float
        field = NUMBER_PREFIX + name
        if lookup == "range":
            return Q.range_query(schema, field, float_type, numbers[0], numbers[1])
        if lookup in ("gt", "gte"):
            return Q.range_query(
                schema, field, float_type, lower_bound=numbers[0], include_lower=lookup == "gte"
            )
        return Q.range_query(
            schema, field, float_type, upper_bound=numbers[0], include_upper=lookup == "lte"
        )
    if lookup == "startswith":
        prepared = _prepare_filter_value(target, value)
        if not isinstance(prepared, str):
            raise _Unsupported("startswith")
        prefix = "s" + clean_text(prepared).replace(MULTI_SEPARATOR, " ")
        return Q.regex_query(schema, field, regex_escape(prefix) + ".*")
    raise _Unsupported(lookup)


class _NoKey(Exception):
    """A query or filter with a part that has no cache key (compiled anew each time)."""


_SIMPLE_VALUES = frozenset({str, int, bool, type(None)})
_REPR_VALUES = frozenset(
    {
        float,
        bytes,
        decimal.Decimal,
        uuid.UUID,
        datetime.date,
        datetime.datetime,
        datetime.time,
        datetime.timedelta,
    }
)
_SEQUENCES = frozenset({list, tuple, set, frozenset})
_TEXT_QUERIES = frozenset({PlainText, Phrase, Fuzzy, MatchAll, Boost, Not, And, Or})


def _value_key(value):
    """A filter value as a hashable key: equal keys give the same compiled filter.

    The type is part of the key and values other than strings, integers and booleans
    are keyed by ``repr`` (``1.0`` and ``1``, ``Decimal("1.0")`` and ``Decimal("1")`` or
    one instant in two time zones compare equal but may compile differently).
    Subqueries, expressions and other objects have no key (_NoKey)."""
    kind = type(value)
    if kind in _SIMPLE_VALUES:
        return (kind, value)
    if kind in _REPR_VALUES:
        return (kind, repr(value))
    if kind in _SEQUENCES:
        return (kind, tuple(_value_key(item) for item in value))
    if isinstance(value, Model):
        return (Model, value._meta.concrete_model, _value_key(value.pk))
    raise _NoKey(kind.__name__)


def _alias_key(query, alias) -> tuple:
    """The joins leading from the queryset's base table to ``alias``."""
    chain = []
    while alias is not None:
        join = query.alias_map[alias]
        chain.append((join.table_name, getattr(join, "join_field", None)))
        if getattr(join, "filtered_relation", None) is not None:
            raise _NoKey("filtered relation")
        alias = join.parent_alias
    return tuple(chain)


def where_key(node, query) -> tuple:
    """A queryset's WHERE tree as a hashable key, or _NoKey (see ``_value_key``)."""
    kind = type(node)
    if isinstance(node, Lookup):
        lhs = node.lhs
        parts = [kind, node.lookup_name]
        if type(lhs) is ExtractYear:
            parts.append(ExtractYear)
            lhs = lhs.lhs
        if type(lhs) is not Col:
            raise _NoKey(type(lhs).__name__)
        parts += [lhs.target, _alias_key(query, lhs.alias), _value_key(node.rhs)]
        return tuple(parts)
    if kind is NothingNode:
        return (NothingNode,)
    if kind is WhereNode:
        children = tuple(where_key(child, query) for child in node.children)
        return (WhereNode, node.connector, node.negated, children)
    raise _NoKey(kind.__name__)


def query_key(query) -> tuple:
    """A modelsearch query as a hashable key, or _NoKey (subclasses, odd values)."""
    kind = type(query)
    if kind not in _TEXT_QUERIES:
        raise _NoKey(kind.__name__)
    if kind is MatchAll:
        return (kind,)
    if kind in (Boost, Not):
        boost = _value_key(query.boost) if kind is Boost else None
        return (kind, boost, query_key(query.subquery))
    if kind in (And, Or):
        return (kind, tuple(query_key(q) for q in query.subqueries))
    parts = (kind, _value_key(query.query_string))
    if kind is PlainText:
        return parts + (query.operator, _value_key(query.boost))
    if kind is Fuzzy:
        return parts + (query.operator,)
    return parts


_CHECKED = {}  # check() keys that passed (model definitions do not change at run time)
_CHECKED_SIZE = 4096


class _Budget:
    """How many more analysed terms the query may use."""

    def __init__(self, terms: int):
        self.remaining = terms


def _fuzzy_distance(term: str) -> int:
    # Elasticsearch's "AUTO" fuzziness
    if len(term) <= 2:
        return 0
    return 1 if len(term) <= 5 else 2


class TantivySearchQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "or"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    FIELD_KIND: type = SearchField

    def text_fields(self) -> tuple[_TextField, ...]:
        fields = model_text_fields(self.queryset.model, self.FIELD_KIND)
        if self.fields is not None:
            wanted = set(self.fields)
            fields = tuple(f for f in fields if not f.related and f.field_name in wanted)
        return fields

    # Cache keys ---------------------------------------------------------------------

    def _where_key(self):
        """The queryset's WHERE tree as a key (None: not cacheable), computed once."""
        try:
            return self.__dict__["_tantivy_where_key"]
        except KeyError:
            pass
        query = self.queryset.query
        try:
            key = (self.queryset.model, where_key(query.where, query))
            hash(key)
        except (_NoKey, TypeError, KeyError, AttributeError):
            key = None
        self.__dict__["_tantivy_where_key"] = key
        return key

    def text_key(self, backend: TantivySearchBackend):
        """What the compiled text query depends on (None: compile it anew): the query,
        the model, the fields searched and the backend's analysis options."""
        try:
            key = (
                "text",
                type(self),
                self.queryset.model,
                query_key(self.query),
                None if self.fields is None else tuple(self.fields),
                backend.language,
                backend.languages,
                backend.max_query_length,
                backend.max_query_terms,
            )
            hash(key)
        except (_NoKey, TypeError):
            return None
        return key

    def filter_key(self):
        """What the compiled filters depend on (None: compile them anew): the WHERE tree,
        values included, and (for dates compared with datetimes) the current time zone.
        Filters with subqueries have none: their values are read from the database."""
        where = self._where_key()
        if where is None:
            return None
        key = ("filters", where, timezone.get_current_timezone() if settings.USE_TZ else None)
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def check(self) -> None:
        """modelsearch's check, skipped for a query shape that passed it before."""
        where = self._where_key()
        key = None
        if where is not None:
            try:
                key = (
                    type(self),
                    where,
                    None if self.fields is None else tuple(self.fields),
                    self.order_by_relevance,
                    tuple(self.queryset.query.order_by),
                )
                if key in _CHECKED:
                    return
            except TypeError:
                key = None
        self._check()
        if key is not None:
            if len(_CHECKED) >= _CHECKED_SIZE:
                _CHECKED.clear()
            _CHECKED[key] = True

    def _check(self) -> None:
        super().check()

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

    def compile_filters(self, schema, fields: frozenset[str]):
        """The queryset's filters as a node (_ALL, _NONE, _Negated or a Tantivy query).

        ``fields``: the Tantivy fields of the index. Raises _Unsupported for a filter
        Tantivy cannot answer (a lookup it lacks, an expression, a field not stored)."""
        work = copy.copy(self)
        work._schema = schema
        work._index_fields = fields
        work._stored_filters = model_filter_names(self.queryset.model)
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
        return _terms_query(self._schema, "id", keys)

    def _process_filter(self, column, lookup, value, check_only=False):
        if check_only:
            return super()._process_filter(column, lookup, value, check_only=True)
        path = self._get_filter_field_path_for_column(column)
        target = column.target
        name = "__".join([field.field_name for field in path[:-1]] + [target.attname])
        if name not in self._stored_filters or FILTER_PREFIX + name not in self._index_fields:
            raise _Unsupported(name)
        return _filter_leaf(self._schema, name, target, lookup, value)

    def _process_match_none(self):
        return _NONE

    def _connect_filters(self, filters, connector, negated):
        if not filters:
            return None  # nothing to filter on (modelsearch drops it from its parent)
        node = _convert_or(filters) if connector == "OR" else _convert_and(filters)
        return _negate(node) if negated else node

    def _get_order_by(self):
        # Ordering by the primary key needs no FilterField (the search page breaks ties
        # with it).
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

    # Text ---------------------------------------------------------------------------

    def compile(self, schema, fields: frozenset[str], backend: TantivySearchBackend):
        """The text query as a Tantivy query, _ALL, _NONE or _Negated."""
        work = copy.copy(self)  # results objects (and their clones) share this compiler
        work._schema = schema
        work._backend = backend
        work._budget = _Budget(backend.max_query_terms)
        work._fields = tuple(
            f for f in self.text_fields() if self._field_prefix() + f.name in fields
        )
        work._index_fields = fields
        work._variants = {}
        return work._convert(self.query, 1.0)

    def _field_prefix(self) -> str:
        return SEARCH_PREFIX

    def _stemmers(self) -> tuple[str, ...]:
        backend = self._backend
        languages = backend.languages or (backend.language,)
        return tuple(dict.fromkeys(s for s in map(stemming_language, languages) if s))

    def _terms(self, text: str) -> list[str]:
        """Analysed, de-duplicated terms of ``text`` (none when no field could match)."""
        if self._budget.remaining <= 0 or not self._fields:
            return []
        text = clean_text(str(text)[: self._backend.max_query_length])
        words = folded(text)
        stemmed = [stems(text, stemmer) for stemmer in self._stemmers()]
        terms: list[str] = []
        for position, word in enumerate(words):
            if self._budget.remaining <= 0:
                break
            if not word or word in terms:
                continue
            terms.append(word)
            self._budget.remaining -= 1
            variants = self._variants.setdefault(word, [])
            for forms in stemmed:
                if len(forms) == len(words) and forms[position] not in variants:
                    variants.append(forms[position])
        return terms

    def _term(self, term: str, boost: float):
        schema = self._schema
        clauses = []
        for f in self._fields:
            weight = boost * f.boost
            clauses.append(_boosted(Q.term_query(schema, SEARCH_PREFIX + f.name, term), weight))
            stem_field = STEM_PREFIX + f.name
            if stem_field in self._index_fields:
                for stem in self._variants.get(term, ()):
                    clauses.append(
                        _boosted(
                            Q.term_query(schema, stem_field, stem, index_option="freq"), weight
                        )
                    )
        return _any(clauses)

    def _fuzzy(self, term: str, boost: float):
        distance = _fuzzy_distance(term)
        if distance == 0:
            return self._term(term, boost)
        return _any(
            [
                _boosted(
                    Q.fuzzy_term_query(self._schema, SEARCH_PREFIX + f.name, term, distance),
                    boost * f.boost,
                )
                for f in self._fields
            ]
        )

    def _phrase(self, terms: list[str], boost: float):
        return _any(
            [
                _boosted(
                    Q.phrase_query(self._schema, SEARCH_PREFIX + f.name, terms), boost * f.boost
                )
                for f in self._fields
            ]
        )

    @staticmethod
    def _combine(parts: list, operator: str):
        return _every(parts) if operator == "and" else _any(parts)

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
            return _convert_and([self._convert(q, boost) for q in query.subqueries])
        if isinstance(query, Or):
            return _convert_or([self._convert(q, boost) for q in query.subqueries])
        raise NotImplementedError(
            f"`{type(query).__name__}` is not supported by the Tantivy search backend."
        )

    def _convert_phrase(self, query: Phrase, boost: float):
        terms = self._terms(query.query_string)
        if not terms:
            return _NONE
        if len(terms) == 1:
            return self._term(terms[0], boost)
        return self._phrase(terms, boost)


def _convert_and(parts: list):
    if any(part is _NONE for part in parts):
        return _NONE
    parts = [part for part in parts if part is not _ALL]
    if not parts:
        return _ALL
    positive = [part for part in parts if not isinstance(part, _Negated)]
    negative = [part.query for part in parts if isinstance(part, _Negated)]
    if not positive:
        return _Negated(_any(negative))
    if not negative:
        return _every(positive)
    return Q.boolean_query([(MUST, q) for q in positive] + [(MUST_NOT, q) for q in negative])


def _convert_or(parts: list):
    if any(part is _ALL for part in parts):
        return _ALL
    parts = [_materialise(part) for part in parts if part is not _NONE]
    if not parts:
        return _NONE
    return _any(parts)


class TantivyAutocompleteQueryCompiler(TantivySearchQueryCompiler):
    """Matches word prefixes in AutocompleteFields, without stemming."""

    DEFAULT_OPERATOR = "and"
    FIELD_KIND = AutocompleteField

    def _check(self) -> None:
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

    def _field_prefix(self) -> str:
        return AUTOCOMPLETE_PREFIX

    def _stemmers(self) -> tuple[str, ...]:
        return ()

    def _term(self, term: str, boost: float):
        pattern = regex_escape(term) + ".*"
        return _any(
            [
                _boosted(
                    Q.regex_query(self._schema, AUTOCOMPLETE_PREFIX + f.name, pattern),
                    boost * f.boost,
                )
                for f in self._fields
            ]
        )

    def _fuzzy(self, term: str, boost: float):
        return self._term(term, boost)

    def _convert_phrase(self, query: Phrase, boost: float):
        # autocomplete fields keep no positions: a phrase means "all these prefixes"
        terms = self._terms(query.query_string)
        if not terms:
            return _NONE
        return self._combine([self._term(t, boost) for t in terms], "and")
