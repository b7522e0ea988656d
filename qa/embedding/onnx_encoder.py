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
# fp32 passages are sorted by token count and run 8 at a time: on 2 cores, batches of 4-8 beat 32
# (less padding beats bigger matrix products here).  int8 runs ONE text per run: dynamic int8
# quantises activations per tensor over the whole batch, so a vector would depend on its batch
# neighbours; alone, it depends only on its own text (and batch 1 is as fast: docs/speed.md).
BATCH_SIZE = 8
_CHUNK = 4096  # texts tokenized and length-sorted together (bounds memory on huge inputs)


def read_json(path: Path, error: type[ModelError] = ModelError) -> dict | list:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise error(f"cannot read {path}: {exc}") from exc


def load_tokenizer(onnx_dir: Path):
    """The ``tokenizers.Tokenizer`` of an ``export_onnx`` directory, set up as ``OnnxEmbedder`` uses it:
    no padding (batches are padded per length-sorted batch), truncated to the model's length."""
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelError(f"the ONNX embedder needs onnxruntime and tokenizers: {exc}") from exc
    cfg = read_json(Path(onnx_dir) / CONFIG_NAME)
    tokenizer = Tokenizer.from_file(str(Path(onnx_dir) / TOKENIZER_NAME))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=int(cfg["max_seq_length"]))
    return tokenizer


class OnnxEmbedder:
    """``embed(texts)`` -> float32 (n, dim) unit rows, from an ``export_onnx`` directory;
    ``embed_with_sentences`` also pools sentence vectors from the same runs (late chunking)."""

    sorts_by_tokens = True  # embed() batches by token count itself: hand it everything at once

    def __init__(self, onnx_dir: Path, name: str, *, quantized: bool = False,
                 threads: int = 2, batch_size: int = BATCH_SIZE, sessions: int = 1,
                 tokenizer_from: Callable[[], object | None] | None = None):
        """``sessions`` > 1: that many sessions of ``threads // sessions`` threads each, fed batches
        from as many Python threads (``session.run`` releases the GIL): for builds, where two
        single-threaded sessions encode ~1.5x faster than one two-threaded session (docs/speed.md).
        ``tokenizer_from``: called after the sessions are created, the ``load_tokenizer`` of this
        directory loaded meanwhile elsewhere (``qa.index.prefetch``); None from it: loaded here."""
        onnx_dir = Path(onnx_dir)
        model_file = onnx_dir / (INT8_NAME if quantized else MODEL_NAME)
        for path in (model_file, onnx_dir / TOKENIZER_NAME, onnx_dir / CONFIG_NAME):
            if not path.exists():
                raise ModelError(f"ONNX model file missing: {path}",
                                 hint="run quantize_int8" if path.name == INT8_NAME else None)
        cfg = read_json(onnx_dir / CONFIG_NAME)
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise ModelError(f"the ONNX embedder needs onnxruntime and tokenizers: {exc}") from exc
        self.name, self.dim = name, int(cfg["dimension"])
        self.pooling, self.normalize = cfg["pooling"], bool(cfg["normalize"])
        self.input_names, self.pad_id = list(cfg["input_names"]), int(cfg.get("pad_id", 0))
        self.batch_size = 1 if quantized else max(1, int(batch_size))  # int8: batch-independent vectors
        sessions = max(1, int(sessions))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, int(threads) // sessions)  # sequential execution (the default)
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.sessions = [ort.InferenceSession(str(model_file), sess_options=opts,
                                                  providers=["CPUExecutionProvider"]) for _ in range(sessions)]
        except Exception as exc:
            raise ModelError(f"cannot load ONNX model {model_file}: {exc}") from exc
        # after the sessions: a prefetch starts creating them (the longest step, GIL released) first
        tokenizer = tokenizer_from() if tokenizer_from is not None else None
        self.tokenizer = tokenizer if tokenizer is not None else load_tokenizer(onnx_dir)

    def embed(self, texts: Sequence[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Unit vectors for ``texts``; ``progress(done, total)`` is called after every batch."""
        return self._encode(list(texts), None, progress)[0]

    def embed_with_sentences(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]],
                             progress: Callable[[int, int], None] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(passage vectors, sentence vectors) from one run per passage: ``spans[i]`` are sentence
        spans as offsets into ``texts[i]``; the sentence rows come out in order (all of passage 0's,
        then passage 1's ...).  A sentence's vector is the mean of the passage's token states whose
        offsets lie inside its span (late chunking; special tokens left out), normalised.  A
        sentence without such tokens (cut off by the passage's truncation, or none) is encoded on its
        own, as are all sentences when the model does not pool by mean."""
        import numpy as np

        texts = list(texts)
        spans = [[(int(a), int(b)) for a, b in s] for s in spans]
        if len(spans) != len(texts):
            raise ValueError("one list of sentence spans per text")
        late = self.pooling == "mean"  # token means live in the model's space only for mean pooling
        passages, pooled = self._encode(texts, spans if late else None, progress)
        rows = [(i, a, b) for i, ss in enumerate(spans) for a, b in ss]
        out = np.zeros((len(rows), self.dim), dtype=np.float32)
        alone = []
        for r, (i, a, b) in enumerate(rows):
            vec = pooled[i][(a, b)] if pooled is not None else None
            if vec is None:
                alone.append(r)
            else:
                out[r] = vec
        if alone:
            out[alone] = self._encode([" ".join(texts[rows[r][0]][rows[r][1]:rows[r][2]].split())
                                       for r in alone], None, None)[0]
        return passages, out

    def _encode(self, texts: list[str], spans, progress):
        import numpy as np

        out = np.empty((len(texts), self.dim), dtype=np.float32)
        pooled: list[dict] | None = [{} for _ in texts] if spans is not None else None
        done = 0
        for start in range(0, len(texts), _CHUNK):
            encs = self.tokenizer.encode_batch(texts[start:start + _CHUNK], add_special_tokens=True)
            order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids), reverse=True)
            batches = [order[b:b + self.batch_size] for b in range(0, len(order), self.batch_size)]
            for idx, (hidden, vecs) in zip(batches, self._map([[encs[i] for i in idx] for idx in batches])):
                out[[start + i for i in idx]] = vecs
                if pooled is not None:
                    for row, i in enumerate(idx):
                        enc = encs[i]
                        pooled[start + i] = _pool_spans(hidden[row, :len(enc.ids)], enc, spans[start + i])
                done += len(idx)
                if progress is not None:
                    progress(done, len(texts))
        return out, pooled

    def _map(self, batches: list[list]):
        """``_run`` over ``batches``, in order: on the one session, or spread over the sessions."""
        if len(self.sessions) == 1:
            yield from (self._run(self.sessions[0], b) for b in batches)
            return
        import queue
        from concurrent.futures import ThreadPoolExecutor

        free = queue.SimpleQueue()
        for s in self.sessions:
            free.put(s)

        def run(encs):
            sess = free.get()
            try:
                return self._run(sess, encs)
            finally:
                free.put(sess)

        with ThreadPoolExecutor(len(self.sessions), thread_name_prefix="qa-onnx") as pool:
            yield from pool.map(run, batches)

    def _run(self, session, encs: list) -> tuple[np.ndarray, np.ndarray]:
        """(token states (batch, width, dim), unit pooled rows) of one padded batch."""
        import numpy as np

        width = max(len(e.ids) for e in encs)
        ids = np.full((len(encs), width), self.pad_id, dtype=np.int64)
        mask, types = np.zeros_like(ids), np.zeros_like(ids)
        for row, enc in enumerate(encs):
            n = len(enc.ids)
            ids[row, :n], mask[row, :n], types[row, :n] = enc.ids, 1, enc.type_ids
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        hidden = session.run(None, {n: feed[n] for n in self.input_names})[0]
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
        return hidden, _unit(pooled)


def _pool_spans(hidden, enc, spans) -> dict:
    """{(a, b): unit mean of the states of ``enc``'s tokens inside characters [a, b) (special and
    empty tokens left out), or None: no such token, or the text was truncated before ``b``}."""
    import numpy as np

    offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    real = ~np.asarray(enc.special_tokens_mask, dtype=bool) & (offs[:, 1] > offs[:, 0])
    kept = (offs[real, 1].max() if real.any() else 0) if enc.overflowing else None  # text seen up to here
    out = {}
    for a, b in spans:
        if (a, b) in out:
            continue
        sel = real & (offs[:, 0] >= a) & (offs[:, 1] <= b)
        whole = kept is None or b <= kept
        out[(a, b)] = _unit(hidden[sel].mean(axis=0, keepdims=True))[0] if whole and sel.any() else None
    return out


def _unit(rows):
    import numpy as np

    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.maximum(norms, 1e-12)).astype(np.float32)
