"""Parts of a stored array read with ``os.pread`` instead of through its memory mapping.

At a million passages a search reads a few hundred scattered vector rows (re-scoring the graph's
candidates) and a few query terms' postings.  Read through a mapping, every page fault maps the
16 cached pages around it (the kernel's fault-around; ``madvise(MADV_RANDOM)`` does not stop it),
so after a thousand questions most of ``vectors.npy`` and a growing share of BM25's postings are
counted in the process's RSS, though a few KB a question were read (~660 MiB at 1M passages).  Read
with ``pread`` the bytes still come from the page cache (shared, reclaimable), identical to the
mapping's, and nothing is mapped.  A read costs ~1.5-2 us (the kernel's per-read work, not the
system call: Linux AIO submitting 100 reads at once was no faster), so this is used only where an
index has an HNSW graph (``qa.index.loaded``).  Figures: docs/speed.md ("Session 11").

* ``PreadRows``: rows of a 2-D array picked by number (``rows[ids]``), a run of adjacent rows one read;
* ``PreadSlices``: a 1-D array's slices (``a[i:j]``) up to ``MOST_BYTES``, one read each (BM25's
  postings of one rare term; a common term's longer postings stay a view of the mapping).

Anything else (a whole array, a mask, a step) reads the mapping, as a plain array would: those
are not on a search's path.
"""

from __future__ import annotations

import os
import weakref
from itertools import repeat

import numpy as np

MOST_BYTES = 1 << 16  # a longer slice is read through the mapping (PreadSlices): one fault-around window


class _PreadFile:
    """The ``.npy`` file at ``path``: its mapping (``mapped``), and a descriptor to ``pread`` from."""

    def __init__(self, path, ndim: int):
        mapped = np.load(path, mmap_mode="r")
        if mapped.ndim != ndim or not mapped.flags.c_contiguous:
            raise ValueError(f"{path}: a {ndim}-D array in C order expected")
        self.path, self._offset = str(path), int(mapped.offset)
        self.mapped = np.asarray(mapped)  # a plain view of the mapping (no np.memmap overhead)
        self.shape, self.dtype = self.mapped.shape, self.mapped.dtype
        self._fd = os.open(self.path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)

    def __len__(self) -> int:
        return self.shape[0]

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def nbytes(self) -> int:
        return self.mapped.nbytes

    def __array__(self, dtype=None, copy=None):
        return self.mapped if dtype is None else self.mapped.astype(dtype)

    def _read(self, sizes: list[int], offsets: list[int], want: int) -> bytes:
        # one pread a run, looped in C (map): the reads are most of the cost
        data = b"".join(map(os.pread, repeat(self._fd, len(sizes)), sizes, offsets))
        if len(data) != want:
            raise OSError(f"{self.path}: short read ({len(data)} of {want} bytes)")
        return data


class PreadRows(_PreadFile):
    """Read-only rows of a 2-D ``.npy`` file: ``rows[ids]`` (integers) reads just those rows."""

    def __init__(self, path):
        super().__init__(path, 2)
        self._row_bytes = int(self.mapped.strides[0])

    def __getitem__(self, rows):
        if isinstance(rows, np.ndarray) and rows.ndim == 1 and rows.dtype.kind in "iu":
            return self.take(rows)
        if isinstance(rows, list) and rows and all(isinstance(r, (int, np.integer)) for r in rows):
            return self.take(np.asarray(rows, dtype=np.int64))
        return self.mapped[rows]

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The rows ``rows`` (any order, repeats allowed), read in that order, each run of
        consecutive row numbers at once (no sorting: at 1M passages the graph's candidates are
        scattered, and one read a row is the cost that matters)."""
        rows = np.asarray(rows, dtype=np.int64)
        n, width = self.shape[0], self.shape[1:]
        if not len(rows):
            return np.empty((0,) + width, dtype=self.dtype)
        if rows.min() < -n or rows.max() >= n:
            raise IndexError(f"row out of range for {n} rows")
        if rows.min() < 0:
            rows = np.where(rows < 0, rows + n, rows)
        starts = np.flatnonzero(np.concatenate(([True], np.diff(rows) != 1)))
        sizes = (np.diff(np.append(starts, len(rows))) * self._row_bytes).tolist()
        offsets = (rows[starts] * self._row_bytes + self._offset).tolist()
        data = self._read(sizes, offsets, len(rows) * self._row_bytes)
        return np.frombuffer(data, dtype=self.dtype).reshape((len(rows),) + width)


class PreadSlices(_PreadFile):
    """Read-only 1-D ``.npy`` file: ``a[i:j]`` of at most ``most`` bytes reads just those items (one
    read); a longer slice is a view of the mapping: a common term's postings (megabytes at 1M
    passages), where BM25 touches a few pages by binary search and a copy would cost more."""

    def __init__(self, path, most: int = MOST_BYTES):
        super().__init__(path, 1)
        self._item, self.most = int(self.dtype.itemsize), most

    def __getitem__(self, key):
        if isinstance(key, slice) and key.step in (None, 1):
            a, b, _step = key.indices(self.shape[0])
            if b <= a or (b - a) * self._item > self.most:
                return self.mapped[a:b]
            data = self._read([(b - a) * self._item], [self._offset + a * self._item], (b - a) * self._item)
            return np.frombuffer(data, dtype=self.dtype)
        return self.mapped[key]


def pread_rows(path, mapped: np.ndarray):
    """``PreadRows`` of the 2-D ``.npy`` file at ``path``, or ``mapped`` (its mapping) where the
    system has no ``pread`` (Windows)."""
    return PreadRows(path) if hasattr(os, "pread") else mapped


def pread_slices(path, mapped: np.ndarray):
    """``PreadSlices`` of the 1-D ``.npy`` file at ``path``, or ``mapped`` without ``pread``."""
    return PreadSlices(path) if hasattr(os, "pread") else mapped
