"""The reliability table of ``confidence`` (qa.evaluation.calibration), on made-up rows."""

from qa.evaluation.answers import AnswerRow
from qa.evaluation.calibration import confidence_calibration, outcomes


def row(conf, first, answerable=True, abstained=False, quote=False):
    return AnswerRow("q", "?", "", answerable, abstained, quote, first, first, False, 3, "a", conf)


def test_bins_set_confidence_beside_the_observed_share():
    rows = [row(0.9, True), row(0.9, True), row(0.85, False), row(0.1, False), row(0.15, True)]
    cal = confidence_calibration(rows)
    top, low = cal.bins[-1], cal.bins[0]
    assert (top.count, round(top.observed, 3), round(top.mean_confidence, 3)) == (3, 0.667, 0.883)
    assert (low.count, low.observed) == (2, 0.5)
    assert all(b.count == 0 and b.observed is None for b in cal.bins[1:-1])
    assert round(cal.ece, 4) == round(3 / 5 * abs(0.8833333 - 2 / 3) + 2 / 5 * abs(0.125 - 0.5), 4)
    assert round(cal.brier, 4) == round((0.01 + 0.01 + 0.85 ** 2 + 0.01 + 0.85 ** 2) / 5, 4)


def test_abstentions_are_left_out_answered_unanswerables_are_wrong_and_quotes_judge_without_strings():
    rows = [row(None, None, abstained=True), row(0.7, None, quote=True), row(0.6, None),
            row(0.3, None, answerable=False), row(0.2, False, quote=True)]
    assert outcomes(rows) == [(0.7, True), (0.6, False), (0.3, False), (0.2, False)]
    assert confidence_calibration([row(None, None, abstained=True)]) is None


def test_a_perfectly_calibrated_set_has_no_error():
    rows = [row(1.0, True)] * 4 + [row(0.0, False)] * 4
    cal = confidence_calibration(rows)
    assert cal.ece == 0 and cal.brier == 0 and cal.bins[-1].count == 4  # 1.0 falls in the last bin
