"""Is ``confidence`` what it says?  Answers binned by the confidence qa gave them.

``confidence`` is the fitted probability that the answer's first citation holds the answer
(``qa.answer.model``), so each bin's mean confidence is set beside the share of its answers whose
citation [1] holds a gold answer string (on a set without answer strings: whose answer holds a gold
quote); an answered unanswerable question counts as wrong.  Two
summaries: the expected calibration error (the bins' |mean confidence - observed share| weighted by
their size) and the Brier score (mean squared error of the confidence against the 0/1 outcome).
Abstentions are left out (they carry no confidence), and so are a speaker's statements (who-said).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass(frozen=True)
class Bin:
    lo: float
    hi: float
    count: int
    mean_confidence: float | None  # None for an empty bin
    observed: float | None  # share of the bin's answers that were right


@dataclass(frozen=True)
class Calibration:
    answers: int
    bins: tuple[Bin, ...]
    ece: float
    brier: float

    def as_dict(self) -> dict:
        return {"answers": self.answers, "ece": round(self.ece, 4), "brier": round(self.brier, 4),
                "bins": [{"from": b.lo, "to": b.hi, "count": b.count,
                          "mean_confidence": None if b.mean_confidence is None else round(b.mean_confidence, 4),
                          "observed": None if b.observed is None else round(b.observed, 4)} for b in self.bins]}


def outcomes(rows: Sequence) -> list[tuple[float, bool]]:
    """(confidence, right) for every answer the rows can judge (``answers.AnswerRow``)."""
    out = []
    for r in rows:
        if r.abstained or r.confidence is None:
            continue
        if not r.answerable:
            out.append((float(r.confidence), False))
        else:
            out.append((float(r.confidence), bool(r.first if r.first is not None else r.quote)))
    return out


def confidence_calibration(rows: Sequence, edges: Sequence[float] = EDGES) -> Calibration | None:
    """The reliability bins of ``rows``' answers; None when no answer can be judged."""
    pairs = outcomes(rows)
    if not pairs:
        return None
    bins = []
    ece = 0.0
    last = len(edges) - 2
    for i, (lo, hi) in enumerate(zip(edges, edges[1:])):
        inside = [(c, y) for c, y in pairs if lo <= c < hi or (i == last and c == hi)]
        if not inside:
            bins.append(Bin(lo, hi, 0, None, None))
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        seen = sum(y for _, y in inside) / len(inside)
        ece += len(inside) / len(pairs) * abs(conf - seen)
        bins.append(Bin(lo, hi, len(inside), conf, seen))
    brier = sum((c - y) ** 2 for c, y in pairs) / len(pairs)
    return Calibration(len(pairs), tuple(bins), ece, brier)
