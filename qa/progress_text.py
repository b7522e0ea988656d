"""How the interfaces show the progress of long work (``qa index``'s bar, the chat's status line).

The library reports ``progress(stage, done, total)`` (``qa.index.progress``); the CLI and the chat
draw it with these labels and texts, so both say the same thing.  Only ``qa/cli`` and ``qa/tui``
import this module (a contract in ``.importlinter``).
"""

from __future__ import annotations

STAGES = {"reading": "Reading documents", "chunking": "Chunking", "exporting": "Exporting the model",
          "embedding": "Embedding passages", "bm25": "BM25 index", "saving": "Saving"}

LONG = 50
"""A bar of at least this many items is drawn with its rate and the time left."""


def stage_label(stage: str) -> str:
    return STAGES.get(stage, stage)


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
