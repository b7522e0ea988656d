"""The ANN search setting's tuning: the smallest setting reaching the recall target, found in sqrt 2
steps and then bisected between the last failing step and the first passing one (no faiss here:
the recall of a setting is a made-up curve); the probe sets and the recall that counts ties."""

from __future__ import annotations

import numpy as np

from qa.search.ann_steps import RESOLUTION
from qa.search.dense import bisect, coarse_steps, search_steps, tune
from qa.search.recall import (exact_best, exact_scores, probe_queries, recall_by_score, shaped_probes,
                              tuning_probes, unit_rows)
from qa.search.topk import top10

STEPS = search_steps("hnsw", 1_000_000)


def curve(threshold: int, low: float = 0.95, high: float = 0.99):
    tried = []

    def recall_of(value: int) -> float:
        tried.append(value)
        return high if value >= threshold else low

    return recall_of, tried


def test_the_coarse_steps_are_sqrt_2_apart():
    assert STEPS == coarse_steps(16, 4096) and 512 in STEPS and 724 in STEPS
    assert all(1.3 < b / a < 1.5 for a, b in zip(STEPS, STEPS[1:]))


def test_the_setting_between_two_coarse_steps_is_found_within_the_resolution():
    for threshold in (513, 530, 558, 600, 650, 700, 723):
        recall_of, tried = curve(threshold)
        value, recall = tune(STEPS, recall_of, 0.985)
        assert recall == 0.99 and threshold <= value <= threshold * RESOLUTION
        assert tried[:tried.index(724) + 1] == [s for s in STEPS if s <= 724]  # the coarse pass first
        assert len(tried) - tried.index(724) - 1 <= 5  # then a handful of bisection steps


def test_a_coarse_step_is_kept_when_nothing_below_it_reaches_the_target():
    recall_of, tried = curve(724)
    assert tune(STEPS, recall_of, 0.985) == (724, 0.99)
    assert all(512 < t < 724 for t in tried[tried.index(724) + 1:])


def test_the_first_step_passing_is_not_refined_and_none_passing_gives_the_last():
    recall_of, tried = curve(1)
    assert tune(STEPS, recall_of, 0.985) == (16, 0.99) and tried == [16]
    recall_of, _ = curve(10**9)
    assert tune(STEPS, recall_of, 0.985) == (4096, 0.95)


def test_without_finer_the_coarse_step_is_kept():
    recall_of, tried = curve(558)
    assert tune(STEPS, recall_of, 0.985, finer=False) == (724, 0.99)
    assert tried[-2:] == [512, 724]  # nothing tried between


def test_bisection_with_adjacent_or_close_settings_tries_nothing():
    recall_of, tried = curve(4)
    assert bisect(3, 4, 0.99, recall_of, 0.985) == (4, 0.99) and tried == []
    assert bisect(1000, 1020, 0.99, recall_of, 0.985) == (1020, 0.99) and tried == []


def test_bisection_lands_within_the_resolution_of_the_smallest_passing_setting():
    rng = np.random.default_rng(0)
    for _ in range(50):  # made-up rising curves between a failing and a passing sqrt-2 step
        lo = int(rng.integers(16, 3000))
        hi = int(lo * 2 ** 0.5) + 1
        knots = np.sort(rng.uniform(0.9, 1.0, hi - lo + 1))
        knots[0], knots[-1] = 0.9, 1.0
        measured = {}

        def recall_of(v, lo=lo, knots=knots, measured=measured):
            measured[v] = float(knots[v - lo])
            return measured[v]

        value, recall = bisect(lo, hi, 1.0, recall_of, 0.95)
        smallest = lo + int(np.argmax(knots >= 0.95))
        assert recall >= 0.95 and recall == (1.0 if value == hi else measured[value])
        assert smallest <= value <= max(smallest * RESOLUTION, smallest + 1)
        assert len(measured) <= 5


def test_recall_by_score_counts_a_tied_copy_as_right():
    truth = np.array([[0.9, 0.8, 0.7, 0.7]])
    assert recall_by_score(np.array([[0.9, 0.8, 0.7, 0.7]]), truth, k=4) == 1.0
    assert recall_by_score(np.array([[0.9, 0.8, 0.7, 0.6]]), truth, k=4) == 0.75
    assert recall_by_score(np.array([[0.9, -np.inf, -np.inf, -np.inf]]), truth, k=4) == 0.25


def test_exact_best_equals_the_full_score_matrix_and_breaks_ties_by_id():
    rng = np.random.default_rng(3)
    v = unit_rows(rng.standard_normal((3000, 8)))
    v[2000] = v[10]  # a stored copy: the same score, the smaller id first
    q = unit_rows(np.concatenate([v[10:11], rng.standard_normal((40, 8))]))
    ids, scores = exact_best(v, q, 10, group=7)
    full = exact_scores(v, q)
    assert np.allclose(scores, -np.sort(-full, axis=1)[:, :10], atol=1e-6)
    assert ids[0, 0] == 10 and ids[0, 1] == 2000
    assert (ids[1:] == top10(full)[1:]).mean() > 0.99  # ties aside, the same as the full matrix's


def test_shaped_probes_have_the_data_mean_and_no_clear_neighbour():
    rng = np.random.default_rng(5)
    mean_dir = unit_rows(rng.standard_normal((1, 64)))
    v = unit_rows(0.8 * mean_dir + unit_rows(rng.standard_normal((5000, 64))))
    shaped = shaped_probes(v, 300, seed=1)
    between = probe_queries(v, 300, seed=1)
    assert shaped.shape == (300, 64) and np.allclose(np.linalg.norm(shaped, axis=1), 1, atol=1e-5)
    # the data's mean direction is kept (isotropic directions would be off the data)
    assert abs(float((shaped @ mean_dir.T).mean()) - float((v @ mean_dir.T).mean())) < 0.1
    # a "between" probe keeps the stored vector it was moved from as a clear neighbour; a shaped one
    # is about as close to its best stored vector as a stored vector is to its best other one
    others = exact_scores(v, v[:300])
    others[np.arange(300), np.arange(300)] = -np.inf
    nearest_other = float(np.median(others.max(axis=1)))  # 0.669
    best_between = float(np.median(exact_scores(v, between).max(axis=1)))  # 0.716
    best_shaped = float(np.median(exact_scores(v, shaped).max(axis=1)))  # 0.672
    assert best_shaped < nearest_other + 0.02 < best_between


def test_the_tuning_probe_sets_are_seeded_and_as_many_as_asked():
    rng = np.random.default_rng(6)
    v = unit_rows(rng.standard_normal((500, 16)))
    a, b = tuning_probes(v, 50, seed=2), tuning_probes(v, 50, seed=2)
    assert list(a) == ["between", "farther", "shaped"] and all(len(x) == 50 for x in a.values())
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert np.array_equal(a["between"], probe_queries(v, 50, seed=2))  # the probes builds used before
    assert len(tuning_probes(v[:20], 50)["shaped"]) == 20
