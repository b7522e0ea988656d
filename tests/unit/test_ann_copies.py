"""The ANN graph's copy map: identical stored rows (codes and scale) grouped, found by their bytes."""

from __future__ import annotations

import numpy as np

from qa.search.ann_copies import CopyMap, distinct_groups
from qa.search.quantized import Quantized


def _rows(codes, scales) -> Quantized:
    codes = np.asarray(codes, dtype=np.int8)
    return Quantized(codes, np.asarray(scales, dtype=np.float32), 8, codes.shape[1])


def test_identical_rows_are_grouped_in_the_order_of_their_first_passage():
    a, b, c = [1, 2, 3], [1, 2, 4], [-5, 0, 7]
    v = _rows([b, a, b, c, a, b, [1, 2, 3]], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25])  # the last: a's codes, another scale
    ids, starts = distinct_groups(v)
    groups = [ids[s:e].tolist() for s, e in zip(starts[:-1], starts[1:])]
    assert groups == [[0, 2, 5], [1, 4], [3], [6]]
    assert sorted(ids.tolist()) == list(range(7)) and starts[-1] == 7


def test_all_distinct_rows_need_no_map():
    rng = np.random.default_rng(0)
    v = _rows(rng.integers(-127, 128, (300, 16)), np.full(300, 0.125))
    assert distinct_groups(v) is None


def test_copies_are_listed_after_their_first_passage_at_its_score_ties_by_number():
    v = _rows([[1], [2], [1], [3], [2], [1]], np.ones(6))
    cmap = CopyMap(*distinct_groups(v))  # entries: 0 -> (0, 2, 5), 1 -> (1, 4), 2 -> (3,)
    assert len(cmap) == 3 and cmap.first(np.array([2, 0, 1])).tolist() == [3, 0, 1]
    pairs = [(3, 0.9), (1, 0.5), (0, 0.5)]
    assert cmap.expand(pairs, {3: 2, 1: 1, 0: 0}, 4) == [(3, 0.9), (0, 0.5), (1, 0.5), (2, 0.5)]
    assert cmap.expand(pairs, {3: 2, 1: 1, 0: 0}, 10) == [(3, 0.9), (0, 0.5), (1, 0.5), (2, 0.5), (4, 0.5), (5, 0.5)]
    assert cmap.expand([], {}, 5) == []
