"""The paired bootstrap interval of a margin (qa.evaluation.paired), on made-up judgements."""

from __future__ import annotations

import pytest

from qa.evaluation.answers import AnswerRow, summarise
from qa.evaluation.paired import margin_intervals, paired_interval


def test_identical_pairs_give_a_zero_interval():
    assert paired_interval([1, 0, 1, 1], [1, 0, 1, 1]) == (0.0, 0.0)


def test_always_better_is_an_interval_above_zero_and_seeded():
    ours, theirs = [1.0] * 30 + [0.0] * 10, [0.0] * 30 + [0.0] * 10
    lo, hi = paired_interval(ours, theirs)
    assert 0.0 < lo <= 0.75 <= hi <= 1.0
    assert paired_interval(ours, theirs) == (lo, hi)  # the same seed, the same interval


def test_a_small_mixed_sample_holds_zero():
    ours = [1, 0] * 10
    theirs = [0, 1] * 10
    lo, hi = paired_interval(ours, theirs)
    assert lo < 0.0 < hi


def test_pairing_matters():
    # the same two rates (0.5 each); paired, the differences are all 0, unpaired they would not be
    ours = [1, 1, 0, 0] * 10
    assert paired_interval(ours, list(ours)) == (0.0, 0.0)


def test_empty_is_none():
    assert paired_interval([], []) is None


def _row(i, answerable, hit, abstained=False):
    return AnswerRow(f"q{i}", "?", "other", answerable, abstained, bool(hit), hit, hit, False, 3, "a")


def test_report_figures_carry_the_intervals():
    ours = [_row(i, True, True) for i in range(20)] + [_row(20 + i, False, False, abstained=True) for i in range(5)]
    base = [_row(i, True, i % 2 == 0) for i in range(20)] + [_row(20 + i, False, False) for i in range(5)]
    f = summarise(ours, summarise(base)).figures()
    assert f["margin"]["answer_hit"] == 0.5
    lo, hi = f["margin_95"]["answer_hit"]
    assert 0.0 < lo < 0.5 < hi <= 1.0
    assert f["margin_95"]["unanswerable_abstained"] == [1.0, 1.0]


def test_rows_of_other_questions_are_refused():
    with pytest.raises(ValueError):
        margin_intervals([_row(1, True, True)], [_row(2, True, True)])
