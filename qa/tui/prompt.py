"""The question input, with the questions asked so far on up / down."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class PromptInput(Input):
    BINDINGS = [
        Binding("up", "history(-1)", "Earlier question", show=False),
        Binding("down", "history(1)", "Later question", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="Ask a question about the documents…  (/help for commands)",
                         select_on_focus=False, **kwargs)
        self.history: list[str] = []
        self._at = 0  # position in history; len(history) means "the line being typed"
        self._draft = ""

    def remember(self, text: str) -> None:
        """Add ``text`` to the history (no immediate repeats) and reset the position."""
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._at = len(self.history)
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._at == len(self.history):
            self._draft = self.value
        at = min(max(self._at + step, 0), len(self.history))
        if at == self._at:
            return
        self._at = at
        self.value = self._draft if at == len(self.history) else self.history[at]
        self.cursor_position = len(self.value)
