"""The status line: loading, indexing (with a progress bar, its rate and time left), ready, or
failed; and the settings."""

from __future__ import annotations

import time

from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from qa.progress_text import LONG, rate_text, stage_label
from qa.safe_text import safe_line

ICONS = {"loading": "◌", "building": "◌", "ready": "●", "busy": "◉", "error": "✖"}


class StatusLine(Horizontal):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state = ""
        self._stage: tuple[str, float] | None = None  # the stage drawn, and when it started

    def compose(self):
        yield Static(id="status-text")
        yield Static(id="build-rate")
        yield ProgressBar(id="build-bar", show_eta=True)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#build-rate").display = False

    def set(self, state: str, text: str, detail: str = "") -> None:
        for name in ICONS:
            self.set_class(name == state, f"-{name}")
        building = state == "building"
        self.query_one(ProgressBar).display = building
        self.query_one("#build-rate").display = building
        if not building:
            self._stage = None
        self.query_one("#status-text", Static).update(
            Content.assemble((f"{ICONS.get(state, '')} ", "bold"), (safe_line(text), "bold"),
                             (f"  {safe_line(detail)}" if detail else "", ""))
        )
        self.state = state

    def progress(self, corpus: str, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self._stage is None or self._stage[0] != stage:
            self._stage = (stage, now)
            self.query_one(ProgressBar).update(total=None, progress=0)  # a new stage: a new bar and ETA
        self.set("building", f"Indexing {corpus}", stage_label(stage))
        elapsed = now - self._stage[1]
        long = total >= LONG and elapsed > 0
        self.query_one("#build-rate", Static).update(rate_text(done / elapsed) if long else "")
        bar = self.query_one(ProgressBar)
        bar.show_eta = total >= LONG
        bar.update(total=total or None, progress=done)
