"""Dense retrieval over an index's stored unit vectors: exact while cheap, HNSW past a threshold.

Vectors are stored once, as int8 codes with a power-of-two scale per vector (``quantized.py``:
388 bytes a chunk for MiniLM) in ``dense/vectors.npy``; format-1 indexes hold float16 rows there.

* Up to ``EXACT_LIMIT`` chunks search is exact.  Small indexes (``NUMPY_LIMIT`` chunks) are scored
  with numpy, a block of codes at a time (no faiss import, so a one-shot ``qa ask`` stays light);
  larger ones by faiss straight from the int8 codes, one flat index per distinct scale (2-3 for
  MiniLM; ``exact_groups.ScaleGroups``): no float copy of the vectors, ~10x faster than numpy on int8.
* Above it the build adds an approximate index in ``dense/<kind>.faiss``: an HNSW graph over
  faiss's own 8-bit codes (``IndexHNSWSQ`` ``QT_8bit``, M=32; or ``kind="ivf"``, an IVF index whose
  lists can stay on disk): no float copy either.  Its candidates (k + ``RESCORE``) are re-scored
  from the stored vectors, so scores equal exact ones; the graph file is read memory-mapped (its
  codes are page cache, shared by every process that opens it).  Its search setting
  (efSearch / nprobe) is tuned by measurement: the smallest (sqrt-2 steps, then bisected) whose
  recall@10 against exact search reaches ``TARGET_RECALL`` on each of three probe sets made from the
  data (``recall.tuning_probes``: at least as hard as questions, docs/speed.md session 12).  The
  choice and the measured recall are written to ``dense/ann.json`` (checksummed with the rest).
  Identical rows (a passage copied word for word) are one entry of the graph, tuned over the
  distinct rows; a search lists the copies after it (``ann_copies.py``: the same results as exact).

Why HNSW (``python bench/ann_choice.py``; figures in docs/speed.md): at 1M chunks IVF had to scan
a large share of its lists to reach the recall target, HNSW answers an order of magnitude faster.
HNSW costs more to build (minutes at 1M, against hours to embed 1M chunks) and ~640 B a vector
(graph + codes); IVF stays available for memory-tight indexes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from .ann_copies import CopyMap, distinct_groups, save as save_copies
from .quantized import DECODE_ROWS, Quantized, quantize
from .ann_steps import bisect, coarse_steps, ivf_nlist, search_steps, tune  # noqa: F401 - re-exported
from .recall import (BLOCK, PROBE_SETS, exact_best, exact_scores, probe_queries,  # noqa: F401 - re-exported
                     recall_at, recall_by_score, tuning_probes, unit_rows)
from .exact_groups import ScaleGroups
from .topk import sorted_pairs, top_pairs

EXACT_LIMIT = 100_000  # chunks; above this the build writes an HNSW graph (exact search costs grow: docs/speed.md)
TARGET_RECALL = 0.985  # the search setting is tuned to this on probe queries (the promise: >= 0.98 on
# questions; the probes are at least as hard as questions: docs/speed.md, session 12)
ANN_META = "ann.json"
DEFAULT_KIND = "hnsw"
# efConstruction 200 (not faiss's 40): a better graph needs a much smaller efSearch for the same recall
# (measured in docs/speed.md); minutes of build against hours of embedding.
HNSW_M, HNSW_EF_CONSTRUCTION = 32, 200
PROBES = 500  # tuning queries in each of the probe sets (``tuning_probes``): enough that sampling error is ~0.002
NUMPY_LIMIT = 20_000  # chunks; exact search above this scores the int8 codes with faiss
MAX_GROUPS = 8  # distinct scales faiss's exact search handles (MiniLM vectors have 2-3)
RESCORE = 16  # extra ANN candidates re-scored from the stored vectors
TOP_MANY_BYTES = 32 << 20  # ``top_many``: the scores of a block of passages for a group of queries


def tune_setting(ann, kind: str, vectors, steps: list[int], target_recall: float = TARGET_RECALL,
                 seed: int = 0, log=None, finer: bool = True) -> tuple[int, float]:
    """(setting, probe recall@10): ``tune`` over the ``tuning_probes`` sets made from ``vectors``
    (``PROBES`` each, seeded ``seed + 1``): a setting's recall is the lowest of the sets', each
    probe's candidates re-scored as ``DenseSearch`` does and counted right by score (ties: a passage
    stored twice); leaves ``ann`` set to the last setting tried.  ``log(value, recall)`` is told
    each one tried.  ``finer``: bisected down from the first sqrt-2 step reaching the target."""
    vectors = as_codes(vectors)
    sets = list(tuning_probes(vectors, PROBES, seed + 1).values())
    probes = np.concatenate(sets)
    truth = exact_best(vectors, probes, 10)[1]
    ends = np.cumsum([0] + [len(p) for p in sets])

    def probe_recall(value: int) -> float:
        _set_knob(ann, kind, value)
        found = _rescored_best(ann, vectors, probes)[1]
        got = min(recall_by_score(found[a:b], truth[a:b]) for a, b in zip(ends[:-1], ends[1:]) if b > a)
        if log is not None:
            log(value, got)
        return got

    return tune(steps, probe_recall, target_recall, finer)


def rescored_recall(ann, kind: str, vectors, queries: np.ndarray, truth_scores: np.ndarray, value: int) -> float:
    """Recall@10 (by score) of ``ann`` at search setting ``value``, its candidates re-scored as
    searches do (``truth_scores``: each query's 10 best exact scores, ``exact_best``)."""
    _set_knob(ann, kind, value)
    return recall_by_score(_rescored_best(ann, as_codes(vectors), queries)[1], truth_scores)


def _set_knob(index, kind: str, value: int) -> None:
    if kind == "ivf":
        index.nprobe = int(value)
    else:
        index.hnsw.efSearch = int(value)


def as_codes(vectors) -> Quantized:
    """``vectors`` as the index stores them: int8 codes, a power-of-two scale per vector."""
    if isinstance(vectors, Quantized) and vectors.bits == 8 and not vectors.per_dim:
        return vectors
    codes, scales = quantize(vectors, 8, per_vector=True)
    return Quantized(codes, scales, 8, vectors.shape[1])


def _decoded(vectors: Quantized, seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return vectors[np.sort(rng.choice(len(vectors), size=min(len(vectors), n), replace=False))]


def _make(kind: str, vectors: Quantized, seed: int):
    """(the faiss index with every vector added, its parameters, the search settings to try).

    faiss keeps its own 8-bit codes of the vectors (per-dimension ranges: ``QT_8bit``), not a
    float copy; its candidates are re-scored from the stored codes (``DenseSearch._ann``)."""
    import faiss

    n, dim = vectors.shape
    sq = faiss.ScalarQuantizer.QT_8bit
    if kind == "ivf":
        nlist = ivf_nlist(n)
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dim), dim, nlist, sq, faiss.METRIC_INNER_PRODUCT)
        index.cp.seed = seed
        index.by_residual = False
        index.train(_decoded(vectors, seed, 40 * nlist))
        params, steps = {"nlist": nlist}, search_steps(kind, n)
    elif kind == "hnsw":
        index = faiss.IndexHNSWSQ(dim, sq, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.train(_decoded(vectors, seed, 100_000))
        params, steps = {"M": HNSW_M, "ef_construction": HNSW_EF_CONSTRUCTION}, search_steps(kind, n)
    else:
        raise ValueError(f"unknown dense index kind {kind!r}; choose hnsw or ivf")
    for at in range(0, n, BLOCK):
        index.add(vectors[at:at + BLOCK])
    return index, params, steps


def build_ann(vectors: np.ndarray, folder: Path, *, exact_limit: int | None = None, kind: str = DEFAULT_KIND,
              target_recall: float = TARGET_RECALL, seed: int = 0, threads: int | None = None) -> dict | None:
    """Write ``folder/<kind>.faiss`` + ``ann.json`` when there are more than ``exact_limit`` vectors
    (default ``EXACT_LIMIT``).  Returns the ``ann.json`` content (None: exact search, nothing written).
    The graph holds each distinct row once (``ann_copies``; its map written beside it when there
    are copies) and is tuned over those rows.
    """
    n, dim = vectors.shape
    if n <= (EXACT_LIMIT if exact_limit is None else exact_limit):
        return None
    import faiss

    faiss.omp_set_num_threads(int(threads or os.cpu_count() or 1))  # building uses every core
    folder = Path(folder)
    vectors = as_codes(vectors)
    groups = distinct_groups(vectors)
    if groups is not None:
        vectors = CopyMap(*groups).graph_rows(vectors)
    index, params, steps = _make(kind, vectors, seed)
    value, recall = tune_setting(index, kind, vectors, steps, target_recall, seed)
    meta = {"kind": f"{kind}-sq8", "n": int(n), "distinct": len(vectors), **params, "search": value,
            "probe_recall@10": round(recall, 4), "target_recall": target_recall,
            "probes": {name: min(PROBES, len(vectors)) for name in PROBE_SETS}, "file": f"{kind}.faiss"}
    faiss.write_index(index, str(folder / meta["file"]))
    if groups is not None:
        meta.update(save_copies(folder, *groups))
    (folder / ANN_META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def _rescored_best(index, vectors: Quantized, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ids, scores) of each query's 10 best of faiss's 10 + ``RESCORE`` candidates re-scored from the
    stored vectors (ids -1 and scores -inf where fewer)."""
    cand = index.search(queries, 10 + RESCORE)[1]
    ids_out = np.full((len(queries), 10), -1, dtype=np.int64)
    scores_out = np.full((len(queries), 10), -np.inf, dtype=np.float32)
    for i, (q, ids) in enumerate(zip(queries, cand)):
        ids = ids[ids >= 0]
        pairs = sorted_pairs(ids, vectors.dot(q, ids), 10)
        ids_out[i, :len(pairs)] = [p for p, _ in pairs]
        scores_out[i, :len(pairs)] = [v for _, v in pairs]
    return ids_out, scores_out


class DenseSearch:
    """Top-k inner-product search over ``vectors``: the index's int8 codes (``Quantized``), or the
    float16 memmap of a format-1 index (searched over a float32 copy, as it always was)."""

    def __init__(self, folder: Path, vectors):
        self.folder, self.vectors = Path(folder), vectors
        meta_path = self.folder / ANN_META
        self.meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else None
        self._matrix = None  # format 1: float32 copy for exact search
        self._numpy = None  # exact search with numpy over the whole array (``_numpy_exact``)
        self._flat = None  # int8 codes in faiss (``ScaleGroups``), for exact search past NUMPY_LIMIT
        self._ann_index = None
        self._copies = None  # graph entry -> passages, when the graph holds each distinct row once
        self.side = None  # where the graph walk is most of a search, BM25 runs beside it (``overlap.py``)
        if self.meta:
            from .overlap import SideThread  # not for small indexes: no thread, no import (qa ask starts fast)

            self.side = SideThread("qa-bm25")

    @property
    def kind(self) -> str:
        return self.meta["kind"] if self.meta else "exact"

    def _float_matrix(self) -> np.ndarray:
        if self._matrix is None:
            self._matrix = np.ascontiguousarray(self.vectors, dtype=np.float32)
        return self._matrix

    def _numpy_exact(self) -> bool:
        """Whether exact search scores the whole array with numpy (else faiss's scale groups); decided
        once per index (the scale count is a pass over every row)."""
        if self._numpy is None:
            v = self.vectors
            self._numpy = (not isinstance(v, Quantized) or len(v) <= NUMPY_LIMIT or v.per_dim or v.bits != 8
                           or len(np.unique(v.scales)) > MAX_GROUPS)
        return self._numpy

    def _exact(self, q: np.ndarray, k: int) -> list[tuple[int, float]]:
        v = self.vectors
        if not isinstance(v, Quantized):
            return top_pairs(self._float_matrix() @ q, k)
        if self._numpy_exact():
            return top_pairs(v.dot(q), k)
        if self._flat is None:
            self._flat = ScaleGroups(v)
        return self._flat.top(q, k)

    def _ann(self, q: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self._ann_index is None:
            import faiss

            faiss.omp_set_num_threads(1)  # one query at a time: threads only add wake-up latency
            kind = self.kind.split("-")[0]
            # IVF lists stay on disk; the HNSW codes are mapped (page cache, shared between processes)
            flags = faiss.IO_FLAG_MMAP if kind == "ivf" else faiss.IO_FLAG_MMAP_IFC
            try:
                index = faiss.read_index(str(self.folder / self.meta["file"]), flags)
            except RuntimeError:  # a faiss that cannot map this index type: read it
                index = faiss.read_index(str(self.folder / self.meta["file"]))
            _set_knob(index, kind, self.meta["search"])
            self._copies = CopyMap.load(self.folder, self.meta)  # before the index: another thread may search
            self._ann_index = index
        # faiss's candidates, re-scored from the stored vectors: the scores exact search would give
        _, ids = self._ann_index.search(q.reshape(1, -1), min(k + RESCORE, self._ann_index.ntotal))
        ids = ids[0][ids[0] >= 0]
        copies, firsts = self._copies, None
        if copies is not None:  # graph entries -> their first passages (their copies listed below)
            entries, ids = ids, copies.first(ids)
            firsts = dict(zip(ids.tolist(), entries.tolist()))
        v = self.vectors
        scores = v.dot(q, ids) if isinstance(v, Quantized) else np.asarray(v[np.sort(ids)], np.float32) @ q
        if not isinstance(v, Quantized):
            ids = np.sort(ids)
        pairs = sorted_pairs(ids, scores, k)
        return pairs if copies is None else copies.expand(pairs, firsts, k)

    def top_many(self, qvecs: np.ndarray, k: int, group: int = 64,
                 block_bytes: int = TOP_MANY_BYTES) -> list[list[tuple[int, float]]]:
        """``top`` for each row of ``qvecs``: where ``top`` decodes the whole int8 array with numpy,
        ``group`` queries share one pass over it (the same products, summed in a matrix product: equal
        to ``top``'s up to float rounding), a block of passages at a time (scores of at most
        ``block_bytes``, whole ``DECODE_ROWS``s), each query's best ``k`` so far merged with the block's
        by ``top_pairs`` (the result of every score at once); else one ``top`` a query."""
        qs = np.asarray(qvecs, dtype=np.float32).reshape(len(qvecs), -1)
        v = self.vectors
        if self.meta or len(v) == 0 or not self._numpy_exact():
            return [self.top(q, k) for q in qs]
        rows = max(1, block_bytes // (4 * max(1, min(group, len(qs))) * DECODE_ROWS)) * DECODE_ROWS
        out = []
        for at in range(0, len(qs), group):
            part = qs[at:at + group]
            best = [[]] * len(part)
            for lo in range(0, len(v), rows):
                scores = self._block_scores(part, lo, min(lo + rows, len(v)))
                ids = np.arange(lo, lo + scores.shape[1])
                for i, (got, row) in enumerate(zip(best, scores)):
                    was = np.asarray(got, dtype=np.float64).reshape(-1, 2)  # (id, float32 score): exact
                    best[i] = top_pairs(np.concatenate([was[:, 1].astype(np.float32), row]), k,
                                        np.concatenate([was[:, 0].astype(np.int64), ids]))
                del scores, row  # (a view of them) before the next block's are made
            out.extend(best)
        return out

    def _block_scores(self, qs: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """(queries, passages ``lo:hi``) products, ``DECODE_ROWS`` rows a matrix product from ``lo`` (a
        multiple of it), as ``Quantized.dot`` decodes rows: bit for bit the same whatever the block."""
        v = self.vectors
        if isinstance(v, Quantized):
            part = v if hi - lo == len(v) else Quantized(v.codes[lo:hi], v.scales if v.per_dim else v.scales[lo:hi],
                                                         v.bits, v.dim)
            return part.dot(qs)
        m = self._float_matrix()
        return np.concatenate([m[at:min(at + DECODE_ROWS, hi)] @ qs.T for at in range(lo, hi, DECODE_ROWS)]).T

    def top(self, qvec: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Neighbours of a unit query vector, best first, ties by chunk number."""
        q = np.asarray(qvec, dtype=np.float32).reshape(-1)
        if allowed is not None:  # a document filter: exact over the allowed rows
            ids = np.flatnonzero(allowed)
            if isinstance(self.vectors, Quantized):
                return top_pairs(self.vectors.dot(q, ids), k, ids)
            if self._matrix is not None:
                return top_pairs(self._matrix[ids] @ q, k, ids)
            return top_pairs(np.asarray(self.vectors[ids], dtype=np.float32) @ q, k, ids)
        if len(self.vectors) == 0:
            return []
        return self._ann(q, k) if self.meta else self._exact(q, k)
