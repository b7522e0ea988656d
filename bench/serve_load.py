"""``qa serve`` throughput against ``qa ask`` subprocesses, the same questions, 1 / 4 / 16 clients.

    python bench/serve_load.py [--chunks 100000] [--requests 96] [--subprocess-requests 16]
    python bench/serve_load.py --index-dir DIR          (one existing index, seed questions)

By default two indexes are measured: the seed corpus indexed with the bundled model (once, in
bench/.work) with the questions of seeds/questions.jsonl, and a synthetic index of ``--chunks``
passages (bench/synth_index.py, once, in bench/.work/serve-<n>) that carries the bundled model's
real ONNX question encoder, with synthetic questions drawn from its vocabulary (``synth.queries``:
BM25 has postings to walk, as with real questions on a real corpus).  For each concurrency the
server answers ``--requests`` POST /ask calls (the questions in turn) and the baseline runs
``qa ask --json`` subprocesses with the same questions at the same concurrency; reported:
requests/s, p50/p95 latency of each, and the ratio of requests/s (server / subprocesses) measured
in the same run, with the machine's load average sampled during each index's run.  Prints one JSON
object and writes it to ``--out`` (default bench/results/serve_load.json).
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
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}


def seed_questions() -> list[str]:
    lines = (ROOT / "seeds" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def seed_index(work: Path) -> Path:
    index_dir = work / "seed-index"
    if not (index_dir / "CURRENT").exists():
        subprocess.run([sys.executable, "-m", "qa", "index", "-q", "--corpus", str(ROOT / "seeds"), "--index-dir",
                        str(index_dir)], check=True, env=ENV, capture_output=True)
    return index_dir


def synthetic_index(n: int, work: Path) -> tuple[Path, list[str]]:
    """A ``n``-passage synthetic index with the real question encoder, and 32 questions for it."""
    import synth
    from synth_index import default_query_encoder, write_index

    index_dir = work / f"serve-{n}"
    c = synth.corpus(n)  # deterministic: the questions need its vocabulary even when the index exists
    if not (index_dir / "CURRENT").exists():
        write_index(c, synth.vectors(c.topic, c.n_topics, seed=3), index_dir, query_encoder=default_query_encoder())
    texts, _ = synth.queries(c, 32, seed=11)
    return index_dir, texts


class LoadSampler:
    """The 1-minute load average every ``every`` seconds while the bench runs."""

    def __init__(self, every: float = 2.0):
        self.every, self.samples, self._stop = every, [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            if self._stop.wait(self.every):
                return

    def __enter__(self):
        self.start = os.getloadavg()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.end = os.getloadavg()

    def summary(self) -> dict:
        return {"start": list(self.start), "end": list(self.end), "min_1m": min(self.samples),
                "mean_1m": statistics.fmean(self.samples), "max_1m": max(self.samples)}


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


def start_server(index_dir: Path, workers: int | None):
    """``workers`` None: the server's default (one process per core)."""
    proc = subprocess.Popen([sys.executable, "-m", "qa", "serve", "--port", "0",
                             *(["--workers", str(workers)] if workers else []),
                             "--index-dir", str(index_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env=ENV)
    line = proc.stderr.readline()
    m = re.search(r"on (http://\S+)", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"qa serve did not start: {line}{proc.stderr.read()}")
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    return proc, m.group(1)


def measure(index_dir: Path, qs: list[str], requests: int, subprocess_requests: int, clients: list[int],
            workers: int) -> dict:
    """One index: serve vs ``qa ask`` subprocesses at each concurrency."""
    proc, url = start_server(index_dir, workers)
    out = {"index_dir": str(index_dir), "cpus": os.cpu_count(), "workers": workers, "questions": len(qs),
           "levels": []}
    try:
        with httpx.Client(base_url=url, timeout=600) as warm:
            health = warm.get("/health").json()
            out["workers"] = health.get("workers", workers)
            health = health["index"]
            out["passages"], out["documents"] = health["passages"], health["documents"]
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

        with LoadSampler() as load:
            for n_clients in clients:
                served = drive(requests, n_clients, http_one)
                spawned = drive(max(subprocess_requests, n_clients), n_clients, subprocess_one)
                out["levels"].append({"clients": n_clients, "serve": served, "qa_ask_subprocess": spawned,
                                      "ratio_req_per_s": served["req_per_s"] / spawned["req_per_s"]})
        out["load_avg"] = load.summary()
    finally:
        proc.terminate()
        proc.wait(30)
    return out


def compare_workers(index_dir: Path, qs: list[str], requests: int, clients: int, counts: list[int],
                    rounds: int = 2) -> dict:
    """Served answers/s at ``clients`` for each worker count, the counts alternating ``rounds`` times
    (so each sees the same machine load); no subprocess baseline."""
    out = {"index_dir": str(index_dir), "cpus": os.cpu_count(), "clients": clients, "requests": requests,
           "runs": {str(c): [] for c in counts}}
    with LoadSampler() as load:
        for _ in range(rounds):
            for count in counts:
                proc, url = start_server(index_dir, count)
                try:
                    local = threading.local()

                    def http_one(i: int) -> None:
                        if not hasattr(local, "client"):
                            local.client = httpx.Client(base_url=url, timeout=600)
                        local.client.post("/ask", json={"question": qs[i % len(qs)]}).raise_for_status()

                    with httpx.Client(base_url=url, timeout=600) as warm:
                        assert warm.get("/health").json().get("workers", 1) == count
                    drive(2 * count * 2, 2 * count, http_one)  # every worker answers a few first
                    out["runs"][str(count)].append(drive(requests, clients, http_one))
                finally:
                    proc.terminate()
                    proc.wait(60)
    out["load_avg"] = load.summary()
    out["best_req_per_s"] = {c: max(r["req_per_s"] for r in runs) for c, runs in out["runs"].items()}
    return out


def run(work: Path, chunks: int | None = 100_000, requests: int = 96, subprocess_requests: int = 16,
        clients: tuple[int, ...] = (1, 4, 16), workers: int | None = None) -> dict:
    """The seed index and (unless ``chunks`` is None) a ``chunks``-passage synthetic one."""
    work.mkdir(parents=True, exist_ok=True)
    out = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "requests": requests,
           "subprocess_requests": subprocess_requests, "indexes": []}
    t0 = time.perf_counter()
    out["indexes"].append({"name": "seed", **measure(seed_index(work), seed_questions(), requests,
                                                      subprocess_requests, list(clients), workers)})
    if chunks:
        t = time.perf_counter()
        index_dir, qs = synthetic_index(chunks, work)
        prepared = time.perf_counter() - t
        res = measure(index_dir, qs, requests, subprocess_requests, list(clients), workers)
        out["indexes"].append({"name": f"synthetic-{chunks}", "prepare_s": prepared, **res})
    out["seconds"] = time.perf_counter() - t0
    return out


def rows(result: dict) -> list[tuple[str, str, str]]:
    """(what, ratio, detail) per index and concurrency, for bench/run.py's table and the README."""
    out = []
    for ix in result["indexes"]:
        for lv in ix["levels"]:
            s, p = lv["serve"], lv["qa_ask_subprocess"]
            detail = (f"{s['req_per_s']:.1f} vs {p['req_per_s']:.2f} req/s; p50/p95 {s['p50_ms']:.0f}/"
                      f"{s['p95_ms']:.0f} ms vs {p['p50_ms']:.0f}/{p['p95_ms']:.0f} ms")
            out.append((f"7 serve {ix['passages']:,} passages, {lv['clients']} client(s): serve / qa ask",
                        f"{lv['ratio_req_per_s']:.1f}x", detail))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index-dir", type=Path, default=None, help="measure this index only (seed questions)")
    ap.add_argument("--chunks", type=int, default=100_000, help="synthetic index size (0: seed index only)")
    ap.add_argument("--requests", type=int, default=96)
    ap.add_argument("--subprocess-requests", type=int, default=16)
    ap.add_argument("--clients", default="1,4,16")
    ap.add_argument("--workers", type=int, default=None, help="server processes (default: the server's: one a core)")
    ap.add_argument("--work", type=Path, default=HERE / ".work")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "serve_load.json")
    ap.add_argument("--compare-workers", default=None, help="e.g. 1,2: served answers/s per worker count, "
                    "alternating, at the largest --clients, on --index-dir (default: the seed index)")
    args = ap.parse_args()
    clients = tuple(int(c) for c in args.clients.split(","))
    if args.compare_workers:
        index_dir = args.index_dir or seed_index(args.work)
        print(json.dumps(compare_workers(index_dir, seed_questions(), args.requests, max(clients),
                                         [int(c) for c in args.compare_workers.split(",")]), indent=1))
        return
    if args.index_dir:
        out = measure(args.index_dir, seed_questions(), args.requests, args.subprocess_requests, list(clients),
                      args.workers)
        print(json.dumps(out, indent=1))
        return
    out = run(args.work, args.chunks or None, args.requests, args.subprocess_requests, clients, args.workers)
    text = json.dumps(out, indent=1)
    print(text)
    for r in rows(out):
        print("  ".join(r), file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
