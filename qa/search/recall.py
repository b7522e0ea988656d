"""Measuring a dense index against exact search: probe vectors made from the data, exact inner
products in float32 blocks, and recall@k (``dense.build_ann`` tunes its search setting
with these; the benches and tests measure with them)."""

from __future__ import annotations

import numpy as np

BLOCK = 65536  # rows per block when scoring in float32
PROBE_SETS = ("between", "farther", "shaped")  # ``tuning_probes``'s sets
FARTHER = 1.5  # the "farther" set's push: on real MiniLM vectors harder than push 1 and about as hard
# as off-topic questions (squad2 train over a real folder: docs/speed.md, session 12); on the
# synthetic 1M index pushes of 1-1.75 are alike


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


def probe_queries(vectors: np.ndarray, n: int, seed: int = 0, push: float = 1.0) -> np.ndarray:
    """Probes between the data: stored vectors moved by ``push`` times a unit difference of two
    other stored vectors (1: to cosine ~0.7 of where they were; ``inf``: the difference alone).

    The push follows the data's own anisotropy (isotropic noise would make easier probes).  Hard
    where the data is clustered (a probe lands between clusters), but easy where it has no structure
    (uniform random vectors): the moved vector, a node of the graph, stays its clear neighbour."""
    rng = np.random.default_rng(seed)
    m = min(n, len(vectors))
    rows = np.sort(rng.choice(len(vectors), size=3 * m, replace=len(vectors) < 3 * m))
    picked = unit_rows(vectors[rows]).reshape(3, m, -1)[:, rng.permutation(m)] if len(rows) else np.zeros((3, 0, 1))
    base, step = picked[0], unit_rows(picked[1] - picked[2])
    return unit_rows(step if np.isinf(push) else base + push * step)


def shaped_probes(vectors: np.ndarray, n: int, seed: int = 0, sample: int = 16384) -> np.ndarray:
    """Probes with the data's mean and covariance and no other structure: Gaussian draws, normalised.
    The covariance of ``sample`` stored vectors is estimated with Ledoit-Wolf shrinkage (scikit-learn):
    a plain sample covariance of a few thousand vectors is more lopsided than their distribution
    (on uniform random vectors, 8,000 of 384 dimensions, the probes it gives were easier than random
    queries: recall 0.986 against 0.979 at the tuned setting), the shrunk one much less so.

    No stored vector is a probe's clear neighbour, so where the data has no structure (uniform
    random vectors) they are as hard as any query; on clustered data they fall between clusters."""
    from sklearn.covariance import LedoitWolf

    rng = np.random.default_rng(seed)
    if len(vectors) < 2:
        return np.zeros((0, vectors.shape[1]), dtype=np.float32)
    rows = np.sort(rng.choice(len(vectors), size=min(sample, len(vectors)), replace=False))
    fit = LedoitWolf().fit(unit_rows(vectors[rows]).astype(np.float64))
    root = np.linalg.cholesky(fit.covariance_ + 1e-12 * np.eye(vectors.shape[1]))
    draws = rng.standard_normal((min(n, len(vectors)), vectors.shape[1])) @ root.T
    return unit_rows(fit.location_ + draws)


def tuning_probes(vectors: np.ndarray, n: int, seed: int = 0) -> dict[str, np.ndarray]:
    """The probe sets the ANN tuning must satisfy each of (``n`` each): between the data (pushed 1
    and ``FARTHER``), and shaped like it.  Which is hardest depends on the data (docs/speed.md,
    session 12: on uniform random vectors only the shaped set is as hard as queries; on clustered
    and synthetic data the pushed ones are harder than questions; on real MiniLM vectors the
    farther push is about as hard as off-topic questions, the others easier)."""
    return dict(zip(PROBE_SETS, (probe_queries(vectors, n, seed), probe_queries(vectors, n, seed + 3, push=FARTHER),
                                 shaped_probes(vectors, n, seed + 7))))


def exact_best(vectors: np.ndarray, queries: np.ndarray, k: int = 10,
               group: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """(ids, scores) of each query's ``k`` best inner products, best first (ties by id), a block of
    vectors at a time: never a (queries x n) matrix, so thousands of queries over millions of rows fit."""
    q = np.asarray(queries, dtype=np.float32)
    k = min(k, len(vectors))
    best_s = np.full((len(q), k), -np.inf, dtype=np.float32)
    best_i = np.zeros((len(q), k), dtype=np.int64)
    for at in range(0, len(vectors), BLOCK):
        block = np.asarray(vectors[at:at + BLOCK], dtype=np.float32)
        ids = np.arange(at, at + len(block))
        for g in range(0, len(q), group):
            s = np.concatenate([best_s[g:g + group], q[g:g + group] @ block.T], axis=1)
            i = np.concatenate([best_i[g:g + group], np.broadcast_to(ids, (len(s), len(block)))], axis=1)
            order = _row_top(s, i, k)
            best_s[g:g + group] = np.take_along_axis(s, order, axis=1)
            best_i[g:g + group] = np.take_along_axis(i, order, axis=1)
    return best_i, best_s


def exact_top10(vectors: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Row-wise ids of each query's 10 best inner products (``exact_best``)."""
    return exact_best(vectors, queries, 10)[0]


def _row_top(s: np.ndarray, i: np.ndarray, k: int) -> np.ndarray:
    """Per row, the positions of the k best (score descending, then id ascending)."""
    part = np.argpartition(-s, k - 1, axis=1)[:, :k]
    out = np.empty_like(part)
    for r in range(len(s)):
        tied = np.flatnonzero(s[r] >= s[r, part[r]].min())
        out[r] = tied[np.lexsort((i[r, tied], -s[r, tied]))][:k]
    return out


def recall_by_score(found_scores: np.ndarray, truth_scores: np.ndarray, k: int = 10, tol: float = 1e-5) -> float:
    """Recall@k counting a found result right when its exact score reaches the k-th best exact score
    (``tol`` for float rounding): a passage stored twice (the same vector twice) ties, and either
    copy is a right answer; ``recall_at`` would count the one with the larger id wrong.
    ``found_scores``: (queries, <= k) the exact scores of distinct results, -inf where none."""
    kth = truth_scores[:, min(k, truth_scores.shape[1]) - 1:min(k, truth_scores.shape[1])]
    hits = (np.asarray(found_scores)[:, :k] >= kth - tol).sum(axis=1)
    return float(np.mean(np.minimum(hits, k) / min(k, truth_scores.shape[1])))


def recall_at(found: np.ndarray, truth: np.ndarray, k: int = 10) -> float:
    return float(np.mean([len(set(f[:k].tolist()) & set(t[:k].tolist())) / k for f, t in zip(found, truth)]))
