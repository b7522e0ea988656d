"""The form of bench/data/infoman/questions.jsonl, the third held-out set (nine GNU Info manuals,
written blind for fitting and left out of the fit, docs/answers.md "Session 19"): it loads as a
question set, ids are unique, kinds are valid, every answer lies in its quote, every gold document is
in the corpus folder, every corpus file is listed in the README, and every manual but a split one's
list of parts and its index part has questions; no file is shared with the other held-out sets or
the fitting sets.  (Whether each quote is in the document's text is ``bench/data/infoman/check.py``'s
job.)  The form checker itself is the one of ``test_debian_docs_set``, shown to fail on broken rows there."""

from __future__ import annotations

from pathlib import Path

from qa.evaluation.questionset import load_questions

from .test_debian_docs_set import form_problems, rows_of

SET = Path(__file__).resolve().parents[2] / "bench" / "data" / "infoman"
NO_QUESTIONS = {"findutils/find.info.gz", "findutils/find.info-2.gz"}  # the list of parts; the index part


def test_the_set_loads_and_its_form_holds():
    questions = load_questions(SET / "questions.jsonl")
    rows = rows_of(SET / "questions.jsonl")
    assert form_problems(rows, SET / "corpus") == []
    assert len(questions) == len(rows) == 150
    assert sum(q.answerable for q in questions) == 120
    assert {r["id"] for r in rows if r["kind"] == "unanswerable"} == {q.id for q in questions if not q.answerable}


def test_every_corpus_file_is_listed_in_the_readme_and_every_manual_has_questions():
    readme = (SET / "README.md").read_text(encoding="utf-8")
    asked = {g["doc"] for r in rows_of(SET / "questions.jsonl") for g in r["relevant"]}
    files = {p.relative_to(SET / "corpus").as_posix() for p in (SET / "corpus").rglob("*") if p.is_file()}
    assert NO_QUESTIONS <= files
    for rel in files:
        assert rel.rsplit("/", 1)[-1] in readme, rel
        assert (rel in asked) != (rel in NO_QUESTIONS), rel


def test_no_file_is_shared_with_another_set():
    names = {p.name for p in (SET / "corpus").rglob("*") if p.is_file()}
    for other in SET.parent.iterdir():
        if other.is_dir() and other.name != SET.name and (other / "corpus").is_dir():
            assert not names & {p.name for p in (other / "corpus").rglob("*") if p.is_file()}, other.name
