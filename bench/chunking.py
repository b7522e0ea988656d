"""Chunking speed: seconds per MB for prose and for hard-wrapped text, and vs plain pysbd.

* prose: SciFact abstracts (or the seeds, repeated) as one document, a blank line between them;
* wrapped: log-like text hard-wrapped at 72 columns with no sentence end at all (issue 17.6: was
  quadratic, 27 s at 4 MB), at 1 and 4 MB so a superlinear cost would show;
* plain: the same chunking with plain ``pysbd.Segmenter`` (qa's splitter gives the same sentences,
  tests/unit/test_chunking_speed.py) on the first ``docs`` SciFact abstracts, one document each.
Rounds alternate the cases; each figure is its best round.  Ratios are the targets.
"""

from __future__ import annotations

import os
import random
import time

from indexing import ROOT, SCIFACT


def _prose(n_chars: int) -> str:
    from qa.corpus.readers import load_corpus

    source = SCIFACT / "corpus.jsonl.gz" if (SCIFACT / "corpus.jsonl.gz").exists() else ROOT / "seeds"
    parts, size = [], 0
    while size < n_chars:
        for doc in load_corpus(source):
            parts.append(doc.text)
            size += len(doc.text) + 2
            if size >= n_chars:
                break
    return "\n\n".join(parts)


def _wrapped(n_chars: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    vocab = ["worker", "started", "job", "queue", "retry", "timeout", "disk", "usage", "node", "cache",
             "miss", "request", "handled", "in", "ms", "status", "ok", "warn", "user", "session", "opened"]
    lines, size = [], 0
    while size < n_chars:
        line = ""
        while len(line) < 66:
            line += rng.choice(vocab) + " " + str(rng.randrange(1000)) + " "
        lines.append(line.rstrip())
        size += len(lines[-1]) + 1
    return "\n".join(lines)


def _seconds(text: str) -> float:
    from qa.corpus.chunking import chunk_document
    from qa.corpus.readers import Document

    t = time.perf_counter()
    chunk_document(Document(id="d", title="", text=text, source="d.txt"))
    return time.perf_counter() - t


def _docs_seconds(docs, plain: bool) -> tuple[float, float]:
    """(wall, CPU) seconds to chunk ``docs``: CPU time is the steadier figure on a shared machine."""
    import pysbd

    from qa.corpus import chunking

    saved = chunking.segmenter
    if plain:
        chunking.segmenter = lambda: pysbd.Segmenter(language="en", clean=False)  # noqa: E731
    try:
        t, c = time.perf_counter(), time.process_time()
        for doc in docs:
            chunking.chunk_document(doc)
        return time.perf_counter() - t, time.process_time() - c
    finally:
        chunking.segmenter = saved


def run(mb: float = 1.0, docs: int = 1000, rounds: int = 2) -> dict:
    from qa.corpus.readers import load_corpus

    size = int(mb * 1_000_000)
    texts = {"prose": _prose(size), "wrapped": _wrapped(size), "wrapped_x4": _wrapped(4 * size, seed=1)}
    source = SCIFACT / "corpus.jsonl.gz" if (SCIFACT / "corpus.jsonl.gz").exists() else ROOT / "seeds"
    abstracts = []
    for doc in load_corpus(source):
        abstracts.append(doc)
        if len(abstracts) >= docs:
            break
    secs: dict[str, list[float]] = {k: [] for k in [*texts, "qa_docs", "plain_pysbd_docs"]}
    cpu: dict[str, list[float]] = {"qa_docs": [], "plain_pysbd_docs": []}
    for _ in range(rounds):
        for name, text in texts.items():
            secs[name].append(_seconds(text))
        for name, plain in (("qa_docs", False), ("plain_pysbd_docs", True)):
            wall, used = _docs_seconds(abstracts, plain=plain)
            secs[name].append(wall)
            cpu[name].append(used)
    per_mb = {name: min(secs[name]) / (len(text.encode("utf-8")) / 1e6) for name, text in texts.items()}
    doc_mb = sum(len(d.text.encode("utf-8")) for d in abstracts) / 1e6
    return {"mb": mb, "rounds": rounds, "seconds": secs, "s_per_mb": per_mb,
            "wrapped_over_prose": per_mb["wrapped"] / per_mb["prose"],
            "wrapped_4mb_over_1mb_per_mb": per_mb["wrapped_x4"] / per_mb["wrapped"],
            "docs": len(abstracts), "docs_mb": doc_mb,
            "speedup_vs_plain_pysbd": min(secs["plain_pysbd_docs"]) / min(secs["qa_docs"]),
            "cpu_seconds": cpu, "speedup_vs_plain_pysbd_cpu": min(cpu["plain_pysbd_docs"]) / min(cpu["qa_docs"]),
            "loadavg": list(os.getloadavg())}


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(run(docs=int(sys.argv[1]) if len(sys.argv) > 1 else 1000, rounds=1), indent=1))
