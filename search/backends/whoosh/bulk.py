"""Bulk evaluation of Whoosh text queries over cached posting arrays.

Whoosh matches and scores one posting at a time through Python method calls, which
costs about a microsecond per posting and per matcher: an AND of two words that occur
in most of 100,000 documents takes close to a second. Segments are immutable, so this
module reads each term's postings of a segment once into numpy arrays (document numbers,
term frequencies and, for phrases, positions), keeps them in a bounded LRU cache, and
evaluates the query tree with array operations: intersections for And, unions for Or,
set difference for AndNot, adjacent positions for Phrase.

Scores are Whoosh's own: BM25F with the searcher's parameters, the index-wide idf and
average field length, the segment's (byte-quantised) field lengths, boosts applied
where Whoosh's matchers apply them, and sums where its intersection and union matchers
add. ``evaluate`` returns ``None`` for any query it does not model exactly (other
weightings, Or with minmatch or scale, spans other than phrases, ...): the caller then
uses Whoosh's matchers. Deleted documents are dropped per query, never cached.
"""

from __future__ import annotations

import itertools
import pickle
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from whoosh import formats, scoring
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield  # private: see _field_lengths
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

POSITION_BITS = 32  # a position key is docnum << 32 | position


class Unsupported(Exception):
    """The query has a part this module does not evaluate exactly like Whoosh."""


@dataclass
class Postings:
    docnums: np.ndarray  # int64, ascending, segment-local
    weights: np.ndarray  # float64, Whoosh's posting weights (term frequencies)
    values: list | None = None  # the encoded posting values, for positions
    positions: np.ndarray | None = field(default=None)  # int64 keys, ascending

    @property
    def size(self) -> int:
        """Bytes held (the encoded values, kept only while positions are decoded, aside)."""
        size = self.docnums.nbytes + self.weights.nbytes
        return size + (0 if self.positions is None else self.positions.nbytes)


class PostingCache:
    """Postings and field lengths per (segment, field, term), least recently used out.

    Bounded by the bytes of its arrays: 16 per posting, 8 more per position.
    """

    def __init__(self, max_bytes: int = 256 * 1024 * 1024):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, object] = OrderedDict()
        self._sizes: dict[tuple, int] = {}
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, load, size_of) -> object:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = load()  # outside the lock: loading reads the segment's files
        self.put(key, value, size_of(value))
        return value

    def put(self, key: tuple, value, size: int) -> None:
        with self._lock:
            if key in self._entries:
                self._total -= self._sizes[key]
            self._entries[key] = value
            self._sizes[key] = size
            self._entries.move_to_end(key)
            self._total += size
            while self._total > self.max_bytes and len(self._entries) > 1:
                old, _ = self._entries.popitem(last=False)
                self._total -= self._sizes.pop(old)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._sizes.clear()
            self._total = 0


@dataclass
class Hits:
    """Matches of one segment (or of the index, docnums offset): ascending docnums."""

    docnums: np.ndarray
    scores: np.ndarray
    partial: bool = False  # the time limit stopped the evaluation before the last segment

    @classmethod
    def empty(cls, partial: bool = False) -> Hits:
        return cls(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64), partial)

    def __len__(self) -> int:
        return len(self.docnums)


def _read_postings(reader, fieldname: str, btext: bytes, with_values: bool) -> Postings:
    matcher = reader.postings(fieldname, btext)
    if isinstance(matcher, FilterMatcher):  # deletions: filtered per query instead
        matcher = matcher.child
    docnums: list = []
    weights: list = []
    values: list = []
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        # Whoosh 3 codec: whole blocks at a time (its matchers decode blocks anyway).
        # Private W3LeafMatcher members: Whoosh's public matcher API yields one posting
        # per call (the loop below), about a microsecond each.
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            docnums.extend(matcher._ids)
            weights.extend(matcher._weights)
            if with_values:
                matcher._read_values()
                values.extend(matcher._values)
            matcher._next_block()
    else:
        while matcher.is_active():
            docnums.append(matcher.id())
            weights.append(matcher.weight())
            if with_values:
                values.append(matcher.value())
            matcher.next()
    return Postings(
        np.asarray(docnums, dtype=np.int64),
        np.asarray(weights, dtype=np.float64),
        values if with_values else None,
    )


_PICKLE_HEAD = b"\x80\x02]q\x00"  # protocol 2, empty list, memo put: every Positions value


def _positions_format_deltas(values: list) -> tuple[np.ndarray, np.ndarray]:
    """Counts and position deltas of Whoosh ``Positions`` values, decoded in bulk.

    A value is a 4-byte big-endian count and a pickled list of deltas (protocol 2,
    optionally without its STOP). Deltas below 256 pickle as ``K`` and one byte: such
    values, nearly all of them, are read by array indexing; the others with pickle.
    """
    count = len(values)
    if not count:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    data = np.frombuffer(b"".join(values), dtype=np.uint8)
    sizes = np.fromiter(map(len, values), dtype=np.int64, count=count)
    starts = np.cumsum(sizes) - sizes
    header = data[starts[:, None] + np.arange(4)].astype(np.int64)
    counts = (header[:, 0] << 24) | (header[:, 1] << 16) | (header[:, 2] << 8) | header[:, 3]
    has_stop = data[starts + sizes - 1] == ord(".")
    # 4 count bytes, 5 header bytes, "(" (MARK) if more than one item, 2 bytes per
    # item, then "e" (APPENDS) or "a" (APPEND), then maybe ".".
    expected = 4 + 5 + (counts > 1) + 2 * counts + 1 + has_stop
    simple = (sizes == expected) & (counts > 0)
    first_item = starts + 9 + (counts > 1)
    total = int(counts.sum())
    item_offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    item_at = np.repeat(first_item, counts) + 2 * item_offsets
    deltas = np.zeros(total, dtype=np.int64)
    in_simple = np.repeat(simple, counts)
    if in_simple.any():
        opcodes = data[item_at[in_simple]]
        if (opcodes == ord("K")).all():
            deltas[in_simple] = data[item_at[in_simple] + 1]
        else:  # a size coincidence: decode those the slow way too
            simple[:] = False
    slow = np.nonzero(~simple)[0]
    if len(slow):
        positions_of = np.cumsum(counts) - counts
        for i in slow.tolist():
            value = values[i]
            body = value[4:-1] if value.endswith(b".") else value[4:]
            decoded = pickle.loads(body + b".")  # noqa: S301 - the index's own bytes
            deltas[positions_of[i] : positions_of[i] + len(decoded)] = decoded
    return counts, deltas


def _position_keys(postings: Postings, fmt) -> np.ndarray:
    """docnum << 32 | position for every position of every posting, ascending."""
    values = postings.values or []
    if type(fmt) is formats.Positions:
        counts, deltas = _positions_format_deltas(values)
        flat = deltas
        if len(flat):
            running = np.cumsum(deltas)
            starts = np.cumsum(counts) - counts
            nonempty = counts > 0
            base = np.zeros(len(counts), dtype=np.int64)
            base[nonempty] = running[starts[nonempty]] - deltas[starts[nonempty]]
            flat = running - np.repeat(base, counts)
    else:
        lists = [fmt.decode_positions(value) for value in values]
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        flat = np.fromiter(
            itertools.chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum())
        )
    docs = np.repeat(postings.docnums, counts)
    return (docs << POSITION_BITS) | flat


_BYTE_LENGTHS = np.array([0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float64)


def _field_lengths(reader, fieldname: str) -> np.ndarray:
    doccount = reader.doc_count_all()
    try:  # Whoosh 3 codec: one byte per document in a fixed-width column
        # Private: SegmentReader gives no public access to its per-document reader nor
        # to the name of a field's lengths column (_lenfield), and column readers decode
        # one document per call; this reads the column's bytes at once (any other codec
        # takes the public doc_field_length() loop below).
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return np.zeros(doccount, dtype=np.float64)
        raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
        if column._fixedlen != 1:
            raise AttributeError("lengths wider than a byte")
    except AttributeError:
        return np.fromiter(
            (reader.doc_field_length(d, fieldname, 0) or 0 for d in range(doccount)),
            dtype=np.float64,
            count=doccount,
        )
    lengths = np.zeros(doccount, dtype=np.float64)
    codes = np.frombuffer(raw, dtype=np.uint8)[:doccount]
    lengths[: len(codes)] = _BYTE_LENGTHS[codes]
    return lengths


def _intersect(a: Hits, b: Hits) -> Hits:
    common, ia, ib = np.intersect1d(a.docnums, b.docnums, assume_unique=True, return_indices=True)
    return Hits(common, a.scores[ia] + b.scores[ib])


def _union(a: Hits, b: Hits) -> Hits:
    if not len(a):
        return b
    if not len(b):
        return a
    docnums = np.union1d(a.docnums, b.docnums)
    scores = np.zeros(len(docnums), dtype=np.float64)
    ia = np.searchsorted(docnums, a.docnums)
    ib = np.searchsorted(docnums, b.docnums)
    scores[ia] += a.scores
    scores[ib] += b.scores
    return Hits(docnums, scores)


def _tree(combine, items: list[Hits]) -> Hits:
    """Combine like Whoosh's ``make_binary_tree`` (same pairing, same sum order)."""
    if len(items) == 1:
        return items[0]
    half = len(items) // 2
    return combine(_tree(combine, items[:half]), _tree(combine, items[half:]))


def _boosted(hits: Hits, boost: float) -> Hits:
    return hits if boost == 1.0 else Hits(hits.docnums, hits.scores * boost)


class _Segment:
    """Evaluation of one query on one segment of a searcher."""

    def __init__(
        self, cache: PostingCache, top, sub, multi_term_types: tuple = (), scored: bool = True
    ):
        self.cache = cache
        self.multi_term_types = multi_term_types
        self.scored = scored
        self.top = top  # global statistics (idf, average lengths) come from here
        self.reader = sub.reader()
        self.segment_id = self._segment_id(self.reader)
        self.schema = top.schema
        self.weighting = top.weighting
        self._deleted: np.ndarray | None = None
        if self.reader.has_deletions():
            self._deleted = np.fromiter(self.reader.segment().deleted_docs(), dtype=np.int64)
            self._deleted.sort()

    @staticmethod
    def _segment_id(reader) -> str:
        segment = reader.segment()
        if segment is None:
            raise Unsupported("reader without a segment")
        return segment.segment_id()

    # Postings ------------------------------------------------------------------------

    def _btext(self, fieldname: str, text) -> bytes | None:
        if fieldname not in self.schema:
            return None
        try:
            btext = self.schema[fieldname].to_bytes(text)
        except ValueError:
            return None
        return btext if (fieldname, btext) in self.reader else None

    def postings(self, fieldname: str, btext: bytes, positions: bool = False) -> Postings:
        key = (self.segment_id, fieldname, btext)
        found = self.cache.get(
            key,
            lambda: _read_postings(self.reader, fieldname, btext, with_values=positions),
            lambda p: p.size,
        )
        if positions and found.positions is None:
            if found.values is None:
                found = _read_postings(self.reader, fieldname, btext, with_values=True)
            found.positions = _position_keys(found, self.schema[fieldname].format)
            found.values = None
            self.cache.put(key, found, found.size)
        return found

    def lengths(self, fieldname: str) -> np.ndarray:
        """The segment's field lengths, byte-quantised as Whoosh scores with them."""
        return self.cache.get(
            (self.segment_id, fieldname, None),
            lambda: _field_lengths(self.reader, fieldname),
            lambda lengths: lengths.nbytes,
        )

    def _live(self, docnums: np.ndarray) -> np.ndarray:
        if self._deleted is None:
            return np.ones(len(docnums), dtype=bool)
        return ~np.isin(docnums, self._deleted, assume_unique=True)

    # Scoring -------------------------------------------------------------------------

    def term(self, fieldname: str, text, boost: float = 1.0, positions: bool = False):
        btext = self._btext(fieldname, text)
        if btext is None:
            return Hits.empty(), None
        postings = self.postings(fieldname, btext, positions=positions)
        live = self._live(postings.docnums)
        docnums = postings.docnums[live]
        weights = postings.weights[live]
        weighting = self.weighting
        if not self.scored:
            scores = np.zeros(len(docnums), dtype=np.float64)
        elif not self.schema[fieldname].scorable:
            scores = weights.copy()
        else:
            # BM25FScorer: idf and average length from the top searcher
            idf = self.top.idf(fieldname, btext)
            avgfl = self.top.avg_field_length(fieldname) or 1
            # Private: BM25F keeps per-field B values only there (the public scorer() would
            # build a scorer and read the term's info for every term of every segment).
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
            lengths = self.lengths(fieldname)[docnums]
            scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
        return Hits(docnums, scores * boost if boost != 1.0 else scores), postings

    def evaluate(self, node) -> Hits:
        if isinstance(node, wq.Term):
            return self.term(node.fieldname, node.text, node.boost)[0]
        if isinstance(node, wq.Phrase):
            return self.phrase(node)
        if isinstance(node, self.multi_term_types):
            return self.multi_term(node)
        if type(node) is wq.AndNot:
            positive = self.evaluate(node.a)
            negative = self.evaluate(node.b)
            keep = ~np.isin(positive.docnums, negative.docnums, assume_unique=True)
            return Hits(positive.docnums[keep], positive.scores[keep])
        if isinstance(node, wq.Or) and type(node) is not wq.DisjunctionMax:
            if node.minmatch or node.scale:
                raise Unsupported("Or with minmatch or scale")
            return self._compound(node, _union)
        if type(node) is wq.And:
            return self._compound(node, _intersect)
        if isinstance(node, type(wq.NullQuery)):
            return Hits.empty()
        if type(node) is wq.Every and not node.fieldname and not self.scored:
            docnums = np.arange(self.reader.doc_count_all(), dtype=np.int64)
            docnums = docnums[self._live(docnums)]
            return Hits(docnums, np.zeros(len(docnums), dtype=np.float64))
        raise Unsupported(type(node).__name__)

    def _compound(self, node, combine) -> Hits:
        subs = node.subqueries
        if not subs:
            return Hits.empty()
        if len(subs) == 1:  # Whoosh ignores the compound's boost then
            return self.evaluate(subs[0])
        hits = [self.evaluate(sub) for sub in subs]
        if combine is _intersect:
            # Whoosh's And pairs its matchers by size (a Huffman-like tree): the sum is
            # the same up to rounding, and the intersection does not depend on order.
            hits.sort(key=len)
            result = hits[0]
            for other in hits[1:]:
                result = _intersect(result, other)
        else:
            result = _tree(combine, hits)
        return _boosted(result, node.boost)

    def multi_term(self, node) -> Hits:
        # For MultiTerm queries whose matcher is an Or of their words' Terms per
        # segment, boosted as a whole (the caller names those types).
        words = [w for _, w in node.expanded_terms(self.reader) if w]
        if not words:
            return Hits.empty()
        fieldname = node.field()
        hits = [self.term(fieldname, w)[0] for w in words]
        if len(hits) == 1:
            return _boosted(hits[0], node.boost)
        return _boosted(_tree(_union, hits), node.boost)

    def phrase(self, node) -> Hits:
        if node.slop != 1:
            raise Unsupported("phrase with slop")
        fieldname = node.fieldname
        if fieldname not in self.schema:
            return Hits.empty()
        fmt = self.schema[fieldname].format
        if not fmt or not fmt.supports("positions"):
            raise Unsupported("phrase on a field without positions")
        parts = []
        for word in node.words:
            hits, postings = self.term(fieldname, word, positions=True)
            if postings is None:
                return Hits.empty()
            parts.append((hits, postings))
        # Scores: the sum of the words' scores (SpanNear2 wraps their intersection)
        result = _tree(_intersect, [hits for hits, _ in parts])
        if not len(result):
            return result
        # Positions: keys of the last word that continue a chain from the first word
        ends = parts[0][1].positions
        for _, postings in parts[1:]:
            ends = np.intersect1d(ends + 1, postings.positions, assume_unique=True)
            if not len(ends):
                return Hits.empty()
        matched = np.unique(ends >> POSITION_BITS)
        keep = np.isin(result.docnums, matched, assume_unique=True)
        return _boosted(Hits(result.docnums[keep], result.scores[keep]), node.boost)


def evaluate(
    searcher,
    query,
    cache: PostingCache,
    multi_term_types: tuple = (),
    deadline=None,
    scored: bool = True,
) -> Hits | None:
    """Every match of ``query`` with Whoosh's scores, or None if not modelled exactly.

    ``multi_term_types``: MultiTerm subclasses whose matcher is an Or of the Terms of
    their words in the segment, with the query's boost (Whoosh's own MultiTerm matcher
    differs: constant scores, a different Or). ``deadline``: a callable, true once time
    is up; the segments not yet evaluated are then left out (``Hits.partial``).
    ``scored=False``: matches only (scores are zeros), e.g. for filters; ``Every`` is
    then supported too.
    """
    if type(searcher.weighting) is not scoring.BM25F:
        return None
    partial = False
    docnums, scores = [], []
    try:
        for sub, offset in searcher.leaf_searchers():
            if deadline is not None and deadline():
                partial = True
                break
            hits = _Segment(cache, searcher, sub, multi_term_types, scored).evaluate(query)
            docnums.append(hits.docnums + offset)
            scores.append(hits.scores)
    except Unsupported:
        return None
    if not docnums:
        return Hits.empty(partial)
    return Hits(np.concatenate(docnums), np.concatenate(scores), partial)


def top(hits: Hits, limit: int) -> list[tuple[float, int]]:
    """The ``limit`` best (score, docnum), best first, ties by docnum like Whoosh."""
    if limit <= 0 or not len(hits):
        return []
    if len(hits) > limit:
        # everything scoring at least the limit-th best score, then an exact sort
        threshold = np.partition(hits.scores, len(hits) - limit)[len(hits) - limit]
        chosen = np.nonzero(hits.scores >= threshold)[0]
    else:
        chosen = np.arange(len(hits))
    order = np.lexsort((hits.docnums[chosen], -hits.scores[chosen]))[:limit]
    picked = chosen[order]
    return list(zip(hits.scores[picked].tolist(), hits.docnums[picked].tolist(), strict=True))
