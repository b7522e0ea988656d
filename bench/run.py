"""qa benchmarks: ``python bench/run.py [--quick] [--only answers|cold,bm25,hybrid,indexing,scifact,serve]``.

``--only answers`` regenerates the README's figures table (answers and retrieval on the question sets
vendored in bench/data/, each beside its baseline: bench/figures.py) and writes
bench/results/figures.json.  The other parts are speed benchmarks:

Prints a table and writes JSON to bench/results/ (``latest.json`` is the committed one).
Every figure that has a target is a ratio measured in the same run, so machine load cancels
out as far as it can; absolute times are printed for context only.

  1. cold   ``qa ask`` on the seed index vs ``python -c "import sentence_transformers"``
  2. bm25   qa's BM25 vs rank-bm25 BM25Okapi on 10k / 100k / 1M synthetic chunks
  3. hybrid warm hybrid queries, memory and dense recall on 100k / 1M synthetic chunks
  4. indexing passage encoding (chunks/s, MB/s): qa's int8 and fp32 encoders vs plain sentence-transformers
  5. chunking seconds per MB, prose vs hard-wrapped unpunctuated text (1 and 4 MB), and vs plain pysbd
  6. build     whole ``qa index --rebuild`` of 1,000 SciFact abstracts (int8, fp32) vs a plain
               sentence-transformers process encoding the same texts (slow, not in --quick)
  7. serve     ``qa serve`` POST /ask vs ``qa ask`` subprocesses, the same questions, at 1 / 4 / 16
               clients, on the seed index and a 100k-passage synthetic one (req/s ratio, p50/p95;
               slow, not in --quick; also written to bench/results/serve_load.json)
  (scifact: SciFact nDCG@10 of indexes embedded by each encoder; slow, not in --quick)
  (precision: int8 vs fp32 passage indexes built as ``qa index --precision``: SciFact nDCG@10,
   squad2 answer figures, seed answers compared; slow, not in --quick)
--quick finishes in under two minutes (smaller sizes, fewer runs; 1M is skipped).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

PARTS = ("cold", "bm25", "hybrid", "indexing", "chunking", "build", "scifact", "precision", "serve")
SLOW = ("build", "scifact", "precision", "serve")  # left out of --quick
TARGETS = {"cold": "ratio <= 0.15", "bm25": ">= 100x at 100k", "hybrid": "p50 <= 50 ms at 1M, recall >= 0.98",
           "indexing": ">= 1.5x, SciFact nDCG@10 within 0.005", "chunking": "wrapped/prose <= 2; >= 5x plain",
           "build": ">= 1.5x", "precision": "int8 - fp32: nDCG@10 within 0.005, squad2 within 0.5 pt",
           "serve": "report (issue 18)"}


def hybrid(work: Path, sizes: list[int], queries: int, encoder: Path | None) -> list[dict]:
    out = []
    for n in sizes:  # a fresh process per size: its memory is that index's
        cmd = [sys.executable, str(HERE / "hybrid_scale.py"), "--chunks", str(n), "--queries", str(queries),
               "--work", str(work)] + (["--encoder", str(encoder)] if encoder else [])
        res = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent)
        if res.returncode != 0:
            raise RuntimeError(res.stderr[-2000:])
        out.append(json.loads(res.stdout.strip().splitlines()[-1]))
    return out


def table(results: dict) -> str:
    rows = []
    c = results.get("cold")
    if c:
        rows.append(("1 cold qa ask / import sentence_transformers", f"{c['ratio']:.3f}",
                     f"{c['qa_ask_s_median']:.2f} s vs {c['import_sentence_transformers_s_median']:.2f} s "
                     f"(median of {c['runs']})", TARGETS["cold"]))
    for b in results.get("bm25", []):
        rows.append((f"2 BM25 {b['chunks']:,} chunks: speed-up vs rank-bm25", f"{b['speedup']:.0f}x",
                     f"{b['qa_ms_p50']:.2f} ms vs {b['rank_bm25_ms_p50']:.0f} ms; top-10 agree "
                     f"{b['top10_agreement']:.0%} ({b['rank_bm25_queries']} q)", TARGETS["bm25"]))
    for h in results.get("hybrid", []):
        enc = f" (incl. {h['encode_p50_ms']:.1f} ms encoding)" if h.get("encode_p50_ms") is not None else ""
        rows.append((f"3 hybrid {h['chunks']:,} chunks ({h['dense']}): p50 / p95",
                     f"{h['p50_ms']:.1f} / {h['p95_ms']:.1f} ms",
                     f"recall@10 {h['dense_recall@10']:.3f}{enc}; RSS +{h['rss_bytes'] / 2**20:.0f} MiB "
                     f"(anon +{h['rss_anon_bytes'] / 2**20:.0f}); disk {h['bytes_per_chunk']['total']:.0f} B/chunk",
                     TARGETS["hybrid"]))
    i = results.get("indexing")
    if i:
        rows.append((f"4 indexing ({i['passages']} {i['source']} passages): ONNX fp32 / ST",
                     f"{i['onnx_fp32_speedup']:.2f}x",
                     f"{i['onnx_fp32_per_s']:.1f} vs {i['sentence_transformers_per_s']:.1f} chunks/s; "
                     f"int8 (default) {i['onnx_int8_speedup']:.2f}x, {i['onnx_int8_per_s']:.1f} chunks/s "
                     f"(cos min {i['onnx_int8_cosine_min']:.3f})", TARGETS["indexing"]))
    ch = results.get("chunking")
    if ch:
        per = ch["s_per_mb"]
        rows.append(("5 chunking s/MB: hard-wrapped / prose", f"{ch['wrapped_over_prose']:.2f}",
                     f"{per['wrapped']:.2f} vs {per['prose']:.2f} s/MB; wrapped 4 MB {per['wrapped_x4']:.2f} s/MB "
                     f"({ch['wrapped_4mb_over_1mb_per_mb']:.2f}x the 1 MB rate)", "<= 2"))
        rows.append((f"5 chunking {ch['docs']} SciFact abstracts: plain pysbd / qa", f"{ch['speedup_vs_plain_pysbd']:.2f}x",
                     f"{min(ch['seconds']['plain_pysbd_docs']):.1f} s vs {min(ch['seconds']['qa_docs']):.1f} s, "
                     "same sentences", ">= 5x"))
    b = results.get("build")
    if b:
        rows.append((f"6 qa index --rebuild {b['documents']} SciFact abstracts vs ST encode", f"{b['int8_vs_st']:.2f}x",
                     f"int8 {b['qa_int8_s']:.1f} s ({b['qa_int8_passages_per_s']:.0f} passages/s, "
                     f"{b['qa_int8_mb_per_s']:.3f} MB/s); fp32 {b['qa_fp32_s']:.1f} s ({b['fp32_vs_st']:.2f}x); "
                     f"ST {b['sentence_transformers_s']:.1f} s"
                     + (f"; CPU time ratio {b['int8_vs_st_cpu']:.2f}x" if "int8_vs_st_cpu" in b else ""),
                     TARGETS["build"]))
    s = results.get("scifact")
    if s:
        st = s["st"]["ndcg10"]["hybrid-convex"]
        for kind in ("onnx", "int8"):
            if kind in s:
                got = s[kind]["ndcg10"]["hybrid-convex"]
                rows.append((f"4 SciFact nDCG@10 hybrid, {kind} index vs ST index", f"{got - st:+.4f}",
                             f"{got:.4f} vs {st:.4f}; dense {s[kind]['ndcg10']['dense']:.4f} vs "
                             f"{s['st']['ndcg10']['dense']:.4f}", "within 0.005"))
    pr = results.get("precision")
    if pr:
        for label, (sf, key) in {"hybrid": ("scifact", "hybrid-convex"), "dense": ("scifact", "dense")}.items():
            if sf in pr:
                f, i = pr[sf]["fp32"]["ndcg10"][key], pr[sf]["int8"]["ndcg10"][key]
                rows.append((f"7 SciFact nDCG@10 {label}: int8 - fp32 index", f"{i - f:+.4f}",
                             f"{i:.4f} vs {f:.4f}", "within 0.005"))
        if "squad2" in pr:
            a, b32 = pr["squad2"]["int8"]["figures"], pr["squad2"]["fp32"]["figures"]
            for k in ("answer_hit", "first_citation", "unanswerable_abstained", "answerable_abstained"):
                rows.append((f"7 squad2 {k}: int8 - fp32 index", f"{100 * (a[k] - b32[k]):+.1f} pt",
                             f"{a[k]:.4f} vs {b32[k]:.4f}", "within 0.5 pt"))
        if "seeds" in pr:
            sd = pr["seeds"]
            rows.append(("7 seed answers: int8 identical to fp32", f"{sd['identical']}/{sd['questions']}",
                         f"{len(sd['differences'])} differ (listed in the JSON)", ""))
    sv = results.get("serve")
    if sv:
        import serve_load

        rows += [(what, ratio, detail, TARGETS["serve"]) for what, ratio, detail in serve_load.rows(sv)]
    widths = [max(len(r[k]) for r in rows + [("what", "result", "detail", "target")]) for k in range(4)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format("what", "result", "detail", "target"), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*r) for r in rows]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, under two minutes")
    ap.add_argument("--only", default=None, help=f"comma-separated parts of {','.join(PARTS)}")
    ap.add_argument("--work", type=Path, default=HERE / ".work", help="cached indexes and exports")
    ap.add_argument("--out", type=Path, default=None, help="JSON file  [default: bench/results/latest.json, "
                    "or quick.json with --quick]")
    ap.add_argument("--merge", nargs="+", type=Path, default=None,
                    help="combine the parts of earlier result files (later files win) into --out, re-tabled")
    args = ap.parse_args()
    if args.merge:
        merged: dict = {"merged_from": [], "machine": {}}
        for path in args.merge:
            part = json.loads(path.read_text(encoding="utf-8"))
            merged["merged_from"].append({"file": path.name, "started": part.get("started"),
                                          "parts": [k for k in PARTS if k in part],
                                          "load_avg": [part["machine"].get("load_avg_start"),
                                                       part["machine"].get("load_avg_end")]})
            merged.update({k: part[k] for k in PARTS if k in part})
            merged["machine"].update({k: part["machine"][k] for k in ("cpus", "python")})
        if "scifact" not in merged and (args.work / "scifact-st.json").exists():
            import scifact

            merged["scifact"] = {k: json.loads((args.work / f"scifact-{k}.json").read_text())
                                 for k in ("st", "onnx", "int8") if (args.work / f"scifact-{k}.json").exists()}
        merged["table"] = table(merged)
        print(merged["table"])
        out = args.out or HERE / "results" / "latest.json"
        out.write_text(json.dumps(merged, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")
        return
    parts = args.only.split(",") if args.only else [p for p in PARTS if p not in SLOW or not args.quick]
    if "answers" in parts:  # the README's figures (bench/figures.py)
        import figures

        figures.main([])
        parts.remove("answers")
        if not parts:
            return
    args.work.mkdir(parents=True, exist_ok=True)
    q = args.quick
    results: dict = {"quick": q, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "load_avg_start": os.getloadavg()}}
    t0 = time.perf_counter()
    import cold

    seed_index = cold.ensure_seed_index(args.work)
    if "cold" in parts:
        results["cold"] = cold.run(args.work, runs=3 if q else 7, warm=not q)
    if "bm25" in parts:
        import bm25_scale

        sizes = [(10_000, 50, 10), (100_000, 50, 3)] if q else [(10_000, 50, 20), (100_000, 50, 5), (1_000_000, 50, 3)]
        results["bm25"] = [bm25_scale.run(n, nq, nr) for n, nq, nr in sizes]
    if "hybrid" in parts:
        results["hybrid"] = hybrid(args.work, [100_000] if q else [100_000, 1_000_000], 50 if q else 200, seed_index)
    if "indexing" in parts:
        import indexing

        results["indexing"] = indexing.run(args.work, 200 if q else 1000, rounds=1 if q else 2)
    if "chunking" in parts:
        import chunking

        results["chunking"] = chunking.run(mb=0.5 if q else 1.0, docs=300 if q else 1000, rounds=1 if q else 2)
    if "build" in parts:
        import build_speed

        results["build"] = build_speed.run(args.work, 1000, rounds=2)
    if "scifact" in parts:
        import scifact

        results["scifact"] = scifact.run(args.work)
    if "precision" in parts:
        import precision

        results["precision"] = precision.run(args.work)
    if "serve" in parts:
        import serve_load

        results["serve"] = serve_load.run(args.work)
        (HERE / "results" / "serve_load.json").write_text(json.dumps(results["serve"], indent=1) + "\n",
                                                          encoding="utf-8")
    results["seconds"] = time.perf_counter() - t0
    results["machine"]["load_avg_end"] = os.getloadavg()
    text = table(results)
    results["table"] = text
    print(text)
    print(f"\n{results['seconds']:.0f} s; load average {results['machine']['load_avg_start'][0]:.1f} -> "
          f"{results['machine']['load_avg_end'][0]:.1f} on {os.cpu_count()} cores")
    out = args.out or HERE / "results" / ("quick.json" if q else "latest.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
