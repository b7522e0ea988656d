"""Scoring retrieval and answers: question sets, runs, metrics, BEIR folders.

Public API: ``from qa.evaluation import …`` (the names in ``_WHERE``).
"""

from __future__ import annotations

from qa import lazy_exports

_WHERE = {
    "DEPTH": "beir",
    "LABELS": "runs",
    "answer_report": "answers",
    "beir_index": "beir",
    "confidence_calibration": "calibration",
    "default_cache": "beir",
    "evaluate_beir": "beir",
    "evaluate_questions": "runs",
    "load_beir": "beir",
    "load_questions": "questionset",
    "naive_answer": "naive",
    "write_run": "metrics",
}
__all__ = sorted([*_WHERE])

__getattr__ = lazy_exports(__name__, _WHERE)
