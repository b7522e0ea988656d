"""The per-corpus fusion choice's parts (no index, no model): fusion with plain parameters, the
vectorised reciprocal ranks against ``fuse``, the tie rule, and the manifest round trip."""

from __future__ import annotations

import random

import pytest

from qa.index.fusion_choice import (FALLBACK_CHOICE, GRID, FusionChoice, best_weight, reciprocal_rank,
                                    weight_scores)
from qa.search import fuse
from qa.search.retrieve import SearchConfig, corpus_weight, resolve


def _run(rng, n_items=40, n=15):
    scores = {rng.randrange(n_items): round(rng.random(), 2) for _ in range(n)}  # rounded: ties happen
    return sorted(scores.items(), key=lambda p: (-p[1], p[0]))


def test_fuse_takes_plain_parameters():
    bm25, dense = [(1, 9.0), (2, 3.0), (3, 1.0)], [(3, 0.9), (2, 0.5), (1, 0.1)]
    assert [i for i, _ in fuse({"bm25": bm25, "dense": dense}, "convex", dense_weight=0.0)] == [1, 2, 3]
    assert [i for i, _ in fuse({"bm25": bm25, "dense": dense}, "convex", dense_weight=1.0)] == [3, 2, 1]
    assert [i for i, _ in fuse({"bm25": bm25, "dense": dense}, "rrf")] == [1, 3, 2]  # 1/61+1/63 each; 2: 2/62
    assert fuse({"bm25": bm25, "dense": dense}) == fuse({"bm25": bm25, "dense": dense}, "convex", 0.6, 60)


def test_vectorised_weight_scores_equal_fusing_at_each_weight():
    rng = random.Random(7)
    runs = [(_run(rng), _run(rng), frozenset(rng.sample(range(40), 2))) for _ in range(60)]
    fast = weight_scores(runs)
    for w in GRID:
        slow = sum(reciprocal_rank(fuse({"bm25": b, "dense": d}, "convex", w), rel) for b, d, rel in runs) / len(runs)
        assert fast[w] == pytest.approx(slow, abs=1e-12)


def test_weight_scores_with_the_sentence_run_equal_the_fusion_questions_get():
    """With a sentence run, each weight's MRR is that of ``fuse`` with the sentence share (the default
    ranker); a question without one is fused as ``fuse`` does then (all to the dense run)."""
    rng = random.Random(11)
    runs = [(_run(rng), _run(rng), frozenset(rng.sample(range(40), 2)), _run(rng) if k % 5 else [])
            for k in range(60)]
    fast = weight_scores(runs, sentence_share=0.8)
    for w in GRID:
        slow = sum(reciprocal_rank(fuse({"bm25": b, "dense": d, "sentence": s}, "convex", w, sentence_share=0.8), rel)
                   for b, d, rel, s in runs) / len(runs)
        assert fast[w] == pytest.approx(slow, abs=1e-12)
    assert fast != weight_scores([r[:3] for r in runs])  # the sentence run is read


def test_best_weight_is_the_largest_within_the_tolerance():
    assert best_weight({0.2: 0.5, 0.4: 0.9, 0.8: 0.7}, tolerance=0.02) == 0.4
    assert best_weight({0.2: 0.90, 0.5: 0.89, 0.9: 0.85}, tolerance=0.02) == 0.5  # 0.89 >= 0.98 * 0.90
    assert best_weight({0.2: 0.90, 0.5: 0.89, 0.9: 0.85}, tolerance=0.0) == 0.2
    assert best_weight({0.2: 0.90, 0.5: 0.89, 0.9: 0.85}, tolerance=0.08) == 0.9  # 0.85 >= 0.92 * 0.90
    assert best_weight({0.0: 0.7, 1.0: 0.7}, tolerance=0.0) == 1.0


def test_choice_round_trips_through_the_manifest_and_resolves_a_config():
    choice = FusionChoice("convex", 0.3, "m", 200, {0.3: 0.91, 0.6: 0.88})
    again = FusionChoice.from_dict(choice.as_dict())
    assert again == choice
    assert FusionChoice.from_dict(None) == FALLBACK_CHOICE == FusionChoice.from_dict({"fusion": "convex"})

    class Fake:
        manifest = {"fusion": choice.as_dict()}

    assert corpus_weight(Fake()) == 0.3
    assert resolve(SearchConfig(), Fake()).dense_weight == 0.3
    assert resolve(SearchConfig(dense_weight=0.8), Fake()).dense_weight == 0.8  # a given weight wins
    Fake.manifest = {}
    assert resolve(SearchConfig(), Fake()).dense_weight == 0.6  # an index built before choices
    Fake.manifest = {"fusion": {"dense_weight": 7}}
    assert corpus_weight(Fake()) == 0.6  # a weight out of range is not trusted
