"""Design lab for a better first-stage ranker (issue 26): signals beyond the plain BM25 and dense runs.

Needs the indexes and real-question runs ``bench/fusion_choice.py`` builds and caches (same --work),
and squad2's train runs (``bench/fusion_lab.py``).  For every question it keeps, over the union of
the two runs (BM25 top 100 and dense top 100), each candidate passage's min-max BM25 and dense
scores (as ``qa.search.fuse`` normalises them), its raw passage cosine, and its best sentence's
cosine to the question (the index's stored late-chunked sentence vectors: the max over the
passage's sentence rows).  Rankers built from these are then scored on the fitting side (squad2
train, the fitting halves of manuals / policyqa / emanual: where designs are chosen) and the
reporting side (squad2 dev, reporting halves, full sets, seeds: reported only).

    python bench/sentence_lab.py [--work DIR] [--sets ...] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fusion_choice as fcb  # noqa: E402
import fusion_lab as lab  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


# -- features ------------------------------------------------------------------------------
def _minmax(vals: np.ndarray) -> np.ndarray:
    span = vals.max() - vals.min()
    return (vals - vals.min()) / span if span > 0 else np.ones_like(vals)


def best_sentence(index, passages: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The largest cosine between ``q`` and a stored sentence row of each passage."""
    rows = np.asarray(index.chunk_rows[passages])
    lo, hi = rows[:, 3].astype(np.int64), rows[:, 4].astype(np.int64)
    lens = np.maximum(hi - lo, 0)
    flat = np.concatenate([np.arange(a, b) for a, b in zip(lo, hi)]) if lens.sum() else np.zeros(0, np.int64)
    sims = index.sentence_vectors.dot(q, flat) if len(flat) else np.zeros(0, np.float32)
    out = np.full(len(passages), -1.0)
    at = 0
    for k, n in enumerate(lens):
        if n:
            out[k] = float(sims[at:at + n].max())
        at += n
    return out


def features(index, bm25, dense, q: np.ndarray, where: dict) -> dict:
    """Per candidate (the union of both runs): passage number, normalised bm25 / dense (0 when
    absent, as ``fuse_convex``), raw passage cosine ``p`` and best-sentence cosine ``s``."""
    ids = sorted({where[i] for i, _s in bm25} | {where[i] for i, _s in dense})
    pos = {i: k for k, i in enumerate(ids)}
    n = len(ids)
    b, d = np.zeros(n), np.zeros(n)
    if bm25:
        for (i, _s), x in zip(bm25, _minmax(np.asarray([s for _i, s in bm25], np.float64))):
            b[pos[where[i]]] = x
    if dense:
        for (i, _s), x in zip(dense, _minmax(np.asarray([s for _i, s in dense], np.float64))):
            d[pos[where[i]]] = x
    arr = np.asarray(ids, dtype=np.int64)
    p = index.vectors.dot(q, arr).astype(np.float64) if n else np.zeros(0)
    s = best_sentence(index, arr, q) if n else np.zeros(0)
    in_d = np.zeros(n, bool)
    for i, _s in dense:
        in_d[pos[where[i]]] = True
    return {"ids": arr, "b": b, "d": d, "p": p, "s": s, "in_d": in_d}


def question_texts(name: str) -> dict:
    from qa.answer import clean_question
    from qa.evaluation import load_questions

    path = fcb.SHARED / "squad2" / "train.jsonl" if name == "squad2-train" else fcb.SETS[name][1]
    return {q.id: clean_question(q.question) for q in load_questions(path)}


def heading_bm25(index):
    """BM25 over what the index's BM25 reads plus, for each passage, the section heading in effect
    at its start when the passage does not hold it (candidate 2)."""
    from qa.search import BM25, TermCounts, tokenize

    tc = TermCounts.load(index.version / "bm25", mmap=False)
    rows, added = [], 0
    for i in range(index.n_chunks):
        row = tc.row(i)
        d, start, end = (int(x) for x in np.asarray(index.chunk_rows[i, :3]))
        head = index.docs.meta[d].section_at(start)
        if head and head not in index.docs.text(d)[start:end]:
            added += 1
            for t in tokenize(head):
                row[t] = row.get(t, 0) + 1
        rows.append(row)
    print(f"headings added to {added} of {index.n_chunks} passages", file=sys.stderr)
    return BM25.from_counts(TermCounts.from_counters(rows))


def heading_runs(index, texts: dict, ids: list) -> dict:
    from qa.search.aliases import query_concepts

    bm = heading_bm25(index)
    out = {}
    for q, t in texts.items():
        plain, concepts = query_concepts(t)
        out[q] = [(ids[i], s) for i, s in bm.top(plain, 100, None, concepts)]
    return out


def feature_rows(name: str, index, work: Path, variant: str = "") -> dict:
    """{"fit": [...], "report": [...], "full": [...]}: (features, relevant passage numbers) per question.
    ``variant`` "head": BM25 runs from ``heading_bm25`` instead of the index's."""
    cache = work / f"{name}.{index.version.name}.sentfeat{variant}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from qa.evaluation.runs import chunk_ids

    ids = chunk_ids(index)
    where = {c: i for i, c in enumerate(ids)}
    qrels, stored, _b = fcb.stored_runs(name, index, work)
    sources = {"full": (qrels, stored, question_texts(name))}
    if name == "squad2":
        tq, ts = lab.squad_train_runs(index, work)
        sources["train"] = (tq, ts, question_texts("squad2-train"))
    emb = index.query_embedder()
    per = {}
    for key, (qr, st, texts) in sources.items():
        qids = sorted(qr)
        if variant == "head":
            st = {"bm25": heading_runs(index, {q: texts[q] for q in qids}, ids), "dense": st["dense"]}
        vecs = emb.embed([texts[q] for q in qids]) if qids else []
        rows = {}
        for q, v in zip(qids, vecs):
            f = features(index, st["bm25"].get(q, []), st["dense"].get(q, []), np.asarray(v, np.float32), where)
            rel = frozenset(where[i] for i, g in qr[q].items() if g > 0)
            rows[q] = (f, rel)
        per[key] = rows
    fit, rep = lab.halves(name)
    full = per["full"]
    out = {"full": [full[q] for q in sorted(full)]}
    if name == "squad2":
        out["fit"] = [per["train"][q] for q in sorted(per["train"])]
        out["report"] = out["full"]
    elif fit is not None:
        out["fit"] = [full[q] for q in sorted(full) if q in fit]
        out["report"] = [full[q] for q in sorted(full) if q in rep]
    else:
        out["report"] = out["full"]
    cache.write_bytes(pickle.dumps(out))
    return out


def pseudo_rows(name: str, index, work: Path) -> list:
    """The build's pseudo-questions (``qa.index.fusion_choice.pseudo_queries``), as feature rows."""
    cache = work / f"{name}.{index.version.name}.sentpseudo.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from qa.index import fusion_choice as fc
    from qa.search import bm25_run

    queries = fc.pseudo_queries(index)
    vecs = fc.embed_queries(index, [q.text for q in queries])
    dense = index.dense_top_many(vecs, fc.DEPTH)
    where = {i: i for i in range(index.n_chunks)}
    rows = [(features(index, bm25_run(index, q.text, fc.DEPTH), d, np.asarray(v, np.float32), where), q.relevant)
            for q, d, v in zip(queries, dense, vecs)]
    cache.write_bytes(pickle.dumps(rows))
    return rows


def choice(rows, tolerance: float = 0.08, **kw) -> tuple[float, dict]:
    """The build's rule (largest weight within ``tolerance`` of the best MRR@10) for a ranker family."""
    scores = {w: metrics(rows, w=w, **kw)["MRR@10"] for w in W}
    top = max(scores.values())
    return max(w for w, sc in scores.items() if sc >= top * (1 - tolerance)), scores


# -- rankers -------------------------------------------------------------------------------
def first_rank(score: np.ndarray, ids: np.ndarray, rel: frozenset) -> float:
    """1-based rank of the first relevant candidate; ties by passage number (as qa's fusion)."""
    hit = [k for k, i in enumerate(ids) if i in rel]
    if not hit:
        return np.inf
    best = np.inf
    for k in hit:
        rank = 1 + int(((score > score[k]) | ((score == score[k]) & (ids < ids[k]))).sum())
        best = min(best, rank)
    return best


def ranker(f: dict, kind: str, w: float, a: float = 1.0, c: float = 0.0, n: int = 50) -> np.ndarray:
    """Scores over the candidates.

    base: (1-w) b + w d (qa's convex fusion);
    dmix: the dense side is a*d + (1-a)*minmax over the dense run's items of s (0 when absent);
    dunion: the dense side is minmax over the union of a*p + (1-a)*s;
    rerank: base, then its top ``n`` re-scored (1-c) fused + c minmax_topn(s), above the rest."""
    b, d = f["b"], f["d"]
    if kind == "base":
        return (1 - w) * b + w * d
    if kind == "dmix":
        s = np.zeros_like(d)
        m = f["in_d"]
        if m.any():
            s[m] = _minmax(f["s"][m])
        return (1 - w) * b + w * (a * d + (1 - a) * s)
    if kind == "dunion":
        dd = _minmax(a * f["p"] + (1 - a) * f["s"]) if len(b) else d
        return (1 - w) * b + w * dd
    if kind == "rerank":
        fused = (1 - w) * b + w * d
        order = np.lexsort((f["ids"], -fused))[:n]
        out = fused.copy() - 10.0
        top = fused[order]
        out[order] = 10.0 + (1 - c) * top + c * _minmax(f["s"][order])
        return out
    raise ValueError(kind)


def metrics(rows, **kw) -> dict:
    ranks = np.asarray([first_rank(ranker(f, **kw), f["ids"], rel) for f, rel in rows]) if rows else np.zeros(0)
    n = max(len(ranks), 1)
    return {"R@1": float((ranks <= 1).sum() / n), "R@5": float((ranks <= 5).sum() / n),
            "MRR@10": float(np.where(ranks <= 10, 1.0 / ranks, 0.0).sum() / n)}


def target(m: dict, refs: list[dict]) -> bool:
    best5 = max(r["R@5"] for r in refs)
    best1 = max(r["R@1"] for r in refs)
    return m["R@5"] >= best5 - 1e-9 and m["R@1"] >= best1 - 0.01 - 1e-9


W = [round(0.1 * i, 1) for i in range(11)]
A = [1.0, 0.8, 0.6, 0.5, 0.4, 0.2, 0.0]
C = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]


def main(argv=None) -> None:
    from qa.index import load_index

    p = argparse.ArgumentParser()
    p.add_argument("--work", type=Path, default=ROOT / "bench" / ".work" / "fusion")
    p.add_argument("--sets", default="squad2,manuals,policyqa,emanual,seeds")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--variant", default="", help='"head": BM25 with the section heading in effect')
    args = p.parse_args(argv)
    out = {}
    for name in args.sets.split(","):
        index = load_index(args.work / name)
        w_star = float((index.manifest.get("fusion") or {}).get("dense_weight", 0.6))
        sides = feature_rows(name, index, args.work, args.variant)
        entry = {"w_star": w_star, "n": {k: len(v) for k, v in sides.items()}}
        pseudo = pseudo_rows(name, index, args.work)
        entry["choice"] = {"base": choice(pseudo, kind="base")}
        for a in A[1:]:
            entry["choice"][f"dmix a={a}"] = choice(pseudo, kind="dmix", a=a)
        for c in C[1:]:
            entry["choice"][f"rerank c={c}"] = choice(pseudo, kind="rerank", c=c)
        print(name, {k: v[0] for k, v in entry["choice"].items()}, file=sys.stderr)
        for side, rows in sides.items():
            e = {"bm25": metrics(rows, kind="base", w=0.0), "dense": metrics(rows, kind="base", w=1.0)}
            for w in W:
                e[f"base w={w}"] = metrics(rows, kind="base", w=w)
                for a in A[1:]:
                    e[f"dmix w={w} a={a}"] = metrics(rows, kind="dmix", w=w, a=a)
                    e[f"dunion w={w} a={a}"] = metrics(rows, kind="dunion", w=w, a=a)
                e[f"dunion w={w} a=1.0"] = metrics(rows, kind="dunion", w=w, a=1.0)
                for c in C[1:]:
                    e[f"rerank w={w} c={c}"] = metrics(rows, kind="rerank", w=w, c=c)
            entry[side] = e
        index.release()
        out[name] = entry
        print(name, "done", file=sys.stderr)
    path = args.out or args.work / f"sentence_lab{args.variant}.json"
    path.write_text(json.dumps(out, indent=0))


if __name__ == "__main__":
    main()
