"""Peak memory of a full ``qa index`` build against its number of passages (Session 14).

For each size n the first n SciFact abstracts are written as one JSON-lines corpus under
``--work`` (``scifact<n>.jsonl``) and ``python -m qa index --corpus FILE --index-dir DIR`` runs in
a fresh process (OMP_NUM_THREADS=1, offline), its maximum RSS read from ``/usr/bin/time -v``.
Printed per size: passages, max RSS, wall time, the load average after the run; then the slope
(extra peak RSS per extra passage) between the smallest and the largest size.  One build at a
time; figures: docs/speed.md, "Session 14: build memory".

    python bench/build_memory.py --sizes 1000 4000
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    ap.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work" / "build_memory")
    args = ap.parse_args()
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
