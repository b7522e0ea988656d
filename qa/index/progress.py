"""The progress model of long work: ``progress(stage, done, total)`` calls, and the stages' names.

The library reports; each interface (the CLI's rich bar, the chat's status line) draws.
``total`` 0 means not known yet.
"""

from __future__ import annotations

from typing import Callable

Progress = Callable[[str, int, int], None]

STAGES = {"reading": "Reading documents", "chunking": "Chunking", "exporting": "Exporting the model",
          "embedding": "Embedding passages", "bm25": "BM25 index", "saving": "Saving"}


def stage_label(stage: str) -> str:
    return STAGES.get(stage, stage)

LONG = 50
"""A bar of at least this many items is drawn with its rate and the time left."""


def rate_text(speed: float | None) -> str:
    """A bar's rate: "1,234/s" or "2.5/s" (items a second); "" while there is none yet."""
    if not speed or speed <= 0:
        return ""
    return f"{speed:,.0f}/s" if speed >= 10 else f"{speed:.1f}/s"


def left_text(seconds: float | None) -> str:
    """A bar's time left: "3 s left", "2 min 5 s left"; "" when unknown."""
    if seconds is None or seconds < 0:
        return ""
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60} s left" if seconds >= 60 else f"{seconds} s left"
