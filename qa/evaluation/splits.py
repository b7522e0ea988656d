"""Fitting and reporting halves of a question set, split by document (seeded, written down).

The documents of a set are sorted by name and shuffled with ``random.Random(seed)``; the first half
(rounded down) is the *fitting* half, the rest the *reporting* half.  A question goes with the
document of its first gold quote; a question without one (unanswerable) goes by a seeded hash of its
id, so each half gets its share of them.  ``bench/splits.json`` holds the result for the shared sets.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

SEED = 25
SPLITS_FILE = Path(__file__).resolve().parents[2] / "bench" / "splits.json"


def split_docs(docs, seed: int = SEED) -> tuple[list[str], list[str]]:
    """(fitting documents, reporting documents)."""
    docs = sorted(set(docs))
    random.Random(seed).shuffle(docs)
    half = len(docs) // 2
    return sorted(docs[:half]), sorted(docs[half:])


def half_of(question, fit_docs: set[str], seed: int = SEED) -> str:
    """"fit" or "report" for one question (``questionset.Question``)."""
    if question.relevant:
        return "fit" if question.relevant[0].doc in fit_docs else "report"
    digest = hashlib.sha256(f"{seed}:{question.id}".encode()).digest()
    return "fit" if digest[0] % 2 == 0 else "report"


def corpus_docs(corpus: Path) -> list[str]:
    """Document ids as qa names them: paths relative to the corpus folder, '/'-separated."""
    return sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file())


def make_splits(sets: dict[str, Path], seed: int = SEED) -> dict:
    """{set name: {"seed", "fit_docs", "report_docs", "fit", "report"}} for question sets ``sets``
    (name -> folder holding corpus/ and questions.jsonl)."""
    from .questionset import load_questions

    out = {}
    for name, folder in sets.items():
        fit_docs, report_docs = split_docs(corpus_docs(folder / "corpus"), seed)
        qs = load_questions(folder / "questions.jsonl")
        fit = set(fit_docs)
        halves = {q.id: half_of(q, fit, seed) for q in qs}
        out[name] = {"seed": seed, "fit_docs": fit_docs, "report_docs": report_docs,
                     "fit": sorted(i for i, h in halves.items() if h == "fit"),
                     "report": sorted(i for i, h in halves.items() if h == "report")}
    return out


def load_splits(path: Path = SPLITS_FILE) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def select(questions, ids) -> list:
    keep = set(ids)
    return [q for q in questions if q.id in keep]
