"""The row one question's models read (``confidence`` and answerability), summarising its scored
candidates: ``QUESTION_FEATURES``, each named and documented like the candidate features
(``features.py``), and ``question_features``, the one function that builds the row at fit and at
run time."""

from __future__ import annotations

import numpy as np

from .analysis import KIND_NAMES
from .features import COL, Feature

QUESTION_FEATURES: tuple[Feature, ...] = (
    Feature("best_logit", "the candidate model's logit of the best candidate"),
    Feature("second_gap", "best logit minus the second best"),
    Feature("best_dense", "dense similarity of the best candidate"),
    Feature("max_dense", "best dense similarity among the candidates"),
    Feature("best_keys_meta", "keys_meta of the best candidate"),
    Feature("best_keys_sentence", "keys_sentence of the best candidate"),
    Feature("min_keys_absent", "smallest keys_absent among the candidates"),
    Feature("unknown", "share of the question's idf mass the corpus never uses"),
    Feature("no_keys", "1 when the question has no key term"),
    Feature("best_lexical", "lexical coverage of the best candidate"),
    Feature("best_names_near", "names_near of the best candidate"),
    Feature("top3_names_near", "best names_near among the three best candidates"),
    Feature("top3_keys_near", "best keys_near among the three best candidates"),
    Feature("max_lexical", "best lexical coverage among the candidates"),
    Feature("best_lexical_near", "lexical_near of the best candidate"),
    Feature("top3_keys_sentence", "best keys_sentence among the three best candidates"),
    Feature("best_negation_mismatch", "negation_mismatch of the best candidate"),
    *(Feature(f"kind_{k}", f"1 for a question of kind {k!r}") for k in KIND_NAMES),
)
QUESTION_NAMES = tuple(f.name for f in QUESTION_FEATURES)
QCOL = {n: i for i, n in enumerate(QUESTION_NAMES)}


def question_features(q, X: np.ndarray, logits: np.ndarray) -> np.ndarray:
    """The answerability row of one question from its candidates' features and logits."""
    out = np.zeros(len(QUESTION_FEATURES), dtype=np.float64)
    out[QCOL[f"kind_{q.kind.name}"]] = 1.0
    out[QCOL["unknown"]] = q.unknown
    out[QCOL["no_keys"]] = 0.0 if q.key_terms else 1.0
    if not len(logits):
        out[QCOL["best_logit"]] = -10.0
        out[QCOL["min_keys_absent"]] = 1.0
        return out
    order = np.argsort(-logits, kind="stable")
    b = order[0]
    out[QCOL["best_logit"]] = logits[b]
    out[QCOL["second_gap"]] = logits[b] - logits[order[1]] if len(order) > 1 else 5.0
    out[QCOL["best_dense"]] = X[b, COL["dense"]]
    out[QCOL["max_dense"]] = X[:, COL["dense"]].max()
    out[QCOL["best_keys_meta"]] = X[b, COL["keys_meta"]]
    out[QCOL["best_keys_sentence"]] = X[b, COL["keys_sentence"]]
    out[QCOL["min_keys_absent"]] = X[:, COL["keys_absent"]].min()
    out[QCOL["best_lexical"]] = X[b, COL["lexical"]]
    top3 = order[:3]
    out[QCOL["best_names_near"]] = X[b, COL["names_near"]]
    out[QCOL["top3_names_near"]] = X[top3, COL["names_near"]].max()
    out[QCOL["top3_keys_near"]] = X[top3, COL["keys_near"]].max()
    out[QCOL["max_lexical"]] = X[:, COL["lexical"]].max()
    out[QCOL["best_lexical_near"]] = X[b, COL["lexical_near"]]
    out[QCOL["top3_keys_sentence"]] = X[top3, COL["keys_sentence"]].max()
    out[QCOL["best_negation_mismatch"]] = X[b, COL["negation_mismatch"]]
    return out
