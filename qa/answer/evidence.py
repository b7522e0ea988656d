"""Sentence-level evidence: score the sentences of retrieved passages against a question.

A sentence's score mixes lexical overlap (idf-weighted, with topic aliases: "US" matches
"United States"), the question's word pairs it holds in order, embedding similarity, its passage's
search score, and a bonus when the sentence holds what the question type asks for (a number, a
date, a place).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from qa.index import vectors_for
from qa.search import aliases, mentions
from qa.search import Hit
from qa.search import fold, raw_tokens, tokenize
from .kinds import counted, named, type_bonus

PASSAGES = 6  # passages whose sentences compete for the answer
MIN_WORDS = 4  # shorter "sentences" (headings, captions) are not answers
# Weights of a sentence's score (docs/evaluation.md): question terms it holds, embedding similarity,
# the asked-for kind of fact, the question's word pairs it holds in order, and its passage's search
# score relative to the best passage.  Chosen on one half of squad2, checked on the other and the seeds.
W_LEX, W_DENSE, W_TYPE, W_PAIRS, W_PASSAGE = 0.3, 0.4, 0.2, 0.2, 0.1
_W_SUM = W_LEX + W_DENSE + W_TYPE + W_PAIRS + W_PASSAGE
W_RESTATES = 0.3  # a sentence that only restates the question keeps 1 - this share of its score


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    start: int
    end: int
    text: str
    score: float
    context: tuple = ()  # sentences of the passage before that say what this one refers to, cited with it


def idf(index, term: str) -> float:
    t = index.bm25.term_ids.get(term)
    if t is None:
        return 0.0
    df = int(index.bm25.indptr[t + 1] - index.bm25.indptr[t])
    n = max(index.n_chunks, 1)
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


@lru_cache(maxsize=65536)
def word_stems(word: str) -> tuple[str, ...]:
    """``tokenize`` of one word, once per word (questions repeat their words)."""
    return tuple(tokenize(word))


def question_terms(index, question: str) -> list[tuple[str, float, tuple[str, ...]]]:
    """(stemmed term, idf weight, aliases) for each distinct content term of the question."""
    out, seen = [], set()
    for raw in raw_tokens(question):
        stems = word_stems(raw)
        if not stems or stems[0] in seen:
            continue
        term = stems[0]
        seen.add(term)
        al = () if (raw.islower() and len(raw) <= 3) else aliases(raw)  # "us" the word is not "US"
        out.append((term, max(idf(index, term), 0.5 if al else 0.0), al if len(al) > 1 else ()))
    return out


@lru_cache(maxsize=8192)
def token_set(text: str) -> frozenset[str]:
    """The BM25 tokens of a sentence, once (sentences are scored, compared and checked many times)."""
    return frozenset(tokenize(text))


@lru_cache(maxsize=16384)
def _mentions(sentence: str, names: tuple[str, ...]) -> bool:
    return mentions(sentence, names)


def lexical_overlap(terms, sentence: str) -> float:
    """Share of the question's idf mass present in the sentence (0..1), aliases counted."""
    total = sum(w for _t, w, _a in terms)
    if total <= 0:
        return 0.0
    present = token_set(sentence)
    got = sum(w for t, w, al in terms if t in present or (al and _mentions(sentence, al)))
    return got / total


def is_answer_like(text: str) -> bool:
    """Headings ("Regime Bombing of Civil Defense Center in Homs") and questions are not answers."""
    t = text.strip().rstrip("\u201d\"'\u2019)")
    if t.endswith("?"):
        return False
    return t.endswith((".", "!", ":", ";")) or len(t.split()) >= 12


def sentence_pool(index, hits: list[Hit]) -> list[tuple[Hit, int, int, str, int, int]]:
    """(hit, start, end, text, passage rank, sentence row) for each distinct sentence of the top passages."""
    seen: set[tuple[str, int, int]] = set()
    pool = []
    for rank, hit in enumerate(hits[:PASSAGES]):
        doc_text = index.doc_text(index.doc_idx(hit.passage_no))
        first_row = int(index.chunk_rows[hit.passage_no, 3])
        for j, (s, e) in enumerate(hit.chunk.sentences):
            key = (hit.chunk.doc, s, e)
            if key in seen or len(doc_text[s:e].split()) < MIN_WORDS or not is_answer_like(doc_text[s:e]):
                continue
            seen.add(key)
            pool.append((hit, s, e, doc_text[s:e], rank, first_row + j))
    return pool


@lru_cache(maxsize=8192)
def token_pairs(text: str) -> frozenset[tuple[str, str]]:
    """Adjacent pairs of a text's BM25 tokens (stop words dropped): "first stock exchange" -> (first, stock), (stock, exchang)."""
    toks = tokenize(text)
    return frozenset(zip(toks, toks[1:]))


def pair_overlap(question_pairs: frozenset, sentence: str) -> float:
    """Share of the question's adjacent word pairs that the sentence holds adjacent too (0..1)."""
    return len(question_pairs & token_pairs(sentence)) / len(question_pairs) if question_pairs else 0.0


def novelty(q_tokens: set[str], sentence: str) -> float:
    """Share of the sentence's words that the question does not already contain (0..1)."""
    toks = token_set(sentence)
    return len(toks - q_tokens) / len(toks) if toks else 0.0


def score_sentences(index, question: str, kind: str, hits: list[Hit], qvec=None, topic=None) -> list[Candidate]:
    pool = sentence_pool(index, hits)
    if not pool:
        return []
    worded = topic if kind == "acronym" and topic else question  # "stand for" is the question's frame, not its subject
    terms = question_terms(index, worded)
    lex = np.asarray([lexical_overlap(terms, p[3]) for p in pool])
    if qvec is None:
        qvec = index.query_embedder().embed([question])[0]
    vecs = vectors_for(index, [p[5] for p in pool], [p[3] for p in pool])  # stored at build time
    sims = np.clip(vecs @ np.asarray(qvec, dtype=np.float32), 0.0, 1.0)
    unit = counted(question) if kind == "number" else None
    given = named(question)
    bonus = np.asarray([type_bonus(kind, p[3], topic, unit, given) for p in pool])
    q_tokens = set(tokenize(question))
    new = np.asarray([min(1.0, novelty(q_tokens, p[3]) / 0.5) for p in pool])  # restating the question is no answer
    q_pairs = token_pairs(worded)
    pairs = np.asarray([pair_overlap(q_pairs, p[3]) for p in pool])
    best = max((h.score for h in hits[:PASSAGES]), default=0.0)
    passage = np.asarray([hits[p[4]].score / best if best > 0 else 0.0 for p in pool])
    raw = W_LEX * lex + W_DENSE * sims + W_TYPE * bonus + W_PAIRS * pairs + W_PASSAGE * passage
    score = raw / _W_SUM * (1.0 - W_RESTATES + W_RESTATES * new)
    return [Candidate(p[0], p[1], p[2], p[3], float(s)) for p, s in zip(pool, score)]


_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def _claim_form(text: str) -> tuple[str, frozenset[tuple[str, ...]]]:
    """A text's folded form and its runs of seven words, once per text (claims are compared pairwise)."""
    folded = fold(text)
    words = _WORDS.findall(folded)
    return folded, frozenset(tuple(words[i : i + 7]) for i in range(len(words) - 6))


def same_claim(a: str, b: str) -> bool:
    """The same statement reported twice (one text inside the other, or a long shared run of words)."""
    (fa, ga), (fb, gb) = _claim_form(a), _claim_form(b)
    if fa == fb or fa in fb or fb in fa:
        return True
    if not ga.isdisjoint(gb):
        return True
    ta, tb = token_set(a), token_set(b)
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= 0.8
