"""Exact search over int8 codes in faiss, without a float copy: one flat index per distinct
(power-of-two) scale (2-3 for MiniLM vectors), used by ``dense.DenseSearch`` past ``NUMPY_LIMIT``."""

from __future__ import annotations

import numpy as np

from .quantized import Quantized
from .recall import BLOCK
from .topk import sorted_pairs

# candidates beyond k each flat search returns, so that a tie at the k-th place (copies of one
# passage: half the questions on a real folder at k=100) needs no second scan: faiss's search for
# k + 256 costs what k + 1 does (38k rows: 2.3-2.5 ms either way; widening by doubling cost +60%)
TIE_ROOM = 256


def codes_as_is(sq_index) -> None:
    """Set a faiss 8-bit uniform scalar quantizer so that it keeps an int8 code c as the byte c + 128
    and decodes it to c exactly: (byte + 0.5) - 128.5.  (faiss's own "direct" 8-bit types quantize
    the query too, to whole numbers: useless for unit queries.)"""
    import faiss

    faiss.copy_array_to_vector(np.asarray([-128.5, 255.0], dtype=np.float32), sq_index.sq.trained)
    sq_index.is_trained = True


class ScaleGroups:
    """Exact search over int8 codes in faiss: one flat index per distinct (power-of-two) scale,
    each scoring its codes as they are; the best of each group times its scale, merged."""

    def __init__(self, v: Quantized):
        import faiss

        faiss.omp_set_num_threads(1)
        self.groups = []
        for scale in np.unique(v.scales):
            rows = np.flatnonzero(v.scales == scale)
            flat = faiss.IndexScalarQuantizer(v.dim, faiss.ScalarQuantizer.QT_8bit_uniform, faiss.METRIC_INNER_PRODUCT)
            codes_as_is(flat)
            for at in range(0, len(rows), BLOCK):
                flat.add(np.asarray(v.codes[rows[at:at + BLOCK]], dtype=np.float32))
            self.groups.append((float(scale), rows, flat))

    def top(self, q: np.ndarray, k: int) -> list[tuple[int, float]]:
        ids, scores = [], []
        for scale, rows, flat in self.groups:
            s, i = _with_ties(flat, q.reshape(1, -1), k, len(rows))
            keep = i >= 0
            ids.append(rows[i[keep]])
            scores.append(s[keep] * scale)
        return sorted_pairs(np.concatenate(ids), np.concatenate(scores), k)


def _with_ties(flat, q: np.ndarray, k: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, ids) of faiss's best ``k`` of ``n`` rows and every row tied with the k-th: faiss keeps
    an arbitrary few of a tie, so the search asks for ``TIE_ROOM`` more, widened (doubling) until its
    last candidate scores below the k-th -- a vector stored many times (a licence in every package:
    up to 130 copies in a real folder) then has every copy here, and ``sorted_pairs`` orders them by
    chunk number."""
    m = min(k + TIE_ROOM, n)
    while True:
        s, i = flat.search(q, m)
        s, i = s[0], i[0]
        if m >= n or k < 1 or s[m - 1] < s[min(k, m) - 1]:
            return s, i
        m = min(2 * m, n)
