"""A notice in the transcript: what went wrong (or what is happening) and the command that fixes it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from .state import Problem


class Notice(Static):
    def __init__(self, problem: Problem, *, severity: str = "error", retry_key: str | None = "ctrl+r") -> None:
        parts: list = [(problem.message, "")]
        if problem.fix:
            parts += [("\n\nTo fix it, run:\n  ", ""), (problem.fix, "bold $text-accent")]
            if retry_key and problem.fix.startswith("qa "):
                parts += [("\nthen press ", ""), (retry_key, "bold"), (" to load the index again.", "")]
        super().__init__(Content.assemble(*parts), classes=f"-{severity}")
        self.problem = problem
        self.border_title = problem.title
