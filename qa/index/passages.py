"""Encoding passages for a build, and keeping the query encoder with the index.

The passage encoder is the model's ONNX export (the previous version's, or one cached under
``<index dir>/.onnx-cache``, exported there once) when possible, else sentence-transformers.
Each published version keeps an ``onnx/`` copy (hard links) so questions never need torch.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import numpy as np
from .progress import Progress

log = logging.getLogger("qa")
EMBED_BATCH = 64


def passage_encoder(model, old, index_dir: Path, export: bool):
    """(passage encoder, its ONNX dir): the ONNX export (the old version's, or one cached under
    ``index_dir/.onnx-cache``, exported there once) when possible, else sentence-transformers.
    The dir is False when an export was tried and failed (so it is not tried twice)."""
    from qa.embedding.torch_encoder import SentenceTransformerEmbedder, model_label, resolve_model

    if export:
        try:
            from qa.embedding.onnx_encoder import OnnxEmbedder
            from qa.embedding.onnx_export import cached_export

            src = old.version / "onnx" if old is not None else None
            if src is None or not (src / "onnx_config.json").exists():
                src = cached_export(resolve_model(model), index_dir / ".onnx-cache")
            return OnnxEmbedder(src, name=model_label(model)), src
        except Exception as exc:  # noqa: BLE001 - ONNX is an optimisation; sentence-transformers still works
            log.warning("ONNX export failed (%s); using sentence-transformers", str(exc).splitlines()[0])
            return SentenceTransformerEmbedder(model), False
    return SentenceTransformerEmbedder(model), None


def embed_all(embedder, texts: list[str], progress: Progress) -> np.ndarray:
    progress("embedding", 0, len(texts))
    if getattr(embedder, "sorts_by_tokens", False):
        # the ONNX embedder tokenises everything first and sorts by token count itself
        # (tighter batches than sorting by characters, 64 at a time: ~1.3x faster)
        out = embedder.embed(texts, progress=lambda done, total: progress("embedding", done, total))
        progress("embedding", len(texts), len(texts))
        return out
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # length buckets: less padding
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for at in range(0, len(order), EMBED_BATCH):
        progress("embedding", at, len(texts))
        ids = order[at : at + EMBED_BATCH]
        out[ids] = embedder.embed([texts[i] for i in ids])
    progress("embedding", len(texts), len(texts))
    return out


def keep_query_encoder(build_dir: Path, old, model, ready=None) -> bool:
    """Keep an ONNX query encoder with the index: the passage encoder's, the old one, or a new export."""

    target = build_dir / "onnx"
    if ready is False:  # the export already failed in this build (and was reported)
        return False
    if ready is not None:
        shutil.copytree(ready, target, copy_function=_link_or_copy)
        return True
    if old is not None and (old.version / "onnx" / "onnx_config.json").exists():
        # versions are never modified once published: hard links are safe, instant and free
        shutil.copytree(old.version / "onnx", target, copy_function=_link_or_copy)
        return True
    try:
        from qa.embedding.torch_encoder import resolve_model
        from qa.embedding.onnx_export import export_onnx

        export_onnx(resolve_model(model), target)
        return True
    except Exception as exc:  # noqa: BLE001 - export is an optimisation; never fail the build for it
        log.warning("ONNX export failed (%s); questions will be encoded with sentence-transformers", exc)
        return False


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
