"""Cleaning a question: terminal escape sequences go whole, so none of their bytes become words."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from qa.answer import clean_question
from qa.errors import QAError


@pytest.mark.parametrize("raw", [
    "\x1b[31mWhat does the quorp pump do?\x1b[0m",  # colours
    "\x1b[1;33;41mWhat does the quorp pump do?",
    "\x1b]0;a window title\x07What does the quorp pump do?",  # OSC ended by BEL
    "\x1b]8;;http://127.0.0.1/x\x1b\\What does the quorp pump do?\x1b]8;;\x1b\\",  # a hyperlink, ST
    "\x1b(BWhat does the quorp pump do?\x1b=",  # charset and keypad sequences
    "What does the\x9b2K quorp pump do?",  # the 8-bit CSI
    "What does the \x1b[2Aquorp pump do?\x1bPsome device string\x1b\\",
])
def test_escape_sequences_leave_only_the_words(raw):
    assert clean_question(raw) == "What does the quorp pump do?"


def test_text_that_only_looks_like_a_sequence_is_kept():
    assert clean_question("What is [31m in the log?") == "What is [31m in the log?"


def test_a_question_of_only_escape_sequences_is_an_error():
    with pytest.raises(QAError):
        clean_question("\x1b[31m\x1b[0m")


_SEQUENCES = st.sampled_from(["\x1b[31m", "\x1b[0m", "\x1b[2J", "\x1b]0;t\x07", "\x1b(B", "\x9b1;2H", "\x1b[?25l"])
_WORDS = st.lists(st.text(alphabet="abcxyz", min_size=1, max_size=6), min_size=1, max_size=6)


@given(_WORDS, st.lists(_SEQUENCES, max_size=6), st.randoms(use_true_random=False))
def test_sequences_anywhere_between_words_change_nothing(words, seqs, rnd):
    parts = list(words)
    for s in seqs:  # each sequence glued to a word's start or end, or between words
        i = rnd.randrange(len(parts))
        parts[i] = s + parts[i] if rnd.random() < 0.5 else parts[i] + s
    cleaned = clean_question(" ".join(parts))
    assert cleaned == " ".join(words)
    assert not any(ch in cleaned for ch in "\x1b\x9b\x07")
