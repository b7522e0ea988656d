"""Dense retrieval over an index's stored unit vectors: exact while cheap, IVF past a threshold.

Vectors are stored once, as float16 (768 bytes a chunk for MiniLM), in ``dense/vectors.npy``.

* Up to ``EXACT_LIMIT`` chunks search is exact: one numpy matrix-vector product over a float32
  copy made on first search (no faiss import, so a one-shot ``qa ask`` stays light).
* Above it the build adds an inverted-file index (faiss ``IndexIVFScalarQuantizer`` with fp16
  codes, so its scores equal the exact ones over the stored vectors) in ``dense/ivf.faiss``, and
  tunes ``nprobe`` by measurement: the smallest (in steps of sqrt 2) whose recall@10 against exact
  search reaches ``TARGET_RECALL`` on held-out probe queries.  The choice and the measured
  recall are written to ``dense/ann.json``; the loader memory-maps the inverted lists.

Why IVF and not HNSW: on this 2-core machine an HNSW graph (M=16..32) took 4-7x longer to build
than IVF at equal recall and keeps ~4x more memory per chunk; see bench/README and bench/ann.py.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

EXACT_LIMIT = 100_000  # chunks; above this the build writes an IVF index (bench: exact p50 ~20 ms here)
TARGET_RECALL = 0.985  # nprobe is tuned to this on probe queries (the promise is >= 0.98 on questions;
# the probes are harder than questions: on bench/synth.py data, nprobe giving 0.985 on probes gives ~0.99)
ANN_FILE, ANN_META = "ivf.faiss", "ann.json"
PROBES = 200  # tuning queries
_BLOCK = 65536  # rows per block when scoring in float32


def unit_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def exact_scores(vectors: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """(n_queries, n) inner products, computed in float32 blocks (vectors may be a float16 memmap)."""
    q = np.asarray(queries, dtype=np.float32)
    out = np.empty((len(q), len(vectors)), dtype=np.float32)
    for at in range(0, len(vectors), _BLOCK):
        out[:, at:at + _BLOCK] = q @ np.asarray(vectors[at:at + _BLOCK], dtype=np.float32).T
    return out


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


def _nlist(n: int) -> int:
    """About 2*sqrt(n) lists, a power of two (1M chunks: 2048 lists of ~500)."""
    return int(2 ** round(math.log2(max(16.0, 2 * math.sqrt(n)))))


def build_ann(vectors: np.ndarray, folder: Path, *, exact_limit: int | None = None,
              target_recall: float = TARGET_RECALL, seed: int = 0, threads: int | None = None) -> dict | None:
    """Write ``folder/ivf.faiss`` + ``ann.json`` when there are more than ``exact_limit`` vectors
    (default ``EXACT_LIMIT``).  Returns the ``ann.json`` content (None: exact search, nothing written).
    """
    n, dim = vectors.shape
    if n <= (EXACT_LIMIT if exact_limit is None else exact_limit):
        return None
    import faiss

    import os

    faiss.omp_set_num_threads(int(threads or os.cpu_count() or 1))  # training and adding use every core
    folder = Path(folder)
    nlist = _nlist(n)
    rng = np.random.default_rng(seed)
    train = np.asarray(vectors[np.sort(rng.choice(n, size=min(n, 40 * nlist), replace=False))], dtype=np.float32)
    quantizer = faiss.IndexFlatIP(dim)
    ivf = faiss.IndexIVFScalarQuantizer(quantizer, dim, nlist, faiss.ScalarQuantizer.QT_fp16,
                                        faiss.METRIC_INNER_PRODUCT)
    ivf.cp.seed = seed
    ivf.train(train)
    for at in range(0, n, _BLOCK):
        ivf.add(np.asarray(vectors[at:at + _BLOCK], dtype=np.float32))
    probes = probe_queries(vectors, PROBES, seed + 1)
    truth = np.argsort(-exact_scores(vectors, probes), axis=1, kind="stable")[:, :10]
    steps = sorted({min(nlist, int(round(2 ** (h / 2)))) for h in range(2 * int(math.log2(nlist)) + 1)})
    for nprobe in steps:  # 1, 2, 3, 4, 6, 8, 11, 16, 23, 32, ... nlist
        ivf.nprobe = nprobe
        recall = recall_at(ivf.search(probes, 10)[1], truth)
        if recall >= target_recall:
            break
    meta = {"kind": "ivf-fp16", "n": int(n), "nlist": nlist, "nprobe": nprobe, "probe_recall@10": round(recall, 4),
            "target_recall": target_recall, "probes": len(probes), "file": ANN_FILE}
    faiss.write_index(ivf, str(folder / ANN_FILE))
    (folder / ANN_META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


class DenseSearch:
    """Top-k inner-product search over ``vectors`` (the index's float16 memmap)."""

    def __init__(self, folder: Path, vectors: np.ndarray):
        self.folder, self.vectors = Path(folder), vectors
        meta_path = self.folder / ANN_META
        self.meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else None
        self._matrix = None  # float32 copy for exact search
        self._ivf = None

    @property
    def kind(self) -> str:
        return self.meta["kind"] if self.meta else "exact"

    def _exact(self, q: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self._matrix is None:
            self._matrix = np.ascontiguousarray(self.vectors, dtype=np.float32)
        return top_pairs(self._matrix @ q, k)

    def _ann(self, q: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self._ivf is None:
            import faiss

            faiss.omp_set_num_threads(1)  # one query at a time: threads only add wake-up latency
            self._ivf = faiss.read_index(str(self.folder / self.meta["file"]), faiss.IO_FLAG_MMAP)
            self._ivf.nprobe = int(self.meta["nprobe"])
        # one extra candidate so a tie at the k-th place is resolved by chunk number
        scores, ids = self._ivf.search(q.reshape(1, -1), min(k + 1, len(self.vectors)))
        pairs = sorted(((int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0), key=lambda p: (-p[1], p[0]))
        return pairs[:k]

    def top(self, qvec: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Neighbours of a unit query vector, best first, ties by chunk number."""
        q = np.asarray(qvec, dtype=np.float32).reshape(-1)
        if allowed is not None:  # a document filter: exact over the allowed rows
            ids = np.flatnonzero(allowed)
            if self._matrix is not None:
                return top_pairs(self._matrix[ids] @ q, k, ids)
            return top_pairs(np.asarray(self.vectors[ids], dtype=np.float32) @ q, k, ids)
        if len(self.vectors) == 0:
            return []
        return self._ann(q, k) if self.meta else self._exact(q, k)
