"""Compact vector storage: int8 / 4-bit codes with scales decode close to the vectors they keep."""

from __future__ import annotations

import numpy as np
import pytest

from qa.search.quantized import Quantized, quantize
from qa.search.quantized import load_vectors as load
from qa.search.quantized import save_vectors as save
from ..conftest import is_mapped


def unit(n, d, seed=0):
    x = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    x[:, 0] *= 4  # one loud dimension, as real embeddings have
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("bits,per_vector,tol", [(8, True, 0.008), (8, False, 0.01), (4, True, 0.16)])
def test_decoded_rows_are_close(bits, per_vector, tol):
    x = unit(300, 33)  # an odd dimension: 4-bit codes pad a nibble
    q = Quantized(*quantize(x, bits, per_vector), bits, 33)
    assert q.shape == (300, 33) and len(q) == 300
    assert np.abs(q[:] - x).max() < tol
    assert np.allclose(q[[5, 2]], q[:][[5, 2]]) and np.allclose(q[7], q[:][7])
    mask = np.zeros(300, bool)
    mask[[1, 9]] = True
    assert np.allclose(q[mask], q[:][[1, 9]])


@pytest.mark.parametrize("bits,per_vector", [(8, True), (8, False), (4, True)])
def test_dot_equals_decoded_product(bits, per_vector):
    x = unit(1000, 48, seed=1)
    q = Quantized(*quantize(x, bits, per_vector), bits, 48)
    queries = unit(3, 48, seed=2)
    full = q[:] @ queries.T
    assert np.allclose(q.dot(queries[0]), full[:, 0], atol=1e-5)
    assert np.allclose(q.dot(queries), full.T, atol=1e-5)
    rows = np.array([999, 3, 500])
    assert np.allclose(q.dot(queries[1], rows), full[rows, 1], atol=1e-5)


def test_codes_use_the_upper_half_of_their_range_with_power_of_two_scales():
    x = unit(50, 16, seed=3)
    codes, scales = quantize(x, 8, per_vector=True)
    peak = np.abs(codes).max(axis=1)
    assert codes.dtype == np.int8 and peak.min() >= 64 and peak.max() <= 127
    assert np.all(np.log2(scales) == np.round(np.log2(scales)))
    codes, scales = quantize(x, 4, per_vector=True)
    assert codes.dtype == np.uint8 and codes.shape == (50, 8)
    codes, scales = quantize(x, 8, per_vector=False)
    assert scales.shape == (1, 16) and np.abs(codes).max(axis=0).min() == 127


def test_requantizing_decoded_rows_gives_the_same_bytes_even_through_float16():
    """An incremental build copies unchanged rows by decoding them: it must write what a full build does."""
    x = unit(200, 24, seed=5)
    codes, scales = quantize(x, 8, per_vector=True)
    again = quantize(Quantized(codes, scales, 8, 24)[:].astype(np.float16), 8, per_vector=True)
    assert np.array_equal(again[0], codes) and np.array_equal(again[1], scales)


def test_zero_vectors_and_empty_arrays():
    codes, scales = quantize(np.zeros((2, 4), np.float32), 8)
    assert not codes.any() and np.all(scales > 0)
    codes, scales = quantize(np.zeros((0, 4), np.float32), 8, per_vector=False)
    assert codes.shape == (0, 4)


def test_saved_vectors_load_mapped_and_old_float16_loads_as_is(tmp_path):
    x = unit(20, 8)
    save(tmp_path, "v", x, bits=4)
    got = load(tmp_path, "v", 8)
    assert isinstance(got, Quantized) and got.bits == 4 and is_mapped(got.codes)
    assert np.abs(got[:] - x).max() < 0.16
    np.save(tmp_path / "old.npy", x.astype(np.float16))  # a format-1 index
    old = load(tmp_path, "old", 8)
    assert old.dtype == np.float16 and np.allclose(old, x, atol=1e-3)
    assert load(tmp_path, "missing", 8) is None

