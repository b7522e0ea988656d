"""Answer units of a folder: titles, units over 80 words, units holding raw line breaks (issue 28).

    python bench/corpus_units.py ../shared/manuals/corpus [--show 5]
    python bench/corpus_units.py ../shared/manuals/corpus --index /tmp/manuals-index \
        --questions ../shared/manuals/questions.jsonl

Prints, per folder: documents, skipped (and why), titles that are generic or a section number,
the sentence units over 80 words and those holding a line break in running text (code blocks
and table rows aside: a unit inside a code block keeps its lines).  With ``--index`` (built here
with the default model when missing) and ``--questions``: every question is answered and its
citations checked the same way (over 80 words, a raw line break), with the index's titles and
how many citations carry a table header row (``context``).  One JSON object at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from qa.corpus import load_corpus
    from qa.corpus.chunking import document_units
    from qa.corpus.titles import is_generic

    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--show", type=int, default=5)
    ap.add_argument("--index", help="an index of the folder (built with the default model when missing)")
    ap.add_argument("--questions", help="a questions.jsonl whose answers' citations are checked")
    args = ap.parse_args()
    skipped, docs = [], []
    for doc in load_corpus(args.folder, skipped.append):
        docs.append(doc)
    generic = [(d.id, d.title) for d in docs if is_generic(d.title)]
    long_units, broken = [], []
    units = rows_with_header = 0
    for d in docs:
        for run in document_units(d):
            for s, e in run:
                units += 1
                text = d.text[s:e]
                rows_with_header += d.context_at(s) is not None
                if len(text.split()) > 80:
                    long_units.append((d.id, len(text.split()), text[:120]))
                if "\n" in text:
                    broken.append((d.id, text[:120]))
    for what, rows in (("generic titles", generic), ("units over 80 words", long_units),
                       ("units with line breaks", broken)):
        print(f"{what}: {len(rows)}")
        for row in rows[: args.show]:
            print("   ", row)
    print(f"table rows with a header row as context: {rows_with_header}")
    summary = {"documents": len(docs), "skipped": [(s.path, s.kind) for s in skipped], "units": units,
               "rows_with_header": rows_with_header, "generic_titles": len(generic), "over_80_words": len(long_units), "with_line_breaks": len(broken)}
    if args.index and args.questions:
        summary["answers"] = check_answers(args.folder, args.index, args.questions, args.show)
    print(json.dumps(summary))


def check_answers(folder: str, index_dir: str, questions: str, show: int) -> dict:
    """Answer every question of ``questions`` over the index; check each citation."""
    import os
    import time

    from qa.answer import answer
    from qa.corpus.titles import is_generic
    from qa.index import load_index

    if not Path(index_dir, "CURRENT").exists():
        from qa.index.build import build_index

        t = time.perf_counter()
        build_index(folder, index_dir)
        print(f"built {index_dir} in {time.perf_counter() - t:.0f} s (load {os.getloadavg()[0]:.1f})")
    idx = load_index(index_dir)
    qs = [json.loads(line) for line in open(questions, encoding="utf-8") if line.strip()]
    titles = [(m.id, m.title) for m in idx.docs.meta if is_generic(m.title)]
    cites = long_cites = broken_cites = with_context = inexact = answered = 0
    examples: list[tuple] = []
    for q in qs:
        result = answer(idx, q["question"])
        answered += not result.abstained
        for c in result.citations:
            cites += 1
            text = idx.doc_text(idx.docs.position[c.doc])
            inexact += text[c.start:c.end] != c.text
            with_context += bool(c.context)
            if len(c.text.split()) > 80:
                long_cites += 1
                examples.append(("over 80 words", c.doc, len(c.text.split()), c.text[:100]))
            if "\n" in c.text:
                broken_cites += 1
                examples.append(("line break", c.doc, c.line, c.text[:100]))
    print(f"index titles generic: {len(titles)}; questions {len(qs)}, answered {answered}; citations {cites}: "
          f"over 80 words {long_cites}, with line breaks {broken_cites}, with a header row {with_context}, "
          f"not exact slices {inexact}")
    for row in examples[:show]:
        print("   ", row)
    return {"questions": len(qs), "answered": answered, "citations": cites, "generic_titles": len(titles),
            "citations_over_80_words": long_cites, "citations_with_line_breaks": broken_cites,
            "citations_with_header_row": with_context, "not_exact": inexact}


if __name__ == "__main__":
    main()
