"""Sentence-level dense evidence: each passage of a dense run scored by its best sentence.

A passage vector is the mean of the whole passage; a question is usually answered by one of its
sentences.  The index stores a vector for every sentence row of every passage (late-chunked from
the passage's own token states: ``qa.index.sentences``), so the cosine between the question and the
passage's *best* sentence costs one product per sentence row of the passages the dense run already
found (about 850 rows for a run of 100 passages): no other search, no float copy of the vectors.
The hybrid weighs this run beside BM25 and the passage vectors (``qa.search.fuse``); why, and the
figures: docs/retrieval.md ("Sentence evidence").
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .quantized import Quantized
from .topk import top_pairs


def best_sentence_scores(sentence_vectors, chunk_rows, passages: Sequence[int], qvec) -> np.ndarray:
    """The largest cosine between ``qvec`` and a stored sentence row of each passage (-1 for a
    passage without sentence rows).  ``chunk_rows``: the index's (doc, start, end, first sentence
    row, end sentence row) rows; ``sentence_vectors``: its ``Quantized`` rows (or float16 rows of a
    format-1 index)."""
    ids = np.asarray(passages, dtype=np.int64)
    out = np.full(len(ids), -1.0, dtype=np.float32)
    if not len(ids):
        return out
    rows = np.asarray(chunk_rows[ids])
    lo, hi = rows[:, 3].astype(np.int64), rows[:, 4].astype(np.int64)
    lens = np.maximum(hi - lo, 0)
    if not lens.sum():
        return out
    starts = np.repeat(lo - np.concatenate(([0], np.cumsum(lens)[:-1])), lens)
    flat = starts + np.arange(int(lens.sum()))  # every passage's sentence rows, one after another
    q = np.asarray(qvec, dtype=np.float32).reshape(-1)
    if isinstance(sentence_vectors, Quantized):  # int8 codes: decoded for these rows only
        sims = sentence_vectors.dot(q, flat)
    else:
        sims = np.asarray(sentence_vectors[flat], dtype=np.float32) @ q
    has = lens > 0
    bounds = np.concatenate(([0], np.cumsum(lens)[:-1]))[has]
    out[has] = np.maximum.reduceat(sims, bounds)
    return out


def sentence_run(index, dense: Sequence[tuple[int, float]], qvec) -> list[tuple[int, float]]:
    """The passages of the ``dense`` run, each scored by its best sentence, best first (ties by
    passage number); empty when the index stores no sentence vectors (built before they were)."""
    vectors = getattr(index, "sentence_vectors", None)
    if vectors is None or not dense or qvec is None:
        return []
    ids = np.asarray([i for i, _s in dense], dtype=np.int64)
    scores = best_sentence_scores(vectors, index.chunk_rows, ids, qvec)
    return top_pairs(scores, len(ids), ids)
