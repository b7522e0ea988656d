"""The scrolling transcript: questions, answers and notices, oldest first.

It is anchored to its end (Textual's ``anchor``): it follows the latest answer, also after a
resize, until the user scrolls up, and follows again once they scroll back to the end."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from qa.safe_text import safe_line
from ..state import Problem
from .answer import AnswerBlock
from .notice import Notice
from .question import QuestionBlock


class Transcript(VerticalScroll, can_focus=False):
    def compose(self):
        yield Static(self._welcome("", None), id="welcome")

    def on_mount(self) -> None:
        self.anchor()

    def follow(self) -> None:
        """Scroll to the newest entry once it is laid out (unless the user has scrolled up)."""
        if not self._anchor_released:
            self.call_after_refresh(self.scroll_end, animate=False)

    @property
    def following(self) -> bool:
        return self.is_anchored and not self._anchor_released

    @staticmethod
    def _welcome(about: str, example: str | None) -> Content:
        parts = [
            ("Ask a question about ", ""), (safe_line(about) or "the documents", "bold"),
            (". Answers quote the documents themselves; each ", ""), ("[n]", "bold $text-accent"),
            (" leads to its source.", ""),
        ]
        if example:
            parts += [("\nFor example: ", ""), (safe_line(example), "italic")]
        return Content.assemble(*parts)

    def set_about(self, about: str, example: str | None = None) -> None:
        self.query_one("#welcome", Static).update(self._welcome(about, example))

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
        self.anchor()
