"""Exact search over int8 codes in faiss, without a float copy: one flat index per distinct
(power-of-two) scale (2-3 for MiniLM vectors), used by ``dense.DenseSearch`` past ``NUMPY_LIMIT``."""

from __future__ import annotations

import numpy as np

from .quantized import Quantized
from .recall import BLOCK
from .topk import sorted_pairs


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
            # one extra candidate so a tie at the k-th place is resolved by chunk number
            s, i = flat.search(q.reshape(1, -1), min(k + 1, len(rows)))
            keep = i[0] >= 0
            ids.append(rows[i[0][keep]])
            scores.append(s[0][keep] * scale)
        return sorted_pairs(np.concatenate(ids), np.concatenate(scores), k)
