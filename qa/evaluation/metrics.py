"""Metrics through ir-measures, and TREC run files that reproduce them under trec_eval.

Backend: ir-measures 0.4 with pytrec_eval-terrier (trec_eval's own C code) for R@k, Success@k and
nDCG@k, and its msmarco provider for RR@10 (equal to ``trec_eval -M 10 -m recip_rank``; pytrec_eval
has no cut-off reciprocal rank).  ir-measures is chosen because it names measures the way papers
do, dispatches each to a maintained reference implementation, and is what Pyserini/PyTerrier use.

trec_eval ignores the rank column and re-sorts by score (ties by docno, descending), so runs are
handed over with scores rounded and made strictly decreasing in our order (``trec_scores``): the
figures are those of the ranking qa shows, and ``trec_eval`` on the written run file gives the same.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Mapping, Sequence

RunRows = list  # [(id, score)], best first


def measures(kind: str, k: int) -> list[tuple[str, object]]:
    """(label, ir-measures measure) pairs; ``kind`` is "questions" or "beir"."""
    from ir_measures import RR, R, Success, nDCG

    recall = Success if kind == "questions" else R
    out = [("R@1", recall @ 1), ("R@5", recall @ 5), ("R@10", recall @ 10), ("MRR@10", RR @ 10), ("nDCG@10", nDCG @ 10)]
    if k > 10 and kind == "beir":
        out.append((f"R@{k}", R @ k))
    return out


def trec_scores(scores: Sequence[float], places: int = 6) -> list[float]:
    """Scores rounded to ``places`` and made strictly decreasing, so trec_eval keeps our order."""
    step = 10.0**-places
    out: list[float] = []
    prev = math.inf
    for s in scores:
        v = round(float(s), places)
        if v >= prev:
            v = round(prev - step, places)
        out.append(v)
        prev = v
    return out


def score_run(qrels: Mapping[str, Mapping[str, int]], run: Mapping[str, RunRows], kind: str, k: int):
    """(mean per label, per-question values per label) over every question in ``qrels``.

    A question missing from the run, or whose relevant set is empty (its quote is in no single
    passage), counts 0 for every measure, as ``trec_eval -c`` counts queries it cannot score.
    """
    import ir_measures

    pairs = measures(kind, k)
    by_measure = {m: label for label, m in pairs}
    trec_run = {qid: dict(zip([d for d, _ in rows], trec_scores([s for _, s in rows]))) for qid, rows in run.items() if rows}
    judged = {qid: dict(rel) for qid, rel in qrels.items() if any(v > 0 for v in rel.values())}
    per_q: dict[str, dict[str, float]] = {qid: {label: 0.0 for label, _ in pairs} for qid in qrels}
    if trec_run and judged:
        for metric in ir_measures.iter_calc([m for _, m in pairs], judged, trec_run):
            if metric.query_id in per_q:
                per_q[metric.query_id][by_measure[metric.measure]] = float(metric.value)
    n = len(per_q)
    mean = {label: (sum(v[label] for v in per_q.values()) / n if n else 0.0) for label, _ in pairs}
    return mean, per_q


def trec_id(item: str) -> str:
    """An id safe in a whitespace-separated TREC file."""
    return "".join("%20" if c.isspace() else c for c in item) or "-"


def write_run(path: str | Path, run: Mapping[str, RunRows], tag: str) -> None:
    """A TREC run file: ``qid Q0 docno rank score tag``, scores strictly decreasing (see module doc)."""
    lines = []
    for qid, rows in run.items():
        for rank, ((item, _s), score) in enumerate(zip(rows, trec_scores([s for _, s in rows])), 1):
            lines.append(f"{trec_id(qid)} Q0 {trec_id(str(item))} {rank} {score:.6f} {trec_id(tag)}")
    Path(path).write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
