"""The answer model's trees: read with numpy, they score as scikit-learn's classifier does."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from qa.answer.model import CandidateModel, Logistic, load_model
from qa.answer.trees import Trees, export


def _fitted(monotone):
    rng = np.random.default_rng(25)
    X = rng.normal(size=(4000, 4))
    X[::13, 2] = np.nan  # missing values go where the fit sent them
    y = (X[:, 0] - 0.7 * X[:, 1] + 0.5 * np.nan_to_num(X[:, 2]) + rng.normal(size=4000) > 0).astype(int)
    clf = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=7, min_samples_leaf=50,
                                         monotonic_cst=monotone, random_state=25).fit(X, y)
    return clf, rng


def test_trees_read_with_numpy_give_the_classifiers_log_odds():
    clf, rng = _fitted([1, -1, 0, 0])
    trees = Trees.from_dict(export(clf, ("a", "b", "c", "d")))
    X = rng.normal(size=(300, 4)) * 3
    X[::5, 2] = np.nan
    assert np.allclose(trees.logits(X), clf.decision_function(X), atol=1e-9)
    assert trees.logits(np.zeros((0, 4))).shape == (0,)


def test_monotone_trees_never_lower_a_score_for_more_of_a_rising_feature():
    clf, rng = _fitted([1, -1, 0, 0])
    trees = Trees.from_dict(export(clf, ("a", "b", "c", "d")))
    X = rng.normal(size=(200, 4))
    up = X.copy()
    up[:, 0] += 1.0  # rising feature up: never lower
    down = X.copy()
    down[:, 1] += 1.0  # falling feature up: never higher
    assert np.all(trees.logits(up) >= trees.logits(X) - 1e-12)
    assert np.all(trees.logits(down) <= trees.logits(X) + 1e-12)


def test_the_candidate_model_averages_the_linear_and_tree_log_odds():
    clf, rng = _fitted(None)
    trees = Trees.from_dict(export(clf, ("a", "b", "c", "d")))
    linear = Logistic(("a", "b", "c", "d"), np.zeros(4), np.ones(4), np.array([1.0, 0.0, 0.0, 2.0]), -0.5)
    X = np.nan_to_num(rng.normal(size=(20, 4)))
    got = CandidateModel(linear, trees).logits(X)
    assert np.allclose(got, (linear.logits(X) + clf.decision_function(X)) / 2)
    assert np.allclose(CandidateModel(linear).logits(X), linear.logits(X))


def test_the_shipped_model_has_trees_over_the_features_qa_computes():
    from qa.answer.features import NAMES

    model = load_model()
    assert model.candidate.trees is not None and model.candidate.trees.names == NAMES
    X = np.zeros((3, len(NAMES)))
    assert np.isfinite(model.candidate.logits(X)).all()
