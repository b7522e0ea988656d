"""BM25's k1 and b, and Rocchio feedback on the dense query, scored as qa's default ranker (session 14).

For each set's index (built with today's code under ``--index-root``; ``bench/fit_answer.py`` and
``bench/answer_report.py`` use the same layout) the questions' dense runs are made once; BM25 is then
re-weighed from the index's stored term counts for every (k1, b) of the grid and fused with them as
qa's default does (convex at the corpus's chosen dense weight, the dense side reading the passages'
best sentences).  ``--rocchio`` also moves each question's vector toward the mean of its top k
passages' vectors (from the dense run or the fused one) and searches again.  R@1 / R@5 / MRR@10 on
the fitting side (squad2 ``train.jsonl``, the fitting halves of ``bench/splits.json``) and on the
reporting side (squad2 ``questions.jsonl``, the reporting halves, the seeds), printed per set:
choose on the first, report the second (docs/retrieval.md, "Session 14").  ``--rm3`` expands BM25's
query RM3-style from the fused top passages; ``--shares`` scores other sentence shares.

    python bench/bm25_params.py --index-root DIR [--sets squad2-train,manuals,...] [--rocchio] [--rm3] [--shares]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QA_SHARED", ROOT.parent / "shared"))
QUESTIONS = {"seeds": ROOT / "seeds" / "questions.jsonl", "squad2": SHARED / "squad2" / "questions.jsonl",
             "squad2-train": SHARED / "squad2" / "train.jsonl", "manuals": SHARED / "manuals" / "questions.jsonl",
             "policyqa": SHARED / "policyqa" / "questions.jsonl", "emanual": SHARED / "emanual" / "questions.jsonl"}
GRID = [(k1, b) for k1 in (0.6, 0.9, 1.2) for b in (0.0, 0.1, 0.2, 0.3, 0.4)] + \
       [(k1, b) for k1 in (0.9, 1.2, 1.5, 2.0) for b in (0.3, 0.5, 0.75, 0.9)]
DEPTH = 100


def sides(name: str, qids) -> dict[str, list[str]]:
    """The fitting and reporting questions of a set (squad2 train fits, squad2 dev and the seeds report)."""
    if name == "squad2-train":
        return {"fit": list(qids), "report": []}
    if name in ("squad2", "seeds"):
        return {"fit": [], "report": list(qids)}
    split = json.loads((ROOT / "bench" / "splits.json").read_text())[name]
    fit = set(split["fit"])
    return {"fit": [q for q in qids if q in fit], "report": [q for q in qids if q not in fit]}


def figures(qrels, run, ids, keep) -> tuple[float, float, float]:
    """R@1, R@5, MRR@10 (a passage holding a gold quote in the top k, as ``qa eval``)."""
    r1 = r5 = mrr = 0.0
    for q in keep:
        ranked = [ids[i] for i, _s in run[q][:10]]
        first = next((r for r, c in enumerate(ranked, 1) if qrels[q].get(c, 0) > 0), None)
        if first:
            r1, r5, mrr = r1 + (first == 1), r5 + (first <= 5), mrr + 1 / first
    n = max(len(keep), 1)
    return r1 / n, r5 / n, mrr / n


def rm3_run(index, counts, idf, bm25_rows, fused_rows, question_tokens, k: int, m: int, lam: float):
    """BM25's run with the ``m`` heaviest new terms of the ``k`` best fused passages added at weight
    ``lam`` (each passage's term shares weighed by its fused score, times idf; scores over every passage)."""
    weights: dict[int, float] = {}
    for c, score in fused_rows[:k]:
        a, b = counts.indptr[c], counts.indptr[c + 1]
        tf = np.asarray(counts.counts[a:b], dtype=np.float64)
        for t, x in zip(np.asarray(counts.indices[a:b]).tolist(), (tf / (tf.sum() or 1.0)).tolist()):
            weights[t] = weights.get(t, 0.0) + x * max(score, 1e-6)
    new = sorted(((v * idf[t], t) for t, v in weights.items() if counts.vocab[t] not in question_tokens), reverse=True)[:m]
    total = np.zeros(index.n_chunks)
    for c, score in bm25_rows:
        total[c] = (1 - lam) * score
    for v, t in new:
        scores = index.bm25.term_scores(counts.vocab[t])
        if scores is not None:
            total += lam * (v / new[0][0]) * scores
    order = np.argsort(-total, kind="stable")[:DEPTH]
    return [(int(c), float(total[c])) for c in order if total[c] > 0]


def measure(name: str, index_root: Path, rocchio: bool, rm3: bool = False, shares: bool = False) -> dict:
    from qa.answer import clean_question
    from qa.evaluation import load_questions
    from qa.evaluation.questionset import passage_qrels
    from qa.evaluation.runs import chunk_ids
    from qa.index import load_index
    from qa.index.incremental import old_terms
    from qa.search import BM25, SENTENCE_SHARE, BM25Params, bm25_run, corpus_weight, fuse, sentence_run, tokenize

    index = load_index(index_root / name.replace("-train", ""))
    qrels, _ = passage_qrels(index, load_questions(QUESTIONS[name]))
    texts = {q: clean_question(t) for q, t in ((q.id, q.question) for q in load_questions(QUESTIONS[name])) if q in qrels}
    qids, ids, w = list(texts), chunk_ids(index), corpus_weight(index)
    part = sides(name, qids)
    vec = dict(zip(qids, index.query_embedder().embed([texts[q] for q in qids])))
    base = {"bm25": {q: bm25_run(index, texts[q], DEPTH) for q in qids},
            "dense": {q: index.dense_top(vec[q], DEPTH) for q in qids}}
    base["sentence"] = {q: sentence_run(index, base["dense"][q], vec[q]) for q in qids}

    def default(runs, share=SENTENCE_SHARE):
        return {q: fuse({n: runs[n][q] for n in ("bm25", "dense", "sentence")}, "convex", w,
                        sentence_share=share) for q in qids}

    out = {}

    def score(label, runs, share=SENTENCE_SHARE):
        run = default(runs, share)
        out[label] = {side: figures(qrels, run, ids, keep) for side, keep in part.items() if keep}
        out[label]["bm25 alone"] = figures(qrels, runs["bm25"], ids, qids)

    score(f"index's own ({index.manifest['bm25']['k1']}, {index.manifest['bm25']['b']})", base)
    counts, own = old_terms(index), index.bm25
    for k1, b in GRID:
        index.bm25 = BM25.from_counts(counts, BM25Params(k1, b))
        score(f"k1 {k1} b {b}", {**base, "bm25": {q: bm25_run(index, texts[q], DEPTH) for q in qids}})
    index.bm25 = own
    if shares:
        for share in (0.6, 0.7, 0.9, 1.0):
            score(f"sentence share {share}", base, share)
    if rm3:
        df = np.bincount(np.asarray(counts.indices), minlength=len(counts.vocab))
        idf = np.log((index.n_chunks - df + 0.5) / (df + 0.5) + 1)
        fused = default(base)
        for k in (3, 5):
            for m in (10, 20):
                for lam in (0.2, 0.4):
                    runs = {**base, "bm25": {q: rm3_run(index, counts, idf, base["bm25"][q], fused[q],
                                                        set(tokenize(texts[q])), k, m, lam) for q in qids}}
                    score(f"rm3 k {k} m {m} weight {lam}", runs)
    if rocchio:
        fused = default(base)
        for source, first in (("dense", base["dense"]), ("fused", fused)):
            for k in (3, 5, 10):
                for beta in (0.25, 0.5, 1.0):
                    runs = {"bm25": base["bm25"], "dense": {}, "sentence": {}}
                    for q in qids:
                        fb = np.mean([np.asarray(index.vectors[i], dtype=np.float32) for i, _s in first[q][:k]], axis=0)
                        moved = vec[q] + beta * fb / (np.linalg.norm(fb) or 1.0)
                        moved = moved / (np.linalg.norm(moved) or 1.0)
                        runs["dense"][q] = index.dense_top(moved, DEPTH)
                        runs["sentence"][q] = sentence_run(index, runs["dense"][q], vec[q])
                    score(f"rocchio {source} k {k} beta {beta}", runs)
    index.release()
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index-root", type=Path, default=ROOT / "bench" / ".work" / "figures")
    ap.add_argument("--sets", default="squad2-train,manuals,policyqa,emanual,squad2,seeds")
    ap.add_argument("--rocchio", action="store_true")
    ap.add_argument("--rm3", action="store_true")
    ap.add_argument("--shares", action="store_true")
    args = ap.parse_args(argv)
    for name in args.sets.split(","):
        res = measure(name, args.index_root, args.rocchio, args.rm3, args.shares)
        print(f"## {name}\n\n| ranker | fitting R@1 / R@5 / MRR | reporting R@1 / R@5 / MRR | BM25 alone |\n|---|---|---|---|")
        for label, r in res.items():
            cells = [" / ".join(f"{x:.3f}" for x in r[s]) if s in r else "—" for s in ("fit", "report", "bm25 alone")]
            print(f"| {label} | " + " | ".join(cells) + " |")
        print(flush=True)


if __name__ == "__main__":
    main()
