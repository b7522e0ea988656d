"""SciFact nDCG@10 of indexes whose passages were embedded by each encoder (slow: three builds).

``st``: sentence-transformers (the old build path); ``onnx``: the ONNX fp32 export
(``qa index --precision fp32``); ``int8``: its dynamic int8 quantization (the default).  Questions
are encoded by the same ONNX fp32 query encoder for all three, so only the passages differ.
Each result is cached in <work>/scifact-<kind>.json (delete it to measure again).
Run alone: ``python bench/run.py --only scifact`` (BEIR folder: $QA_BENCH_SCIFACT).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from indexing import SCIFACT


def _encoder(kind: str, work: Path):
    from qa.embedding.torch_encoder import SentenceTransformerEmbedder, resolve_model
    from qa.embedding.onnx_encoder import OnnxEmbedder
    from qa.embedding.onnx_export import cached_export, quantize_int8

    export = cached_export(resolve_model(None), work / ".onnx-cache")
    if kind == "st":
        return SentenceTransformerEmbedder(), export
    if kind == "int8":
        int8 = work / "onnx-int8"
        if not (int8 / "model.int8.onnx").exists():
            shutil.rmtree(int8, ignore_errors=True)
            shutil.copytree(export, int8)
            quantize_int8(int8)
        return OnnxEmbedder(int8, "all-MiniLM-L6-v2", quantized=True), export
    return OnnxEmbedder(export, "all-MiniLM-L6-v2"), export


def measure(kind: str, work: Path) -> dict:
    from qa.evaluation.beir import beir_index, evaluate_beir, load_beir
    from qa.embedding.onnx_encoder import OnnxEmbedder
    from qa.search.retrieve import SearchConfig

    data = load_beir(SCIFACT)
    emb, export = _encoder(kind, work)
    marks: dict[str, list[float]] = {}

    def progress(stage: str, _done: int, _total: int) -> None:
        marks.setdefault(stage, [time.perf_counter(), 0.0])[1] = time.perf_counter()

    t = time.perf_counter()
    index = beir_index(data, work / f"scifact-{kind}", embedder=emb, rebuild=True, progress=progress,
                       export_onnx=False)
    build_s = time.perf_counter() - t
    index.use_embedder(OnnxEmbedder(export, "all-MiniLM-L6-v2"))  # same question encoder for all
    report, _ = evaluate_beir(index, data, SearchConfig(depth=1000),
                              labels=["bm25", "dense", "hybrid-convex", "hybrid-rrf"])
    embed_s = marks["embedding"][1] - marks["embedding"][0]
    return {"kind": kind, "chunks": index.n_chunks, "embed_s": embed_s, "chunks_per_s": index.n_chunks / embed_s,
            "build_s": build_s, "ndcg10": {r.label: r.metrics["nDCG@10"] for r in report.runs}}


def run(work: Path, kinds=("st", "onnx", "int8")) -> dict:
    out = {}
    for kind in kinds:
        cache = work / f"scifact-{kind}.json"
        if not cache.exists():
            cache.write_text(json.dumps(measure(kind, work), indent=1))
        out[kind] = json.loads(cache.read_text())
    return out


if __name__ == "__main__":
    import sys

    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / ".work"
    kinds = sys.argv[2].split(",") if len(sys.argv) > 2 else ("st", "onnx", "int8")
    print(json.dumps(run(work, kinds), indent=1))
