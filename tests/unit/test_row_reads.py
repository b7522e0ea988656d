"""Rows and slices of a stored array read with pread: the mapping's bytes, without mapping them."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from qa.search.row_reads import MOST_BYTES, PreadRows, PreadSlices

pytestmark = pytest.mark.skipif(not hasattr(os, "pread"), reason="no pread on this system")


@pytest.fixture
def rows_file(tmp_path):
    x = np.random.default_rng(0).integers(-127, 128, (40_000, 384), dtype=np.int8)  # 15 MB, like vectors.npy
    np.save(tmp_path / "v.npy", x)
    return tmp_path / "v.npy", x


def test_rows_picked_by_number_are_the_arrays_rows(rows_file):
    path, x = rows_file
    r = PreadRows(path)
    assert r.shape == x.shape and r.dtype == x.dtype and len(r) == len(x)
    rng = np.random.default_rng(1)
    for ids in (rng.integers(0, len(x), 116), np.array([5, 5, 3, 4, 6, 39_999, 0]), np.array([-1, -40_000]),
                np.arange(100, 130), np.array([], dtype=np.int64)):
        assert np.array_equal(r[ids], x[ids])
    assert np.array_equal(r[[7, 2, 7]], x[[7, 2, 7]])
    assert np.array_equal(r[10:20], x[10:20]) and np.array_equal(r[3], x[3])  # not a pick: the mapping
    assert np.array_equal(np.asarray(r), x)
    with pytest.raises(IndexError):
        r[np.array([40_000])]


def test_slices_are_read_and_long_ones_are_the_mapping(tmp_path):
    x = np.random.default_rng(2).random(50_000).astype(np.float32)
    np.save(tmp_path / "d.npy", x)
    s = PreadSlices(tmp_path / "d.npy")
    for a, b in ((0, 10), (123, 4000), (49_990, 50_000), (7, 7), (9, 3), (0, 50_000), (-5, None)):
        assert np.array_equal(s[a:b], x[a:b])
    short, long = s[100:200], s[0:MOST_BYTES // 4 + 1]
    assert not np.shares_memory(short, s.mapped)  # read
    assert np.shares_memory(long, s.mapped)  # longer than MOST_BYTES: a view of the mapping
    assert np.array_equal(s[::7], x[::7]) and s[5] == x[5]


def _mapped_rss(path) -> int:
    """KB of ``path`` that this process has mapped (its pages counted in RSS)."""
    total, current = 0, None
    with open("/proc/self/smaps") as fh:
        for line in fh:
            parts = line.split()
            if parts and not parts[0].endswith(":"):
                current = parts[5] if len(parts) > 5 else None
            elif parts and parts[0] == "Rss:" and current == str(path):
                total += int(parts[1])
    return total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps")
def test_scattered_reads_leave_the_file_out_of_rss(rows_file):
    path, x = rows_file
    ids = np.random.default_rng(3).integers(0, len(x), 2000)
    r = PreadRows(path)
    before = _mapped_rss(path)
    got = r[ids]
    assert np.array_equal(got, x[ids])
    assert _mapped_rss(path) - before < 64  # KB: nothing of the rows mapped
    mapped = np.asarray(np.load(path, mmap_mode="r"))
    assert np.array_equal(mapped[ids], x[ids])
    assert _mapped_rss(path) - before > 4096  # the same rows through a mapping: megabytes (fault-around)
