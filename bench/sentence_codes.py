"""Issue 30: can sentence rows be stored in ~50 bytes?  1- and 2-bit codes of the residual, measured.

Each sentence row is kept as its passage's stored (int8-decoded) vector plus a *residual*
``r = s - p``; the residual is coded with 1 or 2 bits a dimension and one scale, optionally after a
fixed seeded random rotation ``R`` (RaBitQ, Gao & Long 2024: the rotation makes the sign code's error
isotropic; it is a function of a seed, not stored data).  A question scores a row as
``q.p + scale * (R q) . code`` (exactly ``q . decoded``), so the lab measures each code by replacing
the loaded index's sentence vectors with the decoded rows (``index.sentence_vectors = array``: what
``best_sentence.py``, ``vectors_for`` and the naive baseline read) and then running what ``qa eval``
runs: retrieval (hybrid with sentence evidence, the default) and the answer stage.

Codes (``CODES``): ``int8`` (today's rows: the reference), ``1bit`` (sign of r, scale mean |r_i|:
the least-squares scale for signs), ``1bit-rot`` (the same after the rotation), ``1bit-rot-unb``
(RaBitQ's unbiased inner-product scale |r|^2 / sum |Rr_i|), ``1bit-rot-norm`` (decoded row made unit
again: its norm follows from the codes, nothing stored), ``1bit-rot-proj`` (r taken against
alpha * p, alpha stored: the part of s along p exact), ``2bit-rot`` (4 Lloyd-Max levels for a
Gaussian, least-squares scale), ``1bit-rot-top8`` (1 bit + the 8 largest residual dims as int8),
``tc512`` / ``tc512-unb`` (transform coding: the residual's direction in a PCA basis of residuals,
512 bits given out by variance, each coordinate Lloyd-Max coded; least-squares or unbiased scale).
The basis is made by ``train`` from other indexes' sentence rows (session 19 tried three sets of
folders: docs/storage.md) and kept in ``bench/.work/sentence_codes_basis.npz``.

    python bench/sentence_codes.py proxy INDEX QUESTIONS [--codes ...]   # fast: top-sentence agreement, score error
    python bench/sentence_codes.py eval INDEX QUESTIONS --out FILE [--codes ...]  # qa eval per code
    python bench/sentence_codes.py beir INDEX BEIR_DIR --out FILE [--codes ...]   # nDCG@10 (SciFact)
    python bench/sentence_codes.py bytes INDEX                                  # bytes a passage per code
    python bench/sentence_codes.py train INDEX [INDEX ...]                       # the tc codes' basis

Results: docs/storage.md, "Session 19".  The passage vector coded too: ``passage_codes.py`` (session 20).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 30
# Lloyd-Max quantizer of N(0, 1) with 4 levels: thresholds 0, +-0.9816; levels +-0.4528, +-1.5104
LM_T, LM_LO, LM_HI = 0.9816, 0.4528, 1.5104
CODES = ("int8", "1bit", "1bit-rot", "1bit-rot-unb", "1bit-rot-norm", "1bit-rot-proj", "2bit-rot", "1bit-rot-top8",
         "tc512", "tc512-unb")
# stored bytes a sentence row (MiniLM, 384 dims): code bytes + float16 scale(s)
ROW_BYTES = {"int8": 388, "1bit": 50, "1bit-rot": 50, "1bit-rot-unb": 50, "1bit-rot-norm": 50, "1bit-rot-proj": 52,
             "2bit-rot": 98, "1bit-rot-top8": 50 + 8 * 3, "tc512": 66, "tc512-unb": 66}
TRAIN = Path(__file__).resolve().parent / ".work" / "sentence_codes_basis.npz"  # ``train`` writes it
PASSAGE_BYTES = 388  # int8 codes + float32 scale


def rotation(dim: int, seed: int = SEED) -> np.ndarray:
    """A random orthogonal matrix (rows), a function of the seed only."""
    g = np.random.default_rng(seed).standard_normal((dim, dim))
    q, r = np.linalg.qr(g)
    return (q * np.sign(np.diag(r))).T.astype(np.float32)


def row_passages(index) -> np.ndarray:
    """The passage (chunk) number of every sentence row."""
    rows = np.asarray(index.chunk_rows)
    out = np.full(len(index.sentence_rows), -1, dtype=np.int64)
    for c, (lo, hi) in enumerate(rows[:, 3:5].tolist()):
        out[lo:hi] = c
    return out


def residuals(index) -> tuple[np.ndarray, np.ndarray]:
    """(sentence rows as stored, their passages' rows), float32 (the stored rows even after ``use``)."""
    S = np.asarray(index.__dict__.get("_stored_sentences", index.sentence_vectors)[:], dtype=np.float32)
    return S, np.asarray(index.vectors[row_passages(index)], dtype=np.float32)


def lloyd_max(bits: int, iters: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """(thresholds, levels) of the Lloyd-Max quantizer of N(0, 1) with 2**bits levels."""
    from math import erf, pi, sqrt

    n = 2 ** bits
    lev = np.linspace(-2, 2, n) if n > 1 else np.zeros(1)
    pdf = lambda x: np.exp(-x * x / 2) / sqrt(2 * pi)  # noqa: E731
    cdf = np.vectorize(lambda x: 0.5 * (1 + erf(x / sqrt(2))))
    for _ in range(iters):
        t = np.concatenate(([-np.inf], (lev[1:] + lev[:-1]) / 2, [np.inf]))
        mass = cdf(t[1:]) - cdf(t[:-1])
        lev = (pdf(t[:-1]) - pdf(t[1:])) / mass
    return (lev[1:] + lev[:-1]) / 2, lev


# distortion of the Lloyd-Max quantizer of N(0, 1) with b bits (b = 0: nothing kept)
LM_DIST = {0: 1.0, 1: 0.3634, 2: 0.1175, 3: 0.03454, 4: 0.009497, 5: 0.002499, 6: 0.000642}


def allocate(var: np.ndarray, bits: int) -> np.ndarray:
    """Bits a dimension (greedy: each bit where it removes the most expected squared error)."""
    b = np.zeros(len(var), dtype=np.int64)
    for _ in range(bits):
        gain = var * (np.array([LM_DIST[k] for k in b]) - np.array([LM_DIST.get(k + 1, 0.0) for k in b]))
        b[int(np.argmax(gain))] += 1
    return b


def train(indexes) -> None:
    """A residual basis (PCA of the residuals of the given indexes' sentence rows) and its variances."""
    from qa.index import load_index

    parts = []
    for p in indexes:
        S, P = residuals(load_index(Path(p)))
        r = S - P
        parts.append(r / np.linalg.norm(r, axis=1, keepdims=True).clip(1e-6))  # directions: the norm is the row's scale
    R = np.concatenate(parts)
    w, V = np.linalg.eigh(R.T @ R / len(R))
    order = np.argsort(-w)
    TRAIN.parent.mkdir(exist_ok=True)
    np.savez(TRAIN, basis=V[:, order].T.astype(np.float32), var=w[order].astype(np.float32), rows=len(R))
    print(f"basis from {len(R)} rows; variance share of the top 64 / 128: "
          f"{w[order][:64].sum() / w.sum():.3f} / {w[order][:128].sum() / w.sum():.3f}")


def transform_coded(S: np.ndarray, P: np.ndarray, bits: int, unbiased: bool) -> np.ndarray:
    """Residuals in the trained basis, each coordinate Lloyd-Max coded with its allocated bits, the
    row's norm (float16) as its scale."""
    t = np.load(TRAIN)
    V, var = t["basis"], t["var"].astype(np.float64).clip(1e-12)
    alloc = allocate(var, bits)
    r = S - P
    norm = np.linalg.norm(r, axis=1, keepdims=True)
    x = (r / norm.clip(1e-6)) @ V.T / np.sqrt(var.clip(1e-12))  # ~N(0, 1) a coordinate
    xh = np.zeros_like(x)
    for b in range(1, alloc.max() + 1):
        cols = np.flatnonzero(alloc == b)
        if len(cols):
            th, lev = lloyd_max(b)
            xh[:, cols] = lev[np.searchsorted(th, x[:, cols])]
    dirs = (xh * np.sqrt(var)) @ V
    if unbiased:  # scale so that the decoded residual's projection on the true one is |r|^2
        scale = norm[:, 0] ** 2 / np.einsum("ij,ij->i", r, dirs).clip(1e-6)
    else:  # least squares
        scale = np.einsum("ij,ij->i", r, dirs) / np.einsum("ij,ij->i", dirs, dirs).clip(1e-12)
    scale = scale.astype(np.float16).astype(np.float32)
    return (P + scale[:, None] * dirs).astype(np.float32)


def decoded(index, name: str) -> np.ndarray:
    """Every sentence row as code ``name`` would give it back (float32)."""
    S, P = residuals(index)
    if name == "int8":
        return S
    if name.startswith("tc"):
        return transform_coded(S, P, int(name[2:].split("-")[0]), name.endswith("-unb"))
    rot = "rot" in name
    R = rotation(S.shape[1]) if rot else None
    alpha = None
    if name == "1bit-rot-proj":
        alpha = np.einsum("ij,ij->i", S, P) / np.einsum("ij,ij->i", P, P)
        alpha = alpha.astype(np.float16).astype(np.float32)
        base = alpha[:, None] * P
    else:
        base = P
    r = S - base
    x = r @ R.T if rot else r
    if name.startswith("2bit"):
        sigma = np.sqrt((x * x).mean(axis=1, keepdims=True))
        z = np.abs(x) / np.where(sigma > 0, sigma, 1)
        lev = np.where(z > LM_T, LM_HI, LM_LO) * np.where(x >= 0, 1.0, -1.0)
        scale = np.einsum("ij,ij->i", x, lev) / np.einsum("ij,ij->i", lev, lev)
        code = lev
    else:
        code = np.where(x >= 0, 1.0, -1.0).astype(np.float32)
        if name == "1bit-rot-unb":
            total = np.abs(x).sum(axis=1)  # 0 for a one-sentence passage's row: the residual is 0
            scale = np.einsum("ij,ij->i", r, r) / np.where(total > 0, total, 1.0)
        else:
            scale = np.abs(x).mean(axis=1)
    scale = scale.astype(np.float16).astype(np.float32)
    xh = scale[:, None] * code
    if name == "1bit-rot-top8":  # the 8 largest |x_i| kept as int8 (with the row's scale / 127 * max)
        top = np.argsort(-np.abs(x), axis=1)[:, :8]
        vals = np.take_along_axis(x, top, axis=1)
        step = np.abs(vals).max(axis=1, keepdims=True) / 127
        np.put_along_axis(xh, top, np.rint(vals / np.where(step > 0, step, 1)) * step, axis=1)
        # refit the scale of the sign part over the other dims
        mask = np.ones_like(x, dtype=bool)
        np.put_along_axis(mask, top, False, axis=1)
        s2 = (np.abs(x) * mask).sum(axis=1) / mask.sum(axis=1)
        s2 = s2.astype(np.float16).astype(np.float32)
        xh = np.where(mask, s2[:, None] * code, xh)
    rh = xh @ R if rot else xh
    out = base + rh
    if name == "1bit-rot-norm":
        out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out.astype(np.float32)


def use(index, vectors: np.ndarray) -> None:
    """Make ``index`` read ``vectors`` as its sentence rows (and forget what was built from the old)."""
    index.__dict__.setdefault("_stored_sentences", index.sentence_vectors)
    index.sentence_vectors = vectors
    index.__dict__.pop("_naive_sentences", None)


def bytes_per_passage(index) -> dict:
    n, rows = index.n_chunks, len(index.sentence_rows)
    return {c: round(PASSAGE_BYTES + rows / n * ROW_BYTES[c], 1) for c in CODES} | {"passages": n, "rows": rows}


def proxy(index, questions, codes) -> dict:
    """Per code: share of questions whose top sentence (by dense similarity, among the sentence rows
    of the dense top 5 passages) is int8's, and the mean / 99th percentile |error| of q.s there."""
    from qa.answer import clean_question

    emb = index.query_embedder()
    qv = emb.embed([clean_question(q.question) for q in questions])
    sets = []
    for v in qv:
        top = [i for i, _s in index.dense_top(v, 5)]
        rows = np.concatenate([np.arange(*np.asarray(index.chunk_rows[c, 3:5], dtype=np.int64)) for c in top])
        sets.append(rows)
    ref = decoded(index, "int8")
    out = {}
    for c in codes:
        D = decoded(index, c)
        agree, errs = 0, []
        for v, rows in zip(qv, sets):
            a, b = ref[rows] @ v, D[rows] @ v
            agree += int(np.argmax(a) == np.argmax(b))
            errs.append(np.abs(a - b))
        e = np.concatenate(errs)
        cos = np.einsum("ij,ij->i", ref, D) / np.linalg.norm(D, axis=1) / np.linalg.norm(ref, axis=1)
        out[c] = {"top_sentence_agreement": round(agree / len(qv), 4), "mean_abs_err": round(float(e.mean()), 5),
                  "p99_abs_err": round(float(np.quantile(e, 0.99)), 5), "mean_cos_to_int8": round(float(cos.mean()), 4)}
        print(c, out[c], flush=True)
    return out


def apply(index, name: str) -> None:
    use(index, decoded(index, name))


def evaluate(index, questions, codes, apply=apply) -> dict:
    """``qa eval`` per code (``apply(index, code)`` makes the index read the code's vectors)."""
    from qa.evaluation.runs import evaluate_questions

    out = {}
    for c in codes:
        t = time.perf_counter()
        apply(index, c)
        report, _ = evaluate_questions(index, questions)
        a = report.answers
        out[c] = {"retrieval": {r.label: dict(r.metrics) for r in report.runs},
                  "answers": a.figures() | {"n_hit": a.answer_hit, "n_first": a.first_citation,
                                            "n_quote": a.quote_in_answer},
                  "rows": {r.id: [r.answer, r.hit, r.first, r.quote, r.abstained] for r in a.rows},
                  "first_relevant": {q.id: q.first_relevant for q in report.runs[0].per_question},
                  "seconds": round(time.perf_counter() - t, 1)}
        ref = out.get("int8")
        if ref is not None and c != "int8":
            out[c]["changed"] = changes(ref, out[c])
        fig = out[c]["answers"]
        print(c, {k: fig.get(k) for k in ("answer_hit", "first_citation", "quote_in_answer", "unanswerable_abstained")},
              out[c]["retrieval"], out[c].get("changed", {}).get("summary"), flush=True)
    return out


def changes(ref: dict, new: dict) -> dict:
    diff = [q for q in ref["rows"] if ref["rows"][q][0] != new["rows"][q][0]]
    worse = [q for q in diff if (ref["rows"][q][1] or ref["rows"][q][3]) and not (new["rows"][q][1] or new["rows"][q][3])]
    better = [q for q in diff if not (ref["rows"][q][1] or ref["rows"][q][3]) and (new["rows"][q][1] or new["rows"][q][3])]
    moved = [q for q in ref["first_relevant"] if ref["first_relevant"][q] != new["first_relevant"].get(q)]
    return {"summary": f"{len(diff)} answers differ ({len(worse)} worse, {len(better)} better); "
                       f"{len(moved)} first-relevant ranks moved",
            "differ": diff, "worse": worse, "better": better, "rank_moved": moved}


def beir(index, folder: Path, codes, apply=apply) -> dict:
    from qa.evaluation.beir import evaluate_beir, load_beir
    from qa.search import SearchConfig

    data = load_beir(folder)
    out = {}
    for c in codes:
        apply(index, c)
        report, _ = evaluate_beir(index, data, SearchConfig())
        out[c] = {r.label: dict(r.metrics) for r in report.runs}
        print(c, out[c], flush=True)
    return out


def emit(res, out: str | None) -> None:
    """A command's result: to ``out`` as JSON, else printed."""
    if out:
        Path(out).write_text(json.dumps(res, indent=1))
    else:
        print(json.dumps(res, indent=1))


def main() -> None:
    from qa.evaluation.questionset import load_questions
    from qa.index import load_index

    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=("proxy", "eval", "beir", "bytes", "train"))
    ap.add_argument("index")
    ap.add_argument("questions", nargs="?")
    ap.add_argument("--codes", nargs="+", default=list(CODES))
    ap.add_argument("--out")
    ap.add_argument("more", nargs="*")
    a = ap.parse_args()
    if a.cmd == "train":
        return train([a.index] + ([a.questions] if a.questions else []) + a.more)
    index = load_index(Path(a.index))
    if a.cmd == "bytes":
        res = bytes_per_passage(index)
    elif a.cmd == "beir":
        res = beir(index, Path(a.questions), a.codes)
    else:
        qs = load_questions(Path(a.questions))
        res = proxy(index, qs, a.codes) if a.cmd == "proxy" else evaluate(index, qs, a.codes)
    emit(res, a.out)


if __name__ == "__main__":
    main()
