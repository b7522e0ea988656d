"""A passage: ``Chunk``, the one thing of stage 1 that searching and answering need.

In its own module so that opening an index and answering a question (``qa ask``, ``qa serve``)
import neither the chunker nor the file readers (issue 30: the cold ``qa ask``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    id: str  # "<doc id>#<n>"
    doc: str
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...] = ()  # sentence spans (document offsets) inside the chunk
