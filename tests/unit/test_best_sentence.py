"""Sentence evidence in the hybrid: each dense passage's best sentence, and how fusion weighs it."""

from __future__ import annotations

import numpy as np

from qa.search import fuse
from qa.search.best_sentence import best_sentence_scores, sentence_run
from qa.search.quantized import Quantized, quantize


def _unit(rng, n, d=16):
    x = rng.normal(size=(n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _rows():
    # (doc, start, end, first sentence row, end sentence row): overlapping passages share a row,
    # passage 3 has none
    return np.asarray([[0, 0, 10, 0, 3], [0, 8, 20, 2, 5], [1, 0, 9, 5, 6], [1, 9, 9, 6, 6], [1, 9, 30, 6, 10]])


def test_best_sentence_is_the_max_over_each_passage_rows_int8_and_float16():
    rng = np.random.default_rng(3)
    sent = _unit(rng, 10)
    q = _unit(rng, 1)[0]
    codes, scales = quantize(sent, 8, per_vector=True)
    stored = Quantized(codes, scales, 8, sent.shape[1])
    rows = _rows()
    passages = [4, 0, 3, 2, 1]  # any order, as a dense run gives them
    decoded = np.asarray(stored, dtype=np.float32)
    want = [max(decoded[r] @ q for r in range(rows[p, 3], rows[p, 4])) if rows[p, 4] > rows[p, 3] else -1.0
            for p in passages]
    got = best_sentence_scores(stored, rows, passages, q)
    assert np.allclose(got, want, atol=1e-6)
    assert got[2] == -1.0  # no sentence rows
    f16 = best_sentence_scores(sent.astype(np.float16), rows, passages, q)  # a format-1 index's rows
    half = sent.astype(np.float16).astype(np.float32)
    assert np.allclose(f16, [max(half[r] @ q for r in range(rows[p, 3], rows[p, 4])) if rows[p, 4] > rows[p, 3]
                             else -1.0 for p in passages], atol=1e-5)


class _Index:
    def __init__(self, vectors):
        self.sentence_vectors = vectors
        self.chunk_rows = _rows()


def test_sentence_run_keeps_the_dense_passages_best_first_and_is_empty_without_vectors():
    rng = np.random.default_rng(5)
    sent = _unit(rng, 10)
    q = sent[7]  # passage 4 holds this very sentence
    dense = [(0, 0.9), (4, 0.5), (2, 0.4)]
    run = sentence_run(_Index(sent), dense, q)
    assert [i for i, _s in run][0] == 4 and sorted(i for i, _s in run) == [0, 2, 4]
    assert abs(run[0][1] - 1.0) < 1e-6 and [s for _i, s in run] == sorted((s for _i, s in run), reverse=True)
    assert sentence_run(_Index(None), dense, q) == []  # an index built before sentence vectors


def test_fusion_gives_the_sentence_run_its_share_of_the_dense_weight():
    bm25 = [(1, 3.0), (2, 2.0), (3, 1.0)]
    dense = [(2, 0.8), (1, 0.7), (3, 0.1)]
    sentence = [(1, 0.9), (3, 0.5), (2, 0.2)]  # passage 1 holds the best sentence
    plain = fuse({"bm25": bm25, "dense": dense}, "convex", 0.9)
    assert [i for i, _s in plain][0] == 2
    assert fuse({"bm25": bm25, "dense": dense, "sentence": sentence}, "convex", 0.9, sentence_share=0.0) == plain
    with_sentences = fuse({"bm25": bm25, "dense": dense, "sentence": sentence}, "convex", 0.9, sentence_share=0.8)
    assert [i for i, _s in with_sentences][0] == 1
    # the weights still sum to one: the best passage on every run scores 1
    assert abs(fuse({"bm25": bm25, "dense": [(1, 1.0), (2, 0.0)], "sentence": sentence}, "convex", 0.5,
                    sentence_share=0.8)[0][1] - 1.0) < 1e-9
    # no sentence run (an old index): all the dense weight stays on the passage vectors
    assert fuse({"bm25": bm25, "dense": dense, "sentence": []}, "convex", 0.9, sentence_share=0.8) == plain
    # RRF fuses BM25 and dense only
    rrf = fuse({"bm25": bm25, "dense": dense}, "rrf")
    assert fuse({"bm25": bm25, "dense": dense, "sentence": sentence}, "rrf") == rrf
