"""Answers built from the corpus's own sentences, each claim cited to an exact source span.

``answer(index, question)`` retrieves passages, scores their sentences against the question
(lexical overlap weighted by idf, plus embedding similarity), and quotes the best one to three
sentences verbatim with [n] markers.  Every citation's ``text`` is ``doc_text[start:end]``.
When no sentence is good enough it abstains and lists the nearest passages instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .retrieve import Hit, SearchConfig, search
from .tokenize import fold, tokenize

ABSTAIN_BELOW = 0.42  # calibrated on seeds/questions.jsonl (see README, "Answers")
MAX_SENTENCES = 3
PASSAGES = 6  # passages whose sentences compete for the answer


@dataclass(frozen=True)
class Citation:
    n: int
    doc: str
    title: str
    start: int  # the cited sentence: doc_text[start:end] == text
    end: int
    text: str
    score: float
    passage_start: int  # the passage it sits in
    passage_end: int
    passage: str


@dataclass(frozen=True)
class Answer:
    question: str
    searched_for: str
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    hits: tuple[Hit, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "searched_for": self.searched_for,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [
                {
                    "n": c.n,
                    "doc": c.doc,
                    "title": c.title,
                    "start": c.start,
                    "end": c.end,
                    "text": c.text,
                    "score": round(c.score, 4),
                    "passage": {"start": c.passage_start, "end": c.passage_end, "text": c.passage},
                }
                for c in self.citations
            ],
        }


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    start: int
    end: int
    text: str
    score: float


def _idf(index, term: str) -> float:
    t = index.bm25.term_ids.get(term)
    if t is None:
        return 0.0
    df = int(index.bm25.indptr[t + 1] - index.bm25.indptr[t])
    n = max(index.n_chunks, 1)
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def lexical_overlap(index, q_terms: list[str], sentence: str) -> float:
    """Share of the question's idf mass present in the sentence (0..1)."""
    if not q_terms:
        return 0.0
    weights = {t: _idf(index, t) for t in set(q_terms)}
    total = sum(weights.values()) or 1.0
    present = set(tokenize(sentence))
    return sum(w for t, w in weights.items() if t in present) / total


def candidates(index, question: str, hits: list[Hit], qvec=None) -> list[Candidate]:
    """Every sentence of the top passages, scored against the question."""
    seen: set[tuple[str, int, int]] = set()
    raw: list[tuple[Hit, int, int, str, int]] = []
    for rank, hit in enumerate(hits[:PASSAGES]):
        doc_text = index.doc_text(index.doc_idx(hit.index))
        for s, e in hit.chunk.sentences:
            key = (hit.chunk.doc, s, e)
            if key in seen or len(doc_text[s:e].split()) < 4:
                continue
            seen.add(key)
            raw.append((hit, s, e, doc_text[s:e], rank))
    if not raw:
        return []
    q_terms = tokenize(question)
    lex = np.asarray([lexical_overlap(index, q_terms, r[3]) for r in raw])
    embedder = index.query_embedder()
    if qvec is None:
        qvec = embedder.embed([question])[0]
    sims = embedder.embed([r[3] for r in raw]) @ np.asarray(qvec, dtype=np.float32)
    prior = np.asarray([1.0 / (1.0 + r[4]) for r in raw])
    score = 0.45 * lex + 0.45 * np.clip(sims, 0, 1) + 0.10 * prior
    return [Candidate(r[0], r[1], r[2], r[3], float(sc)) for r, sc in zip(raw, score)]


def _same_claim(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb or fa in fb or fb in fa:
        return True
    ta, tb = set(tokenize(a)), set(tokenize(b))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= 0.8


def compose(question: str, searched_for: str, index, hits: list[Hit], cands: list[Candidate]) -> Answer:
    """Pick the best sentences, merge repeats, number the citations, write the answer text."""
    ranked = sorted(cands, key=lambda c: (-c.score, c.hit.index, c.start))
    if not ranked or ranked[0].score < ABSTAIN_BELOW:
        return _abstain(question, searched_for, index, hits)
    best = ranked[0].score
    claims: list[list[Candidate]] = []
    for cand in ranked:
        if cand.score < max(ABSTAIN_BELOW, best * 0.8):
            break
        for group in claims:
            if _same_claim(group[0].text, cand.text):
                group.append(cand)
                break
        else:
            if len(claims) < MAX_SENTENCES:
                claims.append([cand])
    citations: list[Citation] = []
    parts: list[str] = []
    for group in claims:
        marks = []
        for cand in group:
            n = len(citations) + 1
            citations.append(_cite(n, cand))
            marks.append(f"[{n}]")
        parts.append(f"{' '.join(group[0].text.split())} {''.join(marks)}")
    return Answer(question, searched_for, "\n".join(parts), tuple(citations), False, tuple(hits))


def _cite(n: int, cand: Candidate) -> Citation:
    ch = cand.hit.chunk
    return Citation(n, ch.doc, cand.hit.title, cand.start, cand.end, cand.text, cand.score, ch.start, ch.end, ch.text)


def _abstain(question: str, searched_for: str, index, hits: list[Hit]) -> Answer:
    citations = []
    for hit in hits[:3]:
        ch = hit.chunk
        s, e = ch.sentences[0] if ch.sentences else (ch.start, ch.end)
        text = index.doc_text(index.doc_idx(hit.index))[s:e]
        citations.append(Citation(len(citations) + 1, ch.doc, hit.title, s, e, text, hit.score, ch.start, ch.end, ch.text))
    if citations:
        marks = ", ".join(f"[{c.n}]" for c in citations)
        text = f"The corpus does not answer this question. The nearest passages are {marks}."
    else:
        text = "The corpus does not answer this question: nothing related was found."
    return Answer(question, searched_for, text, tuple(citations), True, tuple(hits))


def answer(
    index,
    question: str,
    k: int = 5,
    config: SearchConfig = SearchConfig(),
    docs: list[str] | None = None,
    history: list[str] | None = None,
) -> Answer:
    """Answer ``question`` (continuing ``history``, earlier questions oldest first) from ``index``."""
    from .conversation import rewrite
    from .questions import clean_question

    question = clean_question(question)
    searched_for = rewrite(question, history or [])
    qvec = index.query_embedder().embed([searched_for])[0] if config.mode != "bm25" else None
    hits = search(index, searched_for, k=max(k, PASSAGES), config=config, docs=docs, qvec=qvec)
    cands = candidates(index, searched_for, hits, qvec=qvec)
    result = compose(question, searched_for, index, hits, cands)
    return result if len(hits) <= k else _trim_hits(result, k)


def _trim_hits(result: Answer, k: int) -> Answer:
    from dataclasses import replace

    return replace(result, hits=result.hits[:k])
