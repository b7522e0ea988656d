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
