"""Answers from the corpus's own sentences: intent, follow-ups, evidence, attribution, composition.

Public API: ``from qa.answer import …`` (the names in ``_WHERE``).
"""

from __future__ import annotations

from qa import lazy_exports

_WHERE = {
    "Answer": "compose",
    "Citation": "compose",
    "FEATURES": "features",
    "RULES": "pipeline",
    "analyse": "analysis",
    "candidate_features": "features",
    "candidates_step": "pipeline",
    "embed_step": "pipeline",
    "search_step": "pipeline",
    "answer": "pipeline",
    "load_model": "model",
    "marker_spans": "markers",
    "without_markers": "markers",
    "clean_question": "question",
    "explain_lines": "trace",
}
__all__ = sorted([*_WHERE])

__getattr__ = lazy_exports(__name__, _WHERE)
