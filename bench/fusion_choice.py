"""The fusion chosen per corpus (issue 26) against bm25, dense and the fixed 0.6 hybrid, on every shared set.

For each set: build (or update) its index with today's code in <work>/<set>, run both retrievers once
per question (100 deep; SciFact 1,000, documents scored by their best passage), then score from the
stored runs: bm25, dense, rrf, convex at every dense weight 0..1, ``corpus`` (the weight the build
chose for the corpus, from the index's manifest) and the default (that weight with the dense
passages' best sentences: ``qa.search.best_sentence``).  Question sets: R@1/R@5 = a passage holding a
gold quote in the top 1/5 (as ``qa eval``); SciFact: nDCG@10 and R@5 by ir-measures.  ``--variants``
also asks each corpus with other pseudo-question designs (what was tried: docs/retrieval.md).

    python bench/fusion_choice.py [--work DIR] [--sets seeds,squad2,...] [--variants] [--cost]

``--cost``: the choice's time against a full build of 1,000 SciFact abstracts (two rounds).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QA_SHARED", "/work/shared"))
SETS = {
    "seeds": (SHARED / "seeds", ROOT / "seeds" / "questions.jsonl"),
    "squad2": (SHARED / "squad2" / "corpus", SHARED / "squad2" / "questions.jsonl"),
    "manuals": (SHARED / "manuals" / "corpus", SHARED / "manuals" / "questions.jsonl"),
    "policyqa": (SHARED / "policyqa" / "corpus", SHARED / "policyqa" / "questions.jsonl"),
    "emanual": (SHARED / "emanual" / "corpus", SHARED / "emanual" / "questions.jsonl"),
    "scifact": (SHARED / "beir" / "scifact", None),
}
GRID = [round(0.1 * i, 1) for i in range(11)]


def index_for(name: str, work: Path, rebuild: bool = False):
    from qa.index import build_index, load_index

    corpus, _ = SETS[name]
    if name == "scifact":
        from qa.evaluation import beir_index, load_beir

        return beir_index(load_beir(corpus), work / name, rebuild=rebuild)
    build_index(corpus, work / name, rebuild=rebuild)
    return load_index(work / name)


def stored_runs(name: str, index, work: Path):
    """(qrels, bm25 and dense runs per question): cached per index version."""
    from qa.evaluation.runs import retriever_runs

    cache = work / f"{name}.{index.version.name}.runs2.pkl"  # runs2: with the "sentence" run
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    if name == "scifact":
        import numpy as np

        from qa.evaluation import load_beir
        from qa.evaluation.beir import document_runs

        data = load_beir(SETS[name][0])
        stored = document_runs(retriever_runs(index, data.queries, 1000, RETRIEVERS), np.asarray(index.chunk_rows[:, 0]))
        ids = [m.id for m in index.docs.meta]
        stored = {r: {q: [(ids[d], s) for d, s in rows] for q, rows in runs.items()} for r, runs in stored.items()}
        out = (dict(data.qrels), stored, [])
    else:
        from qa.answer import clean_question
        from qa.evaluation import load_questions
        from qa.evaluation.questionset import passage_qrels
        from qa.evaluation.runs import chunk_ids

        qs = load_questions(SETS[name][1])
        qrels, warnings = passage_qrels(index, qs)
        texts = {q.id: clean_question(q.question) for q in qs if q.id in qrels}
        ids = chunk_ids(index)
        raw = retriever_runs(index, texts, 100, RETRIEVERS)
        stored = {r: {q: [(ids[i], s) for i, s in rows] for q, rows in runs.items()} for r, runs in raw.items()}
        golds = sum(len(q.relevant) for q in qs if q.id in qrels)
        out = (qrels, stored, [len(warnings), golds])
    cache.write_bytes(pickle.dumps(out))
    return out


def reporting_half(name: str) -> set | None:
    """The question ids of ``name``'s reporting half (bench/splits.json: split by document), if it has one."""
    splits = json.loads((ROOT / "bench" / "splits.json").read_text())
    return set(splits[name]["report"]) if name in splits else None


RETRIEVERS = ("bm25", "dense", "sentence")


def fused(stored, fusion: str, w: float = 0.6, sentences: bool = False):
    """One ranker's runs from the stored ones; ``sentences``: the default's best-sentence evidence."""
    from qa.search import SENTENCE_SHARE, fuse

    if fusion in ("bm25", "dense"):
        return stored[fusion]
    names = ("bm25", "dense", "sentence") if sentences else ("bm25", "dense")
    share = SENTENCE_SHARE if sentences else 0.0
    return {q: fuse({n: stored[n][q] for n in names}, fusion, w, sentence_share=share) for q in stored["bm25"]}


def scores(name: str, qrels, run) -> dict:
    """R@1, R@5, MRR@10 (question sets: Success@k) and, for SciFact, nDCG@10 by ir-measures."""
    if name == "scifact":
        from qa.evaluation.metrics import score_run

        mean, _ = score_run(qrels, {q: rows[:100] for q, rows in run.items()}, "beir", 100)
        return {"R@1": mean["R@1"], "R@5": mean["R@5"], "MRR@10": mean["MRR@10"], "nDCG@10": mean["nDCG@10"]}
    n = len(qrels)
    r1 = r5 = mrr = 0.0
    for q, rel in qrels.items():
        ranked = [i for i, _s in run.get(q, [])[:10]]
        first = next((r for r, i in enumerate(ranked, 1) if rel.get(i, 0) > 0), None)
        if first:
            r1 += first == 1
            r5 += first <= 5
            mrr += 1.0 / first
    return {"R@1": r1 / n, "R@5": r5 / n, "MRR@10": mrr / n}


def variants(index) -> dict:
    """For each pseudo-question design: its MRR@10 per dense weight, the weight each tolerance picks,
    and its seconds (what was tried: docs/retrieval.md)."""
    from qa.index import fusion_choice as fc

    out = {}
    for label, kw in VARIANTS.items():
        t = time.perf_counter()
        choice = fc.choose_fusion(index, **kw)
        seconds = round(time.perf_counter() - t, 2)
        picks = {tol: fc.best_weight(choice.scores, tol) for tol in TOLERANCES} if choice.scores else {}
        out[label] = {"picks": picks, "seconds": seconds, "queries": choice.queries,
                      "scores": {f"{w:g}": round(v, 4) for w, v in choice.scores.items()}}
    return out


VARIANTS = {
    "keep 0.3": {"keep": 0.3},
    "keep 0.5": {"keep": 0.5},
    "rare-masked 0.5": {"keep": 0.5, "mask": "rare"},
    "keep 0.3, 400": {"keep": 0.3, "sample": 400},
}
TOLERANCES = (0.0, 0.02, 0.05, 0.08, 0.12)


def table(rows: list[dict]) -> str:
    cols = ["set", "metric", "bm25", "dense", "rrf", "0.6", "corpus", "default", "w", "best fixed (w)", "target", "boundary"]
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        out.append("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")
    return "\n".join(out)


def met(res: dict, m: str) -> str:
    """Issue 26's target for one metric: R@5 of the default at least the best of bm25 / dense / fixed
    0.6; R@1 within 0.01 of it."""
    best = max(res[k][m] for k in ("bm25", "dense", "0.6"))
    slack = 0.01 if m == "R@1" else 0.0
    return "" if m not in ("R@1", "R@5") else ("met" if res["default"][m] >= best - slack - 1e-9 else "missed")


def measure(name: str, work: Path, rebuild: bool, with_variants: bool) -> tuple[list[dict], dict]:
    index = index_for(name, work, rebuild)
    choice = index.manifest.get("fusion") or {}
    w_star = float(choice.get("dense_weight", 0.6))
    qrels, stored, boundary = stored_runs(name, index, work)
    res = {"bm25": scores(name, qrels, stored["bm25"]), "dense": scores(name, qrels, stored["dense"]),
           "rrf": scores(name, qrels, fused(stored, "rrf")),
           "corpus": scores(name, qrels, fused(stored, "convex", w_star)),
           "default": scores(name, qrels, fused(stored, "convex", w_star, sentences=True))}
    grid = {w: scores(name, qrels, fused(stored, "convex", w)) for w in GRID}
    res["0.6"] = grid[0.6]
    metrics = ["R@1", "R@5", "MRR@10"] + (["nDCG@10"] if name == "scifact" else [])
    rows = []
    report_ids = reporting_half(name)
    if report_ids is not None:  # the same figures on the reporting half (fitting halves: design only)
        half = {q: r for q, r in qrels.items() if q in report_ids}
        hgrid = {w: scores(name, half, fused(stored, "convex", w)) for w in GRID}
        hres = {"bm25": scores(name, half, stored["bm25"]), "dense": scores(name, half, stored["dense"]),
                "0.6": hgrid[0.6], "corpus": scores(name, half, fused(stored, "convex", w_star)),
                "default": scores(name, half, fused(stored, "convex", w_star, sentences=True))}
        for m in ("R@1", "R@5"):
            best_w = max(GRID, key=lambda w: (hgrid[w][m], -abs(w - 0.6)))
            rows.append({"set": f"{name} (reporting half, {len(half)} q.)", "metric": m,
                         **{k: f"{v[m]:.3f}" for k, v in hres.items()}, "w": f"{w_star:g}",
                         "best fixed (w)": f"{hgrid[best_w][m]:.3f} ({best_w:g})", "target": met(hres, m)})
        extra_half = {"n": len(half), "res": hres, "grid": {f"{w:g}": hgrid[w] for w in GRID}}
    else:
        extra_half = None
    for m in metrics:
        best_w = max(GRID, key=lambda w: (grid[w][m], -abs(w - 0.6)))
        rows.append({"set": name, "metric": m, **{k: f"{v[m]:.3f}" for k, v in res.items()}, "w": f"{w_star:g}",
                     "best fixed (w)": f"{grid[best_w][m]:.3f} ({best_w:g})", "target": met(res, m),
                     "boundary": f"{boundary[0]}/{boundary[1]}" if boundary and m == "R@1" else ""})
    extra = {"choice": choice, "grid": {f"{w:g}": grid[w] for w in GRID}, "passages": index.n_chunks,
             "res": res, "reporting_half": extra_half}
    if with_variants:
        extra["variants"] = variants(index)
    index.release()
    return rows, extra


def cost(work: Path, n_docs: int = 1000, rounds: int = 2) -> dict:
    """A full build of ``n_docs`` SciFact abstracts, and the choice's share of it: the build's own hook
    (``choose_for_build``: open the new version, load the query encoder, ask, score) timed again on
    the published version.  Wall and CPU seconds (the CPU figure is steadier on a shared machine)."""
    from qa.index import build_index, read_manifest
    from qa.index.fusion_choice import choose_for_build

    src = work / f"scifact-{n_docs}" / "corpus.jsonl"
    src.parent.mkdir(parents=True, exist_ok=True)
    if not src.exists():
        with gzip.open(SETS["scifact"][0] / "corpus.jsonl.gz", "rt", encoding="utf-8") as fh:
            src.write_text("".join(next(fh) for _ in range(n_docs)), encoding="utf-8")
    target = work / f"scifact-{n_docs}-index"
    out = []
    for _ in range(rounds):
        t, c = time.perf_counter(), time.process_time()
        build_index(src, target, rebuild=True)
        build_wall, build_cpu = time.perf_counter() - t, time.process_time() - c
        version, manifest = read_manifest(target)
        t, c = time.perf_counter(), time.process_time()
        again = choose_for_build(target, version, manifest)
        choice_wall, choice_cpu = time.perf_counter() - t, time.process_time() - c
        assert again == manifest["fusion"], "the choice is not deterministic"
        out.append({"build_wall": round(build_wall, 2), "build_cpu": round(build_cpu, 2),
                    "choice_wall": round(choice_wall, 2), "choice_cpu": round(choice_cpu, 2),
                    "share_wall": round(choice_wall / build_wall, 3), "share_cpu": round(choice_cpu / build_cpu, 3),
                    "dense_weight": manifest["fusion"]["dense_weight"]})
    return {"rounds": out, "loadavg": os.getloadavg()}


def main(argv=None) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--work", type=Path, default=ROOT / "bench" / ".work" / "fusion")
    p.add_argument("--sets", default=",".join(SETS))
    p.add_argument("--rebuild", action="store_true")
    p.add_argument("--variants", action="store_true")
    p.add_argument("--cost", action="store_true")
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows, details = [], {}
    for name in args.sets.split(","):
        r, extra = measure(name, args.work, args.rebuild, args.variants)
        rows.extend(r)
        details[name] = extra
        print(table(r), file=sys.stderr)
        if args.variants:
            print(name, {k: v["picks"] for k, v in extra["variants"].items()}, file=sys.stderr)
    if args.cost:
        details["cost"] = cost(args.work)
    (args.work / "latest.json").write_text(json.dumps(details, indent=1, default=str))
    print(table(rows))
    if args.cost:
        print(json.dumps(details["cost"]))


if __name__ == "__main__":
    main()
