"""What the sentence evidence costs a question: ``search`` with and without it, same run, interleaved.

The question vectors are made first (the encoder is the same either way), then each question is
searched ``--rounds`` times with the default (sentences on) and with ``SearchConfig(sentences=False)``,
alternately, so both see the same machine load.  Prints per-question medians (ms), the added ms and
the ratio, the sentence run alone, and the load average.  CPU time (``time.process_time``) is the
figure to read on a shared machine: wall times of a few milliseconds swing with the load.

    python bench/sentence_cost.py [--work DIR] [--sets seeds,manuals] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fusion_choice as fcb  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def measure(name: str, work: Path, rounds: int) -> dict:
    from qa.answer import clean_question
    from qa.evaluation import load_questions
    from qa.index import load_index
    from qa.search import SearchConfig, search, sentence_run

    index = load_index(work / name)
    texts = [clean_question(q.question) for q in load_questions(fcb.SETS[name][1])]
    vecs = index.query_embedder().embed(texts)
    on, off = SearchConfig(), SearchConfig(sentences=False)
    for t, v in zip(texts[:5], vecs[:5]):  # warm: mappings, BM25 terms
        search(index, t, 10, on, qvec=v)
        search(index, t, 10, off, qvec=v)
    times = {(c, clock): [] for c in ("on", "off") for clock in ("wall", "cpu")}
    for r in range(rounds):
        for t, v in zip(texts, vecs):
            for c in (("on", "off") if r % 2 == 0 else ("off", "on")):  # alternate which goes first
                a, ac = time.perf_counter(), time.process_time()
                search(index, t, 10, on if c == "on" else off, qvec=v)
                times[c, "wall"].append(time.perf_counter() - a)
                times[c, "cpu"].append(time.process_time() - ac)
    t_run = []
    for v in vecs:
        dense = index.dense_top(v, 100)
        a = time.process_time()
        sentence_run(index, dense, v)
        t_run.append(time.process_time() - a)
    index.release()
    out = {"questions": len(texts), "passages": index.n_chunks, "rounds": rounds}
    for clock in ("cpu", "wall"):
        on_ms, off_ms = (statistics.median(times[c, clock]) * 1e3 for c in ("on", "off"))
        out[clock] = {"with_ms": round(on_ms, 3), "without_ms": round(off_ms, 3), "added_ms": round(on_ms - off_ms, 3),
                      "ratio": round(on_ms / off_ms, 3)}
    out["sentence_run_cpu_ms"] = round(statistics.median(t_run) * 1e3, 3)
    out["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--work", type=Path, default=ROOT / "bench" / ".work" / "fusion")
    p.add_argument("--sets", default="seeds,manuals")
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args(argv)
    out = {name: measure(name, args.work, args.rounds) for name in args.sets.split(",")}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
