"""How the dense index was chosen: HNSW vs IVF on embedding-like vectors (see synth.py).

    python bench/ann_choice.py [N]     (default 100000; prints build time, recall and latency)

For each index: build seconds, then the smallest search setting reaching recall@10 >= 0.98 against
exact search on held-out synthetic questions, its per-query latency, and memory per vector.

It compares faiss's index types as such (fp16 codes, efConstruction 40, no re-scoring) on
synthetic vectors, which have no copies: recall by id is right there, and no copy map is involved.
What a build writes (8-bit codes, re-scored candidates, each distinct vector once with its copy
map) is measured by ``bench/ann_copies.py`` (made-up copies) and ``bench/ann_real.py`` (a real folder).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402


def main(n: int) -> None:
    import faiss

    import synth
    from qa.search.dense import ivf_nlist, exact_scores, recall_at

    rng = np.random.default_rng(0)
    topics = n // 200
    vec = synth.vectors(rng.integers(0, topics, n), topics)
    q = synth.query_vectors(rng.integers(0, topics, 200), topics, seed=21)
    truth = np.argsort(-exact_scores(vec, q), axis=1, kind="stable")[:, :10]
    x = np.asarray(vec, dtype=np.float32)
    faiss.omp_set_num_threads(2)

    def timed_search(index, setting, name):
        faiss.omp_set_num_threads(1)
        setattr(*setting)
        t = time.perf_counter()
        found = np.stack([index.search(v.reshape(1, -1), 10)[1][0] for v in q])
        ms = (time.perf_counter() - t) / len(q) * 1e3
        faiss.omp_set_num_threads(2)
        return recall_at(found, truth), ms

    rows = []
    for m in (16, 32):
        idx = faiss.IndexHNSWSQ(x.shape[1], faiss.ScalarQuantizer.QT_fp16, m, faiss.METRIC_INNER_PRODUCT)
        idx.hnsw.efConstruction = 40
        t = time.perf_counter()
        idx.add(x)
        build = time.perf_counter() - t
        for ef in (16, 32, 64, 128, 256, 512):
            rec, ms = timed_search(idx, (idx.hnsw, "efSearch", ef), "ef")
            if rec >= 0.98 or ef == 512:
                rows.append((f"HNSW-fp16 M={m}", build, f"efSearch={ef}", rec, ms, 768 + 2 * m * 4))
                break
    nlist = ivf_nlist(n)
    ivf = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(x.shape[1]), x.shape[1], nlist,
                                        faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
    t = time.perf_counter()
    ivf.train(x[rng.choice(n, min(n, 40 * nlist), replace=False)])
    ivf.add(x)
    build = time.perf_counter() - t
    for nprobe in (4, 8, 16, 23, 32, 45, 64, 91, 128, 181, 256):
        rec, ms = timed_search(ivf, (ivf, "nprobe", nprobe), "nprobe")
        if rec >= 0.98:
            rows.append((f"IVF-fp16 nlist={nlist}", build, f"nprobe={nprobe}", rec, ms, 768 + 8))
            break
    t = time.perf_counter()
    for v in q:
        np.argpartition(-(x @ v), 10)[:10]
    rows.append(("exact (numpy)", 0.0, "-", 1.0, (time.perf_counter() - t) / len(q) * 1e3, 4 * x.shape[1]))
    print(f"{n:,} embedding-like vectors, 200 questions, 2 cores")
    print(f"{'index':<22} {'build s':>8} {'setting':>14} {'recall@10':>9} {'ms/query':>9} {'B/vector':>9}")
    for name, b, s, r, ms, bpv in rows:
        print(f"{name:<22} {b:>8.1f} {s:>14} {r:>9.3f} {ms:>9.2f} {bpv:>9}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
