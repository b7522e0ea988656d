"""The README's figures: answers and retrieval on the vendored question sets, each beside its baseline.

    python bench/run.py --only answers          (or: python bench/figures.py)

Sets (bench/data/, each with its README: source, licence, how it was built): squad2's development
questions, and the *reporting half* of manuals, policyqa and emanual (split by document: see
bench/splits.json; the other half and squad2/train.jsonl are for fitting, never reported), plus the seed
questions (seeds/, reported, never fitted to), debian_docs (a held-out folder of package documents,
all of its questions: never fitted, tuned or split) and handbooks (a second held-out folder, of long prose
guides and handbooks, the same way), infoman (a third, of GNU Info manuals) and vignettes (a fourth, of
papers in PDF).  For each set an index of its corpus is built once with
the bundled model (cached under bench/.work/figures/), then:

- answers: qa's answers (``qa.evaluation.answer_report``) and the naive top-sentence baseline on the
  same index and questions (``qa.evaluation.naive``, in the same report);
- retrieval: R@5 of qa's default search (hybrid at the weight chosen for the corpus, with the passages' best sentences) and of BM25 alone (``evaluate_questions``).

Writes bench/results/figures.json and prints the README's table (Markdown).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from answer_report import SETS, questions_of  # noqa: E402  (the sets and their reporting halves, one definition)


def index_for(name: str, corpus: Path, work: Path):
    from qa.index import build_index, load_index

    index_dir = work / name
    build_index(corpus, index_dir)  # incremental: a no-op once built
    return load_index(index_dir)


def measure(name: str, work: Path, k: int = 5) -> dict:
    from qa import evaluation
    from qa.search import SearchConfig

    corpus, questions = questions_of(name)
    t0 = time.perf_counter()
    index = index_for(name, corpus, work)
    t_index = time.perf_counter() - t0
    config = SearchConfig()
    figures = evaluation.answer_report(index, questions).figures()  # qa's, with the naive baseline's
    naive = figures.pop("naive", None)
    figures.pop("margin", None)
    answerable = [q for q in questions if q.answerable]
    report, _ = evaluation.evaluate_questions(index, answerable, config, k=10, labels=["hybrid-sentence", "bm25"],
                                              answers=False)
    recall = {r.label: r.metrics.get("R@5") for r in report.runs}
    return {"set": name, "questions": len(questions), "answerable": len(answerable), "qa": figures,
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
        cells.append(f"{pct(r['recall@5'].get('hybrid-sentence'))} / {pct(r['recall@5'].get('bm25'))}")
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def run(sets: list[str], work: Path) -> dict:
    rows = [measure(s, work) for s in sets]
    return {"rows": rows, "table": table(rows)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    p.add_argument("--work", type=Path, default=HERE / ".work" / "figures", help="where the indexes are kept")
    a = p.parse_args(argv)
    out = run([s for s in a.sets.split(",") if s], a.work)
    dest = HERE / "results" / "figures.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(json.dumps(out, indent=1) + "\n")
    print(out["table"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
