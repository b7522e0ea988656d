"""Design lab for the per-corpus fusion choice (issue 26): every candidate rule, scored offline.

Needs the indexes and real-question runs ``bench/fusion_choice.py`` builds and caches (same --work).
For each set it caches pseudo-question runs per design, then scores each *rule* (pseudo-question
design + choice rule -> a fusion for the corpus) on the real questions' runs, split into the
fitting side (squad2 train, the fitting halves of manuals / policyqa / emanual: where designs are
chosen) and the reporting side (squad2 dev, reporting halves, seeds, SciFact: reported only).

    python bench/fusion_lab.py [--work DIR] [--sets ...] [--designs ...]

The rules and per-query weights are scored from its output by ``bench/fusion_rules.py``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fusion_choice as fcb  # noqa: E402  (bench/fusion_choice.py: indexes and real runs)

ROOT = Path(__file__).resolve().parent.parent
GRID = [round(0.1 * i, 1) for i in range(11)]


# -- real questions ------------------------------------------------------------------------
def squad_train_runs(index, work: Path):
    from qa.answer import clean_question
    from qa.evaluation import load_questions
    from qa.evaluation.questionset import passage_qrels
    from qa.evaluation.runs import chunk_ids, retriever_runs

    cache = work / f"squad2-train.{index.version.name}.runs.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    qs = load_questions(fcb.SHARED / "squad2" / "train.jsonl")
    qrels, _w = passage_qrels(index, qs)
    texts = {q.id: clean_question(q.question) for q in qs if q.id in qrels}
    ids = chunk_ids(index)
    raw = retriever_runs(index, texts, 100)
    stored = {r: {q: [(ids[i], s) for i, s in rows] for q, rows in runs.items()} for r, runs in raw.items()}
    out = (qrels, stored)
    cache.write_bytes(pickle.dumps(out))
    return out


def halves(name: str) -> tuple[set | None, set | None]:
    splits = json.loads((ROOT / "bench" / "splits.json").read_text())
    if name in splits:
        return set(splits[name]["fit"]), set(splits[name]["report"])
    return None, None


def real_sets(name: str, work: Path, index) -> dict:
    """{"fit": [(bm25, dense, relevant)], "report": [...], "full": [...]} per question."""
    qrels, stored, _b = fcb.stored_runs(name, index, work)

    def rows(qids):
        out = []
        for q in qids:
            rel = qrels[q]
            relevant = frozenset(i for i, g in rel.items() if g > 0)
            out.append((stored["bm25"].get(q, []), stored["dense"].get(q, []), relevant))
        return out

    fit, rep = halves(name)
    everything = sorted(qrels)
    res = {"full": rows(everything)}
    if name == "squad2":
        tq, ts = squad_train_runs(index, work)
        res["fit"] = [(ts["bm25"].get(q, []), ts["dense"].get(q, []), frozenset(i for i, g in tq[q].items() if g > 0))
                      for q in sorted(tq)]
        res["report"] = res["full"]
    elif fit is not None:
        res["fit"] = rows([q for q in everything if q in fit])
        res["report"] = rows([q for q in everything if q in rep])
    else:
        res["report"] = res["full"]
    return res


# -- fusion families, every query's first relevant rank ------------------------------------
def _norm(vals: np.ndarray, how: str) -> np.ndarray:
    if how == "minmax":
        span = vals.max() - vals.min()
        return (vals - vals.min()) / span if span > 0 else np.ones_like(vals)
    if how == "zscore":
        sd = vals.std()
        return (vals - vals.mean()) / sd if sd > 0 else np.zeros_like(vals)
    raise ValueError(how)


def first_ranks(rows, family: str, params: list, weights=None) -> np.ndarray:
    """[query, param] -> rank of the first relevant item (inf when none in the fused list).

    family: "convex-minmax" / "convex-zscore" (params: dense weights; missing items get the run's
    minimum), "rrf" (params: k), "perquery" (params: base weights; ``weights`` gives per-query shifts)."""
    out = np.full((len(rows), len(params)), np.inf)
    for qn, (bm25, dense, relevant) in enumerate(rows):
        items = sorted({i for i, _s in bm25} | {i for i, _s in dense}, key=str)
        rel = [k for k, i in enumerate(items) if i in relevant]
        if not rel:
            continue
        where = {i: k for k, i in enumerate(items)}
        n = len(items)
        if family == "rrf":
            rb, rd = np.full(n, np.inf), np.full(n, np.inf)
            for r, (i, _s) in enumerate(bm25, 1):
                rb[where[i]] = r
            for r, (i, _s) in enumerate(dense, 1):
                rd[where[i]] = r
            ks = np.asarray(params, dtype=np.float64)[:, None]
            fused = 1.0 / (ks + rb[None, :]) + 1.0 / (ks + rd[None, :])
        else:
            how = "zscore" if family.endswith("zscore") else "minmax"
            b, d = np.zeros(n), np.zeros(n)
            fill_b = fill_d = 0.0
            if bm25:
                v = _norm(np.asarray([s for _i, s in bm25], dtype=np.float64), how)
                fill_b = v.min() if how == "zscore" else 0.0
                b[:] = fill_b
                for (i, _s), x in zip(bm25, v):
                    b[where[i]] = x
            if dense:
                v = _norm(np.asarray([s for _i, s in dense], dtype=np.float64), how)
                fill_d = v.min() if how == "zscore" else 0.0
                d[:] = fill_d
                for (i, _s), x in zip(dense, v):
                    d[where[i]] = x
            ws = np.asarray(params, dtype=np.float64)
            if weights is not None:
                ws = np.clip(ws + weights[qn], 0.0, 1.0)
            ws = ws[:, None]
            fused = (1.0 - ws) * b[None, :] + ws * d[None, :]
        order = np.arange(n)
        best = np.full(len(params), np.inf)
        for k in rel:
            s = fused[:, k : k + 1]
            rank = 1 + ((fused > s) | ((fused == s) & (order < k))).sum(axis=1)
            best = np.minimum(best, rank)
        out[qn] = best
    return out


def metrics(ranks: np.ndarray) -> dict:
    """ranks: [query, param] -> {"R@1", "R@5", "MRR@10"}: arrays over params."""
    n = max(len(ranks), 1)
    return {"R@1": (ranks <= 1).sum(0) / n, "R@5": (ranks <= 5).sum(0) / n,
            "MRR@10": np.where(ranks <= 10, 1.0 / ranks, 0.0).sum(0) / n}


# -- pseudo-questions -----------------------------------------------------------------------
def pseudo_runs(name: str, index, work: Path, design: str):
    from qa.search import bm25_run

    cache = work / f"{name}.{index.version.name}.pseudo.{design}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    queries = lab_queries(index, **DESIGNS[design])
    vecs = index.query_embedder().embed([t for t, _r in queries]) if queries else []
    rows = [(bm25_run(index, t, 100), index.dense_top(v, 100), rel) for (t, rel), v in zip(queries, vecs)]
    cache.write_bytes(pickle.dumps(rows))
    return rows


def lab_queries(index, sample: int = 200, keep: float = 0.3, how: str = "random", rare: int = 2):
    """Pseudo-questions as qa.index.fusion_choice makes them (same sample of sentences), the words
    kept by ``how``: "random" (share ``keep``), "commonest" (share ``keep``, the rarest masked),
    "rare+random" (the ``rare`` rarest words and a random share ``keep`` of the others),
    "varied" (a random share in [0.2, 0.6]), "title+rare" (the document's title and the ``rare``
    rarest words), "drop-rare" (every word but the ``rare`` rarest: a sentence with its key words masked)."""
    import random as _random

    from qa.index import fusion_choice as fc

    base = fc.pseudo_queries(index, sample, keep=1.0)  # whole sentences, the module's sample
    rng = _random.Random(7)
    out = []
    for q in base:
        words = q.text.split()
        n = len(words)
        rar = sorted(range(n), key=lambda i: (fc.rarity(index, words[i]), rng.random()), reverse=True)
        if how == "random":
            kept = rng.sample(range(n), max(3, round(keep * n)))
        elif how == "varied":
            kept = rng.sample(range(n), max(3, round(rng.uniform(0.2, 0.6) * n)))
        elif how == "commonest":
            kept = rar[n - max(3, round(keep * n)):]
        elif how == "rare+random":
            rest = rar[rare:]
            kept = rar[:rare] + rng.sample(rest, min(len(rest), round(keep * len(rest))))
        elif how == "drop-rare":
            kept = rar[rare:]
        elif how == "title+rare":
            title = index.docs.meta[index.doc_idx(min(q.relevant))].title or ""
            out.append((" ".join([title] + [words[i] for i in sorted(rar[:max(rare, 2)])]), q.relevant))
            continue
        else:
            raise ValueError(how)
        out.append((" ".join(words[i] for i in sorted(kept)), q.relevant))
    return out


DESIGNS = {
    "keep30": {"keep": 0.3},
    "keep30x400": {"keep": 0.3, "sample": 400},
    "varied": {"how": "varied"},
    "commonest50": {"keep": 0.5, "how": "commonest"},
    "rare2+rand20": {"keep": 0.2, "how": "rare+random"},
    "rare3": {"keep": 0.0, "how": "rare+random", "rare": 3},
    "drop-rare2": {"how": "drop-rare"},
    "title+rare2": {"how": "title+rare"},
}


def main(argv=None) -> None:
    from qa.index import load_index

    p = argparse.ArgumentParser()
    p.add_argument("--work", type=Path, default=ROOT / "bench" / ".work" / "fusion")
    p.add_argument("--sets", default="squad2,manuals,policyqa,emanual,seeds,scifact")
    p.add_argument("--designs", default=",".join(DESIGNS))
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)
    summary = {}
    for name in args.sets.split(","):
        index = load_index(args.work / name) if name != "scifact" else fcb.index_for(name, args.work)
        entry = {}
        if name != "scifact":
            real = real_sets(name, args.work, index)
            for side, rows in real.items():
                for fam, params in FAMILIES.items():
                    m = metrics(first_ranks(rows, fam, params))
                    entry[f"real.{side}.{fam}"] = {k: [round(float(x), 4) for x in v] for k, v in m.items()}
                entry[f"n.{side}"] = len(rows)
        for design in args.designs.split(","):
            rows = pseudo_runs(name, index, args.work, design)
            for fam, params in FAMILIES.items():
                m = metrics(first_ranks(rows, fam, params))
                entry[f"pseudo.{design}.{fam}"] = {k: [round(float(x), 4) for x in v] for k, v in m.items()}
        index.release()
        summary[name] = entry
        print(name, "done", file=sys.stderr)
    out = args.out or args.work / "lab.json"
    out.write_text(json.dumps(summary, indent=0))


FAMILIES = {
    "convex-minmax": GRID,
    "convex-zscore": GRID,
    "rrf": [1, 5, 10, 20, 40, 60, 100],
}

if __name__ == "__main__":
    main()
