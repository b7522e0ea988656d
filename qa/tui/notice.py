"""A notice in the transcript: what went wrong (or what is happening) and the command that fixes it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..safe_text import safe_line, safe_text
from .state import Problem


class Notice(Static):
    def __init__(self, problem: Problem, *, severity: str = "error", retry_key: str | None = "ctrl+r") -> None:
        parts: list = [(safe_text(problem.message), "")]
        if problem.fix:
            parts += [("\n\nTo fix it, run:\n  ", ""), (safe_line(problem.fix), "bold $text-accent")]
            if retry_key and problem.fix.startswith("qa "):
                parts += [("\nthen press ", ""), (retry_key, "bold"), (" to load the index again.", "")]
        super().__init__(Content.assemble(*parts), classes=f"-{severity}")
        self.problem = problem
        self.border_title = Content(safe_line(problem.title))  # a Content: never parsed as markup
