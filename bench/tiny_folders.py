"""Tiny folders: the five fitting sets cut into folders of five documents (the seeds' size), each
indexed on its own, each question asked in the folder that holds its gold document.

Does the answer stage hold where every absent word looks rare and every passage is near the top?
Answer-hit, first citation, wrongly abstained and unanswerable abstained, beside the naive top
sentence on the same folders.  Folders are drawn by ``random.Random(24)`` over the sorted file names;
each unanswerable question goes to one folder drawn by ``random.Random(124)`` (unanswerable in the
whole set, so in any part of it).  The sets are fitting material: this checks a shape, it is no
reporting figure, and nothing is chosen on it.

    python bench/tiny_folders.py [--work DIR] [--sets news papers ...] [--size 5] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT / "bench" / "data"
SETS = ("news", "papers", "licences", "readmes", "techdocs")


def folders_of(corpus: Path, size: int) -> list[list[str]]:
    docs = sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.is_file())
    random.Random(24).shuffle(docs)
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def placed(questions, folders) -> dict[str, int]:
    rng = random.Random(124)
    place = {}
    for q in questions:
        if q.relevant:
            place[q.id] = next(k for k, f in enumerate(folders) if q.relevant[0].doc in f)
        else:
            place[q.id] = rng.randrange(len(folders))
    return place


def run(name: str, work: Path, size: int) -> dict:
    from qa.evaluation import load_questions
    from qa.evaluation.answers import answer_report
    from qa.index import open_or_build

    corpus = SHARED / name / "corpus"
    folders = folders_of(corpus, size)
    questions = load_questions(SHARED / name / "questions.jsonl")
    place = placed(questions, folders)
    rows, base = [], []
    for k, folder in enumerate(folders):
        mine = [q for q in questions if place[q.id] == k and all(r.doc in folder for r in q.relevant)]
        if not mine:
            continue
        root = work / name / f"{size}-{k}" / "corpus"
        if not root.exists():
            for doc in folder:
                (root / doc).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(corpus / doc, root / doc)
        report = answer_report(open_or_build(root, work / name / f"{size}-{k}" / "index"), mine)
        rows += report.rows
        base += report.naive.rows
    return {"folders": len(folders), "qa": figures(rows), "naive": figures(base)}


def figures(rows) -> dict:
    ans = [r for r in rows if r.answerable]
    un = [r for r in rows if not r.answerable]
    right = [bool(r.hit if r.hit is not None else r.quote) for r in ans]
    first = [bool(r.first if r.first is not None else r.quote) for r in ans]
    return {"answerable": len(ans), "answer_hit": round(sum(right) / len(ans), 3),
            "first_citation": round(sum(first) / len(ans), 3),
            "wrongly_abstained": round(sum(r.abstained for r in ans) / len(ans), 3),
            "unanswerable": len(un),
            "unanswerable_abstained": round(sum(r.abstained for r in un) / len(un), 3) if un else None}


def table(results: dict) -> str:
    lines = ["| set (folders, answerable / unanswerable) | answer-hit | first citation | wrongly abstained | unanswerable abstained |",
             "|---|---|---|---|---|"]
    for name, r in results.items():
        a, n = r["qa"], r["naive"]
        lines.append(f"| {name} ({r['folders']}, {a['answerable']} / {a['unanswerable']}) | {a['answer_hit']:.3f} / {n['answer_hit']:.3f} "
                     f"| {a['first_citation']:.3f} / {n['first_citation']:.3f} | {a['wrongly_abstained']:.3f} "
                     f"| {a['unanswerable_abstained'] if a['unanswerable_abstained'] is not None else '—'} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="*", default=list(SETS), choices=SETS)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / ".work" / "tiny-folders")
    ap.add_argument("--size", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    results = {name: run(name, args.work, args.size) for name in args.sets}
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps({"size": args.size, "results": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
