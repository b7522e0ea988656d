"""Would a first claim that opens by referring back ("This solves …", "They are …") win answers if it
brought the sentence before it?  Fitting material only (docs/answers.md, "Session 22").

The questions of ``short_claim.py`` (500 of squad2 ``train.jsonl``, the fitting halves of manuals,
policyqa and emanual, the fitting sets).  For each answered question whose first claim opens with a
word of ``lexicon.REFERS_BACK`` and whose previous sentence is in the same paragraph: is a gold
answer string in the answer, and in the first citation, without and with that previous sentence, and
how many words it adds.  The control: the same claims with the *next* sentence of the paragraph
instead, so a gain that is only the added words shows on both.

    python bench/refers_back.py [--index-root DIR] [--json FILE]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from short_claim import measure_fitting_side  # noqa: E402

KEYS = ("answered", "fires", "hit_off", "hit_prev", "hit_next", "first_off", "first_prev", "words_prev",
        "words_next")


def measure(index, qs) -> dict:
    from qa.answer import answer, lexicon
    from qa.evaluation.answers import holds

    refers = re.compile(rf"^\W*(?:{lexicon.alternation(lexicon.REFERS_BACK)})\b", re.I)
    ids = {m.id: i for i, m in enumerate(index.docs.meta)}
    st = dict.fromkeys(KEYS, 0)
    for q in qs:
        a = answer(index, q.question)
        if a.abstained or not a.citations:
            continue
        st["answered"] += 1
        c = a.citations[0]
        if not refers.search(c.text):
            continue
        d = ids[c.doc]
        text, sents = index.doc_text(d), index.doc_sentences(d)
        before = [(s, e) for s, e in sents if e <= c.start]
        if not before or "\n\n" in text[before[-1][1]:c.start]:
            continue  # no previous sentence in the paragraph
        prev = text[before[-1][0]:before[-1][1]]
        after = next(((s, e) for s, e in sents if s >= c.end), None)
        nxt = text[after[0]:after[1]] if after and "\n\n" not in text[c.end:after[0]] else ""
        st["fires"] += 1
        st["hit_off"] += holds(a.text, q.answers)
        st["hit_prev"] += holds(prev + " " + a.text, q.answers)
        st["hit_next"] += holds(a.text + " " + nxt, q.answers)
        st["first_off"] += holds(c.text, q.answers)
        st["first_prev"] += holds(prev + " " + c.text, q.answers)
        st["words_prev"] += len(prev.split())
        st["words_next"] += len(nxt.split())
    return st


def main(argv=None) -> int:
    out = measure_fitting_side(measure, __doc__, argv)
    tot = {k: sum(v[k] for v in out.values()) for k in KEYS}
    print(f"answered {tot['answered']}, first claim refers back {tot['fires']}: answer-hit {tot['hit_off']} -> "
          f"{tot['hit_prev']} with the previous sentence (+{tot['words_prev']} words), {tot['hit_next']} with the "
          f"next (+{tot['words_next']}); first citation {tot['first_off']} -> {tot['first_prev']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
