"""Text analysis and the index schema: analyzers, the stemming language, field layout.

Every index has the same schema: ``id`` and ``ct`` (content types), dynamic text fields
``s__*`` (searched, stemmed) and ``a__*`` (autocomplete, edge n-grams), filter fields
``f__*`` (encoded values, with a column each) and ``fnull`` (the filter fields that are
null). Queries are analysed with the analyzers of the schema an index was built with
(``_Analysis``), so changing the options takes effect after a rebuild.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.lang import has_stemmer
from whoosh.support.charset import accent_map

SEARCH_PREFIX = "s__"
AUTOCOMPLETE_PREFIX = "a__"
FILTER_PREFIX = "f__"
NULLS_FIELD = "fnull"  # names of the filter fields that are null (or have no related row)
MULTI_SEPARATOR = "\x1f"  # between the values of a multi-valued filter field
MAX_TOKEN_LENGTH = 100

# C0/C1 controls and lone surrogates (which cannot be encoded to UTF-8) become spaces.
_UNSAFE_CHARS_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# One map object shared by both analyzers, so the pickled schema holds it once.
FOLDING_MAP: dict[int, str] = dict(accent_map)


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
