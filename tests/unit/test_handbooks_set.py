"""The form of bench/data/handbooks/questions.jsonl, the second held-out set (long prose guides and
handbooks: the Debian Administrator's Handbook, Python's HOWTOs and tutorial, the Developer's
Reference, the New Maintainers' Guide, the FAQ, the constitution): it loads as a question set, ids are
unique, kinds are valid, every answer lies in its quote, every gold document is in the corpus folder,
PDF quotes carry a page, and every corpus file is listed in the README.  (Whether each quote is in the
document's text is ``bench/data/handbooks/check.py``'s job: it reads the documents.)  The form checker
itself is the one of ``test_debian_docs_set``, shown to fail on broken rows there."""

from __future__ import annotations

import json
from pathlib import Path

from qa.evaluation.questionset import load_questions

from .test_debian_docs_set import form_problems, rows_of

SET = Path(__file__).resolve().parents[2] / "bench" / "data" / "handbooks"


def test_the_set_loads_and_its_form_holds():
    questions = load_questions(SET / "questions.jsonl")
    rows = rows_of(SET / "questions.jsonl")
    assert form_problems(rows, SET / "corpus") == []
    assert len(questions) == len(rows) == 102
    assert sum(q.answerable for q in questions) == 81
    assert {r["id"] for r in rows if r["kind"] == "unanswerable"} == {q.id for q in questions if not q.answerable}


def test_every_corpus_document_is_listed_in_the_readme_and_has_questions():
    readme = (SET / "README.md").read_text(encoding="utf-8")
    asked = {g["doc"] for r in rows_of(SET / "questions.jsonl") for g in r["relevant"]}
    for path in (SET / "corpus").rglob("*"):
        if path.is_file():
            rel = path.relative_to(SET / "corpus").as_posix()
            assert rel in readme, rel
            assert rel in asked, rel


def test_no_document_is_shared_with_the_other_held_out_set():
    other = SET.parent / "debian_docs" / "corpus"
    names = {p.name for p in other.rglob("*") if p.is_file()}
    assert not names & {p.name for p in (SET / "corpus").rglob("*") if p.is_file()}
