"""Sentence vectors, stored at build time: the answer stage scores sentences without embedding them.

``dense/sentences.npy`` holds one float16 unit vector per row of ``sentences.npy`` (chunks overlap,
so a sentence can have several rows).  With the ONNX passage encoder a sentence row's vector is
pooled from its passage's own run (late chunking: the mean of the passage's token states over the
sentence, ``OnnxEmbedder.embed_with_sentences``), so a sentence repeated by overlapping passages has
one vector from each; other embedders (sentence-transformers, test fakes) embed each distinct
sentence on its own, once.  An incremental build copies the rows of unchanged documents.
An index built before sentence vectors existed lacks their ``settings()`` entry, so ``qa index``
rebuilds it in full ("full build: sentence vectors changed"); loading such an index still works, and
the answer stage then embeds the sentences it scores, as it used to (slower).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from qa.search import load_vectors, save_vectors

FILE = "sentences.npy"  # under dense/: the codes (float16 rows in format-1 indexes), and sentences.scale.npy
STEM = "sentences"
BITS = 8  # per dimension
SETTINGS = {"vectors": "per sentence row", "text": "whitespace collapsed"}  # in settings(): a change rebuilds
LATE = {"vectors": "per sentence row", "from": "the passage's token states"}  # late chunking (ONNX builds)


def settings_for(passages: str | None) -> dict:
    """What the manifest records: late-chunked with an ONNX passage encoder (``passages`` is its
    precision), else sentences embedded on their own.  (If the export then fails, the build falls
    back to sentence-transformers, which embeds the sentences alone under the same record: vectors
    of the same model either way.)"""
    return LATE if passages else SETTINGS


Progress = Callable[[str, int, int], None]


class Plan:
    """Where each sentence row's vector comes from: a row of the old index, or a new embedding."""

    def __init__(self) -> None:
        self.copied: list[tuple[int, int, int]] = []  # (new first row, old lo, old hi)
        # (new first row, doc number, its (k, 2) sentence spans): an array a document, not a tuple a
        # row (~0.7 KB a passage less while a build embeds: docs/speed.md, session 15)
        self.fresh: list[tuple[int, int, np.ndarray]] = []

    @property
    def distinct(self) -> int:
        """How many distinct sentences are embedded (overlapping chunks repeat some rows)."""
        return len({(d, s, e) for _r, d, s, e in self.fresh_rows()})

    def keep(self, at: int, lo: int, hi: int) -> None:
        self.copied.append((at, lo, hi))

    def add(self, at: int, doc: int, spans) -> None:
        self.fresh.append((at, doc, np.asarray(spans, dtype=np.int64).reshape(-1, 2)))

    def fresh_rows(self):
        """(new row, doc number, start, end) of every row to embed, in the order they were added."""
        for at, doc, spans in self.fresh:
            for i, (s, e) in enumerate(spans.tolist()):
                yield at + i, doc, s, e

    def rows(self) -> np.ndarray:
        """The new rows to embed, in the order they were added."""
        parts = [at + np.arange(len(spans), dtype=np.int64) for at, _d, spans in self.fresh]
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def build(plan: Plan, n_rows: int, dim: int, old, texts: Callable[[int], str], embedder,
          embed_all: Callable, progress: Progress, fresh: np.ndarray | None = None) -> np.ndarray:
    """All sentence vectors of the new version: old rows copied; the new rows' from ``fresh`` (one
    per new row, in the order they were added: late chunking), else each distinct new sentence
    embedded once.  ``fresh`` itself when it is every row, in order (a full build: no copy)."""
    rows = plan.rows()
    if fresh is not None and not plan.copied and len(fresh) == n_rows == len(rows) \
            and np.array_equal(rows, np.arange(n_rows)):
        return np.asarray(fresh, dtype=np.float16)
    out = np.zeros((n_rows, dim), dtype=np.float16)
    if plan.copied:
        old_vecs = old.sentence_vectors if old is not None else None
        for at, lo, hi in plan.copied:
            out[at : at + hi - lo] = old_vecs[lo:hi]
    if len(rows) and fresh is not None:
        out[rows] = fresh  # cast to float16 as stored
    elif len(rows):
        distinct: dict[tuple[int, int, int], int] = {}
        which = np.asarray([distinct.setdefault((d, s, e), len(distinct)) for _r, d, s, e in plan.fresh_rows()],
                           dtype=np.int64)
        sentences = [" ".join(texts(d)[s:e].split()) for d, s, e in distinct]
        vecs = embed_all(embedder, sentences, lambda _s, done, total: progress("Embedding sentences", done, total))
        out[rows] = vecs[which].astype(np.float16)
    return out


def save(dense_dir: Path, vectors: np.ndarray) -> None:
    """Quantized, one scale per row (``qa.search.quantized``; ``BITS``: docs/storage.md)."""
    save_vectors(dense_dir, STEM, vectors, bits=BITS, per_vector=True)


def load(version: Path, dim: int):
    """The stored sentence vectors (memory-mapped; rows decode to float32 when indexed), float16
    rows in an index of format version 1, or None for an index built without them."""
    return load_vectors(version / "dense", STEM, dim)


def vectors_for(index, rows: list[int | None], texts: list[str]) -> np.ndarray:
    """Unit vectors of sentences given by row (stored) or, where a row is None or the index has
    none stored, embedded now."""
    stored = index.sentence_vectors
    out = np.zeros((len(texts), index.dim), dtype=np.float32)
    missing = [i for i, r in enumerate(rows) if r is None or stored is None]
    have = [i for i in range(len(texts)) if i not in set(missing)]
    if have:
        out[have] = np.asarray(stored[np.asarray([rows[i] for i in have], dtype=np.int64)], dtype=np.float32)
    if missing:
        out[missing] = index.query_embedder().embed([" ".join(texts[i].split()) for i in missing])
    return out


def rows_for(index, doc_idx: int, spans: list[tuple[int, int]]) -> list[int | None]:
    """The sentence row of each (start, end) span of a document (None: not one stored sentence)."""
    r = index.doc_chunks(doc_idx)
    if not len(r):
        return [None] * len(spans)
    lo, hi = int(index.chunk_rows[r.start, 3]), int(index.chunk_rows[r.stop - 1, 4])
    where: dict[tuple[int, int], int] = {}
    for i, (a, b) in enumerate(np.asarray(index.sentence_rows[lo:hi]).tolist()):
        where.setdefault((a, b), lo + i)
    return [where.get((int(s), int(e))) for s, e in spans]
