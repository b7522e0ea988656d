"""BM25 at scale: qa's engine (memory-mapped, sparse) against rank-bm25's BM25Okapi on synthetic chunks.

Both score the same token lists with k1=1.5, b=0.75, epsilon=0.25.  qa's time is one query
through ``BM25.top`` on the saved, memory-mapped engine (loaded without re-tokenising); rank-bm25's
is ``get_scores`` plus the same top-10 selection.  Agreement: a query agrees when both top-10s hold
the same chunks, or differ only where scores tie (within 1e-4 relative: float32 vs float64 weights).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

import synth
from qa.search.bm25 import BM25, BM25Params
from synth_index import term_counts


def _agree(ours: list[tuple[int, float]], ref_scores: np.ndarray) -> bool:
    order = np.lexsort((np.arange(len(ref_scores)), -ref_scores))[:10]
    want = [int(i) for i in order if ref_scores[i] > 0]
    got = [i for i, _ in ours]
    if got == want:
        return True
    if len(got) != len(want):
        return False
    # ties aside: the same score at every rank
    return bool(np.allclose([ref_scores[i] for i in got], [ref_scores[i] for i in want], rtol=1e-4, atol=1e-6))


def run(n: int, n_queries: int, ref_queries: int, seed: int = 0) -> dict:
    from rank_bm25 import BM25Okapi

    c = synth.corpus(n, seed=seed)
    queries, _ = synth.queries(c, n_queries, seed=seed + 1)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        engine = BM25.from_counts(term_counts(c), BM25Params())
        engine.save(Path(tmp))
        build_s = time.perf_counter() - t
        t = time.perf_counter()
        loaded = BM25.load(Path(tmp), n_docs=c.n)  # memory-mapped, nothing re-tokenised
        load_s = time.perf_counter() - t
        toks = [q.split() for q in queries]
        loaded.top(toks[0], 10)  # vocabulary map built once per process
        ours, times = [], []
        for q in toks:
            t = time.perf_counter()
            ours.append(loaded.top(q, 10))
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        p = BM25Params()
        ref = BM25Okapi((c.tokens(i) for i in range(c.n)), k1=p.k1, b=p.b, epsilon=p.epsilon)
        ref_build_s = time.perf_counter() - t
        ref_times, agree = [], []
        for q, got in zip(toks[:ref_queries], ours):
            t = time.perf_counter()
            scores = ref.get_scores(q)
            np.lexsort((np.arange(len(scores)), -scores))[:10]
            ref_times.append(time.perf_counter() - t)
            agree.append(_agree(got, scores))
        del ref
    qa_ms, ref_ms = 1e3 * float(np.median(times)), 1e3 * float(np.median(ref_times))
    return {"chunks": n, "queries": len(toks), "rank_bm25_queries": len(ref_times),
            "qa_ms_p50": qa_ms, "rank_bm25_ms_p50": ref_ms, "speedup": ref_ms / qa_ms,
            "top10_agreement": float(np.mean(agree)), "qa_build_s": build_s, "qa_load_s": load_s,
            "rank_bm25_build_s": ref_build_s}
