"""The naive baseline every answer figure is shown beside: the top sentence of the whole corpus.

Every sentence of the index is scored by the same hybrid retrieval qa uses for passages, applied to
sentences: BM25 (over sentences as documents) and MiniLM cosine similarity (the stored sentence
vectors), each run ``DEPTH`` deep, fused convexly with dense weight 0.6 after min-max normalisation
(``qa.search.fuse``).  The best sentence is the answer, cited once; it never abstains.  No answer
stage: no question analysis, no features, no model.
"""

from __future__ import annotations

import numpy as np

from qa.search import SearchConfig, fuse, tokenize

DEPTH = 100
DENSE_WEIGHT = 0.6  # the naive ranker's mix, fixed: 0.6 x MiniLM + 0.4 x BM25 (issue 25)
# The baseline is a yardstick: BM25Okapi with rank-bm25's own k1 and b, as issue 25 measured it, not
# qa's retrieval defaults (which moved to 0.9 / 0.4 in session 14: docs/answers.md, "Session 14").
NAIVE_K1, NAIVE_B = 1.5, 0.75


class SentenceIndex:
    """Every distinct sentence of an index: its document, span, vector row, and a BM25 over sentences."""

    def __init__(self, index):
        from qa.search import BM25, BM25Params, TermCounts

        seen: dict[tuple[int, int, int], int] = {}
        rows = np.asarray(index.chunk_rows)
        spans = np.asarray(index.sentence_rows)
        for d, _s, _e, lo, hi in rows.tolist():
            for r in range(lo, hi):
                key = (d, int(spans[r, 0]), int(spans[r, 1]))
                seen.setdefault(key, r)
        self.keys = list(seen)
        self.rows = np.asarray(list(seen.values()), dtype=np.int64)
        texts = [index.doc_text(d)[s:e] for d, s, e in self.keys]
        self.bm25 = BM25.from_counts(TermCounts.from_tokens(tokenize(t) for t in texts), BM25Params(NAIVE_K1, NAIVE_B))
        vectors = index.sentence_vectors
        if vectors is None:
            from qa.index import vectors_for

            self.vectors = vectors_for(index, [None] * len(texts), texts)
        else:
            self.vectors = np.asarray(vectors[self.rows], dtype=np.float32)


def sentence_index(index) -> SentenceIndex:
    cached = index.__dict__.get("_naive_sentences")
    if cached is None:
        cached = index.__dict__["_naive_sentences"] = SentenceIndex(index)
    return cached


def top_sentence(index, question: str, qvec=None, config: SearchConfig = SearchConfig()):
    """(document number, start, end, score) of the naive top sentence, or None for an empty index."""
    si = sentence_index(index)
    if not si.keys:
        return None
    runs = {}
    if config.mode in ("bm25", "hybrid"):
        runs["bm25"] = si.bm25.top(tokenize(question), DEPTH)
    if config.mode in ("dense", "hybrid"):
        if qvec is None:
            qvec = index.query_embedder().embed([question])[0]
        sims = si.vectors @ np.asarray(qvec, dtype=np.float32)
        top = np.argsort(-sims, kind="stable")[:DEPTH]
        runs["dense"] = [(int(i), float(sims[i])) for i in top]
    ranked = fuse(runs, config.fusion, DENSE_WEIGHT, config.rrf_k) if config.mode == "hybrid" \
        else list(runs[config.mode])
    if not ranked:
        return None
    i, score = ranked[0]
    d, s, e = si.keys[i]
    return d, s, e, float(score)


def naive_answer(index, question: str, config: SearchConfig = SearchConfig()):
    """The naive top sentence as a ``qa.answer.Answer`` (one claim, one citation; never abstains)."""
    from qa.answer import Answer, Citation

    top = top_sentence(index, question, config=config)
    if top is None:
        return Answer(question, question, "", (), True)
    d, s, e, score = top
    text = index.doc_text(d)[s:e]
    meta = index.docs.meta[d]
    cite = Citation(1, meta.id, meta.title, s, e, text, score, s, e, text)
    return Answer(question, question, f"{' '.join(text.split())} [1]", (cite,), False)
