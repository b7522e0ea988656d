"""The question input: earlier questions on up / down (those holding what is typed), ``/``
commands completed with tab, and a multi-line paste kept whole as one question."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input

from ..commands import complete_slash
from ..history import QuestionHistory


class SlashSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_slash(value)


def join_lines(text: str) -> str:
    """A pasted block as one line: its lines joined by a space, blank lines dropped."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class PromptInput(Input):
    BINDINGS = [
        Binding("up", "history(-1)", "Earlier question", show=False),
        Binding("down", "history(1)", "Later question", show=False),
        Binding("tab", "tab", "Complete / next", show=False),
        Binding("shift+tab", "app.cycle_focus(-1)", "Previous", show=False),
    ]

    class Joined(Message):
        """A paste of ``lines`` lines was joined into one line."""

        def __init__(self, lines: int) -> None:
            super().__init__()
            self.lines = lines

    def __init__(self, history: QuestionHistory | None = None, **kwargs) -> None:
        super().__init__(placeholder="Ask a question about the documents…  (/help for commands)",
                         select_on_focus=False, suggester=SlashSuggester(), **kwargs)
        self.questions = history if history is not None else QuestionHistory()
        self._at: int | None = None  # position among ``self._hits`` while stepping; None: the line typed
        self._hits: list[int] = []
        self._draft = ""

    @property
    def history(self) -> list[str]:
        return self.questions.items

    def remember(self, text: str) -> None:
        """Add ``text`` to the history (no immediate repeats) and stop stepping through it."""
        self.questions.add(text)
        self._at = None
        self._draft = ""

    def action_history(self, step: int) -> None:
        """Step through the earlier questions that hold the text typed before the first step."""
        if self._at is None:
            if step > 0:
                return
            self._draft = self.value
            self._hits = self.questions.matching(self.value)
            if not self._hits:
                self.app.bell()
                return
            self._at = len(self._hits)
        at = min(max(self._at + step, 0), len(self._hits))
        if at == self._at:
            return
        self._at = at
        if at == len(self._hits):
            self.value, self._at = self._draft, None
        else:
            self.value = self.history[self._hits[at]]
        self.cursor_position = len(self.value)

    def action_tab(self) -> None:
        """Accept the shown completion of a ``/`` command; else move on to the latest answer."""
        if self._suggestion and self.value.startswith("/") and len(self._suggestion) > len(self.value):
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.app.action_cycle_focus(1)

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line for line in event.text.splitlines() if line.strip()]
        if len(lines) <= 1:
            return  # Input's own handler (run after this one) inserts it
        event.stop()
        event.prevent_default()  # not Input's handler too, which would keep only the first line
        text = join_lines(event.text)
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
        self.post_message(self.Joined(len(lines)))
