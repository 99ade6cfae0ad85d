"""A Whoosh search backend for django-modelsearch (and so for Wagtail).

Configuration (``MODELSEARCH_BACKENDS`` or ``WAGTAILSEARCH_BACKENDS``)::

    "default": {
        "BACKEND": "search.backends.whoosh",
        "PATH": "/srv/app/var/whoosh",  # required: directory holding the indexes
        "LANGUAGE": "en",               # stemming language; accents are folded for all
        "ANALYZER": None,               # or a Whoosh analyzer (or dotted path) for words
        "LANGUAGE_FIELD": None,         # or the attribute naming a document's language,
        "LANGUAGES": None,              # with the languages documents may be written in
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
        "BULK_SCORING": True,           # score with cached posting arrays (bulk.py)
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
* Documents in several languages (``LANGUAGE_FIELD``, ``LANGUAGES``): each document's
  searched text is tagged with its language and stemmed in it (``LANGUAGE`` for
  documents without one); every word is indexed folded as well, at the same position.
  A query word stands for itself or its stem in each of ``LANGUAGES`` that Whoosh can
  stem (English, Norwegian for ``nb``, Hungarian...); phrases match the words as typed.
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
  numpy arrays and cached (``bulk``: Whoosh's BM25F scores, array intersections
  and unions instead of a Python call per posting); the page, the total and the facets
  come from that pass, memoised per query and index version. Queries ``bulk``
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
totals stay exact. Changing ``LANGUAGE``, ``LANGUAGES``, ``LANGUAGE_FIELD`` or
``ANALYZER``, or upgrading from an index without filter fields, takes effect after a
rebuild (``update_index``). Stored related
filter values are as fresh as the document: saving a thread must reindex its posts
(``search.signals`` does so when a thread's title, community or restriction changes).

Modules, each importing only those listed before it: ``analysis`` (analyzers, schema),
``documents`` (the document of a model instance), ``store`` (generations, locks,
merging), ``bulk`` (scoring over cached postings), ``query`` (query and filter
compilers), ``index`` (``WhooshIndex``), ``matches`` (one query's evaluation),
``results`` (``WhooshSearchResults``), ``rebuilder`` and ``backend``. Nothing else is
imported but Django, django-modelsearch, Whoosh and numpy.
"""

from .analysis import stemming_language
from .backend import SearchBackend, WhooshSearchBackend
from .index import WhooshIndex
from .query import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .rebuilder import WhooshRebuilder
from .results import WhooshSearchResults
from .store import MERGE_TIER_SEGMENTS, segments_to_merge

__all__ = [
    "MERGE_TIER_SEGMENTS",
    "SearchBackend",
    "WhooshAutocompleteQueryCompiler",
    "WhooshIndex",
    "WhooshRebuilder",
    "WhooshSearchBackend",
    "WhooshSearchQueryCompiler",
    "WhooshSearchResults",
    "segments_to_merge",
    "stemming_language",
]
