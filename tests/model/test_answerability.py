"""Answerability with the real model: abstaining on a swapped name, answering the real one."""

from __future__ import annotations

import pytest

from qa.answer import answer


@pytest.mark.model
def test_real_model_abstains_on_a_swapped_name_and_answers_the_real_one(real_index):
    a = answer(real_index, "What did Erdogan and Putin say about the killing?")
    assert not a.abstained and "Putin" in a.text
    b = answer(real_index, "Which countries met in Oslo in December 2016 to discuss Syria?")
    assert b.abstained or b.low_confidence  # withheld, or marked "The documents come closest with"
