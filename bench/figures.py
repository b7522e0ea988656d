"""The README's figures: answers and retrieval on the vendored question sets, each beside its baseline.

    python bench/run.py --only answers          (or: python bench/figures.py)

Sets (bench/data/, each with its README: source, licence, how it was built): squad2's development
questions, and the *reporting half* of manuals, policyqa and emanual (split by document: see
``halves``; the other half and squad2/train.jsonl are for fitting, never reported), plus the seed
questions (seeds/, reported, never fitted to).  For each set an index of its corpus is built once with
the bundled model (cached under bench/.work/figures/), then:

- answers: qa's answers (``qa.evaluation.answer_report``) and the naive top-sentence baseline on the
  same index and questions (``qa.evaluation.naive_answer_report``);
- retrieval: R@5 of qa's default search (hybrid-convex) and of BM25 alone (``evaluate_questions``).

Writes bench/results/figures.json and prints the README's table (Markdown).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DATA = HERE / "data"
SETS = {  # name -> (corpus, questions, reporting half only?)
    "squad2": (DATA / "squad2" / "corpus", DATA / "squad2" / "questions.jsonl", False),
    "manuals": (DATA / "manuals" / "corpus", DATA / "manuals" / "questions.jsonl", True),
    "policyqa": (DATA / "policyqa" / "corpus", DATA / "policyqa" / "questions.jsonl", True),
    "emanual": (DATA / "emanual" / "corpus", DATA / "emanual" / "questions.jsonl", True),
    "seeds": (ROOT / "seeds", ROOT / "seeds" / "questions.jsonl", False),
}
HALVES_SEED = 27  # written down once; bench/data/halves.json records the result


def halves(questions, seed: int = HALVES_SEED) -> dict[str, list[str]]:
    """Split a set by document: its documents shuffled with ``random.Random(seed)``, the first half
    "fit", the rest "report"; an answerable question goes with the document of its first gold quote,
    an unanswerable one (no document) by a shuffle of the unanswerable ids with the same seed."""
    docs = sorted({q.relevant[0].doc for q in questions if q.relevant})
    random.Random(seed).shuffle(docs)
    fit_docs = set(docs[: len(docs) // 2])
    loose = sorted(q.id for q in questions if not q.relevant)
    random.Random(seed).shuffle(loose)
    fit_loose = set(loose[: len(loose) // 2])
    out = {"fit": [], "report": []}
    for q in questions:
        fit = q.relevant[0].doc in fit_docs if q.relevant else q.id in fit_loose
        out["fit" if fit else "report"].append(q.id)
    return out


def reporting_questions(name: str, questions) -> list:
    path = DATA / "halves.json"
    written = json.loads(path.read_text()) if path.exists() else {}
    split = halves(questions)
    if name in written and written[name] != split:
        raise SystemExit(f"bench/data/halves.json disagrees with halves() for {name}: the split moved")
    keep = set(split["report"])
    return [q for q in questions if q.id in keep]


def index_for(name: str, corpus: Path, work: Path):
    from qa.index import build_index, load_index

    index_dir = work / name
    build_index(corpus, index_dir)  # incremental: a no-op once built
    return load_index(index_dir)


def measure(name: str, work: Path, k: int = 5) -> dict:
    from qa import evaluation
    from qa.search import SearchConfig

    corpus, qfile, half = SETS[name]
    questions = evaluation.load_questions(qfile)
    if half:
        questions = reporting_questions(name, questions)
    t0 = time.perf_counter()
    index = index_for(name, corpus, work)
    t_index = time.perf_counter() - t0
    config = SearchConfig()
    qa_report = evaluation.answer_report(index, questions, config, k=k).figures()
    naive = None
    try:
        naive_report = evaluation.naive_answer_report  # the naive top-sentence baseline
    except AttributeError:
        print(f"{name}: qa.evaluation.naive_answer_report is not in this checkout: no baseline row", file=sys.stderr)
    else:
        naive = naive_report(index, questions, config, k=k).figures()
    answerable = [q for q in questions if q.answerable]
    report, _ = evaluation.evaluate_questions(index, answerable, config, k=10, labels=["hybrid-convex", "bm25"],
                                              answers=False)
    recall = {r.label: r.metrics.get("R@5") for r in report.runs}
    return {"set": name, "questions": len(questions), "answerable": len(answerable), "qa": qa_report,
            "naive": naive, "recall@5": recall, "index_seconds": round(t_index, 1)}


def pct(x) -> str:
    return "—" if x is None else f"{x:.2f}"


def table(rows: list[dict]) -> str:
    """The README's table: qa beside the naive top-sentence baseline (answers) and BM25 (retrieval)."""
    out = ["| set (questions) | answer holds the gold: qa / naive | unanswerable abstained: qa / naive "
           "| answerable abstained: qa / naive | median words: qa / naive | R@5: qa / BM25 |",
           "|---|---|---|---|---|---|"]
    for r in rows:
        qa_, nv = r["qa"], r["naive"] or {}
        gold = "answer_hit" if qa_.get("answer_hit") is not None else "quote_in_answer"
        cells = [f"{r['set']} ({r['questions']})"]
        for key in (gold, "unanswerable_abstained", "answerable_abstained"):
            cells.append(f"{pct(qa_.get(key))} / {pct(nv.get(key))}")
        words = nv.get("median_words")
        cells.append(f"{qa_['median_words']:.0f} / {'—' if words is None else f'{words:.0f}'}")
        cells.append(f"{pct(r['recall@5'].get('hybrid-convex'))} / {pct(r['recall@5'].get('bm25'))}")
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def run(sets: list[str], work: Path) -> dict:
    rows = [measure(s, work) for s in sets]
    return {"rows": rows, "table": table(rows)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    p.add_argument("--work", type=Path, default=HERE / ".work" / "figures", help="where the indexes are kept")
    p.add_argument("--write-halves", action="store_true", help="write bench/data/halves.json (the split, once)")
    a = p.parse_args(argv)
    if a.write_halves:
        from qa.evaluation import load_questions

        split = {n: halves(load_questions(SETS[n][1])) for n in SETS if SETS[n][2]}
        (DATA / "halves.json").write_text(json.dumps(split, indent=1) + "\n")
        return 0
    out = run([s for s in a.sets.split(",") if s], a.work)
    dest = HERE / "results" / "figures.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(json.dumps(out, indent=1) + "\n")
    print(out["table"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
