"""Are the ANN tuning's probes at least as hard as questions?  Recall@10 (re-scored, as searches do)
of several probe families and of question-like queries, at several efSearch values, on one graph.

    python bench/probe_hardness.py --index bench/.work/hybrid-1000000 [--ef 256,362,512,558,724]
    python bench/probe_hardness.py --made-up random|embedding-like [--n 20000]
    python bench/probe_hardness.py --real INDEX_DIR --questions FILE.jsonl   (MiniLM passages + questions)

Nothing is written into an index: its graph is read memory-mapped.  Query sets: ``--index``: synth
questions drawn with *fitting* seeds (31/33), and the bench's own (11/13, held out: reported, never
fitted to); ``--made-up``: independent queries of the same kind; ``--real``: the questions encoded
by the index's own encoder.  Probe families: ``probe_queries`` at push weights (1 = the pre-session-12
probes, "inf" = the push alone), and the tuning's current probes (``dense.probe_queries``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402


def graph_of(folder: Path):
    import faiss

    meta = json.loads((folder / "ann.json").read_text(encoding="utf-8"))
    kind = meta["kind"].split("-")[0]
    faiss.omp_set_num_threads(1)
    flags = faiss.IO_FLAG_MMAP_IFC if kind == "hnsw" else faiss.IO_FLAG_MMAP
    return faiss.read_index(str(folder / meta["file"]), flags), kind, meta


def families(vectors, n: int, seed: int = 1) -> dict:
    """The tuning's two sets (as ``tune_setting`` makes them, seed + 1 = 1) and other candidates."""
    from qa.search.recall import probe_queries, tuning_probes, unit_rows

    out = {f"tuning: {k}": v for k, v in tuning_probes(vectors, n, seed).items()}
    out.update({f"push {w}": probe_queries(vectors, n, seed, push=w) for w in (1.25, 1.5, 1.75, 2.0, float("inf"))})
    rng = np.random.default_rng(seed)
    for m in (16, 64):
        rows = rng.choice(len(vectors), size=(n, m))
        signs = rng.choice([-1.0, 1.0], size=(n, m, 1))
        out[f"signed sum of {m}"] = unit_rows((unit_rows(vectors[rows.reshape(-1)]).reshape(n, m, -1) * signs).sum(1))
    out["isotropic"] = unit_rows(rng.standard_normal((n, vectors.shape[1])))
    return out


def table(ann, kind, vectors, sets: dict, efs: list[int]) -> dict:
    from qa.search import dense
    from qa.search.recall import exact_best

    rows = {}
    t = time.perf_counter()
    every = exact_best(vectors, np.concatenate(list(sets.values())), 10)[1]
    print(f"exact top 10 of {len(every)} queries: {time.perf_counter() - t:.0f} s", flush=True)
    at = 0
    for name, q in sets.items():
        t = time.perf_counter()
        truth, at = every[at:at + len(q)], at + len(q)
        rows[name] = {ef: round(dense.rescored_recall(ann, kind, vectors, q, truth, ef), 4) for ef in efs}
        print(f"{name:24s} n={len(q):4d} best {np.median(truth[:, 0]):.2f} 10th {np.median(truth[:, -1]):.2f} "
              + "  ".join(f"{ef}:{r:.4f}" for ef, r in rows[name].items())
              + f"   ({time.perf_counter() - t:.0f} s)", flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path)
    ap.add_argument("--made-up", choices=["random", "embedding-like"])
    ap.add_argument("--real", type=Path)
    ap.add_argument("--questions", type=Path)
    ap.add_argument("--distinct", action="store_true", help="--real: each distinct vector once")
    ap.add_argument("--key", default="question", help="--questions: the field holding the text")
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--probes", type=int, default=200)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--ef", default="")
    ap.add_argument("--only", default="", help="comma-separated family names to keep")
    args = ap.parse_args()
    from qa.search import dense

    if args.index or args.real:
        from qa.index.loaded import load_index

        index = load_index(args.index or args.real)
        vectors = index.vectors
        folder = index.version / "dense"
        if args.real and args.distinct:  # stored copies of a passage (the same vector) once each
            vectors = dense.as_codes(np.unique(np.asarray(vectors), axis=0))
            print(f"{len(vectors)} distinct vectors of {len(index.vectors)}", flush=True)
        if args.real and (args.distinct or not (folder / "ann.json").exists()):
            tmp = Path(tempfile.mkdtemp())
            dense.build_ann(np.asarray(vectors), tmp, exact_limit=1_000, threads=1)
            folder = tmp
        ann, kind, meta = graph_of(folder)
        print(f"graph: {meta}", flush=True)
        from qa.search.ann_copies import CopyMap

        copies = CopyMap.load(folder, meta)
        if copies is not None:  # a graph over the distinct rows: its entries are those rows (recall by score)
            vectors = copies.graph_rows(dense.as_codes(vectors))
    else:
        from qa.search.recall import unit_rows

        rng = np.random.default_rng(2)
        if args.made_up == "random":
            vectors = unit_rows(rng.standard_normal((args.n, 384))).astype(np.float16)
            held = unit_rows(rng.standard_normal((args.queries, 384)))
        else:
            centres = unit_rows(rng.standard_normal((args.n // 200, 384)))
            vectors = unit_rows(centres[rng.integers(0, len(centres), args.n)]
                                + 0.9 * unit_rows(rng.standard_normal((args.n, 384)))).astype(np.float16)
            held = unit_rows(centres[rng.integers(0, len(centres), args.queries)]
                             + 1.3 * unit_rows(rng.standard_normal((args.queries, 384))))
        tmp = Path(tempfile.mkdtemp())
        t = time.perf_counter()
        meta = dense.build_ann(vectors, tmp, exact_limit=1_000, threads=1)
        print(f"graph built and tuned in {time.perf_counter() - t:.0f} s: {meta}", flush=True)
        ann, kind, _ = graph_of(tmp)
        vectors = dense.as_codes(vectors)
    sets = families(vectors, args.probes)
    if args.index:
        import synth

        info = json.loads((args.index / "bench-info.json").read_text())
        rng_topics = np.random.default_rng(31).integers(0, info["n_topics"], args.queries)
        sets["synth questions (fit 31/33)"] = synth.query_vectors(rng_topics, info["n_topics"], seed=33)
        topics = synth.queries(synth.corpus(len(vectors)), args.queries, seed=11)[1]
        sets["bench questions (held out)"] = synth.query_vectors(topics, info["n_topics"], seed=13)
    elif args.real:
        texts = [json.loads(line)[args.key] for line in args.questions.open(encoding="utf-8")][:args.queries]
        sets["questions"] = np.asarray(index.query_embedder().embed(texts), dtype=np.float32)
    else:
        sets["queries (same kind)"] = held
    if args.only:
        sets = {k: v for k, v in sets.items() if any(o in k for o in args.only.split(","))}
    efs = [int(x) for x in args.ef.split(",")] if args.ef else [32, 45, 64, 91, 128, 181, 256]
    table(ann, kind, vectors, sets, efs)


if __name__ == "__main__":
    main()
