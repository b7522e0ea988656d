"""Candidate sentences: every sentence of the best passages, the edge sentences of their
neighbours, and the corpus's sentences nearest the question.

A gold sentence cut off by a passage boundary sits at the end of the passage before a hit or at the
start of the one after it: those edge sentences compete too (marked ``edge``; cited from their own
passage, so every citation stays inside the passage it sits in).  A short sentence in a long passage
can be the answer while its passage ranks low: the ``NEAREST`` sentences of the whole corpus by
dense similarity (stored sentence vectors, no re-embedding) compete too, each with its rank
(``dense_rank_corpus``).
"""

from __future__ import annotations

import bisect

import numpy as np
from dataclasses import dataclass, field

from qa.search import Hit

PASSAGES = 6  # passages whose sentences compete for the answer
EDGE_OF = 3  # the best this many passages bring their neighbours' edge sentences
MIN_WORDS = 3  # shorter "sentences" (list markers, page numbers) are not answers
NEAREST = 8  # sentences of the whole corpus nearest the question (dense) that compete too


@dataclass(frozen=True)
class Candidate:
    hit: Hit  # the passage it sits in (a neighbour's edge sentence: that neighbour, with the hit's score)
    start: int  # doc_text[start:end] == text
    end: int
    text: str
    rank: int  # rank of the retrieved passage it came from (0 = best)
    row: int | None = None  # its stored sentence row (vectors), None when not one stored sentence
    edge: bool = False  # an edge sentence of a neighbouring passage
    at: int = 0  # its place in its passage (0 = first)
    of: int = 1  # sentences in its passage
    score: float = 0.0
    context: tuple = field(default=())  # sentences cited with it from another passage
    corpus_rank: int | None = None  # its rank among the corpus's sentences nearest the question (0 = nearest)


def doc_sentences(index, q, d: int) -> list[tuple[int, int]]:
    """The document's sentence spans, looked up once per question (kept in ``q.extra``)."""
    cache = q.extra.setdefault("doc_sentences", {})
    if d not in cache:
        cache[d] = index.doc_sentences(d)
    return cache[d]


def neighbours(index, q, cand: Candidate) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The sentence spans just before and just after ``cand`` in its document."""
    sents = doc_sentences(index, q, index.doc_idx(cand.hit.passage_no))
    i = bisect.bisect_left(sents, (cand.start, cand.end))
    before = sents[i - 1] if i > 0 and sents[i - 1][1] <= cand.start else None
    j = bisect.bisect_left(sents, (cand.end, -1))
    after = sents[j] if j < len(sents) else None
    return before, after


def _passage_sentences(index, hit: Hit, rank: int, edge_only: str | None = None) -> list[Candidate]:
    doc_text = index.doc_text(index.doc_idx(hit.passage_no))
    first_row = int(index.chunk_rows[hit.passage_no, 3])
    spans = list(hit.chunk.sentences)
    n = len(spans)
    picks = range(n) if edge_only is None else ([n - 1] if edge_only == "last" and n else [0] if n else [])
    out = []
    for j in picks:
        s, e = spans[j]
        text = doc_text[s:e]
        if len(text.split()) < MIN_WORDS or text.rstrip().endswith("?"):
            continue
        out.append(Candidate(hit, s, e, text, rank, first_row + j, edge_only is not None, j, n))
    return out


def pool(index, hits: list[Hit], passages: int = PASSAGES, edges: bool = True) -> list[Candidate]:
    """Distinct candidate sentences of the top ``passages`` hits (and, with ``edges``, the last sentence of
    the passage before and the first of the passage after each of the best ``EDGE_OF``)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Candidate] = []

    def add(cands):
        for c in cands:
            key = (c.hit.chunk.doc, c.start, c.end)
            if key not in seen:
                seen.add(key)
                out.append(c)

    top = hits[:passages]
    for rank, hit in enumerate(top):
        add(_passage_sentences(index, hit, rank))
    if edges:
        taken = {h.passage_no for h in top}
        for rank, hit in enumerate(top[:EDGE_OF]):
            for p, which in ((hit.passage_no - 1, "last"), (hit.passage_no + 1, "first")):
                if p < 0 or p >= index.n_chunks or p in taken or index.doc_idx(p) != index.doc_idx(hit.passage_no):
                    continue
                near = Hit(p, index.chunk(p), hit.title, hit.score, {})
                add(_passage_sentences(index, near, rank, which))
    return out


def _row_passages(index) -> np.ndarray:
    """The passage of each stored sentence row (kept on the loaded index)."""
    got = index.__dict__.get("_row_passages")
    if got is None:
        rows = np.asarray(index.chunk_rows)
        got = np.repeat(np.arange(len(rows)), rows[:, 4] - rows[:, 3]) if len(rows) else np.zeros(0, np.int64)
        index.__dict__["_row_passages"] = got
    return got


def nearest_sentences(index, qvec, allowed=None, n: int = NEAREST) -> list[tuple[int, int, int, int]]:
    """(passage, start, end, row) of the ``n`` distinct sentences nearest ``qvec`` in the (allowed part of
    the) corpus, nearest first; none for an index without stored sentence vectors."""
    vectors = index.sentence_vectors
    if vectors is None or qvec is None or not len(vectors):
        return []
    passages = _row_passages(index)
    sims = np.asarray(vectors @ np.asarray(qvec, dtype=vectors.dtype), dtype=np.float64)
    if allowed is not None:
        sims = np.where(np.asarray(allowed)[passages], sims, -np.inf)
    take = min(len(sims), 4 * n)
    top = np.argpartition(-sims, take - 1)[:take] if take < len(sims) else np.arange(len(sims))
    top = sorted(top.tolist(), key=lambda r: (-sims[r], r))
    out, seen = [], set()
    for r in top:
        if not np.isfinite(sims[r]):
            break
        p = int(passages[r])
        s, e = (int(x) for x in index.sentence_rows[r])
        key = (index.doc_idx(p), s, e)
        if key in seen:
            continue
        seen.add(key)
        out.append((p, s, e, r))
        if len(out) == n:
            break
    return out


def add_nearest(index, cands: list[Candidate], nearest, title_of) -> list[Candidate]:
    """``cands`` with each nearest sentence marked by its rank, those not among them added (after them)."""
    where = {(c.hit.chunk.doc, c.start, c.end): i for i, c in enumerate(cands)}
    out = list(cands)
    from dataclasses import replace

    for rank, (p, s, e, r) in enumerate(nearest):
        chunk = index.chunk(p)
        key = (chunk.doc, s, e)
        if key in where:
            out[where[key]] = replace(out[where[key]], corpus_rank=rank)
            continue
        text = index.doc_text(index.doc_idx(p))[s:e]
        if len(text.split()) < MIN_WORDS or text.rstrip().endswith("?"):
            continue
        spans = list(chunk.sentences)
        at = spans.index((s, e)) if (s, e) in spans else 0
        hit = Hit(p, chunk, title_of(p), 0.0, {})
        where[key] = len(out)
        out.append(Candidate(hit, s, e, text, PASSAGES, r, False, at, max(len(spans), 1), corpus_rank=rank))
    return out
