"""The per-corpus fusion rules and per-query weights, scored from ``bench/fusion_lab.py``'s output.

``--rules``: per pseudo-question design and tolerance, the weight the rule picks on each set and its
regret on the fitting side (squad2 train, fitting halves) and the reporting side, *expected over
bootstrap resamples of the pseudo-questions*, beside fixed weights.  ``--perquery``: the dense weight
moved per question by the two runs' score shapes; which base weights then meet the issue's target
on each side.  Results and what was kept: docs/retrieval.md ("Session 2").

    python bench/fusion_rules.py [--work DIR] [--rules] [--perquery]
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fusion_lab as lab  # noqa: E402
from fusion_lab import GRID, first_ranks, metrics  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# -- rules: the weight each design picks, and its regret on the fitting side ----------------
FIT_SETS = ("squad2", "manuals", "policyqa", "emanual")
REPORT_SETS = FIT_SETS + ("seeds",)


def knee(curve: np.ndarray, tolerance: float) -> float:
    """The largest grid weight whose pseudo-question MRR is within ``tolerance`` of the best (the rule)."""
    top = curve.max()
    return max(w for w, x in zip(GRID, curve) if x >= top * (1.0 - tolerance))


def regret(entry: dict, side: str, w: float) -> float:
    """Mean over R@1, R@5, MRR@10 of what weight ``w`` loses to the best weight on that side."""
    m, i = entry[f"real.{side}.convex-minmax"], GRID.index(w)
    return sum(max(m[k]) - m[k][i] for k in ("R@1", "R@5", "MRR@10")) / 3


def meets(entry: dict, side: str, w: float) -> bool:
    """The issue's target at weight ``w``: R@5 >= the best of bm25 / dense / 0.6, R@1 within 0.01."""
    m, i = entry[f"real.{side}.convex-minmax"], GRID.index(w)
    need5 = max(m["R@5"][0], m["R@5"][10], m["R@5"][6])
    need1 = max(m["R@1"][0], m["R@1"][10], m["R@1"][6]) - 0.01
    return m["R@5"][i] >= need5 - 1e-9 and m["R@1"][i] >= need1 - 1e-9


def rule_table(summary: dict, work: Path, designs, tolerances=(0.02, 0.05, 0.08, 0.1, 0.12), boot: int = 40) -> list:
    """Per design and tolerance: the regret (fitting side, reporting side) and the sets meeting the
    target, each *expected over bootstrap resamples of the pseudo-questions* (a rule whose pick moves
    with the sample is judged by where it moves), beside fixed weights."""
    import glob

    rng = np.random.default_rng(5)
    rr = {}
    for des in designs:
        for name in REPORT_SETS:
            path = glob.glob(str(work / f"{name}.v-*.pseudo.{des}.pkl"))
            rows = pickle.loads(Path(sorted(path)[-1]).read_bytes())
            ranks = first_ranks(rows, "convex-minmax", GRID)
            rr[des, name] = np.where(ranks <= 10, 1.0 / ranks, 0.0)
    out = []

    def row(label, picks_list):
        fit = np.mean([np.mean([regret(summary[n], "fit", p[n]) for n in FIT_SETS]) for p in picks_list])
        rep = np.mean([np.mean([regret(summary[n], "report", p[n]) for n in REPORT_SETS]) for p in picks_list])
        ok_fit = np.mean([sum(meets(summary[n], "fit", p[n]) for n in FIT_SETS) for p in picks_list])
        ok_full = np.mean([sum(meets(summary[n], "full", p[n]) for n in REPORT_SETS) for p in picks_list])
        out.append({"rule": label, "fit regret": round(float(fit), 4), "report regret": round(float(rep), 4),
                    "fit sets met (of 4)": round(float(ok_fit), 2), "full sets met (of 5)": round(float(ok_full), 2),
                    "picks": {n: picks_list[0][n] for n in REPORT_SETS}})

    for w in GRID:
        row(f"fixed {w:g}", [{n: w for n in REPORT_SETS}])
    for des in designs:
        for t in tolerances:
            picks = [{n: knee(rr[des, n][rng.integers(0, len(rr[des, n]), len(rr[des, n]))].mean(0), t)
                      for n in REPORT_SETS} for _ in range(boot)]
            row(f"{des}, tolerance {t:g}", [{n: knee(rr[des, n].mean(0), t) for n in REPORT_SETS}] + picks)
    return out


def perquery_table(work: Path) -> list[str]:
    """Which base weights meet the target per set and side when each question's dense weight is
    shifted by ``slope * feature`` (features from the two runs alone; "none": no shift)."""
    from qa.index import load_index

    def features(bm25, dense):
        def margins(run):
            v = np.asarray([s for _i, s in run], dtype=np.float64)
            if len(v) < 3 or v.max() == v.min():
                return 1.0, 0.0
            n = (v - v.min()) / (v.max() - v.min())
            return 1 - n[1], 1 - n[1:10].mean()  # top over the second, over the mean of the next nine
        (b1, b9), (d1, d9) = margins(bm25), margins(dense)
        top5 = {i for i, _s in dense[:5]}
        return np.array([b1 - d1, b9 - d9, (dense[0][1] if dense else 0.0) - 0.55,
                         1.0 if bm25 and bm25[0][0] in top5 else 0.0])

    rules = [("none", 0, 0.0)] + [(f"margin-1 x{a}", 0, -a) for a in (0.2, 0.4, 0.8)] \
        + [(f"margin-9 x{a}", 1, -a) for a in (0.2, 0.4, 0.8)] + [(f"dense top x{a}", 2, a) for a in (0.5, 1, 2)] \
        + [("agree -0.2", 3, -0.2)]
    out = []
    for name in REPORT_SETS:
        index = load_index(work / name)
        sides = lab.real_sets(name, work, index)
        index.release()
        for side in ("fit", "report"):
            if side not in sides:
                continue
            rows = sides[side]
            base = {k: v.tolist() for k, v in metrics(first_ranks(rows, "convex-minmax", GRID)).items()}
            feats = np.array([features(b, d) for b, d, _r in rows])
            cells = []
            for label, f, slope in rules:
                m = metrics(first_ranks(rows, "convex-minmax", GRID, weights=slope * feats[:, f]))
                entry = {f"real.{side}.convex-minmax": {k: v.tolist() for k, v in m.items()}}
                need = {f"real.{side}.convex-minmax": base}
                ok = [w for w in GRID if _meets_against(entry, need, side, w)]
                cells.append(f"{label}: {ok}")
            out.append(f"{name} {side}: " + " | ".join(cells))
    return out


def _meets_against(entry: dict, base: dict, side: str, w: float) -> bool:
    """``meets`` with the bars (bm25, dense, fixed 0.6) taken from ``base``, the score from ``entry``."""
    m, b, i = entry[f"real.{side}.convex-minmax"], base[f"real.{side}.convex-minmax"], GRID.index(w)
    need5 = max(b["R@5"][0], b["R@5"][10], b["R@5"][6])
    need1 = max(b["R@1"][0], b["R@1"][10], b["R@1"][6]) - 0.01
    return m["R@5"][i] >= need5 - 1e-9 and m["R@1"][i] >= need1 - 1e-9


def main(argv=None) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--work", type=Path, default=ROOT / "bench" / ".work" / "fusion")
    p.add_argument("--designs", default=",".join(lab.DESIGNS))
    p.add_argument("--perquery", action="store_true")
    args = p.parse_args(argv)
    if args.perquery:
        print("\n".join(perquery_table(args.work)))
        return
    summary = json.loads((args.work / "lab.json").read_text())
    for r in sorted(rule_table(summary, args.work, args.designs.split(",")), key=lambda r: r["fit regret"]):
        print(json.dumps(r))


if __name__ == "__main__":
    main()
