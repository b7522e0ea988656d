"""Retrieval quality on the 1M synthetic index at given ANN search settings (efSearch), against exact.

    python bench/scale_quality.py --ef 724,570 [--queries 1000] [--chunks 1000000] [--index DIR]

The index is the one ``hybrid_scale.py`` built (``--index``: another such, e.g. one built by
``hybrid_scale.py --index DIR --build-only``; ``--ef recorded``: the setting its ``ann.json`` records;
read only; an efSearch is an override of the loaded
index's setting, as ``scale_ab.py ...:EF`` does, nothing written).  The queries are the bench's
held-out ones (``scale_ab.py``'s cache).  Reported per setting:

* dense recall@10 and @100 against exact search over the stored int8 vectors, and against exact
  search over the float vectors the index was made from (``synth.vectors``, regenerated);
* the hybrid (``search``, default config, k=10) against the same hybrid whose dense run is exact
  int8: the same top-1, top-10 overlap, the same top-10 list (ids in order).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402


def recall_ids(found: list[list[int]], truth: np.ndarray, k: int) -> float:
    return float(np.mean([len(set(f[:k]) & set(t[:k].tolist())) / k for f, t in zip(found, truth)]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ef", required=True)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--chunks", type=int, default=1_000_000)
    ap.add_argument("--index", type=Path, default=None)
    args = ap.parse_args()
    import hybrid_scale as hs
    import synth
    from qa.index.loaded import load_index
    from qa.search.recall import exact_best
    from qa.search.retrieve import SearchConfig, search
    from qa.search.topk import top_pairs

    index_dir, info = hs.ensure_index(args.chunks, HERE / ".work", index_dir=args.index)
    texts, qvecs = pickle.loads((HERE / ".work" / f"queries-{args.chunks}-{args.queries}.pkl").read_bytes())
    index = load_index(index_dir)
    t = time.perf_counter()
    int8_ids = exact_best(index.vectors, qvecs, 128)[0]
    print(f"exact int8 top 128: {time.perf_counter() - t:.0f} s", flush=True)
    c = synth.corpus(args.chunks)
    floats = synth.vectors(c.topic, c.n_topics, seed=3)  # as ensure_index made them (seed 0 + 3)
    del c
    float_ids = exact_best(floats, qvecs, 100)[0]
    del floats
    print(f"exact float top 100: {time.perf_counter() - t:.0f} s", flush=True)

    dense = index._dense_search()
    ann_top = dense.top
    recorded = int(dense.meta["search"])  # the setting the index's build chose (ann.json)
    by_query = {q.tobytes(): row for q, row in zip(np.asarray(qvecs, dtype=np.float32), int8_ids)}

    def exact_top(qvec, k, allowed=None):  # the exact int8 answer, scored as the ANN path scores
        q = np.asarray(qvec, dtype=np.float32).reshape(-1)
        row = by_query.get(q.tobytes())
        if allowed is not None or row is None or k > len(row):
            raise RuntimeError("exact lookup: unknown query or depth")
        return top_pairs(index.vectors.dot(q, row), k, row)

    cfg = SearchConfig()
    dense.top = exact_top
    exact_hybrid = [[h.passage_no for h in search(index, text, k=10, config=cfg, qvec=v)] for text, v in zip(texts, qvecs)]
    exact_int8 = [[i for i, _ in exact_top(v, 100)] for v in qvecs]
    dense.top = ann_top
    out = {"index": str(index_dir), "recorded efSearch": recorded, "queries": len(qvecs), "exact int8": {"recall@10 vs float": recall_ids(exact_int8, float_ids, 10),
                                                  "recall@100 vs float": recall_ids(exact_int8, float_ids, 100)}}
    for ef in [recorded if x == "recorded" else int(x) for x in args.ef.split(",")]:
        dense.meta["search"] = ef
        if dense._ann_index is not None:
            dense._ann_index.hnsw.efSearch = ef
        found = [[i for i, _ in dense.top(v, 100)] for v in qvecs]
        hybrid = [[h.passage_no for h in search(index, text, k=10, config=cfg, qvec=v)] for text, v in zip(texts, qvecs)]
        out[f"efSearch {ef}"] = {
            "dense recall@10 vs exact int8": recall_ids(found, int8_ids, 10),
            "dense recall@100 vs exact int8": recall_ids(found, int8_ids, 100),
            "dense recall@10 vs float": recall_ids(found, float_ids, 10),
            "dense recall@100 vs float": recall_ids(found, float_ids, 100),
            "hybrid same top-1": float(np.mean([a[:1] == b[:1] for a, b in zip(hybrid, exact_hybrid)])),
            "hybrid top-10 overlap": float(np.mean([len(set(a) & set(b)) / max(1, len(b)) for a, b in zip(hybrid, exact_hybrid)])),
            "hybrid same top-10 list": float(np.mean([a == b for a, b in zip(hybrid, exact_hybrid)])),
        }
        print(json.dumps({f"efSearch {ef}": out[f"efSearch {ef}"]}), flush=True)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
