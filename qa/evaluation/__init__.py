"""Scoring retrieval and answers: question sets, runs, metrics, BEIR folders.

The names below are this stage's public API: other stages import only these
(``from qa.evaluation import …``).
They are loaded on first use, so importing the package stays light.
"""

from __future__ import annotations

from importlib import import_module

_WHERE = {
    "DEPTH": "beir",
    "LABELS": "runs",
    "beir_index": "beir",
    "default_cache": "beir",
    "evaluate_beir": "beir",
    "evaluate_questions": "runs",
    "load_beir": "beir",
    "load_questions": "questionset",
    "write_run": "metrics",
}
__all__ = sorted([*_WHERE])


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
