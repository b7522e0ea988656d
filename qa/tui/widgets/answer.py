"""One answer in the transcript: waiting, then the cited answer (or an abstention, or an error)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Markdown, Static

from qa.safe_text import safe_line, safe_text
from ..state import Problem, answer_markdown


class AnswerBlock(Vertical, can_focus=True):
    BINDINGS = [
        Binding("up,k", "step(-1)", "Previous answer", show=False),
        Binding("down,j", "step(1)", "Next answer", show=False),
        Binding("enter", "sources", "Sources"),
        Binding("tab", "app.cycle_focus(1)", "Sources", show=False),
        Binding("shift+tab", "app.cycle_focus(-1)", "Input", show=False),
        Binding("c", "copy", "Copy", show=False),
        *[Binding(str(n), f"open({n})", f"Open [{n}]", show=False) for n in range(1, 10)],
    ]

    class Selected(Message):
        """This answer was selected (focused or clicked): show its sources."""

        def __init__(self, block: AnswerBlock) -> None:
            super().__init__()
            self.block = block

    class OpenCitation(Message):
        """Open citation ``n`` of ``answer`` in the document viewer."""

        def __init__(self, answer, n: int) -> None:
            super().__init__()
            self.answer = answer
            self.n = n

    def __init__(self, question: str, number: int) -> None:
        super().__init__(classes="-pending")
        self.question = question
        self.number = number
        self.answer = None
        self.border_title = "Answer"
        self._note = Static("Waiting for the index to load…", classes="note")

    def compose(self):
        yield self._note

    # -- states ---------------------------------------------------------------------------------
    def set_waiting(self, text: str) -> None:
        if self.answer is None:
            self._note.update(text)

    async def show(self, answer) -> None:
        """Replace the waiting note with ``answer``."""
        self.answer = answer
        self.remove_class("-pending")
        self.set_class(answer.abstained, "-abstained")
        await self._note.remove()
        parts = []
        if answer.searched_for != answer.question:
            searched = Content.assemble(("searched for: ", "italic"), (safe_line(answer.searched_for), "bold italic"))
            parts.append(Static(searched, classes="searched"))
        parts.append(Markdown(answer_markdown(answer), open_links=False))
        await self.mount_all(parts)
        n = len(answer.citations)
        if answer.abstained:
            self.border_title = "No answer in the corpus"
            self.border_subtitle = f"{n} nearest passage{'s' if n != 1 else ''}"
        else:
            if getattr(answer, "low_confidence", False):  # below the model's documented confidence
                self.border_title = f"The documents come closest with (confidence {answer.confidence:.2f}):"
            self.border_subtitle = f"{n} source{'s' if n != 1 else ''}"

    async def fail(self, problem: Problem) -> None:
        self.remove_class("-pending")
        self.add_class("-error")
        self.border_title = Content(safe_line(problem.title))
        text = problem.message + (f"\n{problem.fix}" if problem.fix else "")
        self._note.update(Content(safe_text(text)))

    @property
    def markdown_text(self) -> str:
        """What the answer shows, as rendered text (for tests and copying)."""
        from textual.widgets._markdown import MarkdownBlock

        return "\n".join(b._content.plain for b in self.query(MarkdownBlock) if b._content.plain)

    # -- events and actions ---------------------------------------------------------------------
    def on_key(self, event) -> None:
        self.app.type_into_prompt(self, event)

    def on_focus(self) -> None:
        self.post_message(self.Selected(self))

    def on_click(self) -> None:
        if not self.has_focus:
            self.focus()

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if event.href.startswith("cite:") and self.answer is not None:
            self.post_message(self.OpenCitation(self.answer, int(event.href[5:])))

    def action_step(self, step: int) -> None:
        blocks = list(self.screen.query(AnswerBlock))
        at = blocks.index(self) + step
        if 0 <= at < len(blocks):
            blocks[at].focus()
        elif step > 0:
            self.app.action_focus_input()

    def action_open(self, n: int) -> None:
        if self.answer is not None and any(c.n == n for c in self.answer.citations):
            self.post_message(self.OpenCitation(self.answer, n))

    def action_sources(self) -> None:
        self.app.action_focus_sources()

    def action_copy(self) -> None:
        self.app.action_copy_answer()
