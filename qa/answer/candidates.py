"""Candidate sentences: every sentence of the best passages, and the edge sentences of their neighbours.

A gold sentence cut off by a passage boundary sits at the end of the passage before a hit or at the
start of the one after it: those edge sentences compete too (marked ``edge``; cited from their own
passage, so every citation stays inside the passage it sits in).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from qa.search import Hit

PASSAGES = 6  # passages whose sentences compete for the answer
EDGE_OF = 3  # the best this many passages bring their neighbours' edge sentences
MIN_WORDS = 3  # shorter "sentences" (list markers, page numbers) are not answers


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
