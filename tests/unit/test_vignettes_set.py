"""The form of bench/data/vignettes/questions.jsonl, the fourth held-out set (14 papers in PDF from R
packages' vignettes, written blind, never fitted, tuned or split): it loads as a question set, ids are
unique, kinds are valid, every answer lies in its quote, every gold document is in the corpus folder,
every quote names its page, every corpus file is listed in the README and has questions; no file is
shared with another set.  (Whether each quote is in the document's text, on that page, is
``bench/data/vignettes/check.py``'s job.)  The form checker itself is the one of
``test_debian_docs_set``, shown to fail on broken rows there."""

from __future__ import annotations

from pathlib import Path

from qa.evaluation.questionset import load_questions

from .test_debian_docs_set import form_problems, rows_of

SET = Path(__file__).resolve().parents[2] / "bench" / "data" / "vignettes"


def test_the_set_loads_and_its_form_holds():
    questions = load_questions(SET / "questions.jsonl")
    rows = rows_of(SET / "questions.jsonl")
    assert form_problems(rows, SET / "corpus") == []
    assert len(questions) == len(rows) == 90
    assert sum(q.answerable for q in questions) == 72
    assert {r["id"] for r in rows if r["kind"] == "unanswerable"} == {q.id for q in questions if not q.answerable}
    assert all(isinstance(g.get("page"), int) and g["page"] >= 1 for r in rows for g in r["relevant"])


def test_every_paper_is_listed_in_the_readme_and_has_questions():
    readme = (SET / "README.md").read_text(encoding="utf-8")
    asked = {g["doc"] for r in rows_of(SET / "questions.jsonl") for g in r["relevant"]}
    files = {p.relative_to(SET / "corpus").as_posix() for p in (SET / "corpus").rglob("*") if p.is_file()}
    assert files and all(f.endswith(".pdf") for f in files)
    for rel in files:
        assert rel in readme or rel.rsplit("/", 1)[-1] in readme, rel
        assert rel in asked, rel


def test_no_file_is_shared_with_another_set():
    names = {p.name for p in (SET / "corpus").rglob("*") if p.is_file()}
    for other in SET.parent.iterdir():
        if other.is_dir() and other.name != SET.name and (other / "corpus").is_dir():
            assert not names & {p.name for p in (other / "corpus").rglob("*") if p.is_file()}, other.name
