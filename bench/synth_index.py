"""Write a synthetic qa index (the real on-disk format, via qa's own writers) for the scale benchmarks.

Chunks come from ``synth.corpus`` (10 chunks a document, one sentence a chunk); BM25 is built
from their token counts with qa's engine, the vectors are ``synth.vectors`` and the dense index
is whatever ``qa.dense.build_ann`` decides for that size, exactly as ``qa index`` would.
With ``query_encoder`` (an ONNX export folder, e.g. ``qa.embedding.onnx_export.cached_export`` of the
bundled model) the version also gets the real question encoder in ``onnx/``, recorded in the manifest
as ``qa index`` records it, so ``qa serve`` / ``qa ask`` can load the index; the vectors stay synthetic
(same dimension, 384), so dense ranking is arbitrary for real questions but costs what it would.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np

from qa.search.bm25 import BM25, BM25Params, TermCounts
from qa.index.build_settings import settings
from qa.corpus.chunking import ChunkingConfig
from qa.index.sentences import save as save_sentences
from qa.search.dense import build_ann
from qa.search.quantized import Quantized, quantize
from qa.index.versions import FORMAT, FORMAT_VERSION, DocMeta, DocStore, new_build_dir, publish, write_manifest

from synth import Corpus

CHUNKS_PER_DOC = 10


def term_counts(c: Corpus) -> TermCounts:
    """Chunk-major counts straight from the token id arrays (no Python loop over tokens)."""
    V = len(c.vocab)
    rows = np.repeat(np.arange(c.n, dtype=np.int64), np.diff(c.indptr))
    keys, counts = np.unique(rows * V + c.ids, return_counts=True)
    doc, term = keys // V, (keys % V).astype(np.int32)
    indptr = np.zeros(c.n + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc, minlength=c.n), out=indptr[1:])
    return TermCounts(list(c.vocab), indptr, term, counts.astype(np.int32))


def texts(c: Corpus) -> tuple[list[str], np.ndarray]:
    """Document texts (chunks joined by spaces) and chunk rows (doc, start, end, s_lo, s_hi)."""
    words = np.asarray(c.vocab, dtype=object)[c.ids]
    wlen = np.fromiter((len(w) for w in c.vocab), dtype=np.int64, count=len(c.vocab))[c.ids] + 1
    tok_end = np.cumsum(wlen)  # char offset after each token + its space, in the joined text
    tok_start = tok_end - wlen
    big = " ".join(words.tolist()) + " "
    first, last = c.indptr[:-1], c.indptr[1:] - 1
    c_start, c_end = tok_start[first], tok_end[last] - 1  # chunk span without the trailing space
    doc = np.arange(c.n) // CHUNKS_PER_DOC
    n_docs = int(doc[-1]) + 1
    d_first = np.arange(n_docs) * CHUNKS_PER_DOC
    d_last = np.minimum(d_first + CHUNKS_PER_DOC, c.n) - 1
    d_start, d_end = c_start[d_first], c_end[d_last]
    doc_texts = [big[a:b] for a, b in zip(d_start.tolist(), d_end.tolist())]
    rows = np.stack([doc, c_start - d_start[doc], c_end - d_start[doc], np.arange(c.n), np.arange(c.n) + 1], axis=1)
    return doc_texts, rows.astype(np.int64)


def default_query_encoder() -> Path:
    """The bundled model's ONNX export from the per-user cache (exported there once if missing)."""
    from qa.embedding.onnx_export import cached_export
    from qa.embedding.torch_encoder import resolve_model

    return cached_export(resolve_model(None))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def add_query_encoder(build: Path, export: Path, dim: int) -> None:
    """``export`` into ``build/onnx`` (hard links where possible), as ``qa index`` keeps it."""
    cfg = json.loads((export / "onnx_config.json").read_text(encoding="utf-8"))
    if cfg.get("dimension") not in (None, dim):
        raise ValueError(f"query encoder {export} has {cfg['dimension']} dimensions, the vectors {dim}")
    shutil.copytree(export, build / "onnx", copy_function=_link_or_copy, ignore=shutil.ignore_patterns(".*"))


def write_index(c: Corpus, vectors: np.ndarray, index_dir: Path, exact_limit: int | None = None,
                query_encoder: Path | None = None) -> dict:
    """Write and publish the index; returns timings and the dense choice."""
    t0 = time.perf_counter()
    tc = term_counts(c)
    engine = BM25.from_counts(tc, BM25Params())
    t_bm25 = time.perf_counter() - t0
    doc_texts, rows = texts(c)
    metas = [DocMeta(f"doc{i:07d}", "", "synthetic", f"h{i}", len(t)) for i, t in enumerate(doc_texts)]
    build = new_build_dir(index_dir)
    DocStore.write(build, metas, doc_texts)
    np.save(build / "chunks.npy", rows)
    np.save(build / "sentences.npy", rows[:, 1:3].copy())
    tc.save(build / "bm25")
    engine.save(build / "bm25")
    (build / "dense").mkdir()
    codes, scales = quantize(vectors, 8, per_vector=True)  # as qa index stores them (format 2)
    np.save(build / "dense" / "vectors.npy", codes)
    np.save(build / "dense" / "vectors.scale.npy", scales)
    # one sentence a chunk here, so its vector is the chunk's (stored apart, as qa index does)
    save_sentences(build / "dense", vectors)
    t1 = time.perf_counter()
    ann = build_ann(Quantized(codes, scales, 8, vectors.shape[1]), build / "dense", exact_limit=exact_limit)
    t_ann = time.perf_counter() - t1
    if query_encoder is not None:
        from qa.embedding.torch_encoder import DEFAULT_MODEL

        add_query_encoder(build, Path(query_encoder), int(vectors.shape[1]))
    model = DEFAULT_MODEL if query_encoder is not None else "synthetic-embedding-like"
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "qa_version": "bench", "corpus": "synthetic",
        **settings(model, int(vectors.shape[1]), ChunkingConfig(), BM25Params()),
        "counts": {"documents": len(metas), "chunks": c.n, "sentences": c.n},
        "documents": {m.id: m.hash for m in metas},
    }
    manifest["model"]["onnx"] = query_encoder is not None
    write_manifest(build, manifest)
    version = publish(index_dir, build)
    files = [p for p in version.rglob("*") if p.is_file()]
    by_part = {}
    for p in files:
        part = p.relative_to(version).parts[0]
        by_part[part] = by_part.get(part, 0) + p.stat().st_size
    return {"bm25_build_s": t_bm25, "ann_build_s": t_ann, "ann": ann, "bytes": by_part,
            "bytes_total": sum(by_part.values())}
