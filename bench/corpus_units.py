"""Answer units of a folder: titles, units over 80 words, units holding raw line breaks (issue 28).

    python bench/corpus_units.py ../shared/manuals/corpus [--show 5]

Prints, per folder: documents, skipped (and why), titles that are generic or a section number,
the sentence units over 80 words and those holding a line break in running text (code blocks
and table rows aside: a unit inside a code block keeps its lines).  One JSON object at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from qa.corpus import load_corpus
    from qa.corpus.chunking import split_sentences
    from qa.corpus.titles import is_generic

    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--show", type=int, default=5)
    args = ap.parse_args()
    skipped, docs = [], []
    for doc in load_corpus(args.folder, skipped.append):
        docs.append(doc)
    generic = [(d.id, d.title) for d in docs if is_generic(d.title)]
    long_units, broken = [], []
    units = 0
    for d in docs:
        for run in split_sentences(d.text):
            for s, e in run:
                units += 1
                text = d.text[s:e]
                if len(text.split()) > 80:
                    long_units.append((d.id, len(text.split()), text[:120]))
                if "\n" in text:
                    broken.append((d.id, text[:120]))
    for what, rows in (("generic titles", generic), ("units over 80 words", long_units),
                       ("units with line breaks", broken)):
        print(f"{what}: {len(rows)}")
        for row in rows[: args.show]:
            print("   ", row)
    print(json.dumps({"documents": len(docs), "skipped": [(s.path, s.kind) for s in skipped], "units": units,
                      "generic_titles": len(generic), "over_80_words": len(long_units),
                      "with_line_breaks": len(broken)}))


if __name__ == "__main__":
    main()
