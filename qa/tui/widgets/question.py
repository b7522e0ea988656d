"""One question in the transcript, as the person typed it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from qa.safe_text import safe_text


class QuestionBlock(Static):
    def __init__(self, question: str) -> None:
        super().__init__(Content(safe_text(question)))
        self.question = question
        self.border_title = "You"
