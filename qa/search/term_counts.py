"""The raw term counts an index keeps beside BM25's weights (chunk-major CSR), so an incremental
build re-tokenises only new documents (``qa.index.incremental``), and the vocabulary file both share."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np


def save_sparse(folder: Path, vocab: Sequence[str], arrays: dict[str, np.ndarray]) -> None:
    """A vocabulary and the arrays of a CSR matrix over it (``<name>.npy`` each): what ``TermCounts``
    and ``BM25`` save."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    for name, array in arrays.items():
        np.save(folder / f"{name}.npy", array)


def load_vocab(folder: Path) -> list[str]:
    text = (folder / "vocab.txt").read_text(encoding="utf-8")
    return text.split("\n") if text else []


class TermCounts:
    """Chunk-major term counts (CSR): what an index keeps to rebuild BM25 without re-tokenising."""

    def __init__(self, vocab: list[str], indptr: np.ndarray, indices: np.ndarray, counts: np.ndarray):
        self.vocab = vocab
        self.indptr = indptr
        self.indices = indices
        self.counts = counts

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    @classmethod
    def from_tokens(cls, token_lists: Iterable[Sequence[str]]) -> "TermCounts":
        rows = [Counter(toks) for toks in token_lists]
        return cls.from_counters(rows)

    @classmethod
    def from_counters(cls, rows: list[dict[str, int]]) -> "TermCounts":
        vocab = sorted({t for row in rows for t in row})
        tid = {t: i for i, t in enumerate(vocab)}
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indices, counts = [], []
        for i, row in enumerate(rows):
            items = sorted((tid[t], c) for t, c in row.items())
            indices.extend(t for t, _ in items)
            counts.extend(c for _, c in items)
            indptr[i + 1] = len(indices)
        return cls(vocab, indptr, np.asarray(indices, dtype=np.int32), np.asarray(counts, dtype=np.int32))

    def row(self, i: int) -> dict[str, int]:
        a, b = self.indptr[i], self.indptr[i + 1]
        return {self.vocab[t]: int(c) for t, c in zip(self.indices[a:b], self.counts[a:b])}

    def save(self, folder: Path) -> None:
        save_sparse(folder, self.vocab, {"tf_indptr": self.indptr, "tf_indices": self.indices, "tf_counts": self.counts})

    @classmethod
    def load(cls, folder: Path, mmap: bool = True) -> "TermCounts":
        mode = "r" if mmap else None
        return cls(
            load_vocab(folder),
            np.load(folder / "tf_indptr.npy", mmap_mode=mode),
            np.load(folder / "tf_indices.npy", mmap_mode=mode),
            np.load(folder / "tf_counts.npy", mmap_mode=mode),
        )
