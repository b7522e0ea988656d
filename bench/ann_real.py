"""The HNSW graph and its copy map on a REAL index: ANN against exact search on the same passages.

    python bench/ann_real.py prepare --source INDEX_DIR --out OUT [--threads 1] [--every]
    python bench/ann_real.py measure --out OUT --questions FILE.jsonl [--squad 1000] [--rounds 3] [--ef 1024,16453]

``prepare`` never writes into ``--source``: it copies it with hard links (``cp -al``) to
``OUT/exact`` (searched exactly, as it was built: below ``EXACT_LIMIT``) and ``OUT/ann``, where it
writes the graph from the stored vectors (no re-encoding) with ``qa.search.dense.build_ann(...,
exact_limit=0)`` -- the graph over each distinct row + the copy map, as a build past ``EXACT_LIMIT``
writes it -- and a new manifest (a new file: the hard-linked one is unlinked first).  ``--every``
also writes ``OUT/ann-every``: the graph over every row, no map (the code has no switch for that:
``distinct_groups`` is patched out, as ``bench/ann_copies.py`` does).

``measure`` (nothing written): query sets -- the questions (encoded by the index's own encoder),
the build's pseudo-questions (``fusion_queries.npz``: in-domain, already encoded) and ``--squad``
squad2 *train* questions (off-topic for most folders; seeded sample); per set and arm: dense
recall@10 and @100 by score against exact search over every stored vector (ties count:
``recall_by_score``), the share of queries whose dense top-10 / top-100 ids equal exact search's,
the share whose hybrid top-5 passages (``search``, k=5) equal exact's; then search p50 (hybrid
k=10 and dense k=100, query encoding excluded), the arms alternated for ``--rounds`` rounds in this
one process (ratios are the same round's), with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402

SQUAD = Path(os.environ.get("QA_SHARED", HERE.parent.parent / "shared")) / "squad2" / "train.jsonl"  # ../shared beside the repo


def _version(index_dir: Path) -> Path:
    from qa.index.ownership import current_version

    version = current_version(index_dir)
    if version is None:
        raise SystemExit(f"{index_dir}: no live version")
    return version


def _copy(source: Path, dest: Path) -> Path:
    if not dest.exists():
        subprocess.run(["cp", "-al", str(source), str(dest)], check=True)
    return _version(dest)


def write_graph(source: Path, dest: Path, distinct: bool, threads: int) -> dict:
    """Copy ``source`` to ``dest`` (hard links) and write the graph (+ map) and a new manifest there."""
    import qa.search.dense as dense
    from qa.index.loaded import load_index
    from qa.index.versions import CHECKSUM_KEY, write_manifest

    version = _copy(source, dest)
    folder = version / "dense"
    if (folder / dense.ANN_META).exists():
        return json.loads((folder / dense.ANN_META).read_text(encoding="utf-8"))
    index = load_index(dest)
    vectors = index.vectors  # the stored int8 codes + scales
    real = dense.distinct_groups
    if not distinct:
        dense.distinct_groups = lambda v: None  # the graph over every row (before session 12's map)
    try:
        t = time.perf_counter()
        meta = dense.build_ann(vectors, folder, exact_limit=0, threads=threads)
        seconds = time.perf_counter() - t
    finally:
        dense.distinct_groups = real
        index.release()
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    manifest = {k: v for k, v in manifest.items() if k not in ("files", CHECKSUM_KEY)}
    (version / "manifest.json").unlink()  # a hard link to the source's: never written in place
    write_manifest(version, manifest)
    graph = sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith(("hnsw", "ann")))
    info = {**meta, "build_s": round(seconds, 1), "graph_files_mb": round(graph / 1e6, 2)}
    (dest.parent / f"{dest.name}.build.json").write_text(json.dumps(info, indent=1) + "\n")
    return info


def query_sets(index, questions: Path, n_squad: int) -> dict[str, tuple[list[str], np.ndarray]]:
    texts = [json.loads(line)["question"] for line in questions.open(encoding="utf-8") if line.strip()]
    enc = index.query_embedder()
    out = {"questions": (texts, enc.embed(texts))}
    cache = index.version / "fusion_queries.npz"
    if cache.exists():
        with np.load(cache, allow_pickle=False) as z:
            out["pseudo-questions"] = (z["texts"].tolist(), np.asarray(z["vectors"], dtype=np.float32))
    if n_squad:
        rows = [json.loads(line)["question"] for line in SQUAD.open(encoding="utf-8")]
        pick = np.sort(np.random.default_rng(0).choice(len(rows), size=min(n_squad, len(rows)), replace=False))
        squad = [rows[i] for i in pick]
        out["squad2 train (off-topic)"] = (squad, enc.embed(squad))
    return out


def quality(arms: dict, sets: dict) -> None:
    from qa.search.recall import exact_best, recall_by_score
    from qa.search.retrieve import search

    exact = arms["exact"]
    for name, (texts, qv) in sets.items():
        truth = {k: exact_best(exact.vectors, qv, k) for k in (10, 100)}
        ex_dense = {k: [[i for i, _ in exact.dense_top(v, k)] for v in qv] for k in (10, 100)}
        ex_hyb = [[h.passage_no for h in search(exact, t, k=5, qvec=v)] for t, v in zip(texts, qv)]
        print(f"\n{name}: {len(qv)} queries; exact best / 10th score (median) "
              f"{np.median(truth[10][1][:, 0]):.2f} / {np.median(truth[10][1][:, -1]):.2f}")
        for label, index in arms.items():
            if label == "exact":
                continue
            row = {}
            for k in (10, 100):
                got = [index.dense_top(v, k) for v in qv]
                scores = np.array([[s for _, s in g] + [-np.inf] * (k - len(g)) for g in got])
                row[f"recall@{k}"] = recall_by_score(scores, truth[k][1], k)
                row[f"same top-{k} ids"] = np.mean([[i for i, _ in g] == e for g, e in zip(got, ex_dense[k])])
            hyb = [[h.passage_no for h in search(index, t, k=5, qvec=v)] for t, v in zip(texts, qv)]
            row["hybrid top-5 identical"] = np.mean([h == e for h, e in zip(hyb, ex_hyb)])
            row["hybrid top-5 same set"] = np.mean([set(h) == set(e) for h, e in zip(hyb, ex_hyb)])
            print(f"  {label:10s} efSearch {index._dense_search().meta['search']:5d}: "
                  + "  ".join(f"{k} {v:.4f}" for k, v in row.items()), flush=True)


def timing(arms: dict, sets: dict, rounds: int) -> None:
    from qa.search.retrieve import search

    texts = [t for ts, _ in sets.values() for t in ts]
    qv = np.concatenate([v for _, v in sets.values()])
    for index in arms.values():  # warm: graph read, pages touched
        for t, v in zip(texts[:20], qv[:20]):
            search(index, t, k=10, qvec=v)
    labels = list(arms)
    got = {(label, what): [] for label in labels for what in ("hybrid", "dense")}
    loads = []
    for r in range(rounds):
        for label in labels[r % len(labels):] + labels[:r % len(labels)]:
            loads.append(os.getloadavg()[0])
            index, hyb, den = arms[label], [], []
            for t, v in zip(texts, qv):
                a = time.perf_counter()
                search(index, t, k=10, qvec=v)
                b = time.perf_counter()
                index.dense_top(v, 100)
                den.append(time.perf_counter() - b)
                hyb.append(b - a)
            got[(label, "hybrid")].append(1e3 * np.asarray(hyb))
            got[(label, "dense")].append(1e3 * np.asarray(den))
    print(f"\ntiming: {len(texts)} queries x {rounds} rounds per arm, load average (1 min) {min(loads):.2f}-{max(loads):.2f}")
    for what in ("hybrid", "dense"):
        for label in labels:
            runs = got[(label, what)]
            p50 = np.percentile(np.concatenate(runs), 50)
            line = f"  {what:6s} {label:10s} p50 {p50:6.2f} ms  p95 {np.percentile(np.concatenate(runs), 95):6.2f} ms"
            if label != "exact":
                ratios = [np.median(a) / np.median(b) for a, b in zip(runs, got[("exact", what)])]
                line += f"  / exact's same round: median {np.median(ratios):.3f} ({', '.join(f'{x:.2f}' for x in ratios)})"
            print(line, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("step", choices=["prepare", "measure"])
    ap.add_argument("--source", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--every", action="store_true", help="prepare: also the graph over every row (no map)")
    ap.add_argument("--questions", type=Path)
    ap.add_argument("--squad", type=int, default=1000)
    ap.add_argument("--timing-only", action="store_true", help="measure: no recall / identity figures")
    ap.add_argument("--ef", default="", help="measure: also OUT/ann searched at these efSearch (comma-separated)")
    ap.add_argument("--rounds", type=int, default=3, help="timing rounds (0: no timing)")
    args = ap.parse_args()
    if args.step == "prepare":
        args.out.mkdir(parents=True, exist_ok=True)
        _copy(args.source.resolve(), args.out / "exact")
        for name, distinct in [("ann", True)] + ([("ann-every", False)] if args.every else []):
            print(name, json.dumps(write_graph(args.source.resolve(), args.out / name, distinct, args.threads)), flush=True)
        return
    from qa.index.loaded import load_index

    arms = {name: load_index(args.out / name) for name in ("exact", "ann", "ann-every") if (args.out / name).exists()}
    for ef in filter(None, args.ef.split(",")):  # the map's graph at another efSearch (the index on disk unchanged)
        arms[f"ann@{ef}"] = load_index(args.out / "ann")
        arms[f"ann@{ef}"]._dense_search().meta["search"] = int(ef)
    for name, index in arms.items():
        print(f"{name}: {index.n_chunks} passages, dense {index._dense_search().kind}, "
              f"{json.dumps(index._dense_search().meta) if index._dense_search().meta else ''}")
    sets = query_sets(arms["exact"], args.questions, args.squad)
    if not args.timing_only:
        quality(arms, sets)
    if args.rounds:
        timing(arms, sets, args.rounds)


if __name__ == "__main__":
    main()
