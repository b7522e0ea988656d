"""How the answer model carries to a domain it never saw: leave one domain out, fitting material only.

For each fitting domain (squad2 ``train.jsonl``, the fitting halves of manuals, policyqa, emanual
and the fitting sets papers, techdocs, licences, news) the candidate model is fitted as
``bench/fit_answer.py`` fits it, but on the other domains alone, and scored on the left-out domain's
answerable questions: the share
whose best-scored candidate holds a gold answer (top-1).  Beside it, the same figure out of fold
within all domains (what the shipped model's own fit sees, ``model.json``'s ``out_of_fold``)
and the naive top sentence among the same candidates.  The gap between the first two columns is
the cost of meeting a new kind of document: the figures that decide are measured on such sets.
No reporting half, squad2 ``questions.jsonl`` or seed question is read.

    python bench/answer_lodo.py [--index-root DIR] [--cache FILE] [--seed 25]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fit_answer as fa  # noqa: E402  (bench/fit_answer.py: the fitting material and the fit itself)


def top1(data, logits) -> float:
    ans = [(d, lg) for d, lg in zip(data, logits) if d.answerable]
    return float(np.mean([bool(len(lg)) and d.y[int(np.argmax(lg))] == 1 for d, lg in ans])) if ans else float("nan")


def leave_one_out(data, seed: int) -> dict:
    """Per domain: top-1 fitted on the other domains, out of fold within all, and the naive pool's."""
    from qa.answer.features import COL

    oof = fa.out_of_fold(data, seed)
    out = {}
    for dom in sorted({d.domain for d in data}):
        rest = [d for d in data if d.domain != dom]
        m = fa.candidate_model(fa.fit_candidate(*fa.candidate_matrix(rest, fa.domain_weights(rest), ()), seed))
        held = [(i, d) for i, d in enumerate(data) if d.domain == dom]
        out[dom] = {
            "answerable": sum(d.answerable for _i, d in held),
            "left_out": top1([d for _i, d in held], [m.logits(d.X) for _i, d in held]),
            "out_of_fold": top1([d for _i, d in held], [oof[i] for i, _d in held]),
            "naive": top1([d for _i, d in held], [d.X[:, COL["naive"]] if len(d.X) else np.zeros(0) for _i, d in held]),
        }
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index-root", type=Path, default=fa.ROOT / "bench" / ".work" / "answer-index")
    ap.add_argument("--cache", type=Path, default=None, help="fit_answer.py's pickle of the extracted features")
    ap.add_argument("--seed", type=int, default=25)
    args = ap.parse_args(argv)
    res = leave_one_out(fa.fitting_data(args.index_root, args.seed, args.cache), args.seed)
    print("| fitting domain (answerable) | top-1, fitted without it | top-1, out of fold with it | naive top sentence of the pool |")
    print("|---|---|---|---|")
    for dom, r in res.items():
        print(f"| {dom} ({r['answerable']}) | {r['left_out']:.3f} | {r['out_of_fold']:.3f} | {r['naive']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
