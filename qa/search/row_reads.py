"""Rows of a stored array read with ``os.pread`` instead of through its memory mapping.

A search reads a few hundred scattered rows of the vector files (re-scoring the graph's
candidates, the passages' sentence rows).  Read through the mapping, each row's page fault maps
the 16 pages around it (the kernel's fault-around), so over a few hundred questions nearly all of
``vectors.npy`` and ``sentences.npy`` is counted in the process's RSS (~700 MiB at 1M passages)
though a few KB a question are read.  Read with ``pread`` the rows still come from the page
cache (shared, reclaimable) but nothing is mapped.  A run of consecutive rows is one read
(~1.4 us here, against ~0.5 us a row through a warm mapping and ~6 us a page fault through a
cold one); the bytes are the mapping's, so scores are identical.  Used where an index has an HNSW
graph (``qa.index.loaded``): below that the files are small and the mapping is cheaper.  Figures:
docs/speed.md ("Session 10").
"""

from __future__ import annotations

import os
import weakref
from itertools import repeat

import numpy as np


class PreadRows:
    """Read-only rows of the ``.npy`` file at ``path`` (C order): ``rows[ids]`` (an integer array)
    reads just those rows with ``pread``; any other index (a slice, one row, a mask) reads the
    memory mapping, as a plain array would."""

    def __init__(self, path):
        mapped = np.load(path, mmap_mode="r")
        if not mapped.flags.c_contiguous or mapped.ndim != 2:
            raise ValueError(f"{path}: rows of a 2-D array in C order expected")
        self.path, self._offset = str(path), int(mapped.offset)
        self.mapped = np.asarray(mapped)  # slices and whole-array reads (never on a search's path)
        self.shape, self.dtype = self.mapped.shape, self.mapped.dtype
        self._row_bytes = int(self.mapped.strides[0])
        self._fd = os.open(self.path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)

    def __len__(self) -> int:
        return self.shape[0]

    @property
    def nbytes(self) -> int:
        return self.mapped.nbytes

    @property
    def ndim(self) -> int:
        return 2

    def __array__(self, dtype=None, copy=None):
        return self.mapped if dtype is None else self.mapped.astype(dtype)

    def __getitem__(self, rows):
        if isinstance(rows, np.ndarray) and rows.ndim == 1 and rows.dtype.kind in "iu":
            return self.take(rows)
        if isinstance(rows, list) and rows and all(isinstance(r, (int, np.integer)) for r in rows):
            return self.take(np.asarray(rows, dtype=np.int64))
        return self.mapped[rows]

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The rows ``rows`` (any order, repeats allowed) as a new read-only array, each run of
        consecutive distinct row numbers read at once."""
        rows = np.asarray(rows, dtype=np.int64)
        n, width = self.shape[0], self.shape[1:]
        if not len(rows):
            return np.empty((0,) + width, dtype=self.dtype)
        if rows.min() < -n or rows.max() >= n:
            raise IndexError(f"row out of range for {n} rows")
        rows = np.where(rows < 0, rows + n, rows)
        order = np.sort(rows)
        distinct = order[np.concatenate(([True], order[1:] != order[:-1]))]
        starts = np.flatnonzero(np.concatenate(([True], np.diff(distinct) != 1)))
        sizes = (np.diff(np.append(starts, len(distinct))) * self._row_bytes).tolist()
        offsets = (distinct[starts] * self._row_bytes + self._offset).tolist()
        # one pread a run, looped in C (map): the syscalls are most of the cost (~1.4 us a row)
        data = b"".join(map(os.pread, repeat(self._fd, len(sizes)), sizes, offsets))
        if len(data) != len(distinct) * self._row_bytes:
            raise OSError(f"{self.path}: short read ({len(data)} of {len(distinct) * self._row_bytes} bytes)")
        got = np.frombuffer(data, dtype=self.dtype).reshape((len(distinct),) + width)
        if len(distinct) == len(rows) and np.array_equal(distinct, rows):
            return got
        return got[np.searchsorted(distinct, rows)]


def pread_rows(path, mapped: np.ndarray):
    """``PreadRows`` of the ``.npy`` file at ``path``, or ``mapped`` (its mapping) where the system
    has no ``pread`` (Windows)."""
    return PreadRows(path) if hasattr(os, "pread") else mapped
