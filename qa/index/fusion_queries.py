"""The pseudo-questions' vectors a build keeps beside its version (``fusion_queries.npz``), so the
next build embeds only the pseudo-questions it has not seen (``qa.index.fusion_choice``; method
``pseudo-queries-4`` and later, docs/retrieval.md)."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("qa")

QUERY_CACHE = "fusion_queries.npz"  # the pseudo-questions' texts and vectors, for the next build


def _model_key(manifest: dict) -> str:
    model = manifest.get("model") or {}
    return f"{model.get('name')}|{model.get('dim')}|{model.get('path')}"


def read_query_cache(index_dir, manifest: dict) -> dict:
    """The live version's pseudo-question vectors (text -> vector) when made by the same model, else {}."""
    import numpy as np

    from .ownership import current_version

    live = current_version(Path(index_dir))
    path = live / QUERY_CACHE if live is not None else None
    if path is None or not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as z:
            if str(z["model"]) != _model_key(manifest):
                return {}
            return dict(zip(z["texts"].tolist(), z["vectors"]))
    except (OSError, ValueError, KeyError) as exc:
        log.debug("pseudo-question cache %s not read: %s", path, exc)
        return {}


def write_query_cache(build_dir, manifest: dict, cache: dict) -> None:
    """This version's pseudo-question vectors (``embed_queries`` kept only those it asked), beside its
    other files."""
    import numpy as np

    texts = sorted(cache)
    if not texts:
        return
    vectors = np.stack([np.asarray(cache[t], dtype=np.float32) for t in texts])
    with open(Path(build_dir) / QUERY_CACHE, "wb") as fh:
        np.savez(fh, texts=np.asarray(texts, dtype=str), vectors=vectors, model=np.asarray(_model_key(manifest)))
