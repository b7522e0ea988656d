"""Text -> unit vectors: the Embedder protocol, the torch and ONNX encoders, the ONNX export.

Public API: ``from qa.embedding import …`` (the names in ``_WHERE``).
"""

from __future__ import annotations

from qa import lazy_exports

_WHERE = {
    "CONFIG_NAME": "onnx_encoder",
    "INT8_NAME": "onnx_encoder",
    "MODEL_NAME": "onnx_encoder",
    "OnnxEmbedder": "onnx_encoder",
    "SentenceTransformerEmbedder": "torch_encoder",
    "TOKENIZER_NAME": "onnx_encoder",
    "WEIGHTS_NAME": "onnx_weights",
    "cached_export": "onnx_export",
    "load_tokenizer": "onnx_encoder",
    "has_external_weights": "onnx_weights",
    "model_label": "torch_encoder",
    "resolve_model": "torch_encoder",
    "weights_apart": "onnx_export",
}
__all__ = sorted([*_WHERE])

__getattr__ = lazy_exports(__name__, _WHERE)
