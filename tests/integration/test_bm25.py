"""The BM25 engine scores exactly like rank-bm25's BM25Okapi and survives save/load."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from qa.search.bm25 import BM25, BM25Params, TermCounts
from qa.search.topk import top_k
from qa.corpus.chunking import chunk_document
from qa.corpus.readers import load_corpus
from qa.search.tokenize import tokenize

from ..conftest import SEEDS
from ..conftest import is_mapped

QUERIES = [
    "What did Zarif say about the US?",
    "Shamkhani resolution militants evacuation civilians",
    "How many people were moved from eastern Aleppo?",
    "Iran Iran Russia the the Syria",  # repeated terms count again
    "IRGC SNSC UN U.S.",
    "words that appear nowhere zzzz",
]


@pytest.fixture(scope="module")
def seed_tokens():
    return [tokenize(c.text) for d in load_corpus(SEEDS) for c in chunk_document(d)]


def test_scores_equal_rank_bm25_on_seed_chunks(seed_tokens):
    p = BM25Params()  # qa's defaults, given to rank-bm25 too
    ref = BM25Okapi(seed_tokens, k1=p.k1, b=p.b, epsilon=p.epsilon)
    engine = BM25.from_counts(TermCounts.from_tokens(seed_tokens), p)
    negative_idf_terms = [t for t, v in ref.idf.items() if v == ref.average_idf * 0.25]
    assert negative_idf_terms, "the seed corpus exercises rank-bm25's epsilon floor"
    for q in QUERIES:
        toks = tokenize(q)
        np.testing.assert_allclose(engine.scores(toks), ref.get_scores(toks), rtol=1e-5, atol=1e-5)


def test_top10_equals_rank_bm25(seed_tokens):
    p = BM25Params()
    ref = BM25Okapi(seed_tokens, k1=p.k1, b=p.b, epsilon=p.epsilon)
    engine = BM25.from_counts(TermCounts.from_tokens(seed_tokens))
    for q in QUERIES[:5]:
        toks = tokenize(q)
        want = ref.get_scores(toks)
        got = [i for i, _ in engine.top(toks, 10)]
        expected = sorted(range(len(want)), key=lambda i: (-want[i], i))[:10]
        assert got == [i for i in expected if want[i] > 0]


def test_save_load_round_trip_memoryis_mapped(tmp_path, seed_tokens):
    tc = TermCounts.from_tokens(seed_tokens)
    engine = BM25.from_counts(tc)
    engine.save(tmp_path)
    tc.save(tmp_path)
    loaded = BM25.load(tmp_path, n_docs=len(seed_tokens))
    assert is_mapped(loaded.data) and is_mapped(loaded.indices)
    for q in QUERIES:
        assert engine.top(tokenize(q), 10) == loaded.top(tokenize(q), 10)
    tc2 = TermCounts.load(tmp_path)
    assert [tc2.row(i) for i in range(5)] == [tc.row(i) for i in range(5)]


def test_top_k_breaks_ties_by_index():
    scores = np.array([0.0, 2.0, 1.0, 2.0, 2.0, 0.5])
    assert top_k(scores, 2) == [(1, 2.0), (3, 2.0)]
    assert top_k(scores, 10) == [(1, 2.0), (3, 2.0), (4, 2.0), (2, 1.0), (5, 0.5)]
    assert top_k(np.zeros(3), 5) == []


def test_acronym_synonyms_find_the_long_form(fake_index):
    """"US" in a question also finds "United States" (best alias per passage), not the word "us"."""
    from qa.search.aliases import query_concepts
    from qa.search.retrieve import bm25_run

    plain, concepts = query_concepts("What did Zarif say about the US?")
    assert plain == ["zarif", "say"]
    assert ["unit", "state"] in concepts[0] and ["washington"] in concepts[0] and ["US"] in concepts[0]
    plain, concepts = query_concepts("let us talk about Russia")
    assert concepts == [] and "US" not in plain
    top = [fake_index.chunk(i) for i, _ in bm25_run(fake_index, "Zarif US presence", 5)]
    assert any("We have not invited them" in c.text for c in top)


@pytest.mark.parametrize("rare_share,head,sort_share", [(2, 4096, 16), (5, 4096, 16), (20, 4096, 16),
                                                         (5, 32, 1), (20, 40, 1)])
def test_postings_top_equals_a_full_scan_with_ties_repeats_and_filters(monkeypatch, rare_share, head, sort_share):
    """``top`` only touches the query terms' postings (and prunes common terms, looking up one
    common term's heaviest postings when that is enough); it must equal scoring every chunk, ties
    and float values included."""
    import qa.search.bm25

    monkeypatch.setattr(qa.search.bm25, "RARE_SHARE", rare_share)
    monkeypatch.setattr(qa.search.bm25, "PRUNE_FROM", 0)  # small corpora too
    monkeypatch.setattr(qa.search.bm25, "HEAD", head)  # small: the head is a part of the postings
    monkeypatch.setattr(qa.search.bm25, "SORT_SHARE", sort_share)  # 1: summed per distinct chunk
    heads = []
    real_head = BM25._head
    monkeypatch.setattr(BM25, "_head", lambda self, a, b: heads.append(a) or real_head(self, a, b))
    rng = np.random.default_rng(7 + rare_share)
    pruned = by_head = 0
    for trial in range(150):
        # a tiny vocabulary (many equal scores) or a Zipf one (rare and common terms)
        size = 12 if trial % 3 == 0 else 300
        p = 1.0 / np.arange(1, size + 1) ** (0.0 if size == 12 else 1.1)
        vocab = [f"w{i}" for i in range(size)]
        n = int(rng.integers(1, 400))
        docs = [list(rng.choice(vocab, size=int(rng.integers(0, 20)), p=p / p.sum())) for _ in range(n)]
        engine = BM25.from_counts(TermCounts.from_tokens(docs))
        query = list(rng.choice(vocab[:30] + vocab[100:160] + ["absent"], size=int(rng.integers(1, 6))))  # repeats happen
        allowed = rng.random(n) < 0.6 if trial % 2 else None
        k = int(rng.integers(1, 15))
        full = engine.scores(query)
        want = top_k(np.where(allowed, full, 0.0) if allowed is not None else full, k)
        assert engine.top(query, k, allowed) == want, (trial, query, k)
        tid = engine.term_ids
        terms = [(int(engine.indptr[tid[t]]), int(engine.indptr[tid[t] + 1]), n)
                 for t, n in Counter(query).items() if t in tid]
        looked = len(heads)
        early = engine._top_pruned(terms, k, allowed) if terms else None
        pruned += early is not None
        by_head += early is not None and len(heads) > looked
        assert early is None or early == want
    assert pruned >= 5, pruned  # the pruned path really answered (and agreed), not only the full sum
    assert by_head >= 3 or head > 100, by_head  # a head smaller than the postings answered


def test_chunks_without_tokens_anywhere_even_last():
    """A passage of stop words only has no tokens; it must not break the build wherever it sits."""
    docs = [[], ["iran", "russia"], [], ["syria", "iran", "iran"], ["aleppo"], []]
    p = BM25Params()
    ref = BM25Okapi(docs, k1=p.k1, b=p.b, epsilon=p.epsilon)
    engine = BM25.from_counts(TermCounts.from_tokens(docs))
    for q in (["iran"], ["iran", "aleppo"], ["nothing"]):
        np.testing.assert_allclose(engine.scores(q), ref.get_scores(q), rtol=1e-6, atol=1e-9)
        want = ref.get_scores(q)
        assert [i for i, _ in engine.top(q, 10)] == sorted((i for i in range(len(docs)) if want[i] > 0),
                                                           key=lambda i: (-want[i], i))

