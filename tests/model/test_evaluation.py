"""qa eval with the real model: a quality floor on the seed set."""

from __future__ import annotations

import pytest

from qa.evaluation.questionset import load_questions
from qa.evaluation.runs import evaluate_questions
from qa.search.retrieve import SearchConfig

from ..conftest import SEEDS

SEED_FLOOR_R5 = 0.87  # measured 0.891 (hybrid-convex, MiniLM, 120-word passages)


# -- the seed set with the real model: a quality floor ------------------------------------------
@pytest.mark.model
def test_seed_set_recall_floor(real_index):
    report, _ = evaluate_questions(real_index, load_questions(SEEDS / "questions.jsonl"), SearchConfig(), k=10,
                                   answers=False)
    (run,) = report.runs
    assert run.judged >= 40 and not report.warnings
    assert run.metrics["R@5"] >= SEED_FLOOR_R5, run.metrics
