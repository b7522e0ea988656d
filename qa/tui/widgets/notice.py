"""A notice in the transcript: what went wrong (or what is happening) and the command that fixes it.

The command sits on a line of its own that never wraps (it scrolls sideways when the box is
narrower), so it can be copied whole."""

from __future__ import annotations

from textual.containers import HorizontalScroll, Vertical
from textual.content import Content
from textual.widgets import Static

from qa.safe_text import safe_line, safe_text
from ..state import Problem


class Notice(Vertical):
    def __init__(self, problem: Problem, *, severity: str = "error", retry_key: str | None = "ctrl+r") -> None:
        super().__init__(classes=f"-{severity}")
        self.problem = problem
        self.retry_key = retry_key
        self.border_title = Content(safe_line(problem.title))  # a Content: never parsed as markup

    def compose(self):
        yield Static(Content(safe_text(self.problem.message)), classes="notice-message")
        fix = self.problem.fix
        if fix:
            yield Static("To fix it, run:", classes="notice-label")
            with HorizontalScroll(classes="notice-fix-line"):
                yield Static(Content.assemble(("  ", ""), (safe_line(fix), "bold $text-accent")), classes="notice-fix")
            if self.retry_key and fix.startswith("qa "):
                yield Static(Content.assemble("then press ", (self.retry_key, "bold"), " to load the index again."),
                             classes="notice-label")

    @property
    def text(self) -> str:
        """What the notice says, as plain text (tests, copying)."""
        return "\n".join(s.visual.plain for s in self.query(Static))
