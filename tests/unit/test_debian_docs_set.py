"""The form of bench/data/debian_docs/questions.jsonl, the held-out set over real package documentation:
it loads as a question set, ids are unique, kinds are valid, every answer lies in its quote, every
gold document is in the corpus folder, PDF quotes carry a page.  (Whether each quote is in the
document's text is ``bench/data/debian_docs/check.py``'s job: it reads the documents.)  The checker
is shown to fail on a made-up broken set."""

from __future__ import annotations

import json
from pathlib import Path

from qa.evaluation.questionset import load_questions

SET = Path(__file__).resolve().parents[2] / "bench" / "data" / "debian_docs"
KINDS = {"answerable", "unanswerable"}


def form_problems(rows: list[dict], corpus: Path) -> list[str]:
    """What is wrong with the form of a question set's rows (empty when nothing is)."""
    out: list[str] = []
    seen: set[str] = set()
    for row in rows:
        qid = row.get("id")
        if qid in seen:
            out.append(f"{qid}: duplicate id")
        seen.add(qid)
        kind, answers, relevant = row.get("kind"), row.get("answers", []), row.get("relevant", [])
        if kind not in KINDS:
            out.append(f"{qid}: kind {kind!r}")
        elif kind == "unanswerable":
            if answers or relevant or not row.get("note"):
                out.append(f"{qid}: unanswerable with answers or quotes, or without a note")
            continue
        if not answers or not relevant:
            out.append(f"{qid}: answerable without answers or quotes")
        quotes = [g.get("quote", "") for g in relevant]
        for a in answers:
            if not a.strip() or not any(a in q for q in quotes):
                out.append(f"{qid}: answer {a!r} not in a quote")
        for g in relevant:
            doc = g.get("doc", "")
            if not doc or not (corpus / doc).is_file():
                out.append(f"{qid}: no document {doc!r}")
            pdf = doc.endswith((".pdf", ".pdf.gz"))
            page = g.get("page")
            if pdf != (isinstance(page, int) and page >= 1):
                out.append(f"{qid}: page {page!r} for {doc!r}")
    return out


def rows_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_set_loads_and_its_form_holds():
    questions = load_questions(SET / "questions.jsonl")
    rows = rows_of(SET / "questions.jsonl")
    assert form_problems(rows, SET / "corpus") == []
    assert len(questions) == len(rows) == 104
    assert sum(q.answerable for q in questions) == 84
    assert {r["id"] for r in rows if r["kind"] == "unanswerable"} == {q.id for q in questions if not q.answerable}


def test_every_corpus_document_is_listed_in_the_readme():
    readme = (SET / "README.md").read_text(encoding="utf-8")
    for path in (SET / "corpus").rglob("*"):
        if path.is_file():
            assert path.relative_to(SET / "corpus").as_posix() in readme, path


def test_the_checker_finds_each_kind_of_broken_row(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("The quorp engine runs on glimmer oil.\n")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\n")
    good = {"id": "g1", "question": "What does the quorp engine run on?", "kind": "answerable",
            "answers": ["glimmer oil"], "relevant": [{"doc": "notes/a.md", "quote": "The quorp engine runs on glimmer oil."}]}
    assert form_problems([good], tmp_path) == []
    broken = [
        dict(good, id="b1", answers=["diesel"]),  # answer not in its quote
        dict(good, id="b2", relevant=[{"doc": "notes/missing.md", "quote": "glimmer oil"}]),  # no such document
        dict(good, id="b3", kind="maybe"),  # kind
        {"id": "b4", "question": "Why?", "kind": "unanswerable", "answers": ["x"], "relevant": []},  # answers, no note
        dict(good, id="b5", relevant=[{"doc": "b.pdf", "quote": "glimmer oil"}]),  # a PDF quote without a page
        dict(good, id="g1"),  # duplicate id
    ]
    found = form_problems([good, *broken], tmp_path)
    for qid in ("b1", "b2", "b3", "b4", "b5"):
        assert any(p.startswith(f"{qid}:") for p in found), qid
    assert any("duplicate" in p for p in found)
