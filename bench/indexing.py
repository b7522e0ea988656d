"""Passage-encoding throughput: plain sentence-transformers ``encode`` vs what ``qa index`` runs.

The passages are real text: SciFact chunks (the passage text, as the build embeds it) when
/work/shared/beir/scifact (or $QA_BENCH_SCIFACT) exists, else the seed corpus's chunks repeated.
``qa index`` encodes with the ONNX export of the model, dynamic int8 by default (``--precision
fp32``: the float model; onnxruntime on both cores, batches of 8 passages sorted by token count).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCIFACT = Path(os.environ.get("QA_BENCH_SCIFACT", "/work/shared/beir/scifact"))


def passages(n: int) -> tuple[list[str], str]:
    from qa.corpus.chunking import chunk_document
    from qa.corpus.readers import load_corpus

    source = SCIFACT / "corpus.jsonl.gz" if (SCIFACT / "corpus.jsonl.gz").exists() else ROOT / "seeds"
    out: list[str] = []
    for doc in load_corpus(source):
        out.extend(c.text for c in chunk_document(doc))  # what the build embeds: the passage alone
        if len(out) >= n:
            break
    while len(out) < n:  # the seeds are small: repeat them
        out.extend(out[: n - len(out)])
    return out[:n], "scifact" if "scifact" in str(source) else "seeds"


def run(work: Path, n: int, rounds: int = 2) -> dict:
    import numpy as np
    from sentence_transformers import SentenceTransformer

    from qa.index.passages import embed_all
    from qa.embedding.torch_encoder import offline, resolve_model
    from qa.embedding.onnx_encoder import OnnxEmbedder
    from qa.embedding.onnx_export import cached_export

    offline()
    texts, source = passages(n)
    path = resolve_model(None)
    export = int8_dir = cached_export(path, work / ".onnx-cache", int8=True)
    quiet = lambda *_: None  # noqa: E731
    st = SentenceTransformer(path, device="cpu")
    st.encode(texts[:32], batch_size=32)  # warm-up
    encoders = {"onnx_fp32": OnnxEmbedder(export, "m"), "onnx_int8": OnnxEmbedder(int8_dir, "m", quantized=True)}
    for emb in encoders.values():
        emb.embed(texts[:32])
    # Rounds alternate the encoders, so a burst of load on this shared machine hits all of
    # them alike; each encoder's figure is its best round (the least disturbed one).
    secs: dict[str, list[float]] = {"sentence_transformers": [], **{k: [] for k in encoders}}
    got: dict = {}
    for _round in range(rounds):
        t = time.perf_counter()
        ref = st.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                        show_progress_bar=False)
        secs["sentence_transformers"].append(time.perf_counter() - t)
        for label, emb in encoders.items():
            t = time.perf_counter()
            got[label] = embed_all(emb, texts, quiet)  # the build's own loop
            secs[label].append(time.perf_counter() - t)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    out = {"passages": n, "source": source, "rounds": rounds, "text_mb": mb,
           "sentence_transformers_per_s": n / min(secs["sentence_transformers"]),
           "seconds": secs}
    for label in encoders:
        cos = (got[label] * ref).sum(axis=1)
        out[f"{label}_per_s"] = n / min(secs[label])
        out[f"{label}_mb_per_s"] = mb / min(secs[label])
        out[f"{label}_speedup"] = out[f"{label}_per_s"] / out["sentence_transformers_per_s"]
        out[f"{label}_cosine_min"] = float(cos.min())
        out[f"{label}_cosine_mean"] = float(np.mean(cos))
    return out
