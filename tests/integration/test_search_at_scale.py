"""Search on an index with an HNSW graph: BM25 on a side thread while the dense search walks the
graph (reading its best passages meanwhile); the same results as one thread."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import qa.search.dense as dense
from qa.search import SearchConfig, search

from ..conftest import SEEDS, build_fake, open_fake

QUESTIONS = ("What did Zarif say about the US?", "Aleppo evacuation", "Astana talks ceasefire",
             "Who brokered the deal?", "zzzz no such words")
CONFIGS = (SearchConfig(), SearchConfig(sentences=False), SearchConfig(fusion="rrf"),
           SearchConfig(mode="bm25"), SearchConfig(mode="dense"))


def _hits(idx, question, config, docs=None):
    return [(h.passage_no, h.score, dict(h.ranks), h.title, h.chunk) for h in
            search(idx, question, k=10, config=config, docs=docs)]


@pytest.fixture(autouse=True)
def a_core_to_spare(monkeypatch):
    """The side thread is used only while the machine has an idle core: these tests need it used."""
    import qa.search.overlap as overlap

    monkeypatch.setattr(overlap, "spare_core", lambda: True)


@pytest.fixture(scope="module")
def ann_index(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setattr(dense, "EXACT_LIMIT", 20)  # the 71 seed chunks are "large": an HNSW graph is built
    d = tmp_path_factory.mktemp("ann-index")
    try:
        build_fake(SEEDS, d)
    finally:
        mp.undo()
    return d


def test_hybrid_search_with_bm25_beside_the_graph_walk_gives_the_same_hits(ann_index):
    idx = open_fake(ann_index)
    assert idx.side_thread() is not None  # an HNSW index: BM25 goes to the side thread
    docs = [idx.docs.meta[0].id, idx.docs.meta[2].id]
    got = [_hits(idx, q, c, f) for q in QUESTIONS for c in CONFIGS for f in (None, docs)]
    assert any(t.name.startswith("qa-bm25") for t in threading.enumerate())  # it was used
    alone = open_fake(ann_index)
    alone._dense_search().side = None  # every run on the caller's thread, as before
    want = [_hits(alone, q, c, f) for q in QUESTIONS for c in CONFIGS for f in (None, docs)]
    assert got == want and any(got)


def test_a_busy_side_thread_leaves_bm25_to_the_caller(ann_index):
    idx = open_fake(ann_index)
    want = _hits(idx, QUESTIONS[0], SearchConfig())
    gate = threading.Event()
    side = idx.side_thread()
    holder = side.submit(gate.wait, 10)  # another request's job holds it
    try:
        calls = []
        real = idx.bm25_top

        def on_thread(*args, **kw):
            calls.append(threading.current_thread())
            return real(*args, **kw)

        idx.bm25_top = on_thread
        assert _hits(idx, QUESTIONS[0], SearchConfig()) == want
        assert calls == [threading.current_thread()]
    finally:
        gate.set()
        holder.result()


def test_an_error_in_bm25_on_the_side_thread_reaches_the_caller(ann_index):
    idx = open_fake(ann_index)

    def broken(*args, **kw):
        raise RuntimeError("postings unreadable")

    idx.bm25_top = broken
    with pytest.raises(RuntimeError, match="postings unreadable"):
        search(idx, QUESTIONS[0], k=5)
    idx.bm25_top = lambda *a, **kw: []
    assert search(idx, QUESTIONS[0], k=5)  # the side thread was freed


def test_an_exact_index_keeps_one_thread(fake_index_dir):
    idx = open_fake(fake_index_dir)
    assert idx._dense_search().kind == "exact" and idx.side_thread() is None
    assert search(idx, QUESTIONS[0], k=5)
    assert np.isfinite([h.score for h in search(idx, QUESTIONS[1], k=5)]).all()


def test_texts_read_with_pread_give_every_passage_as_an_exact_slice(ann_index):
    idx = open_fake(ann_index)
    assert idx.docs._fd is not None  # read, not mapped (a mapping's RSS grows with every text read)
    for i in range(len(idx.docs)):
        text = idx.docs.text(i)
        assert len(text.encode("utf-8", "surrogatepass")) == idx.docs._offsets[i + 1] - idx.docs._offsets[i]
        for n in idx.doc_chunks(i):
            c = idx.chunk(n)
            assert text[c.start:c.end] == c.text and c.text
