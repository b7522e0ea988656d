"""The HNSW graph holds each distinct stored vector once: copies (identical int8 rows) are mapped
back to their passages, dense results stay those of exact search, and ``search()`` folds copies as
it does without a graph.  An index whose graph holds every passage (written before the map) still
searches as before."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import qa.search.dense as dense
from qa.search import SearchConfig, search
from qa.search.ann_copies import ANN_IDS as IDS, ANN_STARTS as STARTS
from qa.search.dense import DenseSearch, build_ann

from ..conftest import SEEDS, build_fake, open_fake
from .test_dense import ann_recall, embedding_like


def _with_copies(seed: int = 3):
    """3,000 distinct rows and 3,000 copies of 300 of them (10 each, one 120 times), scattered."""
    rows, queries = embedding_like(3_000, 30, seed=seed)
    rng = np.random.default_rng(seed)
    sources = np.concatenate([np.full(120, 7), np.repeat(rng.choice(3_000, 288, replace=False), 10)[:2_880]])
    vectors = np.concatenate([rows, rows[sources]])[rng.permutation(6_000)]
    return vectors, queries, rows[7].astype(np.float32)


def _exhaustive(monkeypatch):
    """The tuning's choice replaced by an efSearch that walks the whole graph: the ANN path then
    finds the exact best, so its mapping back to passages is compared with exact search exactly."""
    monkeypatch.setattr(dense, "tune_setting", lambda ann, kind, vectors, *a, **kw: (len(vectors), 1.0))


def _exact(vectors, q, k=10):
    return DenseSearch(Path("no-graph"), dense.as_codes(vectors)).top(q, k)


def test_the_graph_holds_each_distinct_vector_once_and_finds_exact_results(tmp_path, monkeypatch):
    import faiss

    vectors, queries, most_copied = _with_copies()
    stored = dense.as_codes(vectors)
    (tmp_path / "tuned").mkdir()
    meta = build_ann(stored, tmp_path / "tuned", exact_limit=1_000, threads=1)
    assert meta["n"] == 6_000 and meta["distinct"] == 3_000
    assert faiss.read_index(str(tmp_path / "tuned" / meta["file"])).ntotal == 3_000
    assert (meta["ids"], meta["starts"]) == (IDS, STARTS)
    assert meta["probe_recall@10"] >= dense.TARGET_RECALL  # tuned over the distinct rows
    assert ann_recall(tmp_path / "tuned", vectors, queries) >= 0.97  # by id, copies included: 10 results each

    _exhaustive(monkeypatch)
    (tmp_path / "all").mkdir()
    build_ann(stored, tmp_path / "all", exact_limit=1_000, threads=1)
    search = DenseSearch(tmp_path / "all", stored)
    q7 = most_copied / np.linalg.norm(most_copied)  # the passage copied 120 times: its copies fill the top 10
    for q in [q7, *queries[:30]]:
        for k in (1, 10, 40):
            got, want = search.top(q, k), _exact(vectors, q, k)
            assert [i for i, _ in got] == [i for i, _ in want]
            assert np.allclose([s for _, s in got], [s for _, s in want], atol=1e-6)
    top7 = search.top(q7, 10)
    assert len({s for _, s in top7}) == 1 and [i for i, _ in top7] == sorted(i for i, _ in top7)


def test_without_copies_no_map_is_written(tmp_path):
    vectors, _ = embedding_like(2_000, 20, seed=6)
    meta = build_ann(vectors, tmp_path, exact_limit=1_000, threads=1)
    assert meta["distinct"] == 2_000 and "ids" not in meta
    assert not (tmp_path / IDS).exists() and not (tmp_path / STARTS).exists()


def test_a_graph_over_every_passage_without_a_map_still_searches(tmp_path, monkeypatch):
    """An index written before the map: every passage in the graph, ann.json without ids/starts."""
    import faiss

    vectors, queries, _ = _with_copies(seed=4)
    stored = dense.as_codes(vectors)
    _exhaustive(monkeypatch)
    monkeypatch.setattr(dense, "distinct_groups", lambda v: None)  # the build before this change
    meta = build_ann(stored, tmp_path, exact_limit=1_000, threads=1)
    meta.pop("distinct")
    (tmp_path / "ann.json").write_text(json.dumps(meta), encoding="utf-8")  # as such an index has it
    assert faiss.read_index(str(tmp_path / meta["file"])).ntotal == 6_000 and not (tmp_path / IDS).exists()
    search = DenseSearch(tmp_path, stored)
    for q in queries[:20]:
        assert [i for i, _ in search.top(q, 10)] == [i for i, _ in _exact(vectors, q)]


QUESTIONS = ("What did Zarif say about the US?", "Aleppo evacuation", "Astana talks ceasefire",
             "Who brokered the deal?")


def _hits(idx, question, config):
    return [(h.passage_no, round(h.score, 5), h.copies, dict(h.ranks)) for h in
            search(idx, question, k=10, config=config)]


def test_search_folds_copies_as_exact_search_does(tmp_path, monkeypatch):
    """The seeds and copies of two of them (other names): a graph over the distinct passages gives
    the same hits, copies named in them, as the same folder searched exactly."""
    folder = copied_folder(shutil.copytree(SEEDS, tmp_path / "docs"))
    build_fake(folder, tmp_path / "exact")
    with monkeypatch.context() as mp:
        mp.setattr(dense, "EXACT_LIMIT", 20)  # a graph for a small folder
        _exhaustive(mp)
        build_fake(folder, tmp_path / "graph")
    graph, exact = open_fake(tmp_path / "graph"), open_fake(tmp_path / "exact")
    meta = graph._dense_search().meta
    assert meta and meta["distinct"] < meta["n"] and (graph.version / "manifest.json").read_text().count(IDS) == 1
    folded = 0
    for question in QUESTIONS:
        for config in (SearchConfig(), SearchConfig(mode="dense"), SearchConfig(mode="dense", distinct=False)):
            got, want = _hits(graph, question, config), _hits(exact, question, config)
            assert got == want
            folded += sum(len(h[2]) for h in got)
    assert folded > 0  # copies were there to fold


def test_a_map_of_the_wrong_length_is_refused(tmp_path, monkeypatch):
    from qa.errors import IndexInvalidError
    from qa.index.verify import check_shapes

    monkeypatch.setattr(dense, "EXACT_LIMIT", 20)
    build_fake(copied_folder(shutil.copytree(SEEDS, tmp_path / "docs")), tmp_path / "index")
    version = open_fake(tmp_path / "index").version
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    check_shapes(version, manifest)
    ids = np.load(version / "dense" / IDS)
    np.save(version / "dense" / IDS, ids[:-1])
    with pytest.raises(IndexInvalidError, match=IDS):
        check_shapes(version, manifest)


def copied_folder(corpus: Path) -> Path:
    """``corpus`` with two of its files copied under other names (three times each)."""
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix == ".txt")
    for n, p in enumerate(files[:2]):
        for c in range(3):
            shutil.copy(p, corpus / f"copy {n}-{c}{p.suffix}")
    return corpus


def test_an_incremental_build_writes_the_graph_and_map_a_full_build_writes(seed_copy, tmp_path, monkeypatch):
    from .test_incremental import NEW_DOC, _files, edit_corpus

    monkeypatch.setattr(dense, "EXACT_LIMIT", 20)  # a graph for a small folder (tuned as builds tune)
    corpus = copied_folder(seed_copy)
    build_fake(corpus, tmp_path / "inc")
    edit_corpus(corpus)  # one of the copied files is removed: its copies stay, one of them first now
    (corpus / "new_lavrov copy.txt").write_text(NEW_DOC, encoding="utf-8")  # a copy among the new files
    build_fake(corpus, tmp_path / "inc")
    build_fake(corpus, tmp_path / "full")
    inc, full = open_fake(tmp_path / "inc"), open_fake(tmp_path / "full")
    got, want = _files(inc), _files(full)
    assert {"dense/hnsw.faiss", f"dense/{IDS}", f"dense/{STARTS}", "dense/ann.json"} <= set(want)
    assert got == want
    assert json.loads(want["dense/ann.json"])["distinct"] < json.loads(want["dense/ann.json"])["n"]
