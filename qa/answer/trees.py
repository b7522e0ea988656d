"""Gradient-boosted trees read from ``model.json`` and evaluated with plain numpy.

``bench/fit_answer.py`` fits scikit-learn's ``HistGradientBoostingClassifier`` with *monotone
constraints* (a candidate may only gain from more key-term support, a higher retrieval score, a
better rank …: ``MONOTONE`` in the fit script) and writes each tree's nodes as arrays: the feature a
node splits on, its threshold (``x <= threshold`` goes left; a missing value goes where the fit sent
missing values), its children, whether it is a leaf and a leaf's value.  At run time no scikit-learn
is needed: every candidate walks every tree at once, one level per step (``depth`` steps), and its
log-odds are the baseline plus the values of the leaves it reaches — the classifier's own
``decision_function``, which a test checks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Trees:
    names: tuple[str, ...]
    feature: np.ndarray  # (trees, nodes) int: the feature a node splits on
    threshold: np.ndarray  # (trees, nodes) float: x <= threshold goes left
    missing_left: np.ndarray  # (trees, nodes) bool: where a missing (NaN) value goes
    left: np.ndarray  # (trees, nodes) int
    right: np.ndarray  # (trees, nodes) int
    leaf: np.ndarray  # (trees, nodes) bool
    value: np.ndarray  # (trees, nodes) float: a leaf's contribution to the log-odds
    baseline: float
    depth: int  # the most splits from a root to a leaf

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Log-odds for each row of ``X`` (rows: candidates; columns: ``names``)."""
        if not len(X):
            return np.zeros(0)
        X = np.asarray(X, float)
        rows = np.arange(len(X))[:, None]
        trees = np.arange(self.feature.shape[0])[None, :]
        node = np.zeros((len(X), self.feature.shape[0]), dtype=np.int64)
        for _ in range(self.depth):
            x = X[rows, self.feature[trees, node]]
            go_left = np.where(np.isnan(x), self.missing_left[trees, node], x <= self.threshold[trees, node])
            step = np.where(go_left, self.left[trees, node], self.right[trees, node])
            node = np.where(self.leaf[trees, node], node, step)
        return self.baseline + self.value[trees, node].sum(axis=1)

    @classmethod
    def from_dict(cls, d: dict) -> "Trees":
        nodes = d["trees"]
        width = max(len(t["feature"]) for t in nodes)

        def table(key, dtype, fill):
            out = np.full((len(nodes), width), fill, dtype=dtype)
            for i, t in enumerate(nodes):
                out[i, : len(t[key])] = t[key]
            return out

        return cls(tuple(d["names"]), table("feature", np.int64, 0), table("threshold", float, 0.0),
                   table("missing_left", bool, True), table("left", np.int64, 0), table("right", np.int64, 0),
                   table("leaf", bool, True), table("value", float, 0.0), float(d["baseline"]), int(d["depth"]))


def export(classifier, names) -> dict:
    """A fitted binary ``HistGradientBoostingClassifier`` as the plain lists ``Trees.from_dict`` reads
    (fit time only: it reads scikit-learn's tree nodes)."""
    trees, depth = [], 0
    for (predictor,) in classifier._predictors:
        nodes = predictor.nodes
        trees.append({"feature": nodes["feature_idx"].astype(int).tolist(),
                      "threshold": nodes["num_threshold"].astype(float).tolist(),
                      "missing_left": nodes["missing_go_to_left"].astype(bool).tolist(),
                      "left": nodes["left"].astype(int).tolist(), "right": nodes["right"].astype(int).tolist(),
                      "leaf": nodes["is_leaf"].astype(bool).tolist(), "value": nodes["value"].astype(float).tolist()})
        depth = max(depth, int(nodes["depth"].max()))
    return {"names": list(names), "baseline": float(np.ravel(classifier._baseline_prediction)[0]),
            "depth": depth, "trees": trees}
