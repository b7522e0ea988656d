"""Issue 26, session 12: should the build's fusion choice score the passage-only fusion (method 4) or
the ranker questions get, with the dense passages' best sentences (method 5)?

For each set's index (built or updated in <work>/<set> by ``bench/fusion_choice.py``'s
``index_for``): the build's 400 pseudo-questions, their BM25, dense and sentence runs, and each
question's reciprocal rank at every dense weight both ways.  Real questions, the default ranker at
every weight: squad2's ``train.jsonl`` and the fitting halves (the fitting side), squad2's
``questions.jsonl``, the reporting halves and the seeds (the reporting side).  Then, over 200
bootstrap resamples of each corpus's pseudo-questions (seed 25), each method and tolerance's
expected regret (what the chosen weight loses to the side's best weight, mean of R@1, R@5, MRR@10)
and how many of the five sets meet issue 26's target.  Results and the decision: docs/retrieval.md
("Session 12").

    python bench/fusion_sentence_choice.py [--work DIR] [--resamples 200]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fusion_choice as fc  # noqa: E402
import fusion_lab as lab  # noqa: E402

SETS = ("seeds", "squad2", "manuals", "policyqa", "emanual")
FIT = ("squad2-train", "manuals", "policyqa", "emanual")
METRICS = ("R@1", "R@5", "MRR@10")


def pseudo_ranks(index) -> dict:
    """{"4": {w: [rr…]}, "5": {w: [rr…]}}: each pseudo-question's reciprocal rank, both methods."""
    from qa.index import fusion_choice as choice
    from qa.search import SENTENCE_SHARE, bm25_run, sentence_run

    queries = choice.pseudo_queries(index)
    vecs = choice.embed_queries(index, [q.text for q in queries], {})
    dense = index.dense_top_many(vecs, choice.DEPTH)
    out = {"4": {w: [] for w in fc.GRID}, "5": {w: [] for w in fc.GRID}}
    for q, d, v in zip(queries, dense, vecs):
        run = (bm25_run(index, q.text, choice.DEPTH), d, q.relevant, sentence_run(index, d, v))
        for method, share, runs in (("4", 0.0, [run[:3]]), ("5", SENTENCE_SHARE, [run])):
            for w, s in choice.weight_scores(runs, fc.GRID, sentence_share=share).items():
                out[method][w].append(s)
    return out


def real_grids(name: str, index, work: Path) -> dict:
    """{side key: {w: scores}} of the default ranker on real questions, with bm25 / dense / 0.6 for the target."""
    qrels, stored, _b = fc.stored_runs(name, index, work)
    parts = {name: qrels}
    report = fc.reporting_half(name)
    if report:
        parts = {f"{name}-fit": {q: v for q, v in qrels.items() if q not in report},
                 f"{name}-report": {q: v for q, v in qrels.items() if q in report}, name: qrels}
    if name == "squad2":
        parts["squad2-train"] = None
    out = {}
    for key, qr in parts.items():
        runs = stored
        if qr is None:
            qr, runs = lab.squad_train_runs(index, work)  # with the sentence run
        grid = {w: fc.scores(name, qr, fc.fused(runs, "convex", w, sentences=True)) for w in fc.GRID}
        base = {k: fc.scores(name, qr, fc.fused(runs, k if k != "0.6" else "convex", 0.6)) for k in ("bm25", "dense", "0.6")}
        out[key] = {"grid": grid, "base": base}
    return out


def regret(entry: dict, w: float) -> float:
    g = entry["grid"]
    return float(np.mean([max(s[m] for s in g.values()) - g[w][m] for m in METRICS]))


def meets(entry: dict, w: float) -> bool:
    r = dict(entry["base"], default=entry["grid"][w])
    return fc.met(r, "R@1") == "met" and fc.met(r, "R@5") == "met"


def main(argv=None) -> None:
    from qa.index.fusion_choice import best_weight

    p = argparse.ArgumentParser()
    p.add_argument("--work", type=Path, default=fc.ROOT / "bench" / ".work" / "fusion")
    p.add_argument("--resamples", type=int, default=200)
    args = p.parse_args(argv)
    pseudo, real = {}, {}
    for name in SETS:
        index = fc.index_for(name, args.work)
        pseudo[name] = pseudo_ranks(index)
        real.update(real_grids(name, index, args.work))
        index.release()
    fit_keys = ["squad2-train", "manuals-fit", "policyqa-fit", "emanual-fit"]
    report_keys = ["squad2", "manuals-report", "policyqa-report", "emanual-report", "seeds"]
    rng = np.random.default_rng(25)
    print("| pseudo-questions scored with | tolerance | fitting side: regret | reporting side: regret | sets meeting the target (of 5) |")
    print("|---|---|---|---|---|")
    for method in ("4", "5"):
        for tol in (0.06, 0.08, 0.10, 0.12):
            fit, rep, met = [], [], []
            for _ in range(args.resamples):
                chosen = {}
                for name, ranks in pseudo.items():
                    rr = {w: np.asarray(v) for w, v in ranks[method].items()}
                    pick = rng.integers(0, len(rr[0.0]), len(rr[0.0]))
                    curve = {w: float(v[pick].mean()) for w, v in rr.items()}
                    chosen[name] = best_weight(curve, tol)
                fit.append(np.mean([regret(real[k], chosen[k.split("-")[0]]) for k in fit_keys]))
                rep.append(np.mean([regret(real[k], chosen[k.split("-")[0]]) for k in report_keys]))
                met.append(sum(meets(real[n], chosen[n]) for n in SETS))
            print(f"| method {method} | {tol:.2f} | {np.mean(fit):.4f} | {np.mean(rep):.4f} | {np.mean(met):.2f} |")


if __name__ == "__main__":
    main()
