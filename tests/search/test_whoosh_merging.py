"""Incremental commits keep a rebuilt index's big segments: a save never rewrites the whole
index (Whoosh's own policy folded a freshly rebuilt 100,000-document index into one
segment a few saves after the rebuild, a 140 s commit)."""

from search.backends.whoosh import MERGE_TIER_SEGMENTS, segments_to_merge


def test_a_rebuilt_index_with_a_few_saves_merges_nothing():
    rebuilt = [10_000] * 10 + [1_523]
    saves = [1] * (MERGE_TIER_SEGMENTS - 1)
    assert segments_to_merge(rebuilt + saves, largest=10_000) == []


def test_small_segments_of_one_tier_merge_together_and_big_ones_stay():
    rebuilt = [10_000] * 20
    saves = [1] * MERGE_TIER_SEGMENTS
    chosen = segments_to_merge(rebuilt + saves, largest=10_000)
    assert chosen == list(range(20, 20 + MERGE_TIER_SEGMENTS))


def test_the_smallest_full_tier_goes_first():
    counts = [50] * MERGE_TIER_SEGMENTS + [3] * MERGE_TIER_SEGMENTS + [700, 9_000]
    assert segments_to_merge(counts, largest=10_000) == list(
        range(MERGE_TIER_SEGMENTS, 2 * MERGE_TIER_SEGMENTS)
    )


def test_segments_as_big_as_a_rebuilds_are_never_merged_by_saves():
    assert segments_to_merge([10_000] * 50, largest=10_000) == []
