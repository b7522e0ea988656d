"""Peak memory of a full ``qa index`` build against its number of passages (Session 14).

For each size n the first n SciFact abstracts are written as one JSON-lines corpus under
``--work`` (``scifact<n>.jsonl``) and ``python -m qa index --corpus FILE --index-dir DIR`` runs in
a fresh process (OMP_NUM_THREADS=1, offline), its maximum RSS read from ``/usr/bin/time -v``.
Printed per size: passages, max RSS, wall time, the load average after the run; then the slope
(extra peak RSS per extra passage) between the smallest and the largest size.  One build at a
time; figures: docs/speed.md, "Session 14: build memory" and "Session 15".

``--stages``: instead, one build per size in this process, printing VmRSS / VmHWM (MB) at each
stage of the build (its progress stages, and around the steps of ``_build`` and the write) to see
where the peak is.

    python bench/build_memory.py --sizes 1000 4000
    python bench/build_memory.py --sizes 4000 --stages
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

SCIFACT = Path(os.environ.get("QA_BENCH_SCIFACT", Path(__file__).resolve().parent.parent.parent / "shared" / "beir" / "scifact")) / "corpus.jsonl.gz"  # ../shared beside the repo


def corpus(work: Path, n: int, source: Path = SCIFACT) -> Path:
    """The first ``n`` lines of SciFact's corpus as ``<work>/scifact<n>.jsonl`` (written once)."""
    out = work / f"scifact{n}.jsonl"
    if not out.exists():
        work.mkdir(parents=True, exist_ok=True)
        with gzip.open(source, "rt", encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
            for i, line in enumerate(f):
                if i >= n:
                    break
                w.write(line)
    return out


def build(work: Path, n: int) -> dict:
    """One fresh full build of ``n`` abstracts: passages, max RSS (MB), wall seconds, load."""
    index = work / f"index{n}"
    shutil.rmtree(index, ignore_errors=True)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    run = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "qa", "index", "--corpus",
                          str(corpus(work, n)), "--index-dir", str(index), "-q"],
                         env=env, capture_output=True, text=True, check=True)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", run.stderr).group(1)
    seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
    manifest = json.loads(next(index.glob("v-*/manifest.json")).read_text())
    return {"abstracts": n, "passages": manifest["counts"]["chunks"], "max_rss_mb": round(rss / 1024, 1),
            "seconds": round(seconds, 1), "load": os.getloadavg()[0]}


def _memory() -> str:
    kb = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                kb[key] = int(value.split()[0])
    return f"RSS {kb['VmRSS'] // 1024:4d} MB  HWM {kb['VmHWM'] // 1024:4d} MB"


def stages(work: Path, n: int) -> None:
    """One build of ``n`` abstracts in this process (run it in a fresh one), memory at each stage."""
    import time

    from qa.index import build as build_module, build_index
    from qa.index import write as write_module

    def around(module, name):
        inner = getattr(module, name)

        def wrapped(*a, **k):
            print(f"  >{name:22s} {_memory()}", flush=True)
            try:
                return inner(*a, **k)
            finally:
                print(f"  <{name:22s} {_memory()}", flush=True)
        setattr(module, name, wrapped)

    for module, name in ((build_module.passages, "passage_encoder"), (build_module.passages, "encode"),
                         (build_module.sentences, "build"), (build_module, "term_counts"),
                         (write_module, "build_ann"), (write_module, "choose_for_build")):
        around(module, name)
    seen = []

    def progress(stage, _done, _total):
        if not seen or seen[-1] != stage:
            seen.append(stage)
            print(f"{time.strftime('%X')} {stage:22s} {_memory()}", flush=True)

    index = work / f"stages{n}"
    shutil.rmtree(index, ignore_errors=True)
    build_index(corpus(work, n), index, progress=progress)
    print(f"end {'':22s} {_memory()}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    ap.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work" / "build_memory")
    ap.add_argument("--stages", action="store_true", help="memory at each stage of one in-process build per size")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # --stages: the build of this size, here
    args = ap.parse_args()
    if args.one:
        return stages(args.work, args.one)
    if args.stages:
        env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1",
               "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        for n in args.sizes:  # a fresh process each: the high-water mark is the build's own
            subprocess.run([sys.executable, __file__, "--work", str(args.work), "--one", str(n)], env=env, check=True)
        return
    rows = []
    for n in args.sizes:
        rows.append(build(args.work, n))
        print(json.dumps(rows[-1]), flush=True)
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        slope = (b["max_rss_mb"] - a["max_rss_mb"]) * 1024 / max(1, b["passages"] - a["passages"])
        print(f"slope: {slope:.1f} KB of peak RSS per passage")


if __name__ == "__main__":
    main()
