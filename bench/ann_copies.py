"""Copies in the ANN graph: the efSearch the tuning picks and the recall it gets, with each distinct
stored vector once in the graph (``qa.search.ann_copies``) and with every copy added (before).

    python bench/ann_copies.py [--n 120000] [--copies 0.5] [--threads 2]

Made-up embedding-like vectors (unit rows around topic centres, as tests/integration/test_dense.py),
a share ``--copies`` of the rows exact copies of earlier ones (a few sources copied many times, up to
130, like a real folder's licences), scattered.  Held-out queries (drawn like questions, never seen by
the tuning): recall@10 by score against exact search over every row, searched as ``DenseSearch`` does,
and the median time of one such search (k=10; the machine's load shows in it: report it).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

DIM = 384


def made_up(n: int, share: float, seed: int = 5, topics: int = 600):
    from qa.search.dense import unit_rows

    rng = np.random.default_rng(seed)
    centres = unit_rows(rng.standard_normal((topics, DIM)))
    n_copies = int(n * share)
    distinct = n - n_copies
    rows = unit_rows(centres[rng.integers(0, topics, distinct)] + 0.9 * unit_rows(rng.standard_normal((distinct, DIM))))
    counts = np.minimum(rng.geometric(0.1, distinct // 10), 130)  # copies per source: ~10 on average, a few 130
    counts[:5] = 130
    sources = np.repeat(rng.choice(distinct, len(counts), replace=False), counts)[:n_copies]
    sources = np.concatenate([sources, rng.choice(distinct, n_copies - len(sources))])
    order = rng.permutation(n)
    vectors = np.concatenate([rows, rows[sources]])[order].astype(np.float16)
    queries = unit_rows(centres[rng.integers(0, topics, 300)] + 1.3 * unit_rows(rng.standard_normal((300, DIM))))
    return vectors, queries


def run(vectors, queries, distinct: bool, threads: int) -> dict:
    import qa.search.dense as dense
    from qa.search.recall import exact_best, recall_by_score

    stored = dense.as_codes(vectors)
    real = dense.distinct_groups
    if not distinct:
        dense.distinct_groups = lambda v: None  # the graph over every row, as before
    try:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            meta = dense.build_ann(stored, Path(tmp), exact_limit=1_000, threads=threads)
            seconds = time.perf_counter() - t
            graph_mb = sum(f.stat().st_size for f in Path(tmp).iterdir() if f.name != "ann.json") / 1e6
            search = dense.DenseSearch(Path(tmp), stored)
            search.top(queries[0], 10)  # the graph read
            took, found = [], []
            for q in queries:
                t = time.perf_counter()
                found.append([s for _, s in search.top(q, 10)])
                took.append(time.perf_counter() - t)
            found = np.array(found)
    finally:
        dense.distinct_groups = real
    truth = exact_best(stored, queries.astype(np.float32), 10)[1]
    return {"graph": "distinct rows" if distinct else "every row", "entries": meta["distinct"] if distinct else len(vectors),
            "efSearch": meta["search"], "probe_recall@10": meta["probe_recall@10"],
            "heldout_recall@10": round(recall_by_score(found, truth), 4), "build_s": round(seconds, 1), "graph_mb": round(graph_mb, 1),
            "search_ms_p50": round(1000 * float(np.median(took)), 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=120_000)
    ap.add_argument("--copies", type=float, default=0.5)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    vectors, queries = made_up(a.n, a.copies)
    from qa.search.ann_copies import distinct_groups
    from qa.search.dense import as_codes

    groups = distinct_groups(as_codes(vectors))
    n_distinct = len(groups[1]) - 1 if groups is not None else len(vectors)
    sizes = np.diff(groups[1]) if groups is not None else np.ones(1)
    print(json.dumps({"n": len(vectors), "distinct": n_distinct, "largest_group": int(sizes.max())}), flush=True)
    for distinct in (True, False):
        print(json.dumps(run(vectors, queries, distinct, a.threads)), flush=True)


if __name__ == "__main__":
    main()
