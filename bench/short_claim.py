"""Would a short first claim completed by the next sentence of its paragraph win answers, and at
what cost in words?  Fitting material only (docs/answers.md, "Session 21").

For 500 questions of squad2 ``train.jsonl`` (shuffled, seed 7), the fitting halves of manuals,
policyqa and emanual and the fitting sets, each answered question whose first claim has at most W
words (option names and quoted labels at its start not counted) and whose next sentence is in the
same paragraph: is a gold answer string in the answer (and the first citation) without and with
that next sentence, and how many words it adds.  No reporting half or seed question is read.

    python bench/short_claim.py [--index-root DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_answer import FIT_SETS, SETS, SHARED, open_set  # noqa: E402

LABEL = re.compile(r"^\s*(?:(?:['‘\"`][^'’\"`]{1,40}['’\"`]|-{1,2}[\w=-]+|[A-Z]{2,}[\w=]*)[,\s]*)+")
WS = (6, 8, 10, 12, 15)


def questions(name: str, half: str | None):
    from qa.evaluation.questionset import load_questions
    from qa.evaluation.splits import load_splits, select

    if name == "squad2":
        qs = load_questions(SHARED / "squad2" / "train.jsonl")
        random.Random(7).shuffle(qs)
        qs = qs[:500]
    else:
        qs = load_questions(SHARED / name / "questions.jsonl")
        if half:
            qs = select(qs, load_splits()[name][half])
    return [q for q in qs if q.answerable and q.answers]


def measure(index, qs) -> dict:
    from qa.answer import answer
    from qa.evaluation.answers import holds

    ids = {m.id: i for i, m in enumerate(index.docs.meta)}
    stats = {w: dict(fires=0, hit_off=0, hit_on=0, first_off=0, first_on=0, words_added=0) for w in WS}
    answered = 0
    for q in qs:
        a = answer(index, q.question)
        if a.abstained or not a.citations:
            continue
        answered += 1
        c = a.citations[0]
        d = ids[c.doc]
        text = index.doc_text(d)
        nxt = next(((s, e) for s, e in index.doc_sentences(d) if s >= c.end), None)
        if nxt is None or "\n\n" in text[c.end:nxt[0]] or c.text.rstrip().endswith(":"):
            continue  # no next sentence in the paragraph, or a lead-in (that rule brings it already)
        words = len(LABEL.sub("", c.text).split())
        add = text[nxt[0]:nxt[1]]
        for w in WS:
            if words <= w:
                st = stats[w]
                st["fires"] += 1
                st["hit_off"] += holds(a.text, q.answers)
                st["hit_on"] += holds(a.text + "\n" + add, q.answers)
                st["first_off"] += holds(c.text, q.answers)
                st["first_on"] += holds(c.text + " " + add, q.answers)
                st["words_added"] += len(add.split())
    return {"answered": answered, "stats": stats}


def measure_fitting_side(measure_set, doc: str, argv=None) -> dict:
    """``measure_set(index, questions)`` on every fitting set (squad2's sample, the fitting halves, the
    fitting sets), each result printed as it comes and all kept in ``--json FILE`` if given; the
    command line is ``--index-root``, ``--json``."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--index-root", type=Path, default=Path(__file__).resolve().parent / ".work" / "answer-index")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    out = {}
    for name, half in [("squad2", None)] + [(s, "fit") for s in SETS] + [(s, None) for s in FIT_SETS]:
        out[name] = measure_set(open_set(name, args.index_root), questions(name, half))
        print(name, json.dumps(out[name]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv=None) -> int:
    out = measure_fitting_side(measure, __doc__, argv)
    for w in WS:
        tot = {k: sum(v["stats"][w][k] for v in out.values()) for k in out["squad2"]["stats"][w]}
        print(f"W={w}: lengthened {tot['fires']}, answer-hit +{tot['hit_on'] - tot['hit_off']}, "
              f"first citation +{tot['first_on'] - tot['first_off']}, words +{tot['words_added']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
