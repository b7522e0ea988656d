"""Measuring a dense index against exact search: question-like probe vectors made from the data,
exact inner products in float32 blocks, and recall@k (``dense.build_ann`` tunes its search setting
with these; the benches and tests measure with them)."""

from __future__ import annotations

import numpy as np

BLOCK = 65536  # rows per block when scoring in float32


def unit_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def exact_scores(vectors: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """(n_queries, n) inner products, computed in float32 blocks (vectors may be a float16 memmap)."""
    q = np.asarray(queries, dtype=np.float32)
    out = np.empty((len(q), len(vectors)), dtype=np.float32)
    for at in range(0, len(vectors), BLOCK):
        out[:, at:at + BLOCK] = q @ np.asarray(vectors[at:at + BLOCK], dtype=np.float32).T
    return out


def probe_queries(vectors: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """Question-like probes: stored vectors moved to cosine ~0.7 of where they were.

    The push is the difference of two other stored vectors, so it follows the data's own
    anisotropy (isotropic noise would make easier probes than real questions are)."""
    rng = np.random.default_rng(seed)
    m = min(n, len(vectors))
    rows = np.sort(rng.choice(len(vectors), size=3 * m, replace=len(vectors) < 3 * m))
    picked = unit_rows(vectors[rows]).reshape(3, m, -1)[:, rng.permutation(m)] if len(rows) else np.zeros((3, 0, 1))
    base, push = picked[0], unit_rows(picked[1] - picked[2])
    return unit_rows(base + push)


def recall_at(found: np.ndarray, truth: np.ndarray, k: int = 10) -> float:
    return float(np.mean([len(set(f[:k].tolist()) & set(t[:k].tolist())) / k for f, t in zip(found, truth)]))
