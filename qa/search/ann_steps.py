"""The settings the ANN tuning tries, and the rule that picks one (``qa.search.dense.tune_setting``
measures the recall of each): plain numbers, no index.

faiss's search knob (HNSW's efSearch, IVF's nprobe) is tuned by measurement: the smallest setting,
in steps of sqrt 2, whose probe recall@10 reaches the target; finer steps are offered, not used by
builds (``tune``'s docstring says why).
"""

from __future__ import annotations

import math


def ivf_nlist(n: int) -> int:
    """About 2*sqrt(n) lists, a power of two (1M chunks: 2048 lists of ~500)."""
    return int(2 ** round(math.log2(max(16.0, 2 * math.sqrt(n)))))


def coarse_steps(lo: int, hi: int) -> list[int]:
    """lo .. hi in steps of sqrt 2: 1, 2, 3, 4, 6, 8, 11, 16, 23, 32, ..."""
    return sorted({max(lo, min(hi, int(round(2 ** (h / 2))))) for h in range(2 * int(math.log2(hi)) + 2)})


def finer_steps(lo: int, hi: int) -> list[int]:
    """The settings strictly between ``lo`` and ``hi`` in steps of 2^(1/8), ascending."""
    return sorted({v for j in range(1, 8 * max(1, math.ceil(math.log2(max(hi, 1) / max(lo, 1)))))
                   if lo < (v := int(round(lo * 2 ** (j / 8)))) < hi})


def tune(steps: list[int], recall_of, target: float, finer: bool = False) -> tuple[int, float]:
    """(the smallest setting reaching ``target``, its recall): the ``steps`` (sqrt 2 apart) in order
    until one reaches it; with ``finer``, then the settings between it and the step before in 2^(1/8)
    steps.  When no step reaches the target, the last one.

    ``finer`` is off in builds: on the 1M synthetic index it chooses efSearch 558 instead of 724
    (same held-out recall, search p50 -1.2 ms), but on random unit vectors, where probes are easier
    than the queries, the coarse step's overshoot is what keeps held-out recall >= 0.98 (0.976
    with ``finer``): docs/speed.md, session 9."""
    prev = None
    for value in steps:
        recall = recall_of(value)
        if recall >= target:
            break
        prev = value
    else:
        return value, recall
    if finer and prev is not None:
        for between in finer_steps(prev, value):
            got = recall_of(between)
            if got >= target:
                return between, got
    return value, recall


def search_steps(kind: str, n: int) -> list[int]:
    """The coarse settings the tuning tries for an index of ``kind`` over ``n`` vectors."""
    return coarse_steps(1, ivf_nlist(n)) if kind == "ivf" else coarse_steps(16, 4096)
