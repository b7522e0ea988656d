"""The progress model of long work: ``progress(stage, done, total)`` calls.

The library reports; each interface (the CLI's rich bar, the chat's status line) draws, with the
stages' labels in ``qa.progress_text``.  Stages: reading, chunking, exporting, embedding, bm25,
saving.  ``total`` 0 means not known yet.
"""

from __future__ import annotations

from typing import Callable

Progress = Callable[[str, int, int], None]
