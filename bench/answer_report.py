"""Answer figures on material the model was not fitted on, each beside the naive top sentence.

Sets: squad2 ``questions.jsonl`` (the fit used ``train.jsonl``), the reporting halves of manuals,
policyqa and emanual (``bench/splits.json``), the seeds (reported, never fitted) and debian_docs
(``bench/data/debian_docs``: a held-out folder of package documents, all 104 questions, never fitted,
tuned or split) and handbooks (``bench/data/handbooks``: a second held-out folder, of long prose guides and
handbooks, all 102 questions, never fitted, tuned or split) and infoman (``bench/data/infoman``: nine GNU
Info manuals, all 150 questions; written for fitting, left out of the fit, never tuned or split) and vignettes
(``bench/data/vignettes``: 14 papers in PDF from R packages' vignettes, all 90 questions, written blind, never
fitted, tuned or split).  With
``--ablate RULE`` the answer stage runs with that rule switched off (``qa.answer.RULES``), so its
gain is the difference to a run without.  Prints a markdown table; ``--json FILE`` keeps the numbers.
A second table bins the answers by their ``confidence`` beside the share that were right
(``qa.evaluation.calibration``).

    python bench/answer_report.py [--sets squad2 manuals ...] [--ablate RULE ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT / "bench" / "data"  # the vendored copies of ../shared's sets (byte for byte; sources in its README)
SETS = ("squad2", "manuals", "policyqa", "emanual", "seeds", "debian_docs", "handbooks", "infoman", "vignettes")
HELD_OUT = ("debian_docs", "handbooks", "infoman", "vignettes")  # reported whole: never fitted, tuned or split
ROWS = (("answer_hit", "answer-hit"), ("first_citation", "first citation"), ("quote_in_answer", "gold quote"),
        ("unanswerable_abstained", "unanswerable abstained"), ("answerable_abstained", "wrongly abstained"),
        ("median_words", "median words"))


def questions_of(name: str):
    from qa.evaluation.questionset import load_questions
    from qa.evaluation.splits import load_splits, select

    if name == "seeds":
        return ROOT / "seeds", load_questions(ROOT / "seeds" / "questions.jsonl")
    qs = load_questions(SHARED / name / "questions.jsonl")
    if name != "squad2" and name not in HELD_OUT:  # the held-out sets have no fitting half
        qs = select(qs, load_splits()[name]["report"])
    return SHARED / name / "corpus", qs


def run(name: str, index_root: Path, off) -> dict:
    from qa.evaluation.answers import answer_report
    from qa.evaluation.calibration import confidence_calibration
    from qa.index import open_or_build

    corpus, qs = questions_of(name)
    index = open_or_build(corpus, index_root / name)
    t = time.perf_counter()
    report = answer_report(index, qs, off=frozenset(off))
    figures = report.figures()
    figures["questions"] = len(qs)
    figures["seconds"] = round(time.perf_counter() - t, 1)
    figures["misses"] = [r.id for r in report.rows if r.answerable and not (r.hit if r.hit is not None else r.quote)]
    cal = confidence_calibration(report.rows)
    figures["calibration"] = None if cal is None else cal.as_dict()
    return figures


def table(results: dict) -> str:
    lines = ["| set (questions) | figure | qa | naive top sentence | margin | margin, 95% interval |",
             "|---|---|---|---|---|---|"]
    for name, f in results.items():
        for key, label in ROWS:
            v, b, m = f.get(key), f["naive"].get(key), f["margin"].get(key)
            iv = f.get("margin_95", {}).get(key)
            if v is None and b is None:
                continue
            fmt = (lambda x: "—" if x is None else f"{x:g}") if key == "median_words" else \
                (lambda x: "—" if x is None else f"{x:.3f}")
            mf = "—" if m is None else (f"{m:+g}" if key == "median_words" else f"{m:+.3f}")
            ivf = "—" if iv is None else f"{iv[0]:+.3f} … {iv[1]:+.3f}"
            lines.append(f"| {name} ({f['questions']}) | {label} | {fmt(v)} | {fmt(b)} | {mf} | {ivf} |")
    return "\n".join(lines)


def calibration_table(results: dict) -> str:
    """Each set's answers binned by their confidence: mean confidence / share right (answers)."""
    cals = {name: f["calibration"] for name, f in results.items() if f.get("calibration")}
    if not cals:
        return ""
    bins = next(iter(cals.values()))["bins"]
    head = " | ".join(f"{b['from']:.1f}–{b['to']:.1f}" for b in bins)
    lines = [f"| set (answers judged) | {head} | ECE | Brier |", "|---" * (len(bins) + 3) + "|"]
    for name, c in cals.items():
        cells = ["—" if b["count"] == 0 else f"{b['mean_confidence']:.2f} / {b['observed']:.2f} ({b['count']})"
                 for b in c["bins"]]
        lines.append(f"| {name} ({c['answers']}) | " + " | ".join(cells) + f" | {c['ece']:.3f} | {c['brier']:.3f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="*", default=list(SETS), choices=SETS)
    ap.add_argument("--ablate", nargs="*", default=[])
    ap.add_argument("--index-root", type=Path, default=ROOT / "bench" / ".work" / "answer-index")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    results = {name: run(name, args.index_root, args.ablate) for name in args.sets}
    print(table(results))
    cal = calibration_table(results)
    if cal:
        print("\nconfidence: mean confidence / share right: citation [1] holds the answer, or (seeds) the answer a gold quote (answers) per bin\n")
        print(cal)
    if args.json:
        args.json.write_text(json.dumps({"ablated": args.ablate, "results": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
