"""Fitting material for the answer model: each question's candidates, their features and labels.

``extract`` runs the answer pipeline's own steps (``qa.answer.pipeline``: analyse, search,
candidates) and its one feature function (``qa.answer.features.candidate_features``) so the model is
fitted on exactly what it sees at run time.  A candidate is labelled 1 when it holds a gold answer
string (judged as ``answers.holds`` judges an answer) or, in a set without answer strings, a gold quote.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.search import SearchConfig, fold
from .answers import holds


@dataclass
class QuestionData:
    id: str
    domain: str
    group: str  # the document the question belongs to (folds never split one)
    answerable: bool
    X: np.ndarray  # candidate features (rows: candidates)
    y: np.ndarray  # candidate labels
    q: object  # the analysed question (for question features)


def label(text: str, q) -> bool:
    if q.answers:
        return holds(text, q.answers)
    t = fold(text)
    return any(fold(g.quote) in t for g in q.relevant)


def extract(index, questions, domain: str, config: SearchConfig = SearchConfig(), progress=None) -> list[QuestionData]:
    from qa.answer import analyse, candidate_features, candidates_step, embed_step, search_step

    out = []
    for n, gq in enumerate(questions):
        if progress:
            progress(n, len(questions))
        q = analyse(index, gq.question)
        qvec = embed_step(index, q, config)
        hits = search_step(index, q, qvec, config, 5, None)
        cands = candidates_step(index, q, hits)
        X = candidate_features(index, q, cands, hits, qvec)
        y = np.asarray([label(c.text, gq) for c in cands], dtype=np.int8)
        group = gq.relevant[0].doc if gq.relevant else f"none:{gq.id}"
        out.append(QuestionData(gq.id, domain, f"{domain}:{group}", gq.answerable, X, y, q))
    return out
