"""Identical stored vectors in the ANN graph once: which passages share a vector, and the map back.

A real folder holds many word-for-word copies (licences, vendored files: 57% of the rows of one
38k-passage folder, up to 130 copies of one passage).  Copies are embedded once, so their stored
rows (int8 codes and scale) are identical; added to an HNSW graph once per passage they make it much
harder to search (that folder needed efSearch ~2,500 for the target recall instead of ~440:
docs/speed.md, session 12).  So the graph holds each distinct row once, and the build writes

* ``dense/ann_ids.npy``: every passage number, grouped by distinct row (groups in the order of
  their first passage, passages ascending in each): the graph's entry g is the row of passage
  ``ids[starts[g]]``, and ``ids[starts[g]:starts[g + 1]]`` are the passages that hold it;
* ``dense/ann_starts.npy``: the groups' starts (entries + 1).

Both only when there are copies (``ann.json`` names them: ``"ids"``, ``"starts"``); an index
written before them, or without copies, has graph entry = passage number.  A dense search maps the
graph's candidates to their first passages, re-scores those and keeps the k best, then lists each
one's copies after it (equal scores, ties by passage number) and cuts to k again: the same top-k as
exact search over every passage, so ``search()`` folds the copies into one hit as it always did.
Rows are told apart by a 16-byte BLAKE2b of their bytes (codes + scale), not by text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from .topk import top_pairs

ANN_IDS, ANN_STARTS = "ann_ids.npy", "ann_starts.npy"
_BLOCK = 65_536


def distinct_groups(vectors) -> tuple[np.ndarray, np.ndarray] | None:
    """(ids, starts) of ``vectors`` (int8 codes + a scale per vector, ``Quantized``) grouped by
    identical row, as the module says; None when every row is distinct."""
    n = len(vectors.codes)
    scales = np.asarray(vectors.scales, dtype=np.float32).reshape(-1)
    group = np.empty(n, dtype=np.int64)
    first: dict[bytes, int] = {}
    for at in range(0, n, _BLOCK):
        codes = np.ascontiguousarray(vectors.codes[at:at + _BLOCK])
        buf, width = codes.tobytes(), codes.shape[1] * codes.itemsize
        sc = scales[at:at + _BLOCK].tobytes()
        for i in range(len(codes)):
            key = hashlib.blake2b(buf[i * width:(i + 1) * width], digest_size=16)
            key.update(sc[4 * i:4 * i + 4])
            group[at + i] = first.setdefault(key.digest(), len(first))
    if len(first) == n:
        return None
    ids = np.argsort(group, kind="stable")
    starts = np.concatenate([[0], np.cumsum(np.bincount(group, minlength=len(first)))])
    dtype = np.int32 if n < 2**31 else np.int64
    return ids.astype(dtype), starts.astype(dtype)


def save(folder: Path, ids: np.ndarray, starts: np.ndarray) -> dict:
    """Write the map into ``folder``; the entries ``ann.json`` records for it."""
    np.save(Path(folder) / ANN_IDS, ids)
    np.save(Path(folder) / ANN_STARTS, starts)
    return {"ids": ANN_IDS, "starts": ANN_STARTS}


class CopyMap:
    """The graph's entries -> passages of an index whose graph holds each distinct row once."""

    def __init__(self, ids: np.ndarray, starts: np.ndarray):
        self.ids, self.starts = ids, starts

    @classmethod
    def load(cls, folder: Path, meta: dict) -> "CopyMap | None":
        """The map ``meta`` (``ann.json``) names, memory-mapped; None for a graph over every passage."""
        if not meta.get("ids"):
            return None
        return cls(np.load(Path(folder) / meta["ids"], mmap_mode="r"),
                   np.load(Path(folder) / meta["starts"], mmap_mode="r"))

    def __len__(self) -> int:
        return len(self.starts) - 1

    def first(self, entries: np.ndarray) -> np.ndarray:
        """Each graph entry's first passage (the one whose row the graph holds)."""
        return np.asarray(self.ids[np.asarray(self.starts[np.asarray(entries)])], dtype=np.int64)

    def graph_rows(self, vectors):
        """The rows the graph holds, in its order: ``vectors`` (``Quantized``) at each entry's first passage."""
        from .quantized import Quantized

        firsts = self.first(np.arange(len(self)))
        return Quantized(np.asarray(vectors.codes[firsts]), np.asarray(vectors.scales)[firsts], vectors.bits, vectors.dim)

    def expand(self, pairs: list[tuple[int, float]], entries: dict[int, int], k: int) -> list[tuple[int, float]]:
        """``pairs`` ((first passage, score), best first) with each one's copies listed at its score,
        the ``k`` best kept (score descending, then passage number).  ``entries``: first passage ->
        graph entry."""
        if not pairs:
            return pairs
        ids, scores = [], []
        for p, s in pairs:
            g = entries[p]
            group = np.asarray(self.ids[int(self.starts[g]):int(self.starts[g + 1])], dtype=np.int64)
            ids.append(group)
            scores.append(np.full(len(group), s, dtype=np.float64))
        return top_pairs(np.concatenate(scores), k, np.concatenate(ids))
