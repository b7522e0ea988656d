"""The scrolling transcript: questions, answers and notices, oldest first."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..safe_text import safe_line
from .answer_view import AnswerBlock
from .notice import Notice
from .question_view import QuestionBlock
from .state import Problem

EXAMPLE = "What did Zarif say about the US?"


class Transcript(VerticalScroll, can_focus=False):
    def compose(self):
        yield Static(self._welcome(""), id="welcome")

    def follow(self) -> None:
        """Scroll to the newest entry once it is laid out."""
        self.call_after_refresh(self.scroll_end, animate=False)

    @staticmethod
    def _welcome(about: str) -> Content:
        return Content.assemble(
            ("Ask a question about ", ""), (safe_line(about) or "the documents", "bold"),
            (". Answers quote the documents themselves; each ", ""), ("[n]", "bold $text-accent"),
            (" leads to its source.\nFor example: ", ""), (EXAMPLE, "italic"),
        )

    def set_about(self, about: str) -> None:
        self.query_one("#welcome", Static).update(self._welcome(about))

    def add_question(self, question: str, number: int) -> AnswerBlock:
        """Show ``question`` and an answer block waiting for its answer; returns the block."""
        block = AnswerBlock(question, number)
        self.mount_all([QuestionBlock(question), block])
        self.follow()
        return block

    def add_notice(self, problem: Problem, severity: str = "error") -> Notice:
        notice = Notice(problem, severity=severity)
        self.mount(notice)
        self.follow()
        return notice

    def answers(self) -> list[AnswerBlock]:
        return list(self.query(AnswerBlock))

    async def clear(self) -> None:
        await self.query("QuestionBlock, AnswerBlock, Notice").remove()
