"""A Whoosh search backend for django-modelsearch (and so for Wagtail).

Configuration (``MODELSEARCH_BACKENDS`` or ``WAGTAILSEARCH_BACKENDS``)::

    "default": {
        "BACKEND": "search.backends.whoosh",
        "PATH": "/srv/app/var/whoosh",  # required: directory holding the indexes
        "LANGUAGE": "en",               # stemming language; accents are folded for all
        "ANALYZER": None,               # or a Whoosh analyzer (or dotted path) for words
        "OPERATOR": "or",               # default operator of search()
        "AUTOCOMPLETE_OPERATOR": "and", # default operator of autocomplete()
        "MAX_QUERY_LENGTH": 255,        # characters kept of each query string
        "MAX_QUERY_TERMS": 32,          # analysed terms kept across a whole query
        "RESULT_LIMIT": 10000,          # matches taken from Whoosh per search
        "TIME_LIMIT": 5.0,              # seconds per Whoosh search, then partial results
        "WRITE_TIMEOUT": 30.0,          # seconds a write waits for the index lock
        "REBUILD_TIMEOUT": 600.0,       # seconds a rebuild waits for another rebuild
        "AUTOCOMPLETE_MAX_NGRAM": 15,   # longest indexed prefix for autocomplete
        "REBUILD_PROCS": 2,             # processes analysing a rebuild (default: min(2, CPUs))
        "BULK_SCORING": True,           # score with cached posting arrays (whoosh_bulk)
        "POSTINGS_CACHE_MB": 256,       # memory for postings the bulk scorer keeps
    }

How it works:

* One Whoosh index per root model (``get_model_root``), in ``PATH/<app>_<model>/``. A
  document carries the content types of its model and of the model's indexed ancestors,
  so a search on ``Page`` finds every page type and one on ``BlogPage`` only blog pages.
* Each index lives in a generation directory (``gen-*``); the file ``CURRENT`` names the
  live one. A rebuild fills a new generation (named in ``BUILDING``, so saves made
  meanwhile go to both) and then replaces ``CURRENT`` atomically: searches keep answering
  from the old generation until the swap. The previous generation is kept, older ones
  are removed.
* Writers are serialised by a thread lock plus Whoosh's ``flock`` write lock, retried up
  to ``WRITE_TIMEOUT``; every write is committed before it returns, so nothing is
  buffered or lost when a process exits.
* Query text is analysed with the index's own analyzers and turned into Whoosh query
  objects directly (``Term``, ``Phrase``, ``FuzzyTerm``, ``And``...). Whoosh's query
  parser is never used, so field prefixes, wildcards and ranges typed by users are plain
  words (or punctuation, dropped by the tokenizer).
* FilterField values on the model and along forward foreign keys (``RelatedFields``) are
  stored in ``f__<path>`` fields, encoded so that string order is value order, with a
  column each (ordering, facets); nulls are listed in ``fnull``. The queryset's filters
  (exact, in, lt/lte/gt/gte, range, isnull, startswith, year, AND/OR/NOT, ``__in``
  subqueries, pointer fields of page types) become a Whoosh filter. The text query and
  the filter are evaluated in one pass over each segment's postings, read once into
  numpy arrays and cached (``whoosh_bulk``: Whoosh's BM25F scores, array intersections
  and unions instead of a Python call per posting); the page, the total and the facets
  come from that pass, memoised per query and index version. Queries ``whoosh_bulk``
  does not model are ranked by Whoosh's matchers (block-quality skipping) over the
  documents the filter allows. Searchers are pooled per thread and refreshed, so
  unchanged segments are not reopened.
  The database loads only the requested slice, through the queryset. ORM ordering on
  stored FilterFields (and ``pk``) is applied in Whoosh's columns.
* Fallback: filters Whoosh cannot express (other lookups, F() expressions, many-valued
  relations) and indexes built before filters were stored: Whoosh ranks the text match
  (at most ``RESULT_LIMIT`` hits), the ORM filters, orders, counts and facets them.
  A bare ``MATCH_ALL`` is answered by the ORM alone, like modelsearch's database backends.
* Rebuilds buffer ``BULK_SEGMENT_DOCS`` documents per segment, write them unmerged and
  analyse them in ``REBUILD_PROCS`` processes; saves made meanwhile are noted in the new
  generation (``TOUCHED``) so that the rebuild never overwrites them with older copies.

Limits: ``RESULT_LIMIT`` bounds how deep results can be retrieved (ranked or ordered);
totals stay exact. Changing ``LANGUAGE`` or ``ANALYZER``, or upgrading from an index
without filter fields, takes effect after a rebuild (``update_index``). Stored related
filter values are as fresh as the document: saving a thread must reindex its posts
(``search.signals`` does so when a thread's title, community or restriction changes).
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import datetime
import decimal
import logging
import os
import re
import secrets
import shutil
import struct
import threading
import time
import unicodedata
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db.models import Count, Lookup, Manager, Model, QuerySet
from django.utils.encoding import force_str
from django.utils.module_loading import import_string
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FilterFieldError,
    SearchFieldError,
    get_model_root,
)
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    Indexed,
    RelatedFields,
    SearchField,
    class_is_indexed,
    get_indexed_models,
)
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import collectors
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    CompositeAnalyzer,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.index import EmptyIndexError, LockError
from whoosh.lang import has_stemmer
from whoosh.support.charset import accent_map
from whoosh.util.filelock import FileLock

from . import whoosh_bulk

__all__ = [
    "SearchBackend",
    "WhooshAutocompleteQueryCompiler",
    "WhooshIndex",
    "WhooshRebuilder",
    "WhooshSearchBackend",
    "WhooshSearchQueryCompiler",
    "WhooshSearchResults",
]

logger = logging.getLogger(__name__)

WHOOSH_INDEX_NAME = "MAIN"
CURRENT_POINTER = "CURRENT"
BUILDING_POINTER = "BUILDING"
REBUILD_LOCK = "REBUILD.lock"
META_LOCK = "META.lock"
TOUCHED_FILE = "TOUCHED"  # ids saved into a generation while it was being rebuilt
SEARCH_PREFIX = "s__"
AUTOCOMPLETE_PREFIX = "a__"
FILTER_PREFIX = "f__"
NULLS_FIELD = "fnull"  # names of the filter fields that are null (or have no related row)
MULTI_SEPARATOR = "\x1f"  # between the values of a multi-valued filter field
MAX_TOKEN_LENGTH = 100
ORM_CHUNK_SIZE = 500
MAX_OPEN_GENERATIONS = 4
SEARCHERS_PER_THREAD = 8  # open searchers kept per thread, across indexes
_SEARCHERS = threading.local()
BULK_SEGMENT_DOCS = 10000  # documents a rebuild writes per segment (per process)
MIN_DOCS_PER_PROCESS = 2000  # smaller batches are analysed in the writing process
WRITER_LIMIT_MB = 256  # memory for a writer's posting pool before it spills to disk
# Incremental commits merge only segments smaller than a rebuild's, and only when one size
# tier (powers of ten) holds this many of them. Whoosh's own MERGE_SMALL folds every segment
# into one once their count passes a Fibonacci bound: on a 100,000-document index freshly
# rebuilt into 10,000-document segments, the first few saves then rewrote the whole index
# (a 140 s commit, benchmarks/search.py).
MERGE_TIER_SEGMENTS = 10


def segments_to_merge(doc_counts: list[int], *, largest: int | None = None) -> list[int]:
    """Indexes (into ``doc_counts``) of the segments an incremental commit merges: the
    segments of the smallest tier that has ``MERGE_TIER_SEGMENTS`` or more, among those
    below ``largest`` documents (a tenth of a rebuild's batch: a rebuild's segments, split
    between its processes, stay well above it). Big segments are left for the next
    rebuild."""
    largest = BULK_SEGMENT_DOCS // 10 if largest is None else largest
    tiers: dict[int, list[int]] = {}
    for position, count in enumerate(doc_counts):
        if count < largest:
            tiers.setdefault(len(str(max(count, 1))), []).append(position)
    for _tier, positions in sorted(tiers.items()):
        if len(positions) >= MERGE_TIER_SEGMENTS:
            return positions
    return []


def merge_tiered(writer, segments):
    """A Whoosh merge policy (``commit(mergetype=...)``) using ``segments_to_merge``."""
    from whoosh.reading import SegmentReader

    chosen = set(segments_to_merge([segment.doc_count_all() for segment in segments]))
    if len(chosen) < 2:
        return segments
    for position in sorted(chosen):
        reader = SegmentReader(writer.storage, writer.schema, segments[position])
        writer.add_reader(reader)
        reader.close()
    return [segment for position, segment in enumerate(segments) if position not in chosen]


_GENERATION_RE = re.compile(r"^gen-\d{20}-[0-9a-f]{8}$")
# C0/C1 controls and lone surrogates (which cannot be encoded to UTF-8) become spaces.
_UNSAFE_CHARS_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# One map object shared by both analyzers, so the pickled schema holds it once.
FOLDING_MAP: dict[int, str] = dict(accent_map)


# ---------------------------------------------------------------------------------------
# Text analysis
# ---------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Make text safe and canonical before analysis (used for documents and queries)."""
    return unicodedata.normalize("NFKC", _UNSAFE_CHARS_RE.sub(" ", text))


def stemming_language(language: str | None) -> str | None:
    """The Whoosh stemmer language for a Django-style language code, or None."""
    if not language:
        return None
    language = str(language).lower()
    for candidate in (language, language.replace("_", "-").split("-")[0]):
        if has_stemmer(candidate):
            return candidate
    return None


def _base_analyzer():
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(FOLDING_MAP)
        | StopFilter(stoplist=(), minsize=1, maxsize=MAX_TOKEN_LENGTH)
    )


def build_search_analyzer(language: str | None):
    """Tokenise, lower-case, fold accents and (for languages with a stemmer) stem."""
    analyzer = _base_analyzer()
    stem_language = stemming_language(language)
    if stem_language:
        analyzer = analyzer | StemFilter(lang=stem_language)
    return analyzer


def build_autocomplete_analyzer(max_ngram: int):
    """Like the search analyzer but unstemmed, indexing every word's prefixes."""
    return _base_analyzer() | NgramFilter(1, max_ngram, at="start")


def build_schema(language: str | None, max_ngram: int, search_analyzer=None) -> Schema:
    schema = Schema(
        # sortable: a column, read much faster than stored fields for long hit lists
        id=ID(stored=True, unique=True, sortable=True),
        ct=KEYWORD(lowercase=False, commas=False, scorable=False),
    )
    schema.add(
        SEARCH_PREFIX + "*",
        TEXT(analyzer=search_analyzer or build_search_analyzer(language), phrase=True),
        glob=True,
    )
    schema.add(
        AUTOCOMPLETE_PREFIX + "*",
        TEXT(analyzer=build_autocomplete_analyzer(max_ngram), phrase=False),
        glob=True,
    )
    # FilterField values, encoded so that string order is value order (see encode_value);
    # a column per field for ordering and facets.
    schema.add(
        FILTER_PREFIX + "*",
        ID(analyzer=RegexTokenizer(r"[^\x1f]+"), sortable=True),
        glob=True,
    )
    schema.add(NULLS_FIELD, KEYWORD(lowercase=False, commas=False, scorable=False))
    return schema


def schema_has_filters(schema: Schema) -> bool:
    """Indexes built before filters were stored in Whoosh need a rebuild to use them."""
    try:
        schema[FILTER_PREFIX + "x"]
    except KeyError:
        return False
    return True


# ---------------------------------------------------------------------------------------
# Filter values
# ---------------------------------------------------------------------------------------

_INT_OFFSET = 1 << 63
_U64 = (1 << 64) - 1


def _utc_naive(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value


def encode_value(value: Any) -> str | None:
    """A filter value as a string whose order is the value's order, tagged with its type."""
    if value is None:
        return None
    if isinstance(value, Model):
        return encode_value(value.pk)
    if isinstance(value, bool):
        return "b1" if value else "b0"
    if isinstance(value, int):
        return "i" + format(max(0, min(_U64, value + _INT_OFFSET)), "016x")
    if isinstance(value, (float, decimal.Decimal)):
        bits = struct.unpack(">Q", struct.pack(">d", float(value)))[0]
        bits = (~bits & _U64) if bits & _INT_OFFSET else (bits | _INT_OFFSET)
        return "n" + format(bits, "016x")
    if isinstance(value, datetime.datetime):
        return "t" + _utc_naive(value).strftime("%Y-%m-%dT%H:%M:%S.%f").rjust(26, "0")
    if isinstance(value, datetime.date):
        return "d" + format(value.year, "04d") + value.strftime("-%m-%d")
    if isinstance(value, datetime.time):
        return "h" + value.strftime("%H:%M:%S.%f")
    if isinstance(value, uuid.UUID):
        return "s" + str(value)
    return "s" + clean_text(force_str(value)).replace(MULTI_SEPARATOR, " ")


def decode_value(text: str) -> Any:
    """The Python value of an encoded filter value (facet keys)."""
    tag, body = text[:1], text[1:]
    if tag == "i":
        return int(body, 16) - _INT_OFFSET
    if tag == "b":
        return body == "1"
    if tag == "n":
        bits = int(body, 16)
        bits = (bits & ~_INT_OFFSET) if bits & _INT_OFFSET else (~bits & _U64)
        return struct.unpack(">d", struct.pack(">Q", bits))[0]
    if tag == "t":
        value = datetime.datetime.fromisoformat(body)
        from django.conf import settings

        return value.replace(tzinfo=datetime.UTC) if settings.USE_TZ else value
    if tag == "d":
        return datetime.date.fromisoformat(body)
    if tag == "h":
        return datetime.time.fromisoformat(body)
    return body


@dataclass(frozen=True)
class _Analysis:
    """Query-side analyzers, taken from the schema an index was built with."""

    search: Any
    autocomplete: Any
    max_ngram: int

    @classmethod
    def from_schema(cls, schema: Schema) -> _Analysis:
        search = schema[SEARCH_PREFIX + "x"].analyzer
        indexed = schema[AUTOCOMPLETE_PREFIX + "x"].analyzer
        items = list(getattr(indexed, "items", [indexed]))
        ngrams = [item for item in items if isinstance(item, NgramFilter)]
        rest = [item for item in items if not isinstance(item, NgramFilter)]
        autocomplete = CompositeAnalyzer(*rest) if len(rest) > 1 else rest[0]
        return cls(search, autocomplete, ngrams[0].max if ngrams else MAX_TOKEN_LENGTH)


# ---------------------------------------------------------------------------------------
# Model introspection
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TextField:
    """A text field as stored in Whoosh (``s__title``, ``a__authors__name``...)."""

    name: str
    field_name: str
    boost: float
    related: bool


def _has_text_fields(fields: Iterable) -> bool:
    for field in fields:
        if isinstance(field, (SearchField, AutocompleteField)):
            return True
        if isinstance(field, RelatedFields) and _has_text_fields(field.fields):
            return True
    return False


def _walk_text_fields(fields, kind: type, prefix: str = "", top: str | None = None):
    for field in fields:
        if isinstance(field, RelatedFields):
            yield from _walk_text_fields(
                field.fields, kind, f"{prefix}{field.field_name}__", top or field.field_name
            )
        elif isinstance(field, kind):
            boost = getattr(field, "boost", None)
            yield _TextField(
                name=(SEARCH_PREFIX if kind is SearchField else AUTOCOMPLETE_PREFIX)
                + prefix
                + field.field_name,
                field_name=top or field.field_name,
                boost=float(boost) if boost is not None else 1.0,
                related=top is not None,
            )


@cache
def model_text_fields(model: type[Model], kind: type) -> tuple[_TextField, ...]:
    """Text fields to query for ``model``: its own, then those of indexed subclasses."""
    models = [model] + sorted(
        (m for m in get_indexed_models() if m is not model and issubclass(m, model)),
        key=lambda m: m._meta.label,
    )
    found: dict[str, _TextField] = {}
    for m in models:
        for spec in _walk_text_fields(m.get_search_fields(), kind):
            found.setdefault(spec.name, spec)
    return tuple(found.values())


def content_types(model: type[Model]) -> list[str]:
    """The content type of ``model`` and of each indexed ancestor (Wagtail page types)."""
    names = []
    current: Any = model
    while current is not None:
        if issubclass(current, Indexed):
            names.append(current.indexed_get_content_type())
            current = current.indexed_get_parent()
        else:
            current = None
    return names


def index_name_for_model(model: type[Model]) -> str:
    root = get_model_root(model)
    return re.sub(r"[^a-z0-9_]", "_", f"{root._meta.app_label}_{root._meta.model_name}".lower())


def _prepare_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return "\n".join(_prepare_value(item) for item in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return "\n".join(_prepare_value(item) for item in value)
    return force_str(value)


def _related_objects(obj: Model, field: RelatedFields) -> list:
    try:
        value = field.get_value(obj)
    except FieldDoesNotExist:
        value = getattr(obj, field.field_name, None)
    if value is None:
        return []
    if isinstance(value, Manager):
        return list(value.all())
    if callable(value):
        value = value()
    if isinstance(value, QuerySet):
        return list(value)
    return [value] if value is not None else []


def _has_filter_fields(fields: Iterable) -> bool:
    for field in fields:
        if isinstance(field, FilterField):
            return True
        if isinstance(field, RelatedFields) and _has_filter_fields(field.fields):
            return True
    return False


def _related_model(model, field: RelatedFields):
    try:
        return field.get_field(model).related_model
    except (FieldDoesNotExist, AttributeError):
        return None


def _single_valued(model, field) -> bool:
    """Is ``field`` (a FilterField or RelatedFields) a plain column or a forward
    foreign key / one-to-one? Only those are stored: many-valued relations would cost a
    query per document, and filters on them go through the ORM instead."""
    try:
        django_field = field.get_field(model)
    except (FieldDoesNotExist, AttributeError):
        return isinstance(field, FilterField)  # an attribute or method of the model
    if django_field.many_to_many or django_field.one_to_many:
        return False
    return getattr(django_field, "concrete", False)


def _filter_names(fields, model, prefix: str) -> Iterator[str]:
    """Names (``f__`` excluded) of the filter fields stored for ``fields`` of ``model``."""
    for field in fields:
        if not isinstance(field, (FilterField, RelatedFields)):
            continue
        if not _single_valued(model, field):
            continue
        if isinstance(field, FilterField):
            yield prefix + field.get_attname(model)
        else:
            related = _related_model(model, field)
            if related is not None:
                yield from _filter_names(field.fields, related, f"{prefix}{field.field_name}__")


@cache
def model_filter_names(model: type[Model]) -> frozenset[str]:
    """Filter fields stored in Whoosh for ``model`` and its indexed subclasses."""
    models = [model] + [m for m in get_indexed_models() if m is not model and issubclass(m, model)]
    names: set[str] = set()
    for m in models:
        names.update(_filter_names(m.get_search_fields(), m, ""))
    return frozenset(names)


def _filter_value(obj: Model, field: FilterField) -> Any:
    """The raw value of a single-valued FilterField."""
    try:
        django_field = field.get_field(type(obj))
    except FieldDoesNotExist:
        value = getattr(obj, field.field_name, None)
        return value() if callable(value) else value
    return getattr(obj, django_field.attname, None)


@dataclass
class _Collected:
    texts: dict[str, list[str]]
    filters: dict[str, list[str]]
    nulls: set[str]


def _collect(obj: Model, fields, prefix: str, out: _Collected, filters: bool = True) -> None:
    for field in fields:
        if isinstance(field, RelatedFields):
            with_filters = (
                filters and _has_filter_fields(field.fields) and _single_valued(type(obj), field)
            )
            if not (with_filters or _has_text_fields(field.fields)):
                continue
            sub_prefix = f"{prefix}{field.field_name}__"
            related = _related_objects(obj, field)
            if not related and with_filters:
                model = _related_model(type(obj), field)
                if model is not None:
                    out.nulls.update(_filter_names(field.fields, model, sub_prefix))
            for sub_obj in related:
                _collect(sub_obj, field.fields, sub_prefix, out, with_filters)
        elif isinstance(field, FilterField):
            if not (filters and _single_valued(type(obj), field)):
                continue
            name = prefix + field.get_attname(type(obj))
            encoded = encode_value(_filter_value(obj, field))
            if encoded is not None:
                out.filters[name] = [encoded]
            else:
                out.nulls.add(name)
        elif isinstance(field, (SearchField, AutocompleteField)):
            text = _prepare_value(field.get_value(obj))
            if text and not text.isspace():
                kind = SEARCH_PREFIX if isinstance(field, SearchField) else AUTOCOMPLETE_PREFIX
                out.texts.setdefault(kind + prefix + field.field_name, []).append(text)


def build_document(obj: Model) -> dict[str, str]:
    """The Whoosh document for ``obj`` (reads related objects, so call outside locks)."""
    model = type(obj)
    out = _Collected({}, {}, set())
    _collect(obj, model.get_search_fields(), "", out)
    document = {"id": force_str(obj.pk), "ct": " ".join(content_types(model))}
    for name, parts in out.texts.items():
        document[name] = clean_text("\n".join(parts))
    for name, values in out.filters.items():
        document[FILTER_PREFIX + name] = MULTI_SEPARATOR.join(dict.fromkeys(values))
    nulls = out.nulls - set(out.filters)
    if nulls:
        document[NULLS_FIELD] = " ".join(sorted(nulls))
    return document


# ---------------------------------------------------------------------------------------
# On-disk storage: generations, pointers, locks
# ---------------------------------------------------------------------------------------


class _IndexStore:
    """The directory of one logical index: its generations, pointers and locks.

    Instances are shared per directory within a process (see ``_store_for``).
    """

    def __init__(self, root: Path):
        self.root = root
        self._lock = threading.Lock()
        self._indexes: dict[str, Any] = {}
        self._write_locks: dict[str, threading.Lock] = {}

    # Pointers -----------------------------------------------------------------------

    def _read_pointer(self, name: str) -> str | None:
        try:
            value = (self.root / name).read_text(encoding="ascii").strip()
        except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
            return None
        if not _GENERATION_RE.match(value) or not (self.root / value).is_dir():
            return None
        return value

    def _write_pointer(self, name: str, value: str) -> None:
        tmp = self.root / f".{name}.{secrets.token_hex(6)}.tmp"
        with open(tmp, "w", encoding="ascii") as handle:
            handle.write(value)
            handle.flush()
            os.fsync(handle.fileno())
        for attempt in range(20):
            try:
                os.replace(tmp, self.root / name)
                return
            except PermissionError:  # Windows: a reader holds the file open
                if attempt == 19:
                    raise
                time.sleep(0.01)

    def _remove_pointer(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.root / name).unlink()

    def current(self) -> str | None:
        return self._read_pointer(CURRENT_POINTER)

    def building(self) -> str | None:
        """The generation a rebuild is filling, or None (clears stale markers)."""
        generation = self._read_pointer(BUILDING_POINTER)
        if generation is None:
            return None
        probe = FileLock(str(self.root / REBUILD_LOCK))
        if probe.acquire(blocking=False):
            # Nobody holds the rebuild lock, so the rebuild that wrote the marker died.
            try:
                if self._read_pointer(BUILDING_POINTER) == generation:
                    self._remove_pointer(BUILDING_POINTER)
            finally:
                probe.release()
            return None
        return generation

    # Locks ----------------------------------------------------------------------------

    def file_lock(self, name: str, timeout: float) -> FileLock:
        """Acquire a cross-process lock file in the index directory (caller releases)."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / name))
        deadline = time.monotonic() + timeout
        while not lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise LockError(f"Timed out waiting for {self.root / name}")
            time.sleep(0.01)
        return lock

    def _thread_lock(self, generation: str) -> threading.Lock:
        with self._lock:
            return self._write_locks.setdefault(generation, threading.Lock())

    # Generations ----------------------------------------------------------------------

    def create_generation(self, schema: Schema) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"gen-{time.time_ns():020d}-{secrets.token_hex(4)}"
        path = self.root / name
        path.mkdir()
        whoosh_index.create_in(str(path), schema, indexname=WHOOSH_INDEX_NAME)
        return name

    def ensure_current(self, schema_factory: Callable[[], Schema], timeout: float) -> str:
        generation = self.current()
        if generation:
            return generation
        lock = self.file_lock(META_LOCK, timeout)
        try:
            generation = self.current()
            if generation is None:
                generation = self.create_generation(schema_factory())
                self._write_pointer(CURRENT_POINTER, generation)
            return generation
        finally:
            lock.release()

    def open(self, generation: str):
        with self._lock:
            ix = self._indexes.get(generation)
        if ix is None:
            path = str(self.root / generation)
            for attempt in range(20):
                try:
                    ix = whoosh_index.open_dir(path, indexname=WHOOSH_INDEX_NAME)
                    break
                except FileNotFoundError:
                    # A commit in another process retired the TOC we were reading.
                    if attempt == 19 or not os.path.isdir(path):
                        raise
                    time.sleep(0.005)
            with self._lock:
                ix = self._indexes.setdefault(generation, ix)
                # Generations retired by other processes are never opened again.
                while len(self._indexes) > MAX_OPEN_GENERATIONS:
                    del self._indexes[next(iter(self._indexes))]
        return ix

    def searcher(self, generation: str):
        """An up-to-date searcher on ``generation``, pooled per thread: not to be closed.

        Opening a searcher opens every segment's files (about 10 ms for 20 segments);
        ``refresh()`` reopens only what changed since. Whoosh searchers are not
        thread-safe, hence one pool per thread, bounded (least recently used closed).
        """
        pool = getattr(_SEARCHERS, "pool", None)
        if pool is None:
            pool = _SEARCHERS.pool = OrderedDict()
        key = (str(self.root), generation)
        searcher = pool.pop(key, None)
        if searcher is not None and (
            searcher.is_closed or getattr(searcher.reader(), "is_closed", False)
        ):
            searcher = None  # closed by a caller after all
        if searcher is not None:
            try:
                searcher = searcher.refresh()
            except (OSError, EmptyIndexError):
                with contextlib.suppress(Exception):
                    searcher.close()
                searcher = None
        if searcher is None:
            searcher = self.open(generation).searcher()
        searcher.praxis_generation = generation
        pool[key] = searcher
        while len(pool) > SEARCHERS_PER_THREAD:
            _, old = pool.popitem(last=False)
            with contextlib.suppress(Exception):
                old.close()
        return searcher

    def _forget(self, generation: str) -> None:
        with self._lock:
            self._indexes.pop(generation, None)
            self._write_locks.pop(generation, None)

    def open_searcher(self):
        """A searcher on the live generation, or None if no index (see ``searcher``)."""
        for attempt in range(3):
            generation = self.current()
            if generation is None:
                return None
            try:
                return self.searcher(generation)
            except (OSError, EmptyIndexError):
                # The generation was swapped out and removed between read and open.
                self._forget(generation)
                if attempt == 2:
                    raise
        return None

    def swap(self, generation: str, timeout: float) -> None:
        """Make ``generation`` live, then remove all but it and its predecessor."""
        lock = self.file_lock(META_LOCK, timeout)
        try:
            previous = self.current()
            self._write_pointer(CURRENT_POINTER, generation)
            if self._read_pointer(BUILDING_POINTER) == generation:
                self._remove_pointer(BUILDING_POINTER)
        finally:
            lock.release()
        # The predecessor is kept for searchers and writers that read CURRENT just before.
        self._collect_garbage(keep={generation, previous})

    def _collect_garbage(self, keep: set[str | None]) -> None:
        building = self._read_pointer(BUILDING_POINTER)
        for path in self.root.iterdir():
            name = path.name
            if _GENERATION_RE.match(name) and name not in keep and name != building:
                self._forget(name)
                shutil.rmtree(path, ignore_errors=True)
            elif name.startswith(".") and name.endswith(".tmp"):
                try:
                    if time.time() - path.stat().st_mtime > 3600:
                        path.unlink()
                except OSError:
                    pass

    # Writing --------------------------------------------------------------------------

    def write_generation(
        self,
        generation: str,
        apply: Callable[[Any], None],
        timeout: float,
        merge: bool = True,
        optimize: bool = False,
        procs: int = 1,
    ) -> None:
        """Run ``apply(writer)`` on one generation and commit, waiting for the lock.

        Whoosh merges small segments on commit, keeping their number logarithmic;
        a rebuild commits its batches unmerged and merges everything once at the end.
        """
        ix = self.open(generation)
        deadline = time.monotonic() + timeout
        thread_lock = self._thread_lock(generation)
        if not thread_lock.acquire(timeout=max(timeout, 0.001)):
            raise LockError(f"Timed out waiting to write {self.root / generation}")
        try:
            remaining = max(0.0, deadline - time.monotonic())
            options: dict[str, Any] = {"limitmb": WRITER_LIMIT_MB}
            if procs > 1:
                options.update(procs=procs, multisegment=True)
            writer = ix.writer(timeout=remaining, delay=0.01, **options)
            try:
                apply(writer)
            except BaseException:
                writer.cancel()
                raise
            if optimize or not merge or procs > 1:
                writer.commit(merge=merge, optimize=optimize)
            else:
                writer.commit(mergetype=merge_tiered)
        finally:
            thread_lock.release()

    def write(
        self,
        apply: Callable[[Any], None],
        schema_factory: Callable[[], Schema],
        timeout: float,
        create: bool = True,
        keys: Iterable[str] = (),
    ) -> None:
        """Apply a change to the live generation and to the one being rebuilt, if any.

        Targets are read again after committing, so a rebuild that started (or swapped)
        meanwhile also receives the change. ``keys`` (the ids changed) are noted in the
        rebuilt generation, so that the rebuild does not overwrite them with the older
        copies it buffered (see WhooshIndex.flush_bulk).
        """
        keys = list(keys)
        done: set[str] = set()
        for _ in range(4):
            targets = []
            current = self.ensure_current(schema_factory, timeout) if create else self.current()
            building = self.building()
            for generation in (current, building):
                if generation and generation not in done and generation not in targets:
                    targets.append(generation)
            if not targets:
                return
            for generation in targets:
                step = apply
                if keys and generation == building and generation != current:
                    step = self._marking(apply, generation, keys)
                try:
                    self.write_generation(generation, step, timeout)
                except (OSError, EmptyIndexError):
                    if generation in (self.current(), self.building()):
                        raise
                    # It was retired (and removed) under us; the next pass writes its heir.
                    self._forget(generation)
                done.add(generation)

    def _marking(self, apply: Callable[[Any], None], generation: str, keys: list[str]):
        def step(writer) -> None:
            apply(writer)
            # Under the generation's write lock, so a rebuild's flush sees it or follows.
            with open(self.root / generation / TOUCHED_FILE, "a", encoding="utf-8") as handle:
                handle.write("".join(f"{key}\n" for key in keys))

        return step

    def touched(self, generation: str) -> set[str]:
        """Ids written to a generation by saves while it was being rebuilt."""
        try:
            text = (self.root / generation / TOUCHED_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return set()
        return set(text.split())


_STORES: dict[str, _IndexStore] = {}
_STORES_LOCK = threading.Lock()


def _store_for(path: Path) -> _IndexStore:
    key = os.path.abspath(path)
    with _STORES_LOCK:
        store = _STORES.get(key)
        if store is None:
            store = _STORES[key] = _IndexStore(Path(key))
        return store


# ---------------------------------------------------------------------------------------
# Index
# ---------------------------------------------------------------------------------------


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
                document = build_document(item)
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


# ---------------------------------------------------------------------------------------
# Query compilation
# ---------------------------------------------------------------------------------------


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

        terms = [wq.Term(self.field(), word) for word in self._btexts(searcher.reader()) if word]
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
        for token in self._analyzer()(text, mode="query"):
            if token.text and token.text not in terms:
                terms.append(token.text)
                self._budget.remaining -= 1
                if self._budget.remaining <= 0:
                    break
        return terms

    # Building blocks ------------------------------------------------------------------

    def _term(self, term: str, boost: float) -> wq.Query:
        leaves = [wq.Term(f.name, term, boost=boost * f.boost) for f in self._fields]
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


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Deadline:
    def __init__(self, seconds: float | None):
        self.at = time.monotonic() + seconds if seconds else None

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at


class _AllowCollector(collectors.FilterCollector):
    """Whoosh's FilterCollector, also filtering in collect(): a TimeLimitCollector
    around it iterates the matches itself and calls collect(), which Whoosh 2.7's
    FilterCollector passes through unfiltered."""

    def collect(self, sub_docnum):
        allow = self._allow
        if allow is not None and self.offset + sub_docnum not in allow:
            self.filtered_count += 1
            return None
        return self.child.collect(sub_docnum)


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
    """The documents ``mask`` matches as a sorted numpy array (for whoosh_bulk), cached
    like ``_allowed``; matched over cached postings where whoosh_bulk can."""

    def compute() -> np.ndarray:
        hits = whoosh_bulk.evaluate(
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


def _segment_column(reader, field: str):
    """A segment's column reader, kept on the segment reader: opening one reads the
    column's offsets, and pooled searchers reuse unchanged segment readers."""
    columns = reader.__dict__.setdefault("_praxis_columns", {})
    if field not in columns:
        columns[field] = reader.column_reader(field)  # empty values if the segment has none
    return columns[field]


def _segment_array(reader, key: str, build: Callable[[Any], np.ndarray | None]):
    """A whole column of a segment as an array, kept on the segment reader."""
    arrays = reader.__dict__.setdefault("_praxis_arrays", {})
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
        self._bulk: Any = _UNSET  # whoosh_bulk.Hits of text and filters, or None

    @contextlib.contextmanager
    def searcher(self):
        searcher = self.index._searcher()
        if searcher is None:
            self._reset()
            self._version = None
            yield None
            return
        version = (getattr(searcher, "praxis_generation", None), searcher.reader().generation())
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

    def _bulk_hits(self, searcher) -> whoosh_bulk.Hits | None:
        """Every match with its score in one pass over cached postings (whoosh_bulk),
        filters applied; None where that module defers to Whoosh's matchers."""
        if self._bulk is _UNSET:
            self._bulk = None
            if self.backend.bulk_scoring and self.scored not in (_ALL, _NONE):
                deadline = _Deadline(self.backend.time_limit)
                hits = whoosh_bulk.evaluate(
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
                    hits = whoosh_bulk.Hits(hits.docnums[keep], hits.scores[keep])
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
            return whoosh_bulk.top(hits, limit)
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


def _pk_sort_key(pk_field, key: str):
    try:
        return (0, pk_field.to_python(key))
    except Exception:  # noqa: BLE001 - odd keys sort apart, never fail a search
        return (1, key)


# ---------------------------------------------------------------------------------------
# Rebuilder
# ---------------------------------------------------------------------------------------


class WhooshRebuilder:
    """Builds a fresh generation next to the live one and swaps it in atomically."""

    def __init__(self, index: WhooshIndex):
        self.index = index
        self.generation: str | None = None
        self.target: WhooshIndex | None = None
        self._lock: FileLock | None = None

    def start(self) -> WhooshIndex:
        backend = self.index.backend
        store = self.index.store
        self._lock = store.file_lock(REBUILD_LOCK, backend.rebuild_timeout)
        try:
            self.generation = store.create_generation(backend.build_schema())
            store._write_pointer(BUILDING_POINTER, self.generation)
        except BaseException:
            self._release()
            raise
        self.target = WhooshIndex(backend, self.index.name, generation=self.generation, bulk=True)
        return self.target

    def finish(self) -> None:
        if self.generation is None:
            raise RuntimeError("WhooshRebuilder.finish() called before start()")
        store = self.index.store
        timeout = self.index.backend.write_timeout
        try:
            if self.target is not None:
                self.target.flush_bulk()
            store.swap(self.generation, timeout)
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.release()

    def __del__(self):
        # An abandoned rebuild: let the next writer see its BUILDING marker as stale.
        with contextlib.suppress(Exception):
            self._release()


# ---------------------------------------------------------------------------------------
# Backend
# ---------------------------------------------------------------------------------------


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


_POSTING_CACHES: dict[int, whoosh_bulk.PostingCache] = {}
_POSTING_CACHES_LOCK = threading.Lock()


def _posting_cache(max_bytes: int) -> whoosh_bulk.PostingCache:
    """One cache per size for the process: backends are instantiated per use, and
    segments (which key the cache) are unique across indexes."""
    with _POSTING_CACHES_LOCK:
        if max_bytes not in _POSTING_CACHES:
            _POSTING_CACHES[max_bytes] = whoosh_bulk.PostingCache(max_bytes)
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
        # Text queries scored over numpy arrays of cached postings (see whoosh_bulk),
        # falling back to Whoosh's matchers for what that module does not model.
        self.bulk_scoring = bool(params.get("BULK_SCORING", True))
        cache_mb = _positive(params, "POSTINGS_CACHE_MB", 256, int)
        self.posting_cache = _posting_cache(cache_mb * 1024 * 1024)

    def build_schema(self) -> Schema:
        return build_schema(self.language, self.max_ngram, self.search_analyzer)

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
