"""Unit vectors stored compactly: int8 (or packed 4-bit) codes times a scale, memory-mapped.

A stored vector ``x`` is kept as integer codes ``c`` and a scale ``s`` with ``x ~= s * c``:

* ``bits=8``: one int8 a dimension (384 bytes for MiniLM), codes in -127..127;
* ``bits=4``: two dimensions a byte (192 bytes), codes in -7..7, the low nibble first.

The scale is one per vector (``per_vector=True``, shape (n,)), a power of two (the codes' largest
magnitude is then 64..127: ~half a bit less than the exact maximum, but quantizing is idempotent
through float16, so an incremental build that decodes and re-stores the unchanged documents' rows
writes the same bytes as a full build, and a whole index has only two or three distinct scales,
which ``dense.py`` uses to let faiss score codes directly).  ``per_vector=False`` gives one scale a
dimension, shape (1, d) (not used by the index: it depends on every row, so an incremental build
could not keep the old rows' codes).  Top-10 recall against float16 on MiniLM-like vectors: per
vector 0.987 (exact maximum) / see docs/storage.md; per dimension 0.984; one scale 0.971.  Codes live in ``<stem>.npy`` (the
file name older indexes used for float16 vectors: ``load`` tells them apart by dtype) and scales in
``<stem>.scale.npy`` (``save_vectors`` / ``load_vectors``).  Nothing here makes a float copy of a whole array: rows are decoded when
indexed, and ``dot`` scores in blocks.  Figures behind the choices: docs/storage.md.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

DECODE_ROWS = 16384  # rows decoded at a time when scoring everything (``dense.top_many`` aligns its blocks to it)
_QUANTIZE_BLOCK = 2048  # rows quantized at a time
_LEVELS = {8: 127, 4: 7}


def quantize(x: np.ndarray, bits: int = 8, per_vector: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(codes, scales) of the rows of ``x``: int8 (n, d) for 8 bits, uint8 (n, ceil(d/2)) for 4.
    ``_QUANTIZE_BLOCK`` rows at a time into arrays made once: a build's float32 temporaries stay a
    few MB whatever the index's size."""
    top = _LEVELS[bits]
    x = np.asarray(x)
    width = x.shape[1] if bits == 8 else (x.shape[1] + 1) // 2
    out = np.empty((len(x), width), dtype=np.int8 if bits == 8 else np.uint8)
    if per_vector:
        scales_out = np.empty(len(x), dtype=np.float32)
        for at in range(0, len(x), _QUANTIZE_BLOCK):
            block = np.asarray(x[at:at + _QUANTIZE_BLOCK], dtype=np.float32)
            scale = np.abs(block).max(axis=1) / top
            # a power of two: c * s is exact even in float16, so quantizing decoded rows again (an
            # incremental build copying unchanged documents) gives back the very same codes and scale
            scale = np.exp2(np.ceil(np.log2(np.where(scale > 0, scale, 1.0)))).astype(np.float32)
            out[at:at + len(block)] = _encode(block / scale[:, None], bits)
            scales_out[at:at + len(block)] = scale
        return out, scales_out
    peak = np.zeros(x.shape[1], dtype=np.float32)
    for at in range(0, len(x), _QUANTIZE_BLOCK):
        peak = np.maximum(peak, np.abs(np.asarray(x[at:at + _QUANTIZE_BLOCK], dtype=np.float32)).max(axis=0, initial=0.0))
    scale = np.where(peak > 0, peak / top, 1.0).astype(np.float32)
    for at in range(0, len(x), _QUANTIZE_BLOCK):
        out[at:at + _QUANTIZE_BLOCK] = _encode(np.asarray(x[at:at + _QUANTIZE_BLOCK], dtype=np.float32) / scale, bits)
    return out, scale.reshape(1, -1)


def _encode(scaled: np.ndarray, bits: int) -> np.ndarray:
    top = _LEVELS[bits]
    q = np.clip(np.rint(scaled), -top, top).astype(np.int8)
    if bits == 8:
        return q
    if q.shape[1] % 2:
        q = np.concatenate([q, np.zeros((len(q), 1), np.int8)], axis=1)
    nib = (q + 8).astype(np.uint8)
    return (nib[:, 0::2] | (nib[:, 1::2] << 4)).astype(np.uint8)


def _decode(codes: np.ndarray, bits: int, dim: int) -> np.ndarray:
    if bits == 8:
        return codes.astype(np.float32)
    out = np.empty((len(codes), codes.shape[1] * 2), dtype=np.float32)
    out[:, 0::2] = (codes & 15).astype(np.float32) - 8
    out[:, 1::2] = (codes >> 4).astype(np.float32) - 8
    return out[:, :dim]


class Quantized:
    """Read-only array-like of float32 rows over stored codes: ``q[rows]`` decodes just those rows."""

    def __init__(self, codes: np.ndarray, scales: np.ndarray, bits: int, dim: int):
        self.codes, self.scales, self.bits, self.dim = codes, np.asarray(scales, dtype=np.float32), bits, dim
        if self.scales.shape not in ((len(codes),), (1, dim)):
            raise ValueError(f"scales of shape {self.scales.shape} for {len(codes)} vectors of {dim} dimensions")

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.codes), self.dim)

    @property
    def dtype(self):
        return np.dtype(np.float32)  # what indexing gives

    @property
    def nbytes(self) -> int:
        return int(self.codes.nbytes + self.scales.nbytes)

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def per_dim(self) -> bool:
        """One scale a dimension: ``codes @ (dim_scales * q)`` is the score (what faiss computes)."""
        return self.scales.ndim == 2

    @property
    def dim_scales(self) -> np.ndarray:
        return self.scales[0]

    def _scale(self, rows) -> np.ndarray:
        return self.scales[0][None, :] if self.per_dim else self.scales[rows][:, None]

    def __getitem__(self, rows) -> np.ndarray:
        if isinstance(rows, (int, np.integer)):
            return self[np.asarray([rows])][0]
        if isinstance(rows, slice):
            codes, scale = np.asarray(self.codes[rows]), self._scale(rows)
        else:
            rows = np.asarray(rows)
            if rows.dtype == bool:
                rows = np.flatnonzero(rows)
            codes, scale = np.asarray(self.codes[rows]), self._scale(rows)
        return _decode(codes, self.bits, self.dim) * scale

    def __array__(self, dtype=None, copy=None):  # np.asarray(q): the whole array decoded (tests, small data)
        out = self[:]
        return out if dtype is None else out.astype(dtype)

    def dot(self, q: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Inner products of the stored vectors (or ``rows`` of them) with ``q`` (d,) or (m, d):
        decoded a block at a time, so no float copy of the whole array is made."""
        q = np.asarray(q, dtype=np.float32)
        n = len(self) if rows is None else len(rows)
        out = np.empty((n,) + q.shape[:-1], dtype=np.float32)
        if self.per_dim and self.bits == 8:  # the scales folded into the query: codes @ (s * q)
            qs = (q * self.dim_scales).T
            for at in range(0, n, DECODE_ROWS):
                part = slice(at, at + DECODE_ROWS) if rows is None else rows[at:at + DECODE_ROWS]
                out[at:at + DECODE_ROWS] = np.asarray(self.codes[part]) @ qs
            return out.T
        for at in range(0, n, DECODE_ROWS):
            part = slice(at, at + DECODE_ROWS) if rows is None else rows[at:at + DECODE_ROWS]
            out[at:at + DECODE_ROWS] = self[part] @ q.T
        return out.T


def save_vectors(folder: Path, stem: str, x: np.ndarray, bits: int = 8, per_vector: bool = True) -> None:
    """Write ``x`` quantized as ``<stem>.npy`` (codes) and ``<stem>.scale.npy``."""
    codes, scales = quantize(x, bits, per_vector)
    np.save(Path(folder) / f"{stem}.npy", codes)
    np.save(Path(folder) / f"{stem}.scale.npy", scales)


def load_vectors(folder: Path, stem: str, dim: int, pread: bool = False):
    """The stored vectors, memory-mapped: a ``Quantized``, or the float16 array of an index built
    before quantization (format version 1); None when there is no ``<stem>.npy``.  ``pread``: the
    codes' rows, when picked by number, are read with ``pread``, not mapped (``row_reads.py``)."""
    path = Path(folder) / f"{stem}.npy"
    if not path.exists():
        return None
    # a plain ndarray view of the mapping: the same pages, without np.memmap's Python-level
    # ``__getitem__`` / ``__array_finalize__`` on every row read (~0.2 ms a 1M-passage search)
    codes = np.asarray(np.load(path, mmap_mode="r"))
    if codes.dtype.kind == "f":
        return codes  # older index: float16 rows
    if pread:
        from .row_reads import pread_rows

        codes = pread_rows(path, codes)
    scales = np.load(Path(folder) / f"{stem}.scale.npy")
    bits = 8 if codes.dtype == np.int8 else 4
    return Quantized(codes, scales, bits, dim)
