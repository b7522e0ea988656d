"""Chunking a big log saved as .txt: where the time goes, and the session-21 change, as ratios.

A new user's 67 MB log (2M short lines) took ~3 minutes to chunk.  Here a synthetic log of the same
shape (one timestamped entry a line, no sentence end) is read as a ``.txt`` file is
(``plaintext.read_plain``: its ~60-column lines look hard-wrapped, so the whole log is one
paragraph) and prepared as a build prepares a document (``index.prepare.prepare_document``:
passages, then BM25's term counts).  Reported, CPU seconds (best of ``rounds``, cases alternating):

* ``s_per_mb`` for reading, units (sentence split and ``units.cap_words``) and the whole
  preparation, at ``mb`` and 4x ``mb``: ``big_over_small_per_mb`` near 1 is linear;
* ``cap_words_former_over_now``: units with the former ``cap_words`` (every cut's matches listed,
  then ``min``; kept below) over units now, the same passages checked;
* ``tokenize_share``: BM25 tokenizing's part of the preparation (``qa.search.tokenize``).

    python bench/chunking_logs.py [MB]     (default 2; JSON on stdout)
"""

from __future__ import annotations

import os
import random
import time


def log_text(n_chars: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    msgs = ["connection accepted from 10.0.0.%d", "request handled in %d ms", "cache miss for key user:%d",
            "worker %d started job", "retrying upload (attempt %d)", "disk usage at %d percent",
            "session opened for user %d", "timeout waiting for node %d"]
    levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]
    lines, size, t = [], 0, 0
    while size < n_chars:
        t += rng.randrange(3)
        line = "2024-05-01 %02d:%02d:%02d %s %s" % (t // 3600 % 24, t // 60 % 60, t % 60, rng.choice(levels),
                                                   rng.choice(msgs) % rng.randrange(50))
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
    for cut in units._CUTS:
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


def _cpu(fn):
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def run(mb: float = 2.0, rounds: int = 2) -> dict:
    from qa.corpus import ChunkingConfig, Document, units
    from qa.corpus.chunking import document_units
    from qa.corpus.plaintext import read_plain
    from qa.index.prepare import prepare_document
    from qa.search import tokenize

    now_cap = units.cap_words
    out: dict = {"mb": mb, "rounds": rounds, "s_per_mb": {}}
    for label, size in (("small", mb), ("big", 4 * mb)):
        raw = log_text(int(size * 1e6))
        best = {"read": [], "units": [], "units_former": [], "prepare": [], "tokenize": []}
        for _ in range(rounds):
            secs, ex = _cpu(lambda: read_plain(raw, "app.txt"))
            best["read"].append(secs)
            doc = Document(id="app.txt", title="", text=ex.text, source="app.txt", sections=ex.sections, format="text")
            secs, now = _cpu(lambda: document_units(doc))
            best["units"].append(secs)
            units.cap_words = former_cap_words  # its recursion and chunking's calls both go through the module
            try:
                secs, former = _cpu(lambda: document_units(doc))
            finally:
                units.cap_words = now_cap
            assert former == now, "the former cap_words gave other units"
            best["units_former"].append(secs)
            secs, (_spans, _sents, _counters, texts) = _cpu(lambda: prepare_document(doc, ChunkingConfig()))
            best["prepare"].append(secs)
            secs, _ = _cpu(lambda: [tokenize(t) for t in texts])
            best["tokenize"].append(secs)
        size_mb = len(raw.encode("utf-8")) / 1e6
        out["s_per_mb"][label] = {k: min(v) / size_mb for k, v in best.items()}
        out[f"{label}_mb"] = round(size_mb, 2)
        out[f"{label}_passages"] = len(texts)
        out[f"{label}_one_paragraph"] = ex.text.count("\n") <= 1
    small, big = out["s_per_mb"]["small"], out["s_per_mb"]["big"]
    out["big_over_small_per_mb"] = {k: big[k] / small[k] for k in ("read", "units", "prepare")}
    out["cap_words_former_over_now"] = big["units_former"] / big["units"]
    out["tokenize_share"] = big["tokenize"] / big["prepare"]
    out["loadavg"] = list(os.getloadavg())
    return out


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 2.0), indent=1))
