"""Before/after on the 1M synthetic index: one fresh process per (tree, setting), alternating.

    python bench/scale_ab.py --arm before=/path/to/old/tree --arm after=. [--arm after-558=.:558]
                             [--arm rebuilt=.@INDEX_DIR] [--rounds 2] [--queries 200] [--chunks 1000000]

An arm is ``label=TREE`` or ``label=TREE:EF`` (EF overrides the index's tuned ANN setting, e.g. to
measure what a build tuned by newer code would choose, without rebuilding), each optionally ending in ``@DIR``:
another synthetic index of the same passages (e.g. one built by ``hybrid_scale.py --index DIR
--build-only``; default ``bench/.work/hybrid-CHUNKS``).  Each process opens the index built by
``hybrid_scale.py`` (built by it if missing), warms with 5 queries, then times
``search(index, text, k=10, qvec=v)`` (question encoding excluded) over the queries and reports
its RSS growth (all, anonymous, file-backed) and which mapped files hold it.  Rounds alternate the
arms, so load drifts hit each alike; the load average is printed beside the figures.

    python bench/scale_ab.py --index INDEX_DIR --questions FILE.jsonl --arm a=. [--arm b=.:2048]
                             [--arm exact=.@OTHER_INDEX_DIR]

times a real index instead (e.g. one whose graph carries a copy map, ``bench/ann_real.py``; an arm's
``@DIR`` names another index of the same passages, e.g. the same one searched exactly): its
questions' texts (the first ``--queries``), encoded once by the index's own query encoder in this
process (the children load the vectors: no encoder in their RSS, encoding not timed).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def real_queries(index_dir: Path, questions: Path, n_queries: int, out: Path) -> None:
    """A real index's questions (``question`` of each JSON line, the first ``n_queries``) and their
    vectors from the index's own query encoder, pickled to ``out``."""
    sys.path.insert(0, str(HERE.parent))
    from qa.index.loaded import load_index

    texts = [json.loads(line)["question"] for line in questions.open(encoding="utf-8") if line.strip()][:n_queries]
    index = load_index(index_dir)
    out.write_bytes(pickle.dumps((texts, index.query_embedder().embed(texts))))
    index.release()


def child(n: int, n_queries: int, ef: int | None, index_dir: Path | None = None, queries: Path | None = None) -> dict:
    import numpy as np

    # qa first, from the arm's tree (PYTHONPATH): hybrid_scale puts this script's tree first on the path
    import qa
    from qa.index.loaded import load_index
    from qa.search.retrieve import SearchConfig, search

    sys.path.insert(0, str(HERE))
    import hybrid_scale as hs

    if queries is None:  # synthetic: the default index or an arm's @DIR (built there if missing)
        index_dir, info = hs.ensure_index(n, HERE / ".work", index_dir=index_dir)
    cache = queries or HERE / ".work" / f"queries-{n}-{n_queries}.pkl"
    if cache.exists():
        texts, qvecs = pickle.loads(cache.read_bytes())
    else:
        import synth

        c = synth.corpus(n)
        texts, topics = synth.queries(c, n_queries, seed=11)
        qvecs = synth.query_vectors(topics, info["n_topics"], seed=13)
        del c
        cache.write_bytes(pickle.dumps((texts, qvecs)))
    import gc

    gc.collect()
    before = hs.rss()
    index = load_index(index_dir)
    if ef is not None:
        index._dense_search().meta["search"] = int(ef)
    cfg = SearchConfig()
    for text, v in zip(texts[:5], qvecs[:5]):
        search(index, text, k=10, config=cfg, qvec=v)
    times = []
    for text, v in zip(texts, qvecs):
        t = time.perf_counter()
        search(index, text, k=10, config=cfg, qvec=v)
        times.append(1e3 * (time.perf_counter() - t))
    after = hs.rss()
    files: dict[str, int] = {}
    name = "[anon]"
    for line in open("/proc/self/smaps"):
        parts = line.split()
        if parts and not parts[0].endswith(":"):
            name = parts[5] if len(parts) > 5 else "[anon]"
        elif parts and parts[0] == "Rss:" and str(index_dir.resolve()) in os.path.realpath(name):
            key = os.path.relpath(os.path.realpath(name), os.path.realpath(index.version))
            files[key] = files.get(key, 0) + int(parts[1]) * 1024
    return {"index": str(index_dir), "times_ms": times, "rss": {k: after[k] - before[k] for k in after}, "mapped": files,
            "search": (index._dense_search().meta or {}).get("search", "exact"), "qa": str(Path(qa.__file__).parent.parent),
            "rss_total": after["VmRSS"], "load": os.getloadavg()[0]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--arm", action="append", default=[])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--chunks", type=int, default=1_000_000)
    ap.add_argument("--child", action="store_true")
    ap.add_argument("--ef", type=int, default=None)
    ap.add_argument("--rotate", action="store_true", help="rotate the arms' order each round (no arm always first)")
    ap.add_argument("--index", type=Path, help="a real index instead of the synthetic one (with --questions)")
    ap.add_argument("--questions", type=Path, help="--index: JSONL, the text in each line's 'question'")
    ap.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)  # the children's: pickled (texts, vectors)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.chunks, args.queries, args.ef, args.index, args.queries_file)))
        return
    real = []
    if args.index:
        import tempfile

        args.queries_file = Path(tempfile.mkdtemp()) / "queries.pkl"
        real_queries(args.index, args.questions, args.queries, args.queries_file)
        real = ["--queries-file", str(args.queries_file)]
    import numpy as np

    arms = []
    for spec in args.arm:
        label, _, rest = spec.partition("=")
        rest, _, index = rest.partition("@")
        tree, _, ef = rest.partition(":")
        index = Path(index).resolve() if index else args.index.resolve() if args.index else None
        arms.append((label, Path(tree).resolve(), int(ef) if ef else None, index))
    got: dict[str, list] = {label: [] for label, *_ in arms}
    loads = []
    for r in range(args.rounds):
        for label, tree, ef, index in (arms[r % len(arms):] + arms[:r % len(arms)] if args.rotate else arms):
            loads.append(os.getloadavg()[0])
            cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--chunks", str(args.chunks),
                   "--queries", str(args.queries)] + (["--ef", str(ef)] if ef else []) + real
            cmd += ["--index", str(index)] if index else []
            env = dict(os.environ, PYTHONPATH=str(tree), OMP_NUM_THREADS="1")
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
            got[label].append(json.loads(out.strip().splitlines()[-1]))
    print(f"load average (1 min) during the runs: {min(loads):.2f}-{max(loads):.2f}")
    for label, runs in got.items():
        ms = np.concatenate([r["times_ms"] for r in runs])
        rss = runs[-1]["rss"]
        rounds = ", ".join(f"{np.percentile(r['times_ms'], 50):.2f}" for r in runs)
        print(f"{label:14s} ({runs[-1]['qa']}, {runs[-1]['index']}) efSearch {runs[-1]['search']}: p50 {np.percentile(ms, 50):.2f} ms  p95 {np.percentile(ms, 95):.2f} ms"
              f"  (per round p50 {rounds})"
              f"  RSS {runs[-1]['rss_total'] / 2**20:.0f} MiB, +{rss['VmRSS'] / 2**20:.0f} MiB (anon +{rss['RssAnon'] / 2**20:.0f}, file +{rss['RssFile'] / 2**20:.0f})")
        if label != arms[0][0]:  # the same round's first arm: a ratio that load drifts hit alike
            base = got[arms[0][0]]
            ratios = [np.percentile(r["times_ms"], 50) / np.percentile(b["times_ms"], 50) for r, b in zip(runs, base)]
            print(f"   p50 / {arms[0][0]}'s in the same round: median {np.median(ratios):.3f} "
                  f"(rounds {', '.join(f'{x:.2f}' for x in ratios)})")
        print("   mapped:", ", ".join(f"{k} {v / 2**20:.0f}" for k, v in sorted(runs[-1]["mapped"].items(), key=lambda p: -p[1])))


if __name__ == "__main__":
    main()
