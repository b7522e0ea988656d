"""Dense search: exact below the threshold, a tuned IVF index above it with recall@10 >= 0.98."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

import qa.search.dense as dense
import qa.search.exact_groups as exact_groups
from qa.search.dense import DenseSearch, build_ann, exact_scores, recall_at, unit_rows
from qa.search.topk import top_pairs

from ..conftest import SEEDS, build_fake, open_fake

DIM = 384


def embedding_like(n: int, n_topics: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Unit rows around topic centres (cosine ~0.75 to their centre), plus independent queries."""
    rng = np.random.default_rng(seed)
    centres = unit_rows(rng.standard_normal((n_topics, DIM)))
    rows = unit_rows(centres[rng.integers(0, n_topics, n)] + 0.9 * unit_rows(rng.standard_normal((n, DIM))))
    queries = unit_rows(centres[rng.integers(0, n_topics, 100)] + 1.3 * unit_rows(rng.standard_normal((100, DIM))))
    return rows.astype(np.float16), queries


def truth_top10(vectors, queries) -> np.ndarray:
    return np.argsort(-exact_scores(vectors, queries), axis=1, kind="stable")[:, :10]


def ann_recall(folder, vectors, queries) -> float:
    """Recall@10 of the ANN index against exact search over the vectors as the index stores them
    (int8 codes: what quantizing costs is measured on its own, below and in docs/storage.md)."""
    stored = dense.as_codes(vectors)
    search = DenseSearch(folder, stored)
    found = np.array([[i for i, _ in search.top(q, 10)] for q in queries])
    return recall_at(found, truth_top10(stored, queries))


def test_int8_codes_keep_the_float_top10():
    vectors, queries = embedding_like(20_000, 100, seed=1)
    stored = dense.as_codes(vectors)
    assert stored.codes.dtype == np.int8 and stored.codes.nbytes == vectors.size  # 1 byte a dimension
    assert recall_at(truth_top10(stored, queries), truth_top10(vectors, queries)) >= 0.97  # measured 0.984


def test_exact_search_past_the_numpy_limit_scores_the_codes_in_faiss(monkeypatch):
    vectors, queries = embedding_like(3_000, 20, seed=4)
    stored = dense.as_codes(vectors)
    want = [DenseSearch(Path("nothing"), stored).top(q, 10) for q in queries[:5]]
    monkeypatch.setattr(dense, "NUMPY_LIMIT", 100)
    search = DenseSearch(Path("nothing"), stored)
    got = [search.top(q, 10) for q in queries[:5]]
    assert search._flat is not None  # faiss did score them
    for g, w in zip(got, want):
        assert [i for i, _ in g] == [i for i, _ in w]
        assert np.allclose([s for _, s in g], [s for _, s in w], atol=1e-4)


def test_below_threshold_nothing_is_built_and_search_is_exact(tmp_path):
    vectors, queries = embedding_like(3_000, 20, seed=3)
    assert build_ann(vectors, tmp_path, exact_limit=3_000) is None
    assert list(tmp_path.iterdir()) == []
    search = DenseSearch(tmp_path, vectors)
    assert search.kind == "exact"
    want = exact_scores(vectors, queries[:5])
    for q, row in zip(queries[:5], want):
        got = search.top(q, 10)
        expected = sorted(range(len(row)), key=lambda i: (-row[i], i))[:10]
        assert [i for i, _ in got] == expected
        np.testing.assert_allclose([s for _, s in got], row[expected], rtol=1e-5)


def test_ties_break_by_chunk_number_and_filters_are_exact(tmp_path):
    vectors = np.zeros((6, 4), dtype=np.float16)
    vectors[:, 0] = 1.0  # six identical vectors
    vectors[4] = [0, 1, 0, 0]
    search = DenseSearch(tmp_path, vectors)
    q = np.array([1, 0, 0, 0], dtype=np.float32)
    assert [i for i, _ in search.top(q, 3)] == [0, 1, 2]
    allowed = np.array([False, False, True, True, True, True])
    assert [i for i, _ in search.top(q, 3, allowed)] == [2, 3, 5]
    assert search.top(q, 10, np.zeros(6, dtype=bool)) == []
    assert top_pairs(np.array([0.5, -1.0, 0.5]), 2) == [(0, 0.5), (2, 0.5)]


def test_index_past_the_threshold_keeps_a_checked_ivf_file(tmp_path, monkeypatch):
    monkeypatch.setattr(dense, "EXACT_LIMIT", 20)  # the 71 seed chunks are "large"
    build_fake(SEEDS, tmp_path / "idx")
    idx = open_fake(tmp_path / "idx")
    files = idx.manifest["files"]
    ann = idx._dense_search().meta
    assert f"dense/{ann['file']}" in files and "dense/ann.json" in files  # checksummed like every file
    assert idx._dense_search().kind == f"{dense.DEFAULT_KIND}-sq8"
    exact = DenseSearch(tmp_path / "nothing", idx.vectors)
    for q in ("What did Zarif say about the US?", "Aleppo evacuation", "Astana talks ceasefire"):
        qvec = idx.query_embedder().embed([q])[0]
        got, want = idx.dense_top(qvec, 10), exact.top(qvec, 10)
        assert len(set(i for i, _ in got) & set(i for i, _ in want)) >= 9
    (tmp_path / "corrupt").write_bytes(b"corrupt")
    os.replace(tmp_path / "corrupt", idx.version / "dense" / ann["file"])  # a new file: the open, memory-mapped one stays intact
    from qa.errors import IndexInvalidError
    from qa.index.loaded import load_index

    with pytest.raises(IndexInvalidError):
        load_index(tmp_path / "idx")


def test_exact_search_in_faiss_lists_every_copy_tied_at_the_kth_place_by_chunk_number(monkeypatch):
    """A vector stored many times (a licence in every package): faiss's exact search past
    NUMPY_LIMIT must give the same passages as scoring every row, ties by chunk number -- not
    whichever copies faiss kept (one extra candidate does not settle a tie of many)."""
    rows, queries = embedding_like(3_000, 20, seed=8)
    rng = np.random.default_rng(8)
    copied = rng.choice(3_000, 60, replace=False)
    rows[copied] = rows[17]  # 61 copies of one vector, scattered (row 17 included)
    stored = dense.as_codes(rows)
    q = unit_rows(rows[17:18].astype(np.float32))[0]
    monkeypatch.setattr(dense, "NUMPY_LIMIT", 100)
    for room in (exact_groups.TIE_ROOM, 1):  # 1: the tie wider than the first search (widened)
        monkeypatch.setattr(exact_groups, "TIE_ROOM", room)
        search = DenseSearch(Path("nothing"), stored)
        for query in [q, *queries[:10]]:
            for k in (1, 10, 40, 100):
                got = search.top(query, k)
                want = top_pairs(stored.dot(query), k)
                assert [i for i, _ in got] == [i for i, _ in want]
                assert np.allclose([s for _, s in got], [s for _, s in want], atol=1e-4)
        assert search._flat is not None
