"""The "set k" dialog: the most sources an answer cites (k)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Number
from textual.widgets import Input, Static

K_MIN, K_MAX = 1, 100


class SetKScreen(ModalScreen):
    """Dismissed with the new k, or None."""

    AUTO_FOCUS = "#k-input"  # focused as the screen starts: keys typed right after ctrl+t land here

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, k: int) -> None:
        super().__init__()
        self.k = k

    def compose(self):
        with Vertical(id="k-dialog"):
            yield Static(f"Sources cited at most per answer (k, {K_MIN}–{K_MAX}):", id="k-label")
            yield Input(str(self.k), type="integer", validators=[Number(K_MIN, K_MAX)], id="k-input")
            yield Static("enter to set · escape to cancel", id="k-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.validation_result is not None and not event.validation_result.is_valid:
            self.query_one("#k-help", Static).update(f"k must be a whole number from {K_MIN} to {K_MAX}")
            return
        self.dismiss(int(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
