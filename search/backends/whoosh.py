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
* Whoosh finds and ranks the matching primary keys (at most ``RESULT_LIMIT``); the
  Django ORM then applies the queryset's filters, ORM ordering, slicing, counts and
  facets, so every lookup Django supports on a ``FilterField`` works. A bare
  ``MATCH_ALL`` is answered by the ORM alone, like modelsearch's database backends.

Limits: totals are exact up to ``RESULT_LIMIT`` matches, which are passed to the database
as ``pk IN (...)`` parameters (keep it below SQLite's 32766). Changing ``LANGUAGE`` or
``ANALYZER`` takes effect after a rebuild (queries use the analyzers stored in the index).
A save that races with the rebuild reading the same object's rows may be overwritten by the
rebuild's older copy of that object until its next save.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import re
import secrets
import shutil
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Count, Manager, Model, QuerySet
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
SEARCH_PREFIX = "s__"
AUTOCOMPLETE_PREFIX = "a__"
MAX_TOKEN_LENGTH = 100
ORM_CHUNK_SIZE = 500
MAX_OPEN_GENERATIONS = 4

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
    return schema


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


def _collect_texts(obj: Model, fields, prefix: str, texts: dict[str, list[str]]) -> None:
    for field in fields:
        if isinstance(field, RelatedFields):
            if not _has_text_fields(field.fields):
                continue  # filter-only relations: nothing to index, no query needed
            for sub_obj in _related_objects(obj, field):
                _collect_texts(sub_obj, field.fields, f"{prefix}{field.field_name}__", texts)
        elif isinstance(field, (SearchField, AutocompleteField)):
            text = _prepare_value(field.get_value(obj))
            if text and not text.isspace():
                kind = SEARCH_PREFIX if isinstance(field, SearchField) else AUTOCOMPLETE_PREFIX
                texts.setdefault(kind + prefix + field.field_name, []).append(text)


def build_document(obj: Model) -> dict[str, str]:
    """The Whoosh document for ``obj`` (reads related objects, so call outside locks)."""
    model = type(obj)
    texts: dict[str, list[str]] = {}
    _collect_texts(obj, model.get_search_fields(), "", texts)
    document = {"id": force_str(obj.pk), "ct": " ".join(content_types(model))}
    for name, parts in texts.items():
        document[name] = clean_text("\n".join(parts))
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

    def _forget(self, generation: str) -> None:
        with self._lock:
            self._indexes.pop(generation, None)
            self._write_locks.pop(generation, None)

    def open_searcher(self):
        """A searcher on the live generation (caller closes it), or None if no index."""
        for attempt in range(3):
            generation = self.current()
            if generation is None:
                return None
            try:
                return self.open(generation).searcher()
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
        self, generation: str, apply: Callable[[Any], None], timeout: float
    ) -> None:
        """Run ``apply(writer)`` on one generation and commit, waiting for the lock.

        Whoosh merges small segments on commit, keeping their number logarithmic.
        """
        ix = self.open(generation)
        deadline = time.monotonic() + timeout
        thread_lock = self._thread_lock(generation)
        if not thread_lock.acquire(timeout=max(timeout, 0.001)):
            raise LockError(f"Timed out waiting to write {self.root / generation}")
        try:
            remaining = max(0.0, deadline - time.monotonic())
            writer = ix.writer(timeout=remaining, delay=0.01)
            try:
                apply(writer)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        finally:
            thread_lock.release()

    def write(
        self,
        apply: Callable[[Any], None],
        schema_factory: Callable[[], Schema],
        timeout: float,
        create: bool = True,
    ) -> None:
        """Apply a change to the live generation and to the one being rebuilt, if any.

        Targets are read again after committing, so a rebuild that started (or swapped)
        meanwhile also receives the change.
        """
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
                try:
                    self.write_generation(generation, apply, timeout)
                except (OSError, EmptyIndexError):
                    if generation in (self.current(), self.building()):
                        raise
                    # It was retired (and removed) under us; the next pass writes its heir.
                    self._forget(generation)
                done.add(generation)


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

    def __init__(self, backend: WhooshSearchBackend, name: str, generation: str | None = None):
        super().__init__(backend)
        self.name = name
        self.generation = generation
        self.store = _store_for(backend.path / name)

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

    def _write(self, apply: Callable[[Any], None], create: bool = True) -> None:
        timeout = self.backend.write_timeout
        if self.generation is not None:
            self.store.write_generation(self.generation, apply, timeout)
        else:
            self.store.write(apply, self.backend.build_schema, timeout, create=create)

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

        self._write(apply)

    def delete_item(self, item) -> None:
        if item.pk is None:
            return
        key = force_str(item.pk)
        self._write(lambda writer: writer.delete_by_term("id", key), create=False)

    # Introspection (used by tests and management tooling) ---------------------------

    def document_ids(self) -> set[str]:
        searcher = self._searcher()
        if searcher is None:
            return set()
        try:
            return {fields["id"] for fields in searcher.all_stored_fields()}
        finally:
            searcher.close()

    def _searcher(self):
        if self.generation is not None:
            return self.store.open(self.generation).searcher()
        return self.store.open_searcher()

    # Searching ------------------------------------------------------------------------

    def search(self, compiler: WhooshSearchQueryCompiler) -> list[tuple[str, float]] | None:
        """Matching ``(pk, score)`` pairs, best first; None means "every object"."""
        searcher = self._searcher()
        if searcher is None:
            return []
        try:
            compiled = compiler.compile(_Analysis.from_schema(searcher.schema), self.backend)
            if compiled is _ALL:
                return None
            if compiled is _NONE:
                return []
            model = compiler.queryset.model
            if model is not get_model_root(model):
                # Zero boost: filters without changing scores. (Whoosh 2.7's Require
                # matcher returns wrong documents, so it is not used.)
                ct = model.indexed_get_content_type()
                compiled = wq.And([compiled, wq.Term("ct", ct, boost=0.0)])
            collector: Any = collectors.TopCollector(limit=self.backend.result_limit)
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
            return [
                (reader.stored_fields(docnum)["id"], float(score or 0.0)) for score, docnum in top
            ]
        finally:
            searcher.close()


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


class _Negated:
    """Not(query) kept symbolic so that And can turn it into an efficient AndNot."""

    def __init__(self, query: wq.Query):
        self.query = query

    def materialise(self) -> wq.Query:
        return wq.AndNot(wq.Every(), self.query)


def _materialise(node):
    return node.materialise() if isinstance(node, _Negated) else node


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
        return leaves[0] if len(leaves) == 1 else wq.Or(leaves)

    def _fuzzy(self, term: str, boost: float) -> wq.Query:
        distance = _fuzzy_distance(term)
        if distance == 0:
            return self._term(term, boost)
        leaves = [
            wq.FuzzyTerm(f.name, term, boost=boost * f.boost, maxdist=distance, prefixlength=1)
            for f in self._fields
        ]
        return leaves[0] if len(leaves) == 1 else wq.Or(leaves)

    def _phrase(self, terms: list[str], boost: float) -> wq.Query:
        leaves = [wq.Phrase(f.name, terms, boost=boost * f.boost) for f in self._fields]
        return leaves[0] if len(leaves) == 1 else wq.Or(leaves)

    @staticmethod
    def _combine(parts: list[wq.Query], operator: str) -> wq.Query:
        if len(parts) == 1:
            return parts[0]
        return wq.And(parts) if operator == "and" else wq.Or(parts)

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
            inner = self._convert(query.subquery, boost)
            if inner is _ALL:
                return _NONE
            if inner is _NONE:
                return _ALL
            if isinstance(inner, _Negated):
                return inner.query
            return _Negated(inner)
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
            excluded = negative[0] if len(negative) == 1 else wq.Or(negative)
        if not positive:
            return _Negated(excluded)
        included = positive[0] if len(positive) == 1 else wq.And(positive)
        return wq.AndNot(included, excluded) if excluded is not None else included

    @staticmethod
    def _convert_or(parts: list):
        if any(part is _ALL for part in parts):
            return _ALL
        parts = [_materialise(part) for part in parts if part is not _NONE]
        if not parts:
            return _NONE
        return parts[0] if len(parts) == 1 else wq.Or(parts)


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


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    def _hits(self):
        """_ALL, _NONE or the list of ``(pk, score)`` pairs from Whoosh."""
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

    def _set_score(self, obj, score: float) -> None:
        if self._score_field:
            setattr(obj, self._score_field, score)

    def _do_search(self):
        hits = self._hits()
        if hits is _NONE:
            return []
        compiler = self.query_compiler
        if hits is _ALL:
            queryset = self._base_queryset()
            if not (compiler.order_by_relevance and queryset.ordered):
                queryset = self._orm_ordered(queryset)
            results = list(queryset[self.start : self.stop])
            for obj in results:
                self._set_score(obj, 1.0)
            return results
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

    def _do_count(self) -> int:
        hits = self._hits()
        if hits is _NONE:
            return 0
        compiler = self.query_compiler
        if hits is _ALL:
            return compiler.queryset[self.start : self.stop].count()
        if compiler.order_by_relevance:
            return len(self._relevance_rows(hits)[self.start : self.stop])
        queryset = compiler.queryset.filter(pk__in=[key for key, _ in hits])
        return queryset[self.start : self.stop].count()

    def facet(self, field_name: str) -> OrderedDict:
        compiler = self.query_compiler
        if compiler._get_filterable_field(field_name) is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to '
                f"{compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        hits = self._hits()
        if hits is _NONE:
            queryset = compiler.queryset.none()
        elif hits is _ALL:
            queryset = compiler.queryset
        else:
            queryset = compiler.queryset.filter(pk__in=[key for key, _ in hits])
        rows = queryset.values(field_name).annotate(count=Count("pk")).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)


# ---------------------------------------------------------------------------------------
# Rebuilder
# ---------------------------------------------------------------------------------------


class WhooshRebuilder:
    """Builds a fresh generation next to the live one and swaps it in atomically."""

    def __init__(self, index: WhooshIndex):
        self.index = index
        self.generation: str | None = None
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
        return WhooshIndex(backend, self.index.name, generation=self.generation)

    def finish(self) -> None:
        if self.generation is None:
            raise RuntimeError("WhooshRebuilder.finish() called before start()")
        store = self.index.store
        timeout = self.index.backend.write_timeout
        try:
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
        self.catch_indexing_errors = bool(params.get("CATCH_INDEXING_ERRORS", False))

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
