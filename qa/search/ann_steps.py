"""The settings the ANN tuning tries, and the rule that picks one (``qa.search.dense.tune_setting``
measures the recall of each): plain numbers, no index.

faiss's search knob (HNSW's efSearch, IVF's nprobe) is tuned by measurement: the smallest setting,
in steps of sqrt 2, whose probe recall@10 reaches the target, then bisected down to within 3%.
"""

from __future__ import annotations

import math


def ivf_nlist(n: int) -> int:
    """About 2*sqrt(n) lists, a power of two (1M chunks: 2048 lists of ~500)."""
    return int(2 ** round(math.log2(max(16.0, 2 * math.sqrt(n)))))


def coarse_steps(lo: int, hi: int) -> list[int]:
    """lo .. hi in steps of sqrt 2: 1, 2, 3, 4, 6, 8, 11, 16, 23, 32, ..."""
    return sorted({max(lo, min(hi, int(round(2 ** (h / 2))))) for h in range(2 * int(math.log2(hi)) + 2)})


RESOLUTION = 1.03  # bisection stops when the passing setting is within 3% of the failing one


def bisect(lo: int, hi: int, hi_recall: float, recall_of, target: float) -> tuple[int, float]:
    """(the smallest setting in (lo, hi] found to reach ``target``, its recall), given that ``lo``
    does not and ``hi`` does: halved geometrically until hi / lo <= ``RESOLUTION`` (from a sqrt-2
    step: 4 settings tried, the answer at most 3% above the smallest passing one, if recall grows
    with the setting)."""
    while hi - lo > 1 and hi > lo * RESOLUTION:
        mid = int(round(math.sqrt(lo * hi)))
        if not lo < mid < hi:
            break
        got = recall_of(mid)
        if got >= target:
            hi, hi_recall = mid, got
        else:
            lo = mid
    return hi, hi_recall


def tune(steps: list[int], recall_of, target: float, finer: bool = True) -> tuple[int, float]:
    """(the smallest setting reaching ``target``, its recall): the ``steps`` (sqrt 2 apart) in order
    until one reaches it; with ``finer`` (builds), then bisected between it and the step before
    (``bisect``), so the choice overshoots by at most 3%, not up to 41%.  When no step reaches the
    target, the last one.

    Finer steps are safe only with probes at least as hard as questions: session 9's probes were
    easier than questions on random unit vectors, and the sqrt-2 step's overshoot was what held
    held-out recall there; the probes are now three sets, ``recall.tuning_probes`` (docs/speed.md,
    session 12)."""
    prev = None
    for value in steps:
        recall = recall_of(value)
        if recall >= target:
            break
        prev = value
    else:
        return value, recall
    if finer and prev is not None:
        return bisect(prev, value, recall, recall_of, target)
    return value, recall


def search_steps(kind: str, n: int) -> list[int]:
    """The coarse settings the tuning tries for an index of ``kind`` over ``n`` vectors."""
    return coarse_steps(1, ivf_nlist(n)) if kind == "ivf" else coarse_steps(16, 4096)
