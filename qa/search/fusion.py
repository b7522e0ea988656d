"""Fusing ranked runs into one ranking, by Pyserini's conventions.

Reciprocal rank fusion ``sum 1/(k + rank)`` (k=60), or a convex combination of min-max-normalised
scores.  Ties break on the passage number, so fused rankings are deterministic.  A ``"sentence"``
run (the dense run's passages scored by their best sentence: ``best_sentence.py``) takes a share of
the dense weight in convex fusion; RRF fuses BM25 and dense only.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

Run = Sequence[tuple[int, float]]  # (passage number, score), best first


def fuse_rrf(runs: Mapping[str, Run], k: int = 60) -> list[tuple[int, float]]:
    scores: dict[int, float] = {}
    for run in runs.values():
        for rank, (idx, _s) in enumerate(run, 1):
            scores[idx] = scores.get(idx, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda p: (-p[1], p[0]))


def fuse_convex(runs: Mapping[str, Run], weights: Mapping[str, float]) -> list[tuple[int, float]]:
    scores: dict[int, float] = {}
    for name, run in runs.items():
        if not run:
            continue
        vals = np.asarray([s for _i, s in run], dtype=np.float64)
        lo, hi = float(vals.min()), float(vals.max())
        span = hi - lo
        w = weights.get(name, 0.0)
        for (idx, s) in run:
            norm = (s - lo) / span if span > 0 else 1.0
            scores[idx] = scores.get(idx, 0.0) + w * norm
    return sorted(scores.items(), key=lambda p: (-p[1], p[0]))


def fuse(runs: Mapping[str, Run], fusion: str = "convex", dense_weight: float = 0.6,
         rrf_k: int = 60, sentence_share: float = 0.0) -> list[tuple[int, float]]:
    """The ``"bm25"`` and ``"dense"`` runs fused: ``"rrf"``, or ``"convex"`` with ``dense_weight``, of
    which ``sentence_share`` goes to the ``"sentence"`` run when there is one (else all to ``"dense"``)."""
    if fusion == "rrf":
        return fuse_rrf({name: run for name, run in runs.items() if name in ("bm25", "dense")}, rrf_k)
    share = sentence_share if runs.get("sentence") else 0.0
    return fuse_convex({name: run for name, run in runs.items() if name in ("bm25", "dense", "sentence")},
                       {"bm25": 1.0 - dense_weight, "dense": dense_weight * (1.0 - share),
                        "sentence": dense_weight * share})
