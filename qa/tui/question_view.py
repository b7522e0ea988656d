"""One question in the transcript, as the person typed it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class QuestionBlock(Static):
    def __init__(self, question: str) -> None:
        super().__init__(Content(question))
        self.question = question
        self.border_title = "You"
