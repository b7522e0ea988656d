"""The answer stage, step by step over one analysed ``Question``.

    clean → rewrite (follow-up) → analyse → search → candidates → features → score
          → answerable? → compose

``answer(index, question)`` runs the steps in that order; each is a named function below.  The
score of a candidate sentence and the confidence of the answer come from the fitted model
(``model.py``, written by ``bench/fit_answer.py``); the hand rules left are named in ``RULES`` and
can be switched off one by one (``off=``, ``qa eval --ablate NAME``) to measure what each earns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from qa.search import SearchConfig, mentions, search as search_passages
from .analysis import Question, analyse
from .candidates import PASSAGES, Candidate, pool
from .compose import Answer, abstain, compose
from .features import candidate_features
from .lead_in import lead_in_step
from .question_features import question_features
from .model import AnswerModel, load_model, sigmoid

# hand rules: each can be switched off to measure it (docs/answers.md, "Ablations")
RULES = {
    "lead_in": "a chosen sentence ending in ':' brings the next sentence, or the list or code block that follows",
    "who_said": "questions with a speech verb or 'according to' quote the speaker's attributed statements",
    "unknown_words": "withheld when the corpus uses none of the question's content words",
    "second": "a second claim when the runner-up's probability is within the fitted ratio of the best's",
}


@dataclass(frozen=True)
class Scored:
    cands: list[Candidate]  # best first
    X: np.ndarray  # their features, same order
    probs: np.ndarray  # candidate model probabilities, same order
    confidence: float  # the question model's probability that the best one answers (calibrated)
    answerable: float  # the answerability model's probability that the documents answer the question


def rewrite_step(question: str, history: list[str] | None) -> str:
    """A follow-up made standalone from the question it follows (``followup.rewrite``)."""
    if not history:  # a first question is only cleaned of extra spaces (and followup's patterns not compiled)
        return " ".join(question.split())
    from .followup import rewrite

    return rewrite(question, history or [])


def embed_step(index, q: Question, config: SearchConfig):
    """The question's vector (None in BM25 mode)."""
    if config.mode == "bm25":
        return None
    return index.query_embedder().embed([q.query])[0]


def search_step(index, q: Question, qvec, config: SearchConfig, k: int, docs):
    return search_passages(index, q.query, k=max(k, PASSAGES), config=config, docs=docs, qvec=qvec)


def candidates_step(index, q: Question, hits) -> list[Candidate]:
    """The sentences of the best passages."""
    cands = pool(index, hits)
    if q.excluded:  # "Who besides Shamkhani …": not a sentence naming Shamkhani
        cands = [c for c in cands if not mentions(c.text, q.excluded)]
    return cands


def score_step(index, q: Question, cands, hits, qvec, model: AnswerModel) -> Scored:
    """Features, candidate probabilities and the question's confidence; candidates best first
    (ties: passage number, then position: the same question gives the same answer)."""
    X = candidate_features(index, q, cands, hits, qvec)
    logits = model.candidate.logits(X)
    order = sorted(range(len(cands)), key=lambda i: (-round(float(logits[i]), 9), cands[i].hit.passage_no,
                                                     cands[i].start))
    cands = [replace(cands[i], score=float(sigmoid(logits[i]))) for i in order]
    X, logits = X[order], logits[order]
    qx = question_features(q, X, logits)
    conf = float(sigmoid(model.question.logits(qx[None, :])[0]))
    able = float(sigmoid(model.answerable.logits(qx[None, :])[0]))
    return Scored(cands, X, sigmoid(logits), conf, able)


def compose_step(index, q: Question, scored: Scored, hits, model: AnswerModel, off=frozenset()) -> Answer:
    """The best sentence as the answer, or an abstention when the answerable probability is below the
    fitted threshold."""
    if q.terms and q.unknown >= 1.0 and "unknown_words" not in off:
        return abstain(q.text, q.searched_for, index, hits, "The documents never use the words of this question.",
                       nearest=scored.cands)
    if not scored.cands or scored.answerable < model.abstain_below:
        reason = "The documents do not seem to answer this."
        return abstain(q.text, q.searched_for, index, hits, reason, nearest=scored.cands)
    first = scored.cands[0]
    if "lead_in" not in off:
        first = lead_in_step(index, q, first)
    claims = [[first]]
    second = None if "second" in off else second_step(scored, first, model)
    if second is not None:
        claims.append([lead_in_step(index, q, second) if "lead_in" not in off else second])
    return compose(q.text, q.searched_for, hits, claims)


def second_step(scored: Scored, first: Candidate, model: AnswerModel) -> Candidate | None:
    """The runner-up as a second claim when the model can hardly tell it from the best
    (probability at least ``model.second_within`` of the best's) and it is another sentence.  The
    best one's words again, in another document (a copied file), are no runner-up: the next is."""
    said = _words(scored.cands[0].text) if scored.cands else ""
    runner = next((i for i in range(1, len(scored.cands)) if _words(scored.cands[i].text) != said), None)
    if runner is None or scored.probs[runner] < model.second_within * scored.probs[0]:
        return None
    c = scored.cands[runner]
    if c.hit.chunk.doc == first.hit.chunk.doc and c.start < first.end and first.start < c.end:
        return None
    return c


def _words(text: str) -> str:
    """A sentence's words, case and spacing aside: what two copies of it share."""
    return " ".join(text.casefold().split())


def answer(index, question: str, k: int = 5, config: SearchConfig = SearchConfig(), docs: list[str] | None = None,
           history: list[str] | None = None, off=frozenset(), model: AnswerModel | None = None) -> Answer:
    """Answer ``question`` (continuing ``history``: earlier searched-for questions, oldest first).

    ``off``: names of ``RULES`` to switch off (ablation)."""
    from .cap import cap_citations
    from .question import clean_question
    from .trace import trace_of

    model = model or load_model()
    text = clean_question(question)
    q = analyse(index, text, rewrite_step(text, history))
    qvec = embed_step(index, q, config)
    hits = search_step(index, q, qvec, config, k, docs)
    result = None
    if q.said is not None and "who_said" not in off:
        from .said import answer_said

        result = answer_said(index, q, hits, index.doc_mask(docs), qvec)
    cands = candidates_step(index, q, hits)
    scored = score_step(index, q, cands, hits, qvec, model)
    if result is None:
        result = compose_step(index, q, scored, hits, model, off)
    if result.speaker:  # the speaker's attributed statements: found by attribution, not scored by the model
        result = replace(result, confidence=None, low_confidence=False, trace=trace_of(q, scored, model, result))
    else:
        low = (not result.abstained) and scored.confidence < model.low_confidence
        result = replace(result, confidence=scored.confidence, low_confidence=low,
                         trace=trace_of(q, scored, model, result))
    return cap_citations(replace(result, hits=result.hits[:k], citations=index.locate(result.citations)), k)
