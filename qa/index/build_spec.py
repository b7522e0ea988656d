"""What a build makes and what it reports, whoever runs it (``build`` here, ``cluster`` on Dask).

``BuildSpec`` is passed, never changed: the corpus, the index folder, the model and the settings.
Each build returns a ``BuildReport``; ``DimensionChanged`` tells a build that the old vectors
cannot be kept (same model name, other dimension), so it starts again from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qa.corpus import ChunkingConfig, Skipped
from qa.search import BM25Params

from .progress import Progress


class DimensionChanged(Exception):
    """The embedder's dimension differs from the previous version's: nothing can be reused."""


@dataclass(frozen=True)
class BuildSpec:
    corpus: str | Path
    index_dir: Path
    model: str | None  # the model asked for (None: the bundled one)
    label: str  # its name as the manifest records it
    chunking: ChunkingConfig
    bm25: BM25Params
    passages: str | None  # the passage encoder's precision; None when an embedder is given
    export_onnx: bool
    embedder: object | None  # given by the caller (tests' fake embedder), else loaded by the build
    progress: Progress

    @property
    def corpus_path(self) -> str:
        return str(Path(self.corpus).resolve())


@dataclass(frozen=True)
class BuildReport:
    index_dir: str
    documents: int
    chunks: int
    added: int
    changed: int
    removed: int
    unchanged: int
    embedded: int
    seconds: float
    skipped: tuple[Skipped, ...] = field(default=())  # every file not indexed, and why
    onnx: bool = False
    full_reason: str = ""  # why everything was (re)built; "" for an incremental update
    up_to_date: bool = False  # nothing changed: no new version was written
    sentences_embedded: int = 0  # distinct new sentences given vectors (pooled or embedded: qa.index.sentences)
    copies: int = 0  # new passages word for word like an earlier new one: embedded once (passages.distinct_passages)
    recounted: int = 0  # documents whose BM25 term counts were made again for qa's new tokenizer, vectors kept
    reweighed: bool = False  # BM25's weights recomputed for other k1 / b than the previous version's (all else reused)
