"""Query text in, safe text out: parsing the box, highlighting snippets, spelling.

Nothing here knows about models or permissions. The user's words become modelsearch query
objects (``PlainText`` and ``Phrase``), never a query-language string, so field prefixes,
wildcards and ranges are just words (or punctuation the analyzers drop) on every backend.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from modelsearch.query import And, Phrase, PlainText

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_PHRASES = 3
SNIPPET_LENGTH = 220

# C0/C1 controls, lone surrogates and the Unicode "format" characters that hide text.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case without accents: "Zarządzanie" -> "zarzadzanie" (for matching only)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Letters NFKD does not decompose.
    return folded.translate(str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae"}))


@dataclass(frozen=True)
class ParsedQuery:
    """The box's text, cleaned and bounded, with what was done to it."""

    text: str  # what we searched for (shown back to the user)
    words: tuple[str, ...]  # loose words
    phrases: tuple[tuple[str, ...], ...]  # quoted phrases, as words
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases

    @property
    def all_words(self) -> list[str]:
        words = list(self.words)
        for phrase in self.phrases:
            words.extend(phrase)
        return words

    def to_query(self):
        """A modelsearch query: every loose word and every phrase must match."""
        parts = []
        if self.words:
            parts.append(PlainText(" ".join(self.words), operator="and"))
        for phrase in self.phrases:
            parts.append(Phrase(" ".join(phrase)) if len(phrase) > 1 else PlainText(phrase[0]))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    def with_words(self, words: Iterable[str]) -> ParsedQuery:
        words = tuple(words)
        return ParsedQuery(text=" ".join(words), words=words, phrases=())


def clean_query(raw: str | None) -> tuple[str, bool]:
    """Strip control characters and collapse spaces; cut to MAX_QUERY_LENGTH."""
    text = unicodedata.normalize("NFKC", _CONTROL_RE.sub(" ", raw or ""))
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH].strip(), truncated


def parse_query(raw: str | None) -> ParsedQuery:
    """Words and balanced "quoted phrases". Everything that is not a word is dropped:
    ``title:x`` is the words "title" and "x"; ``a*`` is "a"; ``[a TO z]`` three words."""
    text, truncated = clean_query(raw)
    phrases: list[tuple[str, ...]] = []
    loose_parts: list[str] = []
    pieces = text.split('"')
    if len(pieces) % 2 == 0:
        # An unbalanced quote: the last one opens nothing.
        pieces = [*pieces[:-2], pieces[-2] + " " + pieces[-1]]
    for index, piece in enumerate(pieces):
        if index % 2 == 1 and len(phrases) < MAX_PHRASES:
            words = tuple(_WORD_RE.findall(piece))
            if words:
                phrases.append(words[:MAX_TERMS])
        else:
            loose_parts.append(piece)
    words: list[str] = []
    seen: set[str] = set()
    for word in _WORD_RE.findall(" ".join(loose_parts)):
        key = fold(word)
        if key not in seen:
            seen.add(key)
            words.append(word)
    budget = MAX_TERMS - sum(len(p) for p in phrases)
    if len(words) > max(budget, 0):
        truncated = True
        words = words[: max(budget, 0)]
    return ParsedQuery(text=text, words=tuple(words), phrases=tuple(phrases), truncated=truncated)


# ---------------------------------------------------------------------------------------
# Snippets
# ---------------------------------------------------------------------------------------


def _match_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of words in ``text`` that start with one of ``words`` (accent-blind)."""
    stems = sorted({fold(w) for w in words if w}, key=len, reverse=True)
    stems = [s if len(s) <= 4 else s[: max(4, len(s) - 2)] for s in stems]
    if not stems:
        return []
    spans = []
    for match in _WORD_RE.finditer(text):
        folded = fold(match.group())
        if any(folded.startswith(stem) for stem in stems):
            spans.append(match.span())
    return spans


def highlight(text: str, words: Iterable[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """An escaped excerpt of ``text`` around the first match, matches wrapped in <mark>."""
    text = " ".join((text or "").split())
    spans = _match_spans(text, list(words))
    if spans and len(text) > length:
        first = spans[0][0]
        start = max(0, first - length // 3)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else start
    else:
        start = 0
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out = ["… " if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def highlight_title(text: str, words: Iterable[str]) -> SafeString:
    return highlight(text, words, length=max(len(text or ""), 1))


# ---------------------------------------------------------------------------------------
# Spelling ("did you mean")
# ---------------------------------------------------------------------------------------


def vocabulary(texts: Iterable[str]) -> Counter:
    """Folded words of at least three letters, with how often they occur."""
    counts: Counter = Counter()
    for text in texts:
        for word in _WORD_RE.findall(text or ""):
            if len(word) >= 3 and not word.isdigit():
                counts[fold(word)] += 1
    return counts


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def correct_word(word: str, counts: Counter) -> str | None:
    """The closest known word to ``word`` (Whoosh's Levenshtein-automaton corrector over
    the vocabulary), preferring fewer edits, then more frequent words; None if ``word``
    is known or nothing is close."""
    from whoosh.spelling import ListCorrector

    folded = fold(word)
    if len(folded) < 3 or folded in counts or folded.isdigit():
        return None
    maxdist = 1 if len(folded) <= 5 else 2
    wordlist = sorted(counts)
    if not wordlist:  # Whoosh's corrector fails on an empty vocabulary
        return None
    corrector = ListCorrector(wordlist)
    candidates = set(corrector.suggest(folded, limit=25, maxdist=maxdist, prefix=0))
    if not candidates:
        # Whoosh's automaton is strict about transpositions; a bounded scan of the
        # neighbourhood catches "mangaement" -> "management".
        position = bisect_left(wordlist, folded[:1])
        for candidate in wordlist[position:]:
            if not candidate.startswith(folded[:1]):
                break
            if abs(len(candidate) - len(folded)) <= maxdist:
                candidates.add(candidate)
    ranked = sorted(
        ((_distance(folded, candidate), -counts[candidate], candidate) for candidate in candidates),
    )
    ranked = [row for row in ranked if row[0] <= maxdist]
    return ranked[0][2] if ranked else None
