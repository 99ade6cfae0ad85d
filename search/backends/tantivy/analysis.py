"""Text analysis: tokenizers registered on every opened index, and the same analysis in
Python for query words and for the per-document-language stems.

Every searched text field ``X`` of a model has two Tantivy fields: ``s__X`` holds the
words folded (lower-cased, accents folded, with positions, for phrases) and ``t__X``
the folded stems of the words in the document's own language (computed here, stored as
space-separated tokens). A query word matches its folded self in ``s__X`` or its stem
in each stemming language in ``t__X``. Autocomplete fields ``a__X`` hold folded words,
matched by prefix.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import tantivy

SEARCH_PREFIX = "s__"
STEM_PREFIX = "t__"
AUTOCOMPLETE_PREFIX = "a__"
FILTER_PREFIX = "f__"  # encoded filter values (raw terms, fast)
NUMBER_PREFIX = "n__"  # the same values as numbers, for ranges (f64, fast)
NULLS_FIELD = "fnull"
MAX_TOKEN_LENGTH = 100

FOLD_TOKENIZER = "praxis_fold"
WORDS_TOKENIZER = "praxis_words"

_UNSAFE_CHARS_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# Django-style language codes -> Tantivy's (Snowball) stemmers.
_STEMMERS = {
    "ar": "arabic",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hu": "hungarian",
    "it": "italian",
    "nb": "norwegian",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}


def clean_text(text: str) -> str:
    """Safe, canonical text (control characters, NULs and lone surrogates become spaces)."""
    return unicodedata.normalize("NFKC", _UNSAFE_CHARS_RE.sub(" ", text))


def stemming_language(language) -> str | None:
    """Tantivy's stemmer name for a Django-style language code, or None."""
    if not language:
        return None
    language = str(language).lower().replace("_", "-")
    if language in _STEMMERS.values():
        return language
    return _STEMMERS.get(language) or _STEMMERS.get(language.split("-")[0])


def _builder():
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_LENGTH))
        .filter(tantivy.Filter.lowercase())
    )


@cache
def fold_analyzer() -> tantivy.TextAnalyzer:
    """Words, lower-cased and accent-folded (ł→l, ø→o, ė→e, č→c...)."""
    return _builder().filter(tantivy.Filter.ascii_fold()).build()


@cache
def stem_analyzer(stemmer: str) -> tantivy.TextAnalyzer:
    """Words stemmed in ``stemmer`` (before folding: Snowball wants the accents), folded."""
    return (
        _builder()
        .filter(tantivy.Filter.stemmer(stemmer))
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


@cache
def _words_analyzer() -> tantivy.TextAnalyzer:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def register_tokenizers(index: tantivy.Index) -> None:
    index.register_tokenizer(FOLD_TOKENIZER, fold_analyzer())
    index.register_tokenizer(WORDS_TOKENIZER, _words_analyzer())


def folded(text: str) -> list[str]:
    return fold_analyzer().analyze(text)


def stems(text: str, stemmer: str) -> list[str]:
    return stem_analyzer(stemmer).analyze(text)


def build_schema(text_fields, autocomplete_fields, filter_names) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    builder.add_integer_field("idn", fast=True)  # integer primary keys, read fast
    builder.add_text_field("ct", tokenizer_name="raw", index_option="basic")
    builder.add_text_field(NULLS_FIELD, tokenizer_name="raw", index_option="basic")
    for name in text_fields:
        builder.add_text_field(SEARCH_PREFIX + name, tokenizer_name=FOLD_TOKENIZER)
        builder.add_text_field(
            STEM_PREFIX + name, tokenizer_name=WORDS_TOKENIZER, index_option="freq"
        )
    for name in autocomplete_fields:
        builder.add_text_field(
            AUTOCOMPLETE_PREFIX + name, tokenizer_name=FOLD_TOKENIZER, index_option="freq"
        )
    for name in filter_names:
        builder.add_text_field(
            FILTER_PREFIX + name, tokenizer_name="raw", fast=True, index_option="basic"
        )
        builder.add_float_field(NUMBER_PREFIX + name, indexed=True, fast=True)
    return builder.build()
