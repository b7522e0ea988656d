"""Lab (issue 26, session 17): can a fitted reranker of the default ranking's top 30 passages beat it?

Each of the default's (hybrid, the corpus's own weight, sentence evidence) top 30 passages gets 15
declared features: its fused score and rank, BM25's rank and score, the passage's and its best
sentence's cosine (and their gaps to the best), the idf share of the question's terms in the passage,
in its title / heading / file name and in either, the largest idf left out, and its length.  A
logistic regression (standardised, each fitting domain weighing the same) is fitted on the fitting
side (squad2 ``train.jsonl`` and the fitting halves, ``bench/splits.json``) and scored left out
(a domain fitted without) and on the reporting side (squad2 dev, reporting halves, the seeds and the
held-out debian_docs).  Questions whose gold passage is not in the top 30 are left out (the same for
every ranker).  Result and verdict: docs/retrieval.md, "Session 17".

    python bench/passage_rerank_lab.py [--work DIR] [--C 1.0] [--features fused,cov,...]

Indexes and runs come from ``bench/fusion_choice.py``'s cache in ``--work``; features are cached
there too (``rerank.<set>.pkl``).
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fusion_choice as fcb  # noqa: E402
import fusion_lab as fl  # noqa: E402

TOP = 30
NAMES = ["fused", "fused_rel", "log_rank", "log_bm25_rank", "bm25_rel", "dense", "dense_gap", "sent", "sent_gap",
         "cov", "cov_meta", "cov_all", "miss_idf", "log_len", "is_top"]
FIT = ["squad2", "manuals", "policyqa", "emanual"]
REPORT = FIT + ["seeds", "debian_docs"]
fcb.SETS.setdefault("debian_docs", (fcb.ROOT / "bench/data/debian_docs/corpus",
                                    fcb.ROOT / "bench/data/debian_docs/questions.jsonl"))


def features(index, texts, runs, qrels, w) -> dict:
    """{question id: (features of the top passages, labels, chunk ids)}."""
    from qa.evaluation.runs import chunk_ids
    from qa.search import SENTENCE_SHARE, fuse
    from qa.search.best_sentence import best_sentence_scores
    from qa.search.tokenize import tokenize

    ids = chunk_ids(index)
    pos = {c: i for i, c in enumerate(ids)}
    n = index.n_chunks
    qids = [q for q in texts if q in runs["bm25"]]
    embedder, vecs = index.query_embedder(), {}
    for at in range(0, len(qids), 64):
        part = qids[at:at + 64]
        vecs.update(zip(part, (np.asarray(v, np.float32) for v in embedder.embed([texts[q] for q in part]))))
    out = {}
    for q in qids:
        top = fuse({r: runs[r][q] for r in ("bm25", "dense", "sentence")}, "convex", w,
                   sentence_share=SENTENCE_SHARE)[:TOP]
        if not top:
            continue
        cand = np.array([pos[c] for c, _ in top])
        fs = np.array([s for _, s in top])
        brank = {c: r for r, (c, _) in enumerate(runs["bm25"][q], 1)}
        bsc = dict(runs["bm25"][q])
        btop = runs["bm25"][q][0][1] if runs["bm25"][q] else 1.0
        dcos = index.vectors.dot(vecs[q], cand)
        scos = best_sentence_scores(index.sentence_vectors, index.chunk_rows, cand, vecs[q])
        cols = []
        for t in dict.fromkeys(tokenize(texts[q])):
            ts = index.bm25.term_scores(t)
            if ts is None:
                cols.append((t, 0.0, None))
                continue
            df = int((ts > 0).sum())
            cols.append((t, math.log((n - df + 0.5) / (df + 0.5) + 1), ts[cand] > 0))
        tot = sum(c[1] for c in cols) or 1.0
        maxidf = max([c[1] for c in cols] + [1e-9])
        rows = []
        for j, (c, s) in enumerate(top):
            p = int(cand[j])
            meta = index.docs.meta[index.doc_idx(p)]
            chunk = index.chunk(p)
            said = set(tokenize(f"{meta.title} {meta.section_at(chunk.start) or ''} {os.path.basename(meta.id)}"))
            inp = [c[2] is not None and bool(c[2][j]) for c in cols]
            inm = [c[0] in said for c in cols]
            share = lambda keep: sum(c[1] for c, k in zip(cols, keep) if k) / tot  # noqa: E731
            miss = max([c[1] for c, x, y in zip(cols, inp, inm) if not (x or y)] + [0.0]) / maxidf
            rows.append([s, s / (fs[0] or 1), math.log(j + 1), math.log(brank.get(c, 101)), bsc.get(c, 0.0) / (btop or 1),
                         float(dcos[j]), float(dcos[j] - dcos.max()), float(scos[j]), float(scos[j] - scos.max()),
                         share(inp), share(inm), share([x or y for x, y in zip(inp, inm)]), miss,
                         math.log(1 + len(chunk.text.split())), float(j == 0)])
        rel = {i for i, g in qrels[q].items() if g > 0}
        out[q] = (np.array(rows, np.float32), np.array([int(c in rel) for c, _ in top]), [c for c, _ in top])
    return out


def set_features(name: str, work: Path) -> dict:
    cache = work / f"rerank.{name}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from qa.answer import clean_question
    from qa.evaluation import load_questions
    from qa.search import corpus_weight

    index = fcb.index_for(name, work)
    w = corpus_weight(index)
    qrels, stored, _ = fcb.stored_runs(name, index, work)
    texts = {q.id: clean_question(q.question) for q in load_questions(fcb.SETS[name][1]) if q.id in qrels}
    data = {"report": features(index, texts, stored, qrels, w)}
    fit, rep = fl.halves(name)
    if name == "squad2":
        tq, ts = fl.squad_train_runs(index, work)
        tt = {q.id: clean_question(q.question) for q in load_questions(fcb.SHARED / "squad2" / "train.jsonl") if q.id in tq}
        data["fit"] = features(index, tt, ts, tq, w)
    elif fit:
        data["fit"] = {q: v for q, v in data["report"].items() if q in fit}
        data["report"] = {q: v for q, v in data["report"].items() if q in rep}
    cache.write_bytes(pickle.dumps(data))
    return data


def fitted(data: dict, sets, use, C: float):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    X, y, w = [], [], []
    for name in sets:
        qs = [v for v in data[name]["fit"].values() if v[1].sum()]
        for X_, y_, _ in qs:
            X.append(X_[:, use]); y.append(y_); w.append(np.full(len(y_), 1000.0 / len(qs) / len(y_)))
    X, y, w = np.vstack(X), np.concatenate(y), np.concatenate(w)
    scaler = StandardScaler().fit(X)
    model = LogisticRegression(C=C, max_iter=2000).fit(scaler.transform(X), y, sample_weight=w)
    return (lambda Z: model.decision_function(scaler.transform(Z[:, use]))), model


def hits(qs: dict, score=None) -> tuple[int, int, int]:
    """(R@1, R@5, questions) over the questions whose gold passage is in the top 30."""
    r1 = r5 = n = 0
    for X_, y_, _ in qs.values():
        if y_.sum():
            order = np.argsort(-score(X_), kind="stable") if score else np.arange(len(y_))
            n, r1, r5 = n + 1, r1 + int(y_[order[0]]), r5 + int(y_[order[:5]].max())
    return r1, r5, n


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=fcb.ROOT / "bench" / "work" / "fusion")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--features", default=",".join(NAMES))
    args = ap.parse_args(argv)
    use = [NAMES.index(f) for f in args.features.split(",")]
    data = {name: set_features(name, args.work) for name in REPORT}
    full, model = fitted(data, FIT, use, args.C)
    print("weights", {NAMES[i]: round(float(c), 2) for i, c in zip(use, model.coef_[0])})
    print("set          side    default R@1/R@5   left out R@1/R@5   all fitted R@1/R@5   questions")
    for name in REPORT:
        left = fitted(data, [s for s in FIT if s != name], use, args.C)[0]
        for side in ("fit", "report") if name in FIT else ("report",):
            qs = data[name][side]
            (b1, b5, n), (l1, l5, _), (f1, f5, _) = hits(qs), hits(qs, left), hits(qs, full)
            print(f"{name:12s} {side:7s} {b1:5d} / {b5:4d}       {l1:5d} / {l5:4d}        {f1:5d} / {f5:4d}        {n}")


if __name__ == "__main__":
    main()
