"""The status line: loading, indexing (with a progress bar), ready, or failed; and the settings."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from qa.index.progress import stage_label

from ..safe_text import safe_line

ICONS = {"loading": "◌", "building": "◌", "ready": "●", "busy": "◉", "error": "✖"}


class StatusLine(Horizontal):
    def compose(self):
        yield Static(id="status-text")
        yield ProgressBar(id="build-bar", show_eta=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    def set(self, state: str, text: str, detail: str = "") -> None:
        for name in ICONS:
            self.set_class(name == state, f"-{name}")
        self.query_one(ProgressBar).display = state == "building"
        self.query_one("#status-text", Static).update(
            Content.assemble((f"{ICONS.get(state, '')} ", "bold"), (safe_line(text), "bold"),
                             (f"  {safe_line(detail)}" if detail else "", ""))
        )
        self.state = state

    def progress(self, corpus: str, stage: str, done: int, total: int) -> None:
        self.set("building", f"Indexing {corpus}", stage_label(stage))
        bar = self.query_one(ProgressBar)
        bar.update(total=total or None, progress=done)
