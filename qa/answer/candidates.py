"""Candidate sentences: every sentence of the best passages.

Two wider pools were tried and measured on the held-out halves (docs/answers.md, "Ablations"): the
edge sentences of the retrieved passages' neighbours (a gold cut by a passage boundary), and the
corpus's sentences nearest the question by dense similarity.  Neither gained on two domains, so
neither is here.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from qa.search import Hit

PASSAGES = 6  # passages whose sentences compete for the answer
MIN_WORDS = 3  # shorter "sentences" (list markers, page numbers) are not answers


@dataclass(frozen=True)
class Candidate:
    hit: Hit  # the passage it sits in
    start: int  # doc_text[start:end] == text
    end: int
    text: str
    rank: int  # rank of the retrieved passage it came from (0 = best)
    row: int | None = None  # its stored sentence row (vectors), None when not one stored sentence
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


def _passage_sentences(index, hit: Hit, rank: int) -> list[Candidate]:
    doc_text = index.doc_text(index.doc_idx(hit.passage_no))
    first_row = int(index.chunk_rows[hit.passage_no, 3])
    spans = list(hit.chunk.sentences)
    n = len(spans)
    out = []
    for j in range(n):
        s, e = spans[j]
        text = doc_text[s:e]
        if len(text.split()) < MIN_WORDS or text.rstrip().endswith("?"):
            continue
        out.append(Candidate(hit, s, e, text, rank, first_row + j, j, n))
    return out


def pool(index, hits: list[Hit], passages: int = PASSAGES) -> list[Candidate]:
    """Distinct candidate sentences of the top ``passages`` hits (overlapping passages share sentences)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Candidate] = []
    for rank, hit in enumerate(hits[:passages]):
        for c in _passage_sentences(index, hit, rank):
            key = (c.hit.chunk.doc, c.start, c.end)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out
