"""A Tantivy search backend for django-modelsearch (and so for Wagtail).

Tantivy (the ``tantivy`` package: Python bindings of a compiled search engine) answers
queries in microseconds and opens an index in about a millisecond, without a server.

Configuration (``MODELSEARCH_BACKENDS`` or ``WAGTAILSEARCH_BACKENDS``)::

    "default": {
        "BACKEND": "search.backends.tantivy",
        "PATH": "/srv/app/var/tantivy",  # required: directory holding the indexes
        "LANGUAGE": "en",                # stemming language; accents are folded for all
        "LANGUAGE_FIELD": None,          # or the attribute naming a document's language,
        "LANGUAGES": None,               # with the languages documents may be written in
        "OPERATOR": "or",                # default operator of search()
        "AUTOCOMPLETE_OPERATOR": "and",  # default operator of autocomplete()
        "MAX_QUERY_LENGTH": 255,         # characters kept of each query string
        "MAX_QUERY_TERMS": 32,           # analysed terms kept across a whole query
        "RESULT_LIMIT": 10000,           # matches taken from Tantivy for ORM ordering
        "WRITE_TIMEOUT": 30.0,           # seconds a write waits for the index lock
        "REBUILD_TIMEOUT": 600.0,        # seconds a rebuild waits for another rebuild
    }

How it works:

* One Tantivy index per root model, in ``PATH/<app>_<model>/``, with a field per
  searched, autocomplete and filter field of the model and its indexed subclasses
  (``index.schema_for_model``). A document carries the content types of its model and of
  its indexed ancestors (``ct``): a search on ``Page`` finds every page type, one on
  ``BlogPage`` only blog pages (multi-table inheritance).
* Text (``analysis``): ``s__<field>`` holds the words lower-cased and accent-folded
  (Tantivy's ASCII folding: ł, ą, ė, č, ø, å...), with positions for phrases;
  ``t__<field>`` their stems in the document's language (``LANGUAGE_FIELD``, else
  ``LANGUAGE``; Snowball stemmers: English, Norwegian for ``nb``, Hungarian...). A query
  word matches itself or its stem in each of ``LANGUAGES``. Autocomplete fields
  ``a__<field>`` hold folded words, matched by prefix. Field boosts are query boosts.
* Query text becomes Tantivy query objects directly (term, phrase, fuzzy term, regex
  prefix and boolean queries); Tantivy's query parser is never used, so ``"``, ``(``,
  ``AND`` or ``title:`` typed by users are words or punctuation.
* FilterField values on the model and along forward foreign keys (``RelatedFields``) are
  stored in ``f__<path>`` (encoded so that string order is value order) and, for numbers,
  dates and times, ``n__<path>`` (f64, for ranges); nulls are listed in ``fnull``. The
  queryset's filters (exact, in, lt/lte/gt/gte, range, isnull, startswith, year, AND/OR/
  NOT, ``__in`` subqueries, pointer fields of page types) join the text query as
  score-free clauses; the page, the exact total (Tantivy's count collector) and the facets
  (Tantivy's terms and range aggregations) come from the index, the database loads only
  the page's rows. Ordering by fields is done by the database over the matches (at most
  ``RESULT_LIMIT``).
* Fallback: filters Tantivy cannot express (other lookups, F() expressions, ranges on
  text, many-valued relations): Tantivy matches the text (at most ``RESULT_LIMIT``), the
  ORM filters, orders, counts and facets. A bare ``MATCH_ALL`` is answered by the ORM.
* Generations (``store``): each index lives in a ``gen-*`` directory named by the file
  ``CURRENT``. A rebuild fills a new generation (named in ``BUILDING``, so saves made
  meanwhile go to both, and are not overwritten by the rebuild's older copies) and then
  replaces ``CURRENT`` atomically; searches answer from the old one until then.
* Writers: Tantivy allows one ``IndexWriter`` per index. Writers of all processes take an
  ``flock`` first (waiting up to ``WRITE_TIMEOUT``) and retry Tantivy's own lock until
  the same deadline; each write is committed (and synced to disk: some tens of ms on a
  disk, a few in memory) before it returns, so batch saves (``add_bulk``; Praxis's
  background writer does). Readers reload when the index's ``meta.json`` changes.
* Per query: compiled filters (by WHERE tree and values; never for subqueries) and compiled
  query texts are kept per generation, modelsearch's check runs once per query shape, and
  one Tantivy search gives the page and the exact total (whichever is asked first). The
  page's rows are loaded in one ``pk__in`` query through the queryset (its filters hold
  even while the index lags behind a save).

Limits: changing a model's search fields, ``LANGUAGE`` or ``LANGUAGES`` takes effect
after a rebuild (``update_index``); until then fields the index lacks are neither
searched nor stored. Integers beyond 2**53 compare approximately in range filters.

Modules, each importing only those listed before it: ``analysis``, ``documents``,
``store``, ``query``, ``index``, ``results``, ``rebuilder``, ``backend``. Nothing else is
imported but Django, django-modelsearch and tantivy.
"""

from .backend import SearchBackend, TantivySearchBackend
from .index import TantivyIndex
from .query import TantivyAutocompleteQueryCompiler, TantivySearchQueryCompiler
from .rebuilder import TantivyRebuilder
from .results import TantivySearchResults

__all__ = [
    "SearchBackend",
    "TantivyAutocompleteQueryCompiler",
    "TantivyIndex",
    "TantivyRebuilder",
    "TantivySearchBackend",
    "TantivySearchQueryCompiler",
    "TantivySearchResults",
]
