"""The ANN search setting's tuning: the smallest setting reaching the recall target, found in sqrt 2
steps and (``finer``, not the build's default) refined between the last failing step and the first
passing one (no faiss here: the recall of a setting is a made-up curve)."""

from __future__ import annotations

from qa.search.dense import coarse_steps, finer_steps, search_steps, tune

STEPS = search_steps("hnsw", 1_000_000)


def curve(threshold: int, low: float = 0.95, high: float = 0.99):
    tried = []

    def recall_of(value: int) -> float:
        tried.append(value)
        return high if value >= threshold else low

    return recall_of, tried


def test_finer_steps_lie_strictly_between_and_ascend():
    assert finer_steps(512, 724) == [558, 609, 664]
    assert finer_steps(16, 23) == [17, 19, 21]
    assert finer_steps(3, 4) == []  # nothing whole between
    assert STEPS == coarse_steps(16, 4096) and 512 in STEPS and 724 in STEPS


def test_the_setting_between_two_coarse_steps_is_found():
    recall_of, tried = curve(558)
    assert tune(STEPS, recall_of, 0.985, finer=True) == (558, 0.99)
    assert 512 in tried and 724 in tried  # the coarse pass went past it first
    assert tried[-2:] == [724, 558]  # then refined upwards from the last failing step


def test_a_coarse_step_is_kept_when_no_finer_one_reaches_the_target():
    recall_of, tried = curve(724)
    assert tune(STEPS, recall_of, 0.985, finer=True) == (724, 0.99)
    assert tried[-3:] == [558, 609, 664]


def test_the_first_step_passing_is_not_refined_and_none_passing_gives_the_last():
    recall_of, tried = curve(1)
    assert tune(STEPS, recall_of, 0.985, finer=True) == (16, 0.99) and tried == [16]
    recall_of, _ = curve(10**9)
    assert tune(STEPS, recall_of, 0.985, finer=True) == (4096, 0.95)


def test_builds_keep_the_coarse_step():
    recall_of, tried = curve(558)
    assert tune(STEPS, recall_of, 0.985) == (724, 0.99)
    assert tried[-2:] == [512, 724]  # nothing tried between
