"""How sure a margin is: a paired bootstrap interval of qa's figure minus the naive baseline's.

Both answer the same questions, so each question gives a pair (qa right?, naive right?) and the
margin is the mean of the pairs' differences.  Resampling the questions (with replacement, seeded)
and taking the middle 95% of the resampled margins says how far the margin could move on another
sample of questions like these: on 65 questions one question is 1.5 points, and an interval that
holds 0 means the set cannot tell qa from the baseline.  Plain numpy, no new dependency.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

DRAWS = 2000
SEED = 25
LEVEL = 0.95


def paired_interval(ours: Sequence[float], theirs: Sequence[float], draws: int = DRAWS, seed: int = SEED,
                    level: float = LEVEL) -> tuple[float, float] | None:
    """The ``level`` bootstrap interval of ``mean(ours - theirs)`` over paired items (None when empty)."""
    d = np.asarray(ours, dtype=np.float64) - np.asarray(theirs, dtype=np.float64)
    if d.ndim != 1 or not len(d):
        return None
    rng = np.random.default_rng(seed)
    means = d[rng.integers(0, len(d), size=(draws, len(d)))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - level) / 2, 1 - (1 - level) / 2])
    return round(float(lo), 4), round(float(hi), 4)


def margin_intervals(rows, base_rows) -> dict[str, tuple[float, float] | None]:
    """Per figure of ``AnswerReport.figures`` (rates only), the interval of qa's margin over the
    baseline: ``rows`` and ``base_rows`` are the two reports' rows for the same questions, in order."""
    if len(rows) != len(base_rows) or any(a.id != b.id for a, b in zip(rows, base_rows)):
        raise ValueError("the two reports must judge the same questions in the same order")
    pairs = list(zip(rows, base_rows))
    ans = [(a, b) for a, b in pairs if a.answerable]
    una = [(a, b) for a, b in pairs if not a.answerable]
    golds = [(a, b) for a, b in ans if a.hit is not None and b.hit is not None]

    def of(items, get):
        return paired_interval([float(bool(get(a))) for a, _ in items], [float(bool(get(b))) for _, b in items])

    return {
        "quote_in_answer": of(ans, lambda r: r.quote),
        "answer_hit": of(golds, lambda r: r.hit),
        "first_citation": of(golds, lambda r: r.first),
        "unanswerable_abstained": of(una, lambda r: r.abstained),
        "answerable_abstained": of(ans, lambda r: r.abstained),
    }
