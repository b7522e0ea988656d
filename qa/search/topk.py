"""Top-k selection with deterministic ties: score descending, then id ascending.

One rule for every ranking in qa (BM25, dense, fused), so the same question on the same index
always gives the same order.
"""

from __future__ import annotations

import numpy as np


def top_pairs(scores: np.ndarray, k: int, ids: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The ``k`` highest scores as (id, score): score descending, then id ascending (exact ties)."""
    n = len(scores)
    if n == 0 or k <= 0:
        return []
    ids = np.arange(n) if ids is None else np.asarray(ids)
    if n > k:
        kth = np.partition(scores, n - k)[n - k]
        keep = np.flatnonzero(scores >= kth)  # everything tied with the k-th, so the tie-break is exact
        scores, ids = scores[keep], ids[keep]
    order = np.lexsort((ids, -scores))[:k]
    return [(int(ids[i]), float(scores[i])) for i in order]


def sorted_pairs(ids, scores, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (id, score), ids < 0 (faiss's "none") dropped; score descending, then id."""
    ids, scores = np.asarray(ids), np.asarray(scores)
    keep = ids >= 0
    return top_pairs(scores[keep], k, ids[keep]) if not keep.all() else top_pairs(scores, k, ids)


def top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Indices of the ``k`` highest positive scores: score descending, then index ascending."""
    pos = np.flatnonzero(scores > 0)
    return top_pairs(scores[pos], k, pos) if len(pos) else []


def top10(scores: np.ndarray) -> np.ndarray:
    """Row-wise ids of the 10 best scores, best first (the exact answer recall is measured against)."""
    k = min(10, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)
