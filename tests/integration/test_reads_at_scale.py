"""An index with an HNSW graph reads its passage vectors' rows and BM25's postings with pread (not
through their mappings: RSS at 1M passages, docs/speed.md "Session 11"); an exact-search index
keeps its mappings.  Either way a search gives the same hits."""

from __future__ import annotations

import os

import numpy as np
import pytest

from qa.index.loaded import load_index
from qa.search import BM25, SearchConfig, search
from qa.search.quantized import Quantized
from qa.search.row_reads import PreadRows, PreadSlices

from ..conftest import SEEDS, FakeEmbedder, build_fake, open_fake
from .test_search_at_scale import ann_index  # noqa: F401 - the fixture: the seeds with an HNSW graph

pytestmark = pytest.mark.skipif(not hasattr(os, "pread"), reason="no pread on this system")

QUESTIONS = ("What did Zarif say about the US?", "Aleppo evacuation", "Astana talks ceasefire",
             "Who brokered the deal?", "zzzz no such words", "Syria Russia Turkey Iran")
CONFIGS = (SearchConfig(), SearchConfig(sentences=False), SearchConfig(fusion="rrf"),
           SearchConfig(mode="bm25"), SearchConfig(mode="dense"))


def _hits(idx, docs=None):
    return [[(h.passage_no, h.score, dict(h.ranks), h.title, h.chunk, h.copies)
             for h in search(idx, q, k=10, config=c, docs=docs)] for q in QUESTIONS for c in CONFIGS]


def _mapped(idx):
    """``idx`` with its vectors and postings read through their mappings (as before this change)."""
    v = idx.vectors
    idx._vectors = Quantized(np.asarray(v.codes), v.scales, v.bits, v.dim)
    b = idx.bm25
    idx.bm25 = BM25(b.vocab, b.indptr, np.asarray(b.indices), np.asarray(b.data), b.n_docs)
    return idx


def test_a_graph_index_reads_rows_and_postings_with_pread(ann_index):
    idx = open_fake(ann_index)
    assert isinstance(idx.vectors.codes, PreadRows)
    assert isinstance(idx.bm25.indices, PreadSlices) and isinstance(idx.bm25.data, PreadSlices)
    assert not isinstance(idx.sentence_vectors.codes, PreadRows)  # sentence rows stay mapped


def test_reads_with_pread_give_the_same_hits_as_the_mappings(ann_index):
    idx, before = open_fake(ann_index), _mapped(open_fake(ann_index))
    docs = [idx.docs.meta[0].id, idx.docs.meta[3].id]
    got, want = _hits(idx) + _hits(idx, docs), _hits(before) + _hits(before, docs)
    assert got == want and any(got)
    q = FakeEmbedder().embed(["Aleppo evacuation"])[0]
    assert idx.dense_top(q, 30) == before.dense_top(q, 30)


def test_an_exact_index_keeps_its_mappings(tmp_path):
    build_fake(SEEDS, tmp_path / "small")
    idx = load_index(tmp_path / "small")
    assert type(idx.vectors.codes) is np.ndarray  # a view of the mapping
    assert type(idx.bm25.indices) is np.ndarray and type(idx.bm25.data) is np.ndarray
    assert idx.side_thread() is None
