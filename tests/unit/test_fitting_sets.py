"""The sets written for fitting the answer model (bench/data/papers, techdocs, licences, news,
readmes): each loads as a question set and its form holds (the checker of ``test_debian_docs_set``,
shown to fail on broken rows there); about a fifth of each is unanswerable; and they are the sets
``bench/fit_answer.py`` fits on whole (``FIT_SETS``), none of them reported by ``bench/answer_report.py``.
Whether each quote is in its document's text is ``tests/system/test_question_set_quotes.py``'s job."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from qa.evaluation.questionset import load_questions

from .test_debian_docs_set import form_problems, rows_of

BENCH = Path(__file__).resolve().parents[2] / "bench"
COUNTS = {"papers": (150, 120), "techdocs": (149, 121), "licences": (145, 116), "news": (140, 112),
          "readmes": (150, 120)}


def constant(script: str, name: str):
    """A module-level constant of a bench script, read without running it."""
    for node in ast.parse((BENCH / script).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(name)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_the_set_loads_and_its_form_holds(name):
    folder = BENCH / "data" / name
    questions = load_questions(folder / "questions.jsonl")
    rows = rows_of(folder / "questions.jsonl")
    assert form_problems(rows, folder / "corpus") == []
    assert (len(questions), sum(q.answerable for q in questions)) == COUNTS[name]
    assert 0.15 <= 1 - COUNTS[name][1] / COUNTS[name][0] <= 0.25


def test_they_are_fitted_on_and_never_reported():
    assert set(constant("fit_answer.py", "FIT_SETS")) == set(COUNTS)
    assert not set(constant("answer_report.py", "SETS")) & set(COUNTS)
