"""``qa serve`` throughput against ``qa ask`` subprocesses, the same questions, 1 / 4 / 16 clients.

    python bench/serve_load.py [--index-dir DIR] [--requests 96] [--subprocess-requests 16]

Without ``--index-dir`` the seed corpus is indexed with the bundled model (once, in bench/.work).
For each concurrency the server answers ``--requests`` POST /ask calls (the questions of
seeds/questions.jsonl in turn) and the baseline runs ``qa ask --json`` subprocesses with the same
questions at the same concurrency; reported: requests/s, p50/p95 latency of each, and the ratio
of requests/s (server / subprocesses) measured in the same run.  Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}


def questions() -> list[str]:
    lines = (ROOT / "seeds" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def seed_index(work: Path) -> Path:
    index_dir = work / "seed-index"
    if not (index_dir / "CURRENT").exists():
        subprocess.run([sys.executable, "-m", "qa", "index", "-q", "--corpus", str(ROOT / "seeds"), "--index-dir",
                        str(index_dir)], check=True, env=ENV, capture_output=True)
    return index_dir


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def drive(n: int, clients: int, one) -> dict:
    """``n`` calls of ``one(i)`` from ``clients`` threads; throughput and latency."""
    latencies: list[float] = []
    lock = threading.Lock()
    todo = iter(range(n))

    def loop(_):
        while True:
            with lock:
                i = next(todo, None)
            if i is None:
                return
            t = time.perf_counter()
            one(i)
            with lock:
                latencies.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(loop, range(clients)))
    wall = time.perf_counter() - t0
    return {"requests": n, "req_per_s": n / wall, "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * pct(latencies, 0.95)}


def start_server(index_dir: Path, workers: int):
    proc = subprocess.Popen([sys.executable, "-m", "qa", "serve", "--port", "0", "--workers", str(workers),
                             "--index-dir", str(index_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env=ENV)
    line = proc.stderr.readline()
    m = re.search(r"on (http://\S+)", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"qa serve did not start: {line}{proc.stderr.read()}")
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    return proc, m.group(1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index-dir", type=Path, default=None)
    ap.add_argument("--requests", type=int, default=96)
    ap.add_argument("--subprocess-requests", type=int, default=16)
    ap.add_argument("--clients", default="1,4,16")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--work", type=Path, default=HERE / ".work")
    args = ap.parse_args()
    index_dir = args.index_dir or seed_index(args.work)
    qs = questions()
    proc, url = start_server(index_dir, args.workers)
    out = {"index_dir": str(index_dir), "cpus": os.cpu_count(), "workers": args.workers, "levels": []}
    try:
        with httpx.Client(base_url=url, timeout=600) as warm:
            health = warm.get("/health").json()["index"]
            out["passages"] = health["passages"]
            for q in qs[:4]:
                warm.post("/ask", json={"question": q}).raise_for_status()
        local = threading.local()

        def http_one(i: int) -> None:
            if not hasattr(local, "client"):
                local.client = httpx.Client(base_url=url, timeout=600)
            local.client.post("/ask", json={"question": qs[i % len(qs)]}).raise_for_status()

        def subprocess_one(i: int) -> None:
            subprocess.run([sys.executable, "-m", "qa", "ask", "--json", "--index-dir", str(index_dir),
                            qs[i % len(qs)]], check=True, env=ENV, capture_output=True)

        for clients in (int(c) for c in args.clients.split(",")):
            served = drive(args.requests, clients, http_one)
            spawned = drive(max(args.subprocess_requests, clients), clients, subprocess_one)
            out["levels"].append({"clients": clients, "serve": served, "qa_ask_subprocess": spawned,
                                  "ratio_req_per_s": served["req_per_s"] / spawned["req_per_s"]})
    finally:
        proc.terminate()
        proc.wait(30)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
