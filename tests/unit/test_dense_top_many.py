"""Many questions at once (``DenseSearch.top_many``, used by the per-corpus fusion choice) rank as
one question at a time (``top``): plain float vectors, int8 per vector and per dimension, 4 bits."""

from __future__ import annotations

import numpy as np
import pytest

from qa.search import DenseSearch
from qa.search.quantized import Quantized, quantize


def _unit(rng, n, d):
    x = rng.standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("store", ["float", "int8-vector", "int8-dim", "int4"])
def test_top_many_equals_top_for_each_query(tmp_path, store):
    rng = np.random.default_rng(3)
    x, qs = _unit(rng, 700, 32), _unit(rng, 150, 32)
    if store == "float":
        vectors = x
    else:
        bits = 4 if store == "int4" else 8
        vectors = Quantized(*quantize(x, bits, per_vector=store != "int8-dim"), bits, 32)
    search = DenseSearch(tmp_path, vectors)
    many = search.top_many(qs, 20, group=64)  # three groups, the last one short
    assert len(many) == len(qs)
    for q, got in zip(qs, many):
        one = search.top(q, 20)
        assert [i for i, _s in got] == [i for i, _s in one]
        assert [s for _i, s in got] == pytest.approx([s for _i, s in one], abs=1e-5)


def test_top_many_of_no_vectors_is_empty_per_query(tmp_path):
    search = DenseSearch(tmp_path, np.zeros((0, 8), np.float32))
    assert search.top_many(np.ones((3, 8), np.float32) / np.sqrt(8), 5) == [[], [], []]


def _tied_codes(rng, n=40_000, d=16):
    """int8 codes in -3..3 (many equal products) with every fifth row a copy of an earlier one, and
    ten power-of-two scales (more than faiss's exact groups take: scored with numpy at any size)."""
    codes = rng.integers(-3, 4, size=(n, d)).astype(np.int8)
    codes[::5] = codes[rng.integers(0, n, size=len(codes[::5]))]
    scales = np.exp2(rng.integers(-9, 1, size=n)).astype(np.float32)
    scales[::5] = scales[0]
    return Quantized(codes, scales, 8, d)


@pytest.mark.parametrize("queries", ["integers", "floats"])
def test_top_many_in_blocks_equals_one_pass(tmp_path, queries):
    """Blocks of passages with a running top-k give what scoring every passage at once gives: the
    same ids, in the same order, ties by passage number, the same scores."""
    from qa.search.quantized import DECODE_ROWS as ROW_ALIGN
    from qa.search.topk import top_pairs

    rng = np.random.default_rng(7)
    vectors = _tied_codes(rng)
    assert len(vectors) > 2 * ROW_ALIGN  # three blocks
    qs = rng.integers(-2, 3, size=(70, 16)).astype(np.float32) if queries == "integers" else _unit(rng, 70, 16)
    search = DenseSearch(tmp_path, vectors)
    blocked = search.top_many(qs, 50, block_bytes=1)  # one ROW_ALIGN block of passages at a time
    whole = search.top_many(qs, 50, block_bytes=1 << 40)
    assert blocked == whole
    scores = vectors.dot(qs)
    assert whole == [top_pairs(row, 50) for row in scores]  # the rule, over every score at once
    if queries == "integers":  # exact products: ties across blocks are real, broken by passage number
        tied = [(a, b) for got in blocked for a, b in zip(got, got[1:]) if a[1] == b[1]]
        assert len(tied) > 100 and all(a[0] < b[0] for a, b in tied)
        assert any(a[0] < ROW_ALIGN <= b[0] for a, b in tied)


def test_top_many_in_blocks_over_float_rows(tmp_path):
    """A format-1 index (float16 rows): blocks of rows of the float copy, the same results."""
    rng = np.random.default_rng(8)
    x = _unit(rng, 40_000, 16).astype(np.float16)
    x[::7] = x[3]  # copies: ties
    qs = _unit(rng, 30, 16)
    search = DenseSearch(tmp_path, x)
    assert search.top_many(qs, 20, block_bytes=1) == search.top_many(qs, 20, block_bytes=1 << 40)


def test_top_many_holds_one_block_of_scores(tmp_path):
    """Memory: the scores of a block of passages at a time, not of every passage (64 queries x
    100,000 passages: 25.6 MB at once; ``ROW_ALIGN`` rows a block: 4 MB, and the product's copy)."""
    import tracemalloc

    from qa.search.quantized import DECODE_ROWS as ROW_ALIGN

    rng = np.random.default_rng(9)
    search = DenseSearch(tmp_path, _tied_codes(rng, n=100_000))
    qs = _unit(rng, 64, 16)
    search.top_many(qs[:1], 10)  # the scale count (once per index) out of the way
    peaks = {}
    for name, size in (("blocked", 1), ("whole", 1 << 40)):
        tracemalloc.start()
        search.top_many(qs, 10, block_bytes=size)
        peaks[name] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    one_block = 64 * ROW_ALIGN * 4
    assert peaks["whole"] > 64 * 100_000 * 4
    assert peaks["blocked"] < 3 * one_block < 64 * 100_000 * 4 / 2
