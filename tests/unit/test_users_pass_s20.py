"""Session 20: defects a new user's afternoon with qa found (h108), each made up small."""

from __future__ import annotations

import pytest

from qa.errors import QuestionError


@pytest.mark.parametrize("earlier, said", [("", "history.1: an earlier question is empty"),
                                           ("?", "history.1: an earlier question has no words in it")])
def test_a_bad_earlier_question_is_named_as_such_not_as_the_question(earlier, said):
    """POST /ask {"question": "And what about gzip?", "history": ["What is bzip2?", ""]} answered
    422 "the question is empty": the question was fine, an earlier one was not."""
    from qa.serve.service import ask

    with pytest.raises(QuestionError) as caught:
        ask(None, "And what about gzip?", history=["What is bzip2?", earlier])  # fails before the index is read
    assert caught.value.message == said
    assert "earlier questions" in caught.value.hint
