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
