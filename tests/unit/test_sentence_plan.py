"""``sentences.Plan`` and ``sentences.build``: where a build's sentence vectors come from (rows
copied from the old version, rows embedded now), placed in the new version's row order."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from qa.index import sentences


def _fresh(n: int, dim: int = 4, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float16)


def test_a_full_build_keeps_the_fresh_rows_as_they_are():
    plan = sentences.Plan()
    plan.add(0, 0, [(0, 5), (6, 9)])
    plan.add(2, 1, np.asarray([[0, 3], [0, 3], [4, 8]]))  # overlapping passages repeat a sentence
    fresh = _fresh(5)
    out = sentences.build(plan, 5, 4, None, None, None, None, lambda *_: None, fresh)
    assert np.array_equal(out, fresh) and out.dtype == np.float16
    assert plan.distinct == 4
    assert list(plan.fresh_rows()) == [(0, 0, 0, 5), (1, 0, 6, 9), (2, 1, 0, 3), (3, 1, 0, 3), (4, 1, 4, 8)]


def test_copied_and_fresh_rows_are_placed_in_row_order():
    old_vecs = _fresh(6, seed=1)
    plan = sentences.Plan()
    plan.add(0, 0, [(0, 5), (6, 9)])
    plan.keep(2, 3, 6)  # rows 2-4: the old version's rows 3-5
    plan.add(5, 2, [(1, 2)])
    fresh = _fresh(3, seed=2)
    out = sentences.build(plan, 6, 4, SimpleNamespace(sentence_vectors=old_vecs), None, None, None,
                          lambda *_: None, fresh)
    assert np.array_equal(out[:2], fresh[:2]) and np.array_equal(out[5], fresh[2])
    assert np.array_equal(out[2:5], old_vecs[3:6])


def test_without_late_vectors_each_distinct_sentence_is_embedded_once():
    texts = {0: "one two three", 1: "four five"}
    plan = sentences.Plan()
    plan.add(0, 0, [(0, 3), (4, 7), (0, 3)])
    plan.add(3, 1, [(0, 9)])
    asked = []

    def embed_all(_embedder, items, _progress):
        asked.extend(items)
        return np.arange(len(items) * 4, dtype=np.float32).reshape(len(items), 4)

    out = sentences.build(plan, 4, 4, None, texts.__getitem__, None, embed_all, lambda *_: None)
    assert asked == ["one", "two", "four five"]
    assert np.array_equal(out[0], out[2]) and not np.array_equal(out[0], out[1])
    assert np.array_equal(out[3], np.arange(8, 12, dtype=np.float16))
