"""Check questions.jsonl against the documents in corpus/ (no index, no answering).

Each document is corpus/<folder>/<_id>.txt, made from one record of the BEIR SciFact corpus:
its ``title`` field, a blank line, its ``text`` field and a newline. For every answerable question:
  1. each ``answers`` string lies in its quote, also as SQuAD-normalised words (what ``qa eval``
     judges), and keeps at least 4 characters after normalisation;
  2. the quote is in the text of qa's own reader (``qa.corpus.readers.read_file``), compared after
     ``qa.search.fold`` (the comparison ``qa eval`` makes);
  3. the quote is also in the independent extraction: the JSONL record itself (title and text
     fields, read with ``json``), after the same folding; and the file is byte-for-byte the record's
     fields as above (so no document was edited).
Every unanswerable question must have a ``note`` and no quotes. Every corpus file is checked
against its record, and every file's record must exist.

    python bench/data/papers/check.py [path/to/scifact/corpus.jsonl.gz]   # exits 1 and lists the failures

The SciFact corpus defaults to /work/shared/beir/scifact/corpus.jsonl.gz (sha256 in README.md).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SCIFACT = Path("/work/shared/beir/scifact/corpus.jsonl.gz")
SCIFACT_SHA256 = "7062adb7fd2931f40c846cf0215f4b8ba877bac94dc3d334bb9c4d714fb6fc33"


def squeeze(text: str) -> str:
    from qa.search import fold

    return fold(text)


def records(path: Path) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return {r["_id"]: r for r in map(json.loads, f)}


def qa_document(path: Path, rel: str):
    from qa.corpus.readers import read_file

    skipped = []
    docs = list(read_file(path, rel, skipped.append))
    if skipped or len(docs) != 1:
        raise SystemExit(f"{rel}: qa could not read it: {skipped}")
    return docs[0]


def check(questions: Path, scifact: Path) -> list[str]:
    from qa.evaluation.answers import holds, squad_normalise

    problems: list[str] = []
    if hashlib.sha256(scifact.read_bytes()).hexdigest() != SCIFACT_SHA256:
        problems.append(f"{scifact}: not the SciFact corpus.jsonl.gz this set was built from")
    recs = records(scifact)
    for path in sorted(CORPUS.rglob("*.txt")):
        r = recs.get(path.stem)
        if r is None:
            problems.append(f"{path.relative_to(CORPUS)}: no SciFact record {path.stem}")
        elif path.read_bytes() != f"{r['title']}\n\n{r['text']}\n".encode("utf-8"):
            problems.append(f"{path.relative_to(CORPUS)}: not byte-for-byte its record's title and text")
    docs: dict[str, tuple] = {}
    ids = set()
    for n, line in enumerate(questions.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        where = f"line {n} ({row.get('id')})"
        if row["id"] in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(row["id"])
        if row["kind"] == "unanswerable":
            if row["relevant"] or row["answers"] or not row.get("note"):
                problems.append(f"{where}: unanswerable needs a note and no quotes or answers")
            continue
        if row["kind"] != "answerable" or not row["relevant"] or not row["answers"]:
            problems.append(f"{where}: answerable needs answers and quotes")
            continue
        for gold in row["relevant"]:
            rel, quote = gold["doc"], gold["quote"]
            path = CORPUS / rel
            if not path.is_file() or path.stem not in recs:
                problems.append(f"{where}: no document {rel}")
                continue
            if rel not in docs:
                r = recs[path.stem]
                docs[rel] = (qa_document(path, rel), squeeze(r["title"] + "\n" + r["text"]))
            doc, independent = docs[rel]
            for a in row["answers"]:
                if a not in quote or not holds(quote, [a]):
                    problems.append(f"{where}: answer {a!r} is not in its quote")
                if len(squad_normalise(a)) < 4:
                    problems.append(f"{where}: answer {a!r} too short after normalisation")
            if squeeze(quote) not in squeeze(doc.text):
                problems.append(f"{where}: quote not in qa's text of {rel}: {quote[:60]!r}")
            if squeeze(quote) not in independent:
                problems.append(f"{where}: quote not in the SciFact record of {rel}: {quote[:60]!r}")
    return problems


def main() -> int:
    scifact = Path(sys.argv[1]) if len(sys.argv) > 1 else SCIFACT
    if not scifact.is_file():
        print(f"{scifact}: the SciFact corpus is needed for the independent check (give its path)", file=sys.stderr)
        return 2
    problems = check(HERE / "questions.jsonl", scifact)
    for p in problems:
        print(p)
    print(f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
