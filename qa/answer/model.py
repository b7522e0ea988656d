"""The fitted answer model, read from ``model.json`` (package data) with plain numpy.

Written by ``bench/fit_answer.py``: ``candidate`` scores each candidate sentence (the probability
that it holds the answer: the mean of a logistic regression's log-odds and monotone gradient-boosted
trees', ``trees.py``); two logistic regressions read the question's row: ``question`` reads the
best candidates of a question and gives the probability that the answer is right (``confidence``);
``answerable`` reads the same row and gives the probability that the documents answer the question
at all.
``abstain_below`` is the answerable probability under which qa withholds the answer (chosen on
held-out fitting data for at most 3% wrongly abstained answerable questions); ``low_confidence`` the
confidence under which an answer is marked as the documents' closest (see docs/answers.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from qa.errors import QAError

from .trees import Trees

MODEL_FILE = Path(__file__).with_name("model.json")


@dataclass(frozen=True)
class Logistic:
    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def logits(self, X: np.ndarray) -> np.ndarray:
        if not len(X):
            return np.zeros(0)
        return ((X - self.mean) / self.scale) @ self.coef + self.intercept

    @classmethod
    def from_dict(cls, d: dict) -> "Logistic":
        return cls(tuple(d["names"]), np.asarray(d["mean"], float), np.asarray(d["scale"], float),
                   np.asarray(d["coef"], float), float(d["intercept"]))

    def weights(self) -> dict[str, float]:
        """Each feature's weight per standard deviation (for --explain and the docs)."""
        return {n: round(float(w), 4) for n, w in zip(self.names, self.coef)}


@dataclass(frozen=True)
class CandidateModel:
    """A candidate's log-odds: the logistic regression's, averaged with the trees' when the model has them."""

    linear: Logistic
    trees: Trees | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return self.linear.names

    def logits(self, X: np.ndarray) -> np.ndarray:
        linear = self.linear.logits(X)
        return linear if self.trees is None or not len(X) else (linear + self.trees.logits(X)) / 2


@dataclass(frozen=True)
class AnswerModel:
    candidate: CandidateModel
    question: Logistic
    answerable: Logistic
    abstain_below: float
    low_confidence: float
    second_within: float  # a second claim when the runner-up's probability is at least this share of the best's
    info: dict


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> AnswerModel:
    """The answer model (``model.json`` beside this module unless ``path``), checked against the features."""
    from .features import NAMES
    from .question_features import QUESTION_NAMES

    p = Path(path) if path else MODEL_FILE
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise QAError(f"the answer model {p} cannot be read: {err}",
                      hint="reinstall qa, or refit it: python bench/fit_answer.py") from None
    try:
        linear, ques, able = (Logistic.from_dict(d[n]) for n in ("candidate", "question", "answerable"))
        trees = Trees.from_dict(d["candidate"]["trees"]) if "trees" in d["candidate"] else None
    except (KeyError, TypeError, ValueError) as err:
        raise QAError(f"the answer model {p} is not one qa can read: {err!r}",
                      hint="reinstall qa, or refit it: python bench/fit_answer.py") from None
    cand = CandidateModel(linear, trees)
    if (cand.names != NAMES or ques.names != QUESTION_NAMES or able.names != QUESTION_NAMES
            or (trees is not None and trees.names != NAMES)):
        raise QAError(f"the answer model {p} was fitted on other features than this qa computes",
                      hint="refit it: python bench/fit_answer.py")
    return AnswerModel(cand, ques, able, float(d["abstain_below"]), float(d["low_confidence"]),
                       float(d.get("second_within", 2.0)), d.get("info", {}))
