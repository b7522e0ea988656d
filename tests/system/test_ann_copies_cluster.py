"""qa index --cluster past the ANN threshold, on a folder with copied files: the graph over the
distinct vectors and its map are byte for byte a local build's, and searches give the same hits."""

from __future__ import annotations

import pytest

import qa.search.dense as dense
from qa.search import search
from qa.search.ann_copies import ANN_IDS as IDS

from ..conftest import build_fake, open_fake
from ..integration.test_ann_copies import QUESTIONS, copied_folder
from .test_cluster import assert_same_index, build_on, cluster  # noqa: F401 - the fixture

pytest.importorskip("distributed")


def test_cluster_build_with_copies_in_the_graph_is_identical_to_local(cluster, seed_copy, tmp_path,  # noqa: F811
                                                                       monkeypatch):
    monkeypatch.setattr(dense, "EXACT_LIMIT", 20)  # the client writes the version: a graph for a small folder
    corpus = copied_folder(seed_copy)
    build_fake(corpus, tmp_path / "local")
    build_on(cluster.scheduler_address, corpus, tmp_path / "dask", batch_chars=20_000)
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    a, b = open_fake(tmp_path / "local"), open_fake(tmp_path / "dask")
    meta = a._dense_search().meta
    assert meta["distinct"] < meta["n"] and (a.version / "dense" / IDS).is_file()
    for q in QUESTIONS:
        assert ([(h.passage_no, h.copies) for h in search(a, q)] == [(h.passage_no, h.copies) for h in search(b, q)])
