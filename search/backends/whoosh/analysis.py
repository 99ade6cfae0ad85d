"""Text analysis and the index schema: analyzers, the stemming language, field layout.

Every index has the same schema: ``id`` and ``ct`` (content types), dynamic text fields
``s__*`` (searched, stemmed) and ``a__*`` (autocomplete, edge n-grams), filter fields
``f__*`` (encoded values, with a column each) and ``fnull`` (the filter fields that are
null). Queries are analysed with the analyzers of the schema an index was built with
(``_Analysis``), so changing the options takes effect after a rebuild. With several
document languages, one analyzer serves them all: a tag at the start of a document's text
(``language_tagged``) chooses the stemmer, and query words are expanded to their stems in
each language (``MultilingualStemFilter``), so the schema stays one field per model field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Tokenizer,
)
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.lang import has_stemmer, stemmer_for_language
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


# Language codes Whoosh's stemmers know by another name (Norwegian Bokmål and Nynorsk).
_STEMMER_ALIASES = {"nb": "no", "nn": "no"}
# Starts and ends a document text's language tag; ``clean_text`` turns every control
# character of the text itself into a space, so no text can forge a tag.
LANGUAGE_MARK = "\x02"


def stemming_language(language: str | None) -> str | None:
    """The Whoosh stemmer language for a Django-style language code, or None."""
    if not language:
        return None
    language = str(language).lower()
    for candidate in (language, language.replace("_", "-").split("-")[0]):
        candidate = _STEMMER_ALIASES.get(candidate, candidate)
        if has_stemmer(candidate):
            return candidate
    return None


def language_tagged(text: str, language: Any) -> str:
    """``text`` (already cleaned) with a tag saying which language it is written in."""
    language = clean_text(str(language or "")).strip()
    if not language or LANGUAGE_MARK in language:
        return text
    return f"{LANGUAGE_MARK}{language}{LANGUAGE_MARK}{text}"


class LanguageTaggedTokenizer(Tokenizer):
    """A tokenizer for text that may start with a language tag (``language_tagged``):
    the tag is not a word; each token carries its language (``token.language``, "" when
    the text has no tag). Character offsets stay those of the tagged text."""

    def __init__(self, inner=None):
        self.inner = inner or RegexTokenizer()

    def __eq__(self, other):
        return type(other) is type(self) and other.inner == self.inner

    def __call__(self, value, **kwargs):
        language = ""
        if value.startswith(LANGUAGE_MARK):
            end = value.find(LANGUAGE_MARK, 1)
            if end > 0:
                language = value[1:end]
                value = " " * (end + 1) + value[end + 1 :]
        for token in self.inner(value, **kwargs):
            token.language = language
            yield token


class MultilingualStemFilter(Filter):
    """Accent folding, plus stems in the text's own language.

    Indexing, each word is kept folded and, if its document's language (the tag's, else
    ``default``) has a stemmer, its folded stem is added at the same position. A query
    does not know the language of the documents it looks for, so each query word stands
    for itself and its stem in each of ``languages`` (``token.variant`` marks the stems;
    the query compiler ORs them). Phrases match the words themselves (at every
    position), so they work in languages without a stemmer too."""

    def __init__(self, default=None, languages=(), charmap=FOLDING_MAP):
        self.default = stemming_language(default)
        stemmed = (stemming_language(language) for language in languages)
        self.languages = tuple(dict.fromkeys(lang for lang in stemmed if lang))
        self.charmap = charmap
        self._stemmers: dict[str, Any] = {}

    def __eq__(self, other):
        return type(other) is type(self) and (other.default, other.languages) == (
            self.default,
            self.languages,
        )

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_stemmers"] = {}  # the stemming functions are rebuilt, not pickled
        return state

    def _stem(self, language: str, word: str) -> str:
        stem = self._stemmers.get(language)
        if stem is None:
            stem = self._stemmers[language] = stemmer_for_language(language)
        return stem(word)

    def _languages(self, token) -> tuple[str, ...]:
        if token.mode == "query":
            return self.languages or ((self.default,) if self.default else ())
        tagged = getattr(token, "language", "")
        language = stemming_language(tagged) if tagged else self.default
        return (language,) if language else ()

    def __call__(self, tokens):
        for token in tokens:
            word = token.text
            folded = word.translate(self.charmap)
            token.text, token.variant = folded, False
            yield token
            seen = {folded}
            for language in self._languages(token):
                stem = self._stem(language, word).translate(self.charmap)
                if stem and stem not in seen:
                    seen.add(stem)
                    token.text, token.variant = stem, True
                    yield token


def _base_analyzer():
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(FOLDING_MAP)
        | StopFilter(stoplist=(), minsize=1, maxsize=MAX_TOKEN_LENGTH)
    )


def build_search_analyzer(language: str | None, languages=None):
    """Tokenise, lower-case, fold accents and (for languages with a stemmer) stem.

    With ``languages`` (the languages documents may be written in), each document is
    stemmed in its own language (``MultilingualStemFilter``), else all in ``language``."""
    if languages is not None:
        return (
            LanguageTaggedTokenizer(RegexTokenizer())
            | LowercaseFilter()
            | MultilingualStemFilter(language, languages)
            # not renumbered: a word's stem stays at the word's position
            | StopFilter(stoplist=(), minsize=1, maxsize=MAX_TOKEN_LENGTH, renumber=False)
        )
    analyzer = _base_analyzer()
    stem_language = stemming_language(language)
    if stem_language:
        analyzer = analyzer | StemFilter(lang=stem_language)
    return analyzer


def build_autocomplete_analyzer(max_ngram: int):
    """Like the search analyzer but unstemmed, indexing every word's prefixes."""
    return _base_analyzer() | NgramFilter(1, max_ngram, at="start")


def build_schema(
    language: str | None, max_ngram: int, search_analyzer=None, languages=None
) -> Schema:
    schema = Schema(
        # sortable: a column, read much faster than stored fields for long hit lists
        id=ID(stored=True, unique=True, sortable=True),
        ct=KEYWORD(lowercase=False, commas=False, scorable=False),
    )
    schema.add(
        SEARCH_PREFIX + "*",
        TEXT(analyzer=search_analyzer or build_search_analyzer(language, languages), phrase=True),
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
