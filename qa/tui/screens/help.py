"""The help dialog: what the chat does, its commands and keys."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ..commands import help_markdown


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close")]

    def compose(self):
        with VerticalScroll(id="help-dialog"):
            yield Markdown(help_markdown())

    def on_mount(self) -> None:
        self.query_one("#help-dialog").focus()
