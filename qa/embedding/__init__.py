"""Text -> unit vectors: the Embedder protocol, the torch and ONNX encoders, the ONNX export.

The names below are this stage's public API: other stages import only these
(``from qa.embedding import …``).
They are loaded on first use, so importing the package stays light.
"""

from __future__ import annotations

from importlib import import_module

_WHERE = {
    "CONFIG_NAME": "onnx_encoder",
    "INT8_NAME": "onnx_encoder",
    "MODEL_NAME": "onnx_encoder",
    "OnnxEmbedder": "onnx_encoder",
    "SentenceTransformerEmbedder": "torch_encoder",
    "TOKENIZER_NAME": "onnx_encoder",
    "cached_export": "onnx_export",
    "model_label": "torch_encoder",
    "resolve_model": "torch_encoder",
}
__all__ = sorted([*_WHERE])


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
