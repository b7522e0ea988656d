"""Gradient-boosted trees read from ``model.json`` and evaluated with plain numpy.

``bench/fit_answer.py`` fits scikit-learn's ``HistGradientBoostingClassifier`` with *monotone
constraints* (a candidate may only gain from more key-term support, a higher retrieval score, a
better rank …: ``MONOTONE`` in the fit script) and writes each tree's nodes as arrays: the feature a
node splits on, its threshold (``x <= threshold`` goes left; a missing value goes where the fit sent
missing values), its children, whether it is a leaf and a leaf's value.  At run time no scikit-learn
is needed: every candidate walks every tree at once, one level per step (``depth`` steps; a leaf
leads to itself), and its
log-odds are the baseline plus the values of the leaves it reaches — the classifier's own
``decision_function``, which a test checks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Trees:
    """Every tree's nodes in flat arrays (node ids global across trees; a leaf's children are itself,
    so a walk that reached a leaf stays there)."""

    names: tuple[str, ...]
    roots: np.ndarray  # (trees,) int: each tree's first node
    feature: np.ndarray  # (nodes,) int: the feature a node splits on
    threshold: np.ndarray  # (nodes,) float: x <= threshold goes left
    missing_left: np.ndarray  # (nodes,) bool: where a missing (NaN) value goes
    children: np.ndarray  # (nodes, 2) int: right child, left child (indexed by "goes left")
    value: np.ndarray  # (nodes,) float: a leaf's contribution to the log-odds (0 elsewhere)
    baseline: float
    depth: int  # the most splits from a root to a leaf

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Log-odds for each row of ``X`` (rows: candidates; columns: ``names``)."""
        if not len(X):
            return np.zeros(0)
        X = np.asarray(X, float)
        missing = bool(np.isnan(X).any())
        node = np.repeat(self.roots[None, :], len(X), axis=0)
        for _ in range(self.depth):
            x = np.take_along_axis(X, self.feature[node], axis=1)
            go_left = x <= self.threshold[node]
            if missing:
                go_left = np.where(np.isnan(x), self.missing_left[node], go_left)
            node = self.children[node, go_left.astype(np.int64)]
        return self.baseline + self.value[node].sum(axis=1)

    @classmethod
    def from_dict(cls, d: dict) -> "Trees":
        roots, feature, threshold, missing_left, children, value = [], [], [], [], [], []
        for t in d["trees"]:
            base = len(feature)
            roots.append(base)
            for k, leaf in enumerate(t["leaf"]):
                feature.append(0 if leaf else t["feature"][k])
                threshold.append(0.0 if leaf else t["threshold"][k])
                missing_left.append(bool(t["missing_left"][k]))
                here = base + k
                children.append((here, here) if leaf else (base + t["right"][k], base + t["left"][k]))
                value.append(t["value"][k] if leaf else 0.0)
        return cls(tuple(d["names"]), np.asarray(roots, np.int64), np.asarray(feature, np.int64),
                   np.asarray(threshold, float), np.asarray(missing_left, bool), np.asarray(children, np.int64),
                   np.asarray(value, float), float(d["baseline"]), int(d["depth"]))


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
