"""The light ONNX Runtime embedder: questions (and passages) encoded without torch.

``OnnxEmbedder`` loads a directory written by ``qa.onnx_export.export_onnx`` and needs only
onnxruntime, tokenizers and numpy, so a one-shot ``qa ask`` never imports torch.  Heavy
imports stay inside functions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from qa.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

CONFIG_NAME, MODEL_NAME, INT8_NAME = "onnx_config.json", "model.onnx", "model.int8.onnx"
TOKENIZER_NAME = "tokenizer.json"
# Passages are sorted by token count and run 8 at a time: on 2 cores, batches of 4-8 encode
# ~28 SciFact passages/s, 32 only ~22/s (less padding beats bigger matrix products here).
BATCH_SIZE = 8
_CHUNK = 4096  # texts tokenized and length-sorted together (bounds memory on huge inputs)


def read_json(path: Path, error: type[ModelError] = ModelError) -> dict | list:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise error(f"cannot read {path}: {exc}") from exc


class OnnxEmbedder:
    """``embed(texts)`` -> float32 (n, dim) unit rows, from an ``export_onnx`` directory."""

    sorts_by_tokens = True  # embed() batches by token count itself: hand it everything at once

    def __init__(self, onnx_dir: Path, name: str, *, quantized: bool = False,
                 threads: int = 2, batch_size: int = BATCH_SIZE, spinning: bool = True):
        onnx_dir = Path(onnx_dir)
        model_file = onnx_dir / (INT8_NAME if quantized else MODEL_NAME)
        for path in (model_file, onnx_dir / TOKENIZER_NAME, onnx_dir / CONFIG_NAME):
            if not path.exists():
                raise ModelError(f"ONNX model file missing: {path}",
                                 hint="run quantize_int8" if path.name == INT8_NAME else None)
        cfg = read_json(onnx_dir / CONFIG_NAME)
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(f"the ONNX embedder needs onnxruntime and tokenizers: {exc}") from exc
        self.name, self.dim = name, int(cfg["dimension"])
        self.pooling, self.normalize = cfg["pooling"], bool(cfg["normalize"])
        self.input_names, self.pad_id = list(cfg["input_names"]), int(cfg.get("pad_id", 0))
        self.batch_size = max(1, int(batch_size))
        self.tokenizer = Tokenizer.from_file(str(onnx_dir / TOKENIZER_NAME))
        self.tokenizer.no_padding()  # we pad per length-sorted batch ourselves
        self.tokenizer.enable_truncation(max_length=int(cfg["max_seq_length"]))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, int(threads))  # sequential execution (the default)
        if not spinning:
            # Threads that wait on a busy core instead of spinning: the same passages for ~40%
            # less CPU time (5.5 vs 9.7 CPU-s for 392 SciFact passages, 2 threads; issue 19).
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.session = ort.InferenceSession(str(model_file), sess_options=opts,
                                                providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise ModelError(f"cannot load ONNX model {model_file}: {exc}") from exc

    def embed(self, texts: Sequence[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Unit vectors for ``texts``; ``progress(done, total)`` is called after every batch."""
        import numpy as np

        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        done = 0
        for start in range(0, len(texts), _CHUNK):
            encs = self.tokenizer.encode_batch(texts[start:start + _CHUNK], add_special_tokens=True)
            order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids), reverse=True)
            for b in range(0, len(order), self.batch_size):
                idx = order[b:b + self.batch_size]
                out[[start + i for i in idx]] = self._run([encs[i] for i in idx])
                done += len(idx)
                if progress is not None:
                    progress(done, len(texts))
        return out

    def _run(self, encs: list) -> np.ndarray:
        import numpy as np

        width = max(len(e.ids) for e in encs)
        ids = np.full((len(encs), width), self.pad_id, dtype=np.int64)
        mask, types = np.zeros_like(ids), np.zeros_like(ids)
        for row, enc in enumerate(encs):
            n = len(enc.ids)
            ids[row, :n], mask[row, :n], types[row, :n] = enc.ids, 1, enc.type_ids
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        hidden = self.session.run(None, {n: feed[n] for n in self.input_names})[0]
        hidden = hidden.astype(np.float32, copy=False)
        if self.pooling == "cls":
            pooled = hidden[:, 0]
        elif self.pooling == "max":
            pooled = np.where(mask[..., None] > 0, hidden, -1e9).max(axis=1)
        else:  # mean over real tokens
            m = mask[..., None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        # Rows are always unit length (the Embedder contract); the recorded ``normalize`` flag
        # says whether the sentence-transformers model itself ends with a Normalize module.
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
