"""Index builds on Dask: passages/s of a local build vs ``--cluster local:1`` and ``local:2``.

    python bench/cluster.py [N_DOCS] [ROUNDS]     (default 600 SciFact abstracts, 2 rounds)

All three build the same N SciFact abstracts (or the seeds repeated) from scratch with the real
model, in alternating rounds so that machine load hits them alike; each figure is its best round.
passages/s counts the build without starting the cluster (reported apart: a LocalCluster's
worker processes start once per ``qa index``); bytes/passage is what went over the wire (texts
out, arrays and vectors back, pickled as Dask sends them).  On a 2-core machine ``local:2``
cannot beat a local build (ONNX already uses both cores): the ratios measure the overhead.
Writes bench/results/cluster.json.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from build_memory import corpus  # noqa: E402  (the first N SciFact abstracts as a JSON-lines corpus, written once)


def main(n: int, rounds: int) -> None:
    from qa.index.build import build_index
    from qa.index.cluster import build_on_cluster

    work = HERE / ".work" / "cluster"
    work.mkdir(parents=True, exist_ok=True)
    src = corpus(work, n)
    build_index(src, work / "warm")  # the ONNX export (once per user, in its cache): every build reuses it
    best: dict[str, dict] = {}
    for r in range(rounds):
        for name in ("local", "local:1", "local:2"):
            target = work / f"idx-{name.replace(':', '')}"
            shutil.rmtree(target, ignore_errors=True)
            stats: dict = {}
            t = time.perf_counter()
            if name == "local":
                report = build_index(src, target, rebuild=True)
            else:
                report = build_on_cluster(src, target, cluster=name, rebuild=True, stats=stats)
            wall = time.perf_counter() - t
            start = stats.get("connect_seconds", 0.0)
            row = {"passages": report.chunks, "wall_s": round(wall, 2), "cluster_start_s": round(start, 2),
                   "passages_per_s": round(report.chunks / (report.seconds - start), 1),
                   "bytes_per_passage": round((stats.get("sent", 0) + stats.get("received", 0)) / report.chunks),
                   "sent_per_passage": round(stats.get("sent", 0) / report.chunks),
                   "tasks": stats.get("tasks", 0)}
            print(f"round {r + 1} {name:8s} {row}", flush=True)
            if name not in best or row["passages_per_s"] > best[name]["passages_per_s"]:
                best[name] = row
    base = best["local"]["passages_per_s"]
    result = {"documents": n, "rounds": rounds, "load_average": os.getloadavg(), "best": best,
              "ratio_local1_vs_local": round(best["local:1"]["passages_per_s"] / base, 3),
              "ratio_local2_vs_local": round(best["local:2"]["passages_per_s"] / base, 3)}
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "cluster.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"\n| build | passages/s | vs local | cluster start | bytes/passage |\n|---|---|---|---|---|")
    for name, row in best.items():
        print(f"| {name} | {row['passages_per_s']} | {row['passages_per_s'] / base:.2f}x | "
              f"{row['cluster_start_s']} s | {row['bytes_per_passage'] or '-'} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 600, int(sys.argv[2]) if len(sys.argv) > 2 else 2)
