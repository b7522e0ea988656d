"""Vector rows read with pread instead of through the mapping (qa/search/row_reads.py): the same bytes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.search.quantized import Quantized, load_vectors, save_vectors
from qa.search.row_reads import PreadRows

from ..conftest import is_mapped

N, D = 500, 24


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rows")
    x = np.random.default_rng(3).standard_normal((N, D)).astype(np.float32)
    save_vectors(folder, "v", x / np.linalg.norm(x, axis=1, keepdims=True))
    return folder


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.integers(-N, N - 1), max_size=40))
def test_any_rows_in_any_order_with_repeats_are_the_mappings_rows(stored, rows):
    reader = PreadRows(stored / "v.npy")
    mapped = np.load(stored / "v.npy", mmap_mode="r")
    got = reader[np.asarray(rows, dtype=np.int64)]
    assert got.dtype == mapped.dtype and got.shape == (len(rows), D)
    assert np.array_equal(got, mapped[np.asarray(rows, dtype=np.int64)])
    assert not is_mapped(got)  # a read, not a view of the mapping


def test_runs_of_rows_and_other_indexing(stored):
    reader = PreadRows(stored / "v.npy")
    mapped = np.load(stored / "v.npy", mmap_mode="r")
    run = np.arange(100, 180)  # one read for the run, then the rows asked for in their order
    assert np.array_equal(reader[run[::-1]], mapped[run[::-1]])
    assert np.array_equal(reader[[N - 1, 0, 0]], mapped[[N - 1, 0, 0]])
    assert np.array_equal(reader[10:20], mapped[10:20]) and np.array_equal(reader[7], mapped[7])
    assert len(reader) == N and reader.shape == (N, D) and reader.nbytes == mapped.nbytes
    assert reader[np.zeros(0, dtype=np.int64)].shape == (0, D)
    with pytest.raises(IndexError):
        reader[np.asarray([N])]
    with pytest.raises(IndexError):
        reader[np.asarray([-N - 1])]


def test_quantized_vectors_read_by_pread_score_exactly_as_mapped(stored):
    mapped, pread = load_vectors(stored, "v", D), load_vectors(stored, "v", D, pread=True)
    assert isinstance(pread, Quantized) and isinstance(pread.codes, PreadRows) and not isinstance(mapped.codes, PreadRows)
    q = np.random.default_rng(4).standard_normal(D).astype(np.float32)
    ids = np.asarray([412, 3, 77, 78, 79, 3, 250])
    assert np.array_equal(pread.dot(q, ids), mapped.dot(q, ids))  # bit for bit: the same codes, the same arithmetic
    assert np.array_equal(pread[ids], mapped[ids]) and np.array_equal(pread.dot(q), mapped.dot(q))


def test_a_file_changed_under_the_reader_is_an_error_not_garbage(tmp_path):
    x = np.ones((10, 4), dtype=np.int8)
    np.save(tmp_path / "v.npy", x)
    reader = PreadRows(tmp_path / "v.npy")
    with open(tmp_path / "v.npy", "r+b") as fh:  # truncated in place (an index is never written so)
        fh.truncate(150)  # the header (128 bytes) and 22 of the 40 bytes of rows
    with pytest.raises(OSError, match="short read"):
        reader[np.asarray([9])]
