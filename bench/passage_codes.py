"""Issue 30 lab (session 20): 1 KB a passage with the *passage* vector coded too.

Session 19 (``sentence_codes.py``, docs/storage.md) found one sentence-row code inside the bar,
``2bit-rot`` (a row = its passage's int8 vector p + a rotated 2-bit code of the residual, 98 B), but
388 + 9.05 x 98 = 1,275 B a passage on manuals.  Here the passage vector is coded as well, and the
loaded index's *passage* vectors are replaced by the decoded ones (``index._vectors``, a float32
array, and its ``DenseSearch`` dropped: dense retrieval then scores the decoded vectors, exactly as
scoring the codes would), together with its sentence rows (``sentence_codes.use``).

A variant is ``<passage>[+<rows>][+derived][+dedup]``:
- passage code: ``int8`` (today: 388 B), ``pB`` (the passage vector rotated by the fixed seeded
  rotation, each coordinate Lloyd-Max coded with B bits, one least-squares float16 scale: 48B+2 B),
  ``pB-unit`` (the same made unit: its norm follows from the codes, no scale stored: 48B B);
- rows: each sentence row = the *decoded* passage vector + a rotated 2-bit code of its residual
  (98 B a row); with an ``int8`` passage code the rows are today's int8 rows (388 B) unless the
  name has ``+2bit`` (session 19's ``2bit-rot``);
- ``derived``: retrieval scores the unit token-count-weighted mean of the passage's decoded rows (the
  passage code is then only the rows' anchor); token counts from the index's ONNX tokenizer;
- ``dedup``: a sentence repeated by overlapping passages is stored once (its first row's code, read
  for every row of it): bytes count distinct sentences, not rows.

    python bench/passage_codes.py cosine INDEX                      # derived vs stored passage vectors
    python bench/passage_codes.py proxy INDEX QUESTIONS [--codes ...]
    python bench/passage_codes.py eval INDEX QUESTIONS --out FILE [--codes ...]
    python bench/passage_codes.py beir INDEX BEIR_DIR --out FILE [--codes ...]
    python bench/passage_codes.py bytes INDEX                      # bytes a passage per code (+ the 1M layout)
    python bench/passage_codes.py table RESULTS_DIR [--seed N]     # the runs above as a markdown table
    python bench/passage_codes.py seeds RESULTS_DIR 30,31,32       # the bar per rotation seed

Results: docs/storage.md, "Passage vectors coded too: measured (session 20)".
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sentence_codes as sc  # noqa: E402  (the session 19 lab: rotation, Lloyd-Max, eval plumbing)

CODES = ("int8", "int8+2bit", "p2", "p2-unit", "p1-unit", "p4-unit", "p2-unit+derived", "p1-unit+derived",
         "p2-unit+dedup", "p4-unit+dedup", "p1-unit+derived+dedup", "p2-unit+derived+dedup", "int8+derived",
         "int8+dedup")
ROW_2BIT = 98  # 96 B of codes + a float16 scale
SEED = sc.SEED  # of the rotation (``--seed``: other draws, equally defensible, to tell luck from quality)


def parse(name: str) -> tuple[str, str, bool, bool]:
    """(passage code, row code, derived, dedup) of a variant name."""
    parts = name.split("+")
    rows = "int8" if parts[0] == "int8" and "2bit" not in parts else "2bit"
    return parts[0], rows, "derived" in parts, "dedup" in parts


def passage_bytes(code: str) -> int:
    if code == "int8":
        return 388
    bits = int(code[1:].split("-")[0])
    return 48 * bits + (0 if code.endswith("-unit") else 2)


def rotated_code(x: np.ndarray, bits: int, unit: bool) -> np.ndarray:
    """Rows of ``x`` rotated, each coordinate Lloyd-Max coded (``bits``) against the row's rms, scaled
    by least squares (float16) or to unit length, rotated back."""
    R = sc.rotation(x.shape[1], SEED)
    y = x @ R.T
    sigma = np.sqrt((y * y).mean(axis=1, keepdims=True))
    th, lev = sc.lloyd_max(bits)
    code = lev[np.searchsorted(th, y / np.where(sigma > 0, sigma, 1))].astype(np.float32)
    if unit:
        scale = 1 / np.linalg.norm(code, axis=1)
    else:
        scale = np.einsum("ij,ij->i", y, code) / np.einsum("ij,ij->i", code, code)
        scale = scale.astype(np.float16).astype(np.float32)
    return ((scale[:, None] * code) @ R).astype(np.float32)


def two_bit_rows(S: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Session 19's ``2bit-rot``: base + the rotated 2-bit least-squares code of S - base (a row
    equal to its base, a one-sentence passage's, codes to itself)."""
    r = S - base
    return base + rotated_code(r, 2, unit=False) * (np.abs(r).sum(axis=1, keepdims=True) > 0)


def token_counts(index) -> np.ndarray:
    """Tokens of every sentence row inside its passage's (truncated) encoding, as late chunking pools
    them; cached next to the lab's index copy."""
    cache = Path(index.version) / "lab_token_counts.npy"
    if cache.exists():
        return np.load(cache)
    from qa.embedding.onnx_encoder import load_tokenizer

    tok = load_tokenizer(Path(index.version) / "onnx")
    rows = np.asarray(index.chunk_rows)
    spans = np.asarray(index.sentence_rows)
    out = np.zeros(len(spans), dtype=np.int64)
    for c, (d, s, e, lo, hi) in enumerate(rows.tolist()):
        enc = tok.encode(index.doc_text(d)[s:e])
        offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        real = ~np.asarray(enc.special_tokens_mask, dtype=bool) & (offs[:, 1] > offs[:, 0])
        for r in range(lo, hi):
            a, b = int(spans[r, 0]) - s, int(spans[r, 1]) - s
            out[r] = int((real & (offs[:, 0] >= a) & (offs[:, 1] <= b)).sum())
    np.save(cache, out)
    return out


def derived_vectors(index, rows: np.ndarray, weights: np.ndarray | None, fallback: np.ndarray) -> np.ndarray:
    """Per passage, the unit (weighted) mean of its sentence rows (``fallback``'s row where it has none:
    no rows, or only rows the passage's encoding truncated away, weight 0)."""
    owner = sc.row_passages(index)
    w = np.ones(len(rows), dtype=np.float32) if weights is None else weights.astype(np.float32)
    out = np.zeros((index.n_chunks, rows.shape[1]), dtype=np.float32)
    np.add.at(out, owner, rows * w[:, None])
    norm = np.linalg.norm(out, axis=1, keepdims=True)
    return np.where(norm > 0, out / np.where(norm > 0, norm, 1), fallback)


def first_rows(index) -> np.ndarray:
    """For every sentence row, the first row of the same sentence (same document and span)."""
    owner = sc.row_passages(index)
    docs = np.asarray(index.chunk_rows)[owner, 0]
    spans = np.asarray(index.sentence_rows)
    seen: dict = {}
    return np.asarray([seen.setdefault((int(d), int(a), int(b)), r) for r, (d, (a, b)) in enumerate(zip(docs, spans))])


def decoded(index, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(passage vectors retrieval scores, sentence rows) as variant ``name`` gives them back."""
    pcode, rcode, derived, dedup = parse(name)
    S, _ = sc.residuals(index)
    P = np.asarray(index.__dict__.get("_stored_passages", index.vectors)[:], dtype=np.float32)
    if pcode == "int8":
        Pd = P
    else:
        Pd = rotated_code(P, int(pcode[1:].split("-")[0]), pcode.endswith("-unit"))
    owner = sc.row_passages(index)
    rows = S if rcode == "int8" else two_bit_rows(S, Pd[owner])
    if dedup:
        rows = rows[first_rows(index)]
    if derived:
        Pd = derived_vectors(index, rows, token_counts(index), Pd)
    return Pd.astype(np.float32), rows.astype(np.float32)


def use(index, passages: np.ndarray, rows: np.ndarray) -> None:
    """Make ``index`` read ``passages`` as its passage vectors (dense search rebuilt) and ``rows`` as
    its sentence rows."""
    index.__dict__.setdefault("_stored_passages", index._vectors)
    index._vectors = passages
    index._dense = None
    sc.use(index, rows)


def stored_bytes(name: str, rows: float) -> float:
    """Bytes a passage with ``rows`` stored sentence rows (int8 rows need no anchor: ``int8+derived``
    stores no passage vector at all)."""
    pcode, rcode, derived, _ = parse(name)
    anchor = 0 if derived and rcode == "int8" else passage_bytes(pcode)
    return anchor + rows * (388 if rcode == "int8" else ROW_2BIT)


def bytes_per_passage(index) -> dict:
    n, rows = index.n_chunks, len(index.sentence_rows)
    distinct = len(set(first_rows(index).tolist()))
    out = {"passages": n, "rows_a_passage": round(rows / n, 3), "distinct_a_passage": round(distinct / n, 3)}
    for c in CODES:
        k = (distinct if parse(c)[3] else rows) / n
        out[c] = round(stored_bytes(c, k), 1)
    out["1M synthetic (1 row a passage)"] = {c: stored_bytes(c, 1) for c in CODES}
    return out


def cosine(index) -> dict:
    """How close the passage vector derived from the stored int8 rows is to the stored passage vector."""
    S, _ = sc.residuals(index)
    P = np.asarray(index.vectors[:], dtype=np.float32)
    P = P / np.linalg.norm(P, axis=1, keepdims=True)
    counts = token_counts(index)
    out = {}
    for label, w in (("unweighted", None), ("token-weighted", counts)):
        D = derived_vectors(index, S, w, P)
        cos = np.einsum("ij,ij->i", D, P)
        out[label] = {"mean": round(float(cos.mean()), 4), "p10": round(float(np.quantile(cos, 0.1)), 4),
                      "p1": round(float(np.quantile(cos, 0.01)), 4), "min": round(float(cos.min()), 4)}
    for c in ("p1-unit", "p2", "p2-unit", "p4-unit"):
        D = rotated_code(P, int(c[1]), c.endswith("-unit"))
        cos = np.einsum("ij,ij->i", D, P) / np.linalg.norm(D, axis=1)
        out[c] = {"mean": round(float(cos.mean()), 4), "p1": round(float(np.quantile(cos, 0.01)), 4)}
    print(json.dumps(out), flush=True)
    return out


def proxy(index, questions, codes) -> dict:
    """Per variant: dense top-1 / top-10 agreement with int8 (passages), and session 19's top-sentence
    agreement among the sentence rows of int8's dense top 5 passages (by sentence, not row: a sentence
    repeated by two of them is one choice)."""
    from qa.answer import clean_question

    qv = index.query_embedder().embed([clean_question(q.question) for q in questions])
    P0, S0 = decoded(index, "int8")
    ref = [[i for i, _ in index.dense_top(v, 10)] for v in qv]
    sets = [np.concatenate([np.arange(*np.asarray(index.chunk_rows[c, 3:5], dtype=np.int64)) for c in r[:5]])
            for r in ref]
    first = first_rows(index)  # the same sentence from another row counts as the same choice
    out = {}
    for c in codes:
        Pd, Sd = decoded(index, c)
        top1 = top10 = agree = 0
        for v, r, rows in zip(qv, ref, sets):
            got = np.argsort(-(Pd @ v), kind="stable")[:10].tolist()
            top1 += got[0] == r[0]
            top10 += len(set(got) & set(r)) / 10
            agree += int(first[rows[np.argmax(S0[rows] @ v)]] == first[rows[np.argmax(Sd[rows] @ v)]])
        n = len(qv)
        out[c] = {"dense_top1_agreement": round(top1 / n, 4), "dense_top10_overlap": round(top10 / n, 4),
                  "top_sentence_agreement": round(agree / n, 4)}
        print(c, out[c], flush=True)
    return out


def apply(index, name: str) -> None:
    use(index, *decoded(index, name))


def table(folder: Path, seed: str = "") -> tuple[dict, str]:
    """The results of ``eval`` / ``beir`` / ``bytes`` runs kept in ``folder`` (``eval_<set>[_seedN].json``,
    ``beir_scifact*.json``, ``bytes_<index>.json``) as one dict and a markdown table (changes against
    the int8 of the same run, in points; SciFact nDCG@10 against its int8)."""
    ev = {s: json.loads((folder / f"eval_{s}{seed}.json").read_text()) for s in ("squad2", "manuals")}
    sci: dict = {}  # int8 does not depend on the seed: taken from the seed-30 runs
    for f in sorted(folder.glob("beir_scifact*.json")):
        if "seed" not in f.name and seed:
            sci.setdefault("int8", json.loads(f.read_text()).get("int8", {}).get("hybrid-sentence", {}).get("nDCG@10"))
        if ("seed" in f.name) == bool(seed) and f.name.endswith(f"{seed}.json"):
            sci |= {c: m["hybrid-sentence"]["nDCG@10"] for c, m in json.loads(f.read_text()).items()}
    by = {s: json.loads((folder / f"bytes_{s}.json").read_text()) for s in ("squad2", "manuals", "beir-scifact")}
    out, lines = {}, []
    for c in ev["squad2"]:
        row = {"bytes": [by[s].get(c) for s in by], "bytes_1M": by["squad2"]["1M synthetic (1 row a passage)"].get(c)}
        cells = [" / ".join(f"{b:,.0f}" if b else "?" for b in row["bytes"])]
        for s, e in ev.items():
            a, a0 = e[c]["answers"], e["int8"]["answers"]
            d = [round(100 * (a[k] - a0[k]), 2) for k in ("answer_hit", "first_citation", "unanswerable_abstained")]
            ch = sc.changes(e["int8"], e[c]) if c != "int8" else {"differ": [], "worse": [], "better": []}
            r = e[c]["retrieval"]["hybrid-sentence"]
            row[s] = {"answer_changes": d, "differ": len(ch["differ"]), "worse": len(ch["worse"]),
                      "better": len(ch["better"]), "R@1/R@5/MRR@10": [round(100 * r[k], 2) for k in ("R@1", "R@5", "MRR@10")],
                      "figures": [round(100 * a[k], 2) for k in ("answer_hit", "first_citation", "unanswerable_abstained")]}
            shown = row[s]["figures"] if c == "int8" else [f"{x:+.2f}" for x in d]
            cells += [" / ".join(map(str, shown)), "—" if c == "int8" else f"{row[s]['differ']} ({row[s]['worse']}/{row[s]['better']})",
                      " / ".join(f"{x:.2f}" for x in row[s]["R@1/R@5/MRR@10"])]
        row["scifact_ndcg10"] = sci.get(c)
        cells.append("—" if c not in sci else f"{sci[c]:.4f}" if c == "int8" else f"{sci[c] - sci['int8']:+.4f}")
        out[c] = row
        lines.append(f"| {c} | " + " | ".join(cells) + " |")
    return out, "\n".join(lines)


def seeds(folder: Path, draws: list[int]) -> tuple[dict, str]:
    """Per variant, each seed's answer changes (squad2 | manuals: hit / first / abstained) and SciFact
    nDCG@10 change, and whether the draw is inside the bar (answers >= -0.5 point, SciFact >= -0.003)."""
    got = {d: table(folder, "" if d == sc.SEED else f"_seed{d}")[0] for d in draws}
    out, lines = {}, []
    for c in [c for c in got[draws[0]] if c != "int8" and all(c in got[d] for d in draws)]:
        cells, n_pass = [], 0
        for d in draws:
            r = got[d][c]
            ch = r["squad2"]["answer_changes"] + r["manuals"]["answer_changes"]
            sci = r["scifact_ndcg10"] - got[d]["int8"]["scifact_ndcg10"] if r["scifact_ndcg10"] else None
            ok = min(ch) >= -0.5 and sci is not None and sci >= -0.003
            n_pass += ok
            out.setdefault(c, {})[d] = {"answers": ch, "scifact": sci, "inside": ok}
            cells.append(" / ".join(f"{x:+.2f}" for x in ch[:3]) + " ; " + " / ".join(f"{x:+.2f}" for x in ch[3:])
                         + f" ; {sci:+.4f}" * (sci is not None) + (" **in**" if ok else ""))
        mean = np.mean([out[c][d]["answers"] for d in draws], axis=0)
        msci = np.mean([out[c][d]["scifact"] for d in draws])
        out[c]["mean"] = {"answers": mean.round(2).tolist(), "scifact": round(float(msci), 4)}
        cells.append(" / ".join(f"{x:+.2f}" for x in mean[:3]) + " ; " + " / ".join(f"{x:+.2f}" for x in mean[3:])
                     + f" ; {msci:+.4f}")
        lines.append(f"| {c} | " + " | ".join(cells) + f" | {n_pass} of {len(draws)} |")
    return out, "\n".join(lines)


def main() -> None:
    global SEED
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cmd", choices=("cosine", "proxy", "eval", "beir", "bytes", "table", "seeds"))
    ap.add_argument("index")
    ap.add_argument("questions", nargs="?", help="questions.jsonl (proxy, eval), the BEIR folder (beir)")
    ap.add_argument("--codes", nargs="+", default=list(CODES))
    ap.add_argument("--out")
    ap.add_argument("--seed", type=int, default=sc.SEED, help="the rotation's seed")
    a = ap.parse_args()
    SEED = a.seed
    if a.cmd == "seeds":  # INDEX is the folder of results, QUESTIONS the seeds ("30,31,32")
        res, md = seeds(Path(a.index), [int(x) for x in a.questions.split(",")])
        print(md)
        if a.out:
            Path(a.out).write_text(json.dumps(res, indent=1))
        return
    if a.cmd == "table":  # INDEX is the folder of results
        res, md = table(Path(a.index), f"_seed{a.seed}" if a.seed != sc.SEED else "")
        print(md)
        if a.out:
            Path(a.out).write_text(json.dumps(res, indent=1))
        return
    from qa.evaluation.questionset import load_questions
    from qa.index import load_index

    index = load_index(Path(a.index))
    if a.cmd == "bytes":
        res = bytes_per_passage(index)
    elif a.cmd == "cosine":
        res = cosine(index)
    elif a.cmd == "beir":
        res = sc.beir(index, Path(a.questions), a.codes, apply)
    else:
        qs = load_questions(Path(a.questions))
        res = proxy(index, qs, a.codes) if a.cmd == "proxy" else sc.evaluate(index, qs, a.codes, apply)
    sc.emit(res, a.out)


if __name__ == "__main__":
    main()
