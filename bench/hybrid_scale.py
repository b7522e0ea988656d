"""Warm hybrid queries on a large synthetic index: latency, memory, dense recall.

Run as a script (one fresh process per size, so its memory is the index's):
    python bench/hybrid_scale.py --chunks 1000000 [--queries 200] [--encoder SEED_INDEX_DIR] [--ef N]
                                 [--index DIR] [--build-only]
The index (synthetic Zipf text, embedding-like vectors: see synth.py) is written once under
bench/.work/ and reused.  A query is ``qa.retrieve.search(index, text, k=10, qvec=vector)``,
hybrid BM25 + dense with convex fusion, depth 100, exactly what ``qa ask`` retrieves with; with
``--encoder`` each query also encodes its text with the ONNX question encoder (the vector itself
is synthetic, since the synthetic chunks have no real embeddings).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402


def rss() -> dict:
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key = line.split(":")[0]
        if key in ("VmRSS", "RssAnon", "RssFile"):
            out[key] = int(line.split()[1]) * 1024
    return out


def ensure_index(n: int, work: Path, seed: int = 0, index_dir: Path | None = None) -> tuple[Path, dict]:
    """The index at ``index_dir`` (default ``work/hybrid-N``), built there by this code if missing."""
    import synth
    from synth_index import write_index

    index_dir = Path(index_dir) if index_dir is not None else work / f"hybrid-{n}"
    info_file = index_dir / "bench-info.json"
    if info_file.exists() and (index_dir / "CURRENT").exists():
        return index_dir, json.loads(info_file.read_text())
    from qa.search import dense

    tuning: dict = {}
    tune_setting = dense.tune_setting

    def timed_tuning(*args, **kwargs):  # the build's tuning, timed apart from the graph's construction
        t0, c0 = time.perf_counter(), time.process_time()
        out = tune_setting(*args, **kwargs)
        tuning.update(tune_s=time.perf_counter() - t0, tune_cpu_s=time.process_time() - c0)
        return out

    t, cpu = time.perf_counter(), time.process_time()
    c = synth.corpus(n, seed=seed)
    vectors = synth.vectors(c.topic, c.n_topics, seed=seed + 3)
    dense.tune_setting = timed_tuning
    try:
        info = write_index(c, vectors, index_dir)
    finally:
        dense.tune_setting = tune_setting
    info.update(tuning)
    info["write_s"] = time.perf_counter() - t
    info["write_cpu_s"] = time.process_time() - cpu  # all threads of this process
    info["n_topics"] = c.n_topics
    info_file.write_text(json.dumps(info, indent=1))
    return index_dir, info


def measure(n: int, n_queries: int, work: Path, encoder: Path | None, ef: int | None = None,
            index_dir: Path | None = None) -> dict:
    import synth
    from qa.search.dense import exact_scores, recall_at
    from qa.search.topk import top10
    from qa.index.loaded import load_index
    from qa.search.retrieve import SearchConfig, search

    index_dir, info = ensure_index(n, work, index_dir=index_dir)
    c_topics = info["n_topics"]
    # question texts need the corpus vocabulary: regenerate the (deterministic) corpus lazily
    c = synth.corpus(n)
    texts, topics = synth.queries(c, n_queries, seed=11)
    qvecs = synth.query_vectors(topics, c_topics, seed=13)
    del c
    enc = None
    if encoder is not None:
        from qa.index.loaded import load_index as _load

        enc = _load(encoder).query_embedder()
        enc.embed(["warm up"])
    import gc

    gc.collect()
    before = rss()
    t = time.perf_counter()
    index = load_index(index_dir)
    load_s = time.perf_counter() - t
    if ef is not None:  # the ANN setting a newer tuning chooses (bench/retune.py), without rebuilding
        index._dense_search().meta["search"] = int(ef)
    cfg = SearchConfig()  # hybrid, convex, depth 100
    for text, v in zip(texts[:5], qvecs[:5]):  # warm: first touches of the mapped files
        search(index, text, k=10, config=cfg, qvec=v)
    times, enc_times = [], []
    for text, v in zip(texts, qvecs):
        t = time.perf_counter()
        if enc is not None:
            enc.embed([text])
        t_enc = time.perf_counter()
        search(index, text, k=10, config=cfg, qvec=v)
        times.append(time.perf_counter() - t)
        enc_times.append(t_enc - t)
    after = rss()
    truth = top10(exact_scores(index.vectors, qvecs))
    found = np.array([[i for i, _ in index.dense_top(v, 10)] for v in qvecs])
    ms = 1e3 * np.asarray(times)
    return {
        "chunks": n, "queries": n_queries, "dense": index._dense_search().kind, "ann": info.get("ann"),
        "search_setting": (index._dense_search().meta or {}).get("search"),
        "p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)),
        "encode_p50_ms": float(np.median(enc_times) * 1e3) if enc is not None else None,
        "dense_recall@10": recall_at(found, truth), "load_s": load_s,
        "rss_bytes": after["VmRSS"] - before["VmRSS"], "rss_anon_bytes": after["RssAnon"] - before["RssAnon"],
        "disk_bytes": info["bytes_total"], "disk_bytes_by_part": info["bytes"],
        "bytes_per_chunk": {"dense": info["bytes"].get("dense", 0) / n, "bm25": info["bytes"].get("bm25", 0) / n,
                            "total": info["bytes_total"] / n},
        "index_write_s": info.get("write_s"), "ann_build_s": info.get("ann_build_s"),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", type=int, required=True)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--work", type=Path, default=HERE / ".work")
    ap.add_argument("--encoder", type=Path, default=None, help="an index whose ONNX encoder encodes the questions")
    ap.add_argument("--ef", type=int, default=None, help="override the index's ANN search setting (see bench/retune.py)")
    ap.add_argument("--index", type=Path, default=None,
                    help="the index folder (default WORK/hybrid-CHUNKS); built there by this code if missing")
    ap.add_argument("--build-only", action="store_true", help="build the index if missing, measure nothing")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.build_only:
        index_dir, info = ensure_index(args.chunks, args.work, index_dir=args.index)
        print(json.dumps({"index": str(index_dir), **info}))
        return
    print(json.dumps(measure(args.chunks, args.queries, args.work, args.encoder, args.ef, args.index)))


if __name__ == "__main__":
    main()
