"""Checking a question before it is searched: one clear error for what cannot be asked."""

from __future__ import annotations

import re
import unicodedata

from qa.errors import QuestionError

MAX_QUESTION_CHARS = 2000

# a terminal escape sequence pasted or typed into a question ("\x1b[31m", an OSC title, "\x1b(B"):
# the whole sequence is dropped, not only its ESC, so "[31m" never becomes a word of the question
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks (to BEL or ST)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]"  # two- and three-character sequences ("\x1b(B", "\x1b=")
    r"|\x9b[0-?]*[ -/]*[@-~]"  # the 8-bit CSI
)


def clean_question(question: str) -> str:
    """The question with terminal escape sequences and control characters removed and whitespace
    collapsed.

    Raises ``QuestionError`` for an empty question, one with nothing searchable in it, or one
    longer than ``MAX_QUESTION_CHARS``.  Any script and emoji are fine.
    """
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    if len(question) > 100 * MAX_QUESTION_CHARS:  # do not even scan a pasted book
        raise _too_long(len(question))
    question = _ESCAPE.sub(" ", question)
    # format characters (soft hyphen, zero-width joiners, direction marks) vanish: Persian's
    # zero-width non-joiner sits inside words; other controls and separators become spaces
    text = "".join(
        "" if cat == "Cf" else " " if cat[0] in "CZ" else ch
        for ch, cat in ((ch, unicodedata.category(ch)) for ch in question)
    )
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        what = "empty" if not question.strip() else "empty (only control or invisible characters)"
        raise QuestionError(f"the question is {what}", hint='ask something in words, e.g. "What does it say about …?"')
    if len(text) > MAX_QUESTION_CHARS:
        raise _too_long(len(text))
    if not any(ch.isalnum() for ch in text):
        raise QuestionError("the question has no words in it", hint="ask with words, e.g. \"Who is …?\" or \"How do I …?\"")
    return text


def _too_long(n: int) -> QuestionError:
    return QuestionError(f"the question is too long ({n:,} characters; the limit is {MAX_QUESTION_CHARS:,})",
                         hint="ask a shorter question")
