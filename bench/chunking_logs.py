"""Chunking a big log saved as .txt: where the time goes, and the session-21 changes, as ratios.

A new user's 67 MB log (2M short lines) took ~3 minutes to chunk and made a 1.2 GB index.  Here
synthetic logs (one timestamped entry a line, no sentence end) are read as a ``.txt`` file is
(``plaintext.read_plain``) and prepared as a build prepares a document
(``index.prepare.prepare_document``: passages, then BM25's term counts), in two shapes:

* ``joined``: ~60-column lines with IP addresses and "(attempt 3)": they look hard-wrapped, so the
  reader joins the whole log into one paragraph, which the chunker cuts into 5,000-character
  pieces for pysbd and then into units (``units.cap_words``);
* ``short``: ~30-column lines ("00:00:04 WARN job 32 started"): a paragraph, a sentence and a
  sentence vector each.

Reported, CPU seconds (best of ``rounds``, cases alternating), for each shape at ``mb`` and 4x ``mb``:
``s_per_mb`` of reading, units (sentence split and cuts) and the whole preparation;
``big_over_small_per_mb`` (near 1: linear); ``former_over_now``: units with the former
``cap_words`` and pysbd run on every piece (both kept below) over units now, the same units checked;
``tokenize_share``: BM25 tokenizing's part of the preparation (``qa.search.tokenize``); units and
passages per MB (what the index's size follows).

    python bench/chunking_logs.py [MB]     (default 1; JSON on stdout)
"""

from __future__ import annotations

import os
import random
import time


def log_text(n_chars: int, short: bool = False, seed: int = 0) -> str:
    rng = random.Random(seed)
    if short:
        msgs = ["accepted conn %d", "handled in %d ms", "cache miss %d", "job %d started", "retry upload %d",
                "disk at %d pct", "user %d login", "node %d timeout"]
    else:
        msgs = ["connection accepted from 10.0.0.%d", "request handled in %d ms", "cache miss for key user:%d",
                "worker %d started job", "retrying upload (attempt %d)", "disk usage at %d percent",
                "session opened for user %d", "timeout waiting for node %d"]
    levels = ["INFO", "WARN"] if short else ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]
    lines, size, t = [], 0, 0
    while size < n_chars:
        t += rng.randrange(3)
        stamp = "%02d:%02d:%02d" % (t // 3600 % 24, t // 60 % 60, t % 60)
        when = stamp if short else "2024-05-01 " + stamp
        line = f"{when} {rng.choice(levels)} {rng.choice(msgs) % rng.randrange(50)}"
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n"


def former_cap_words(text, start, end, limit=None, chars=None):
    """``units.cap_words`` before session 21."""
    from qa.corpus import units

    limit = units.MAX_UNIT_WORDS if limit is None else limit
    chars = units.MAX_UNIT_CHARS if chars is None else chars
    piece = text[start:end]
    if len(piece.split()) <= limit and len(piece) <= chars:
        return [(start, end)]
    middle = len(piece) // 2
    for cut in units.CUTS:
        marks = [m for m in cut.finditer(piece) if 0 < m.start() and m.end() < len(piece)]
        if marks:
            m = min(marks, key=lambda m: abs(m.end() - middle))
            left_end = start + m.start() + (1 if piece[m.start()] in ";:," else 0)
            left = former_cap_words(text, start, left_end, limit, chars)
            right = former_cap_words(text, start + m.end(), end, limit, chars)
            if all(len(text[a:b].split()) for a, b in left + right):
                return left + right
    if len(piece) > chars:
        return [(at, min(at + chars, end)) for at in range(start, end, chars)]
    return [(start, end)]


class _FormerSegmenter:
    """qa's splitter as it was before session 21: pysbd runs on every piece, however plain."""

    def __init__(self, now):
        self.now = now

    def segment(self, text):
        import pysbd

        return pysbd.Segmenter.segment(self.now, text)


def _cpu(fn):
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def _shape(raw: str, rounds: int) -> dict:
    from qa.corpus import ChunkingConfig, Document, chunking, units
    from qa.corpus.chunking import document_units
    from qa.corpus.plaintext import read_plain
    from qa.index.prepare import prepare_document
    from qa.search import tokenize

    now_cap, now_seg = units.cap_words, chunking.segmenter
    former_seg = _FormerSegmenter(now_seg())
    best: dict[str, list[float]] = {"read": [], "units": [], "units_former": [], "prepare": [], "tokenize": []}
    for _ in range(rounds):
        secs, ex = _cpu(lambda: read_plain(raw, "app.txt"))
        best["read"].append(secs)
        doc = Document(id="app.txt", title="", text=ex.text, source="app.txt", sections=ex.sections, format="text")
        secs, now = _cpu(lambda: document_units(doc))
        best["units"].append(secs)
        units.cap_words, chunking.segmenter = former_cap_words, lambda: former_seg  # the module's own calls too
        try:
            secs, former = _cpu(lambda: document_units(doc))
        finally:
            units.cap_words, chunking.segmenter = now_cap, now_seg
        assert former == now, "the former chunking gave other units"
        best["units_former"].append(secs)
        secs, (_spans, _sents, _counters, texts) = _cpu(lambda: prepare_document(doc, ChunkingConfig()))
        best["prepare"].append(secs)
        secs, _ = _cpu(lambda: [tokenize(t) for t in texts])
        best["tokenize"].append(secs)
    mb = len(raw.encode("utf-8")) / 1e6
    return {"mb": round(mb, 2), "s_per_mb": {k: min(v) / mb for k, v in best.items()},
            "units_per_mb": sum(map(len, now)) / mb, "passages_per_mb": len(texts) / mb,
            "one_paragraph": ex.text.count("\n") <= 1}


def run(mb: float = 1.0, rounds: int = 2) -> dict:
    out: dict = {"mb": mb, "rounds": rounds}
    for shape in ("joined", "short"):
        small = _shape(log_text(int(mb * 1e6), short=shape == "short"), rounds)
        big = _shape(log_text(int(4 * mb * 1e6), short=shape == "short", seed=1), rounds)
        a, b = small["s_per_mb"], big["s_per_mb"]
        out[shape] = {"small": small, "big": big,
                      "big_over_small_per_mb": {k: b[k] / a[k] for k in ("read", "units", "prepare")},
                      "former_over_now": b["units_former"] / b["units"],
                      "tokenize_share": b["tokenize"] / b["prepare"]}
    out["loadavg"] = list(os.getloadavg())
    return out


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0), indent=1))
