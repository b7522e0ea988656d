"""ONNX export of a sentence-transformers model (needs torch + transformers, once per model).

``export_onnx`` writes ``model.onnx``, ``tokenizer.json`` and ``onnx_config.json`` into a
directory that ``qa.embedding.onnx_encoder.OnnxEmbedder`` loads with onnxruntime alone;
``cached_export`` keeps one export per model files and machine user, in the user cache directory
(platformdirs ``user_cache_dir("qa")/onnx``, or ``$QA_CACHE_DIR/onnx``), so a new index folder
never exports again; ``quantize_int8`` writes the dynamic-int8 variant builds encode passages with
by default (one passage per run: docs/speed.md).  Heavy imports stay inside functions.

Exporter choice: torch>=2.9 defaults ``torch.onnx.export`` to the dynamo exporter, which
needs the ``onnxscript`` package (not installed, not otherwise needed).  We call the legacy
TorchScript exporter with ``dynamo=False``: it works offline with torch alone, plus the
``onnx`` package (imported by the exporter and by ``onnxruntime.quantization``).
"""

from __future__ import annotations

import errno
import inspect
import json
import logging
import os
import shutil
import tempfile
import warnings
from pathlib import Path

from qa.errors import ModelError
from .onnx_encoder import CONFIG_NAME, INT8_NAME, MODEL_NAME, TOKENIZER_NAME, read_json
from .onnx_weights import external_weights, loadable_model

log = logging.getLogger(__name__)
_POOLING = {"pooling_mode_cls_token": "cls", "pooling_mode_mean_tokens": "mean",
            "pooling_mode_max_tokens": "max"}
_KNOWN_MODULES = {"Transformer", "Pooling", "Normalize"}


class ExportError(ModelError):
    """The model cannot be exported to ONNX, or an export directory is unusable."""


def _read_json(path: Path) -> dict | list:
    return read_json(path, ExportError)


def _model_dir(model_path: str | os.PathLike) -> Path:
    path = Path(model_path).expanduser()
    if path.is_dir():
        return path
    try:  # a hub name already in the local cache (never downloads)
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(str(model_path), local_files_only=True))
    except Exception as exc:
        raise ExportError(f"model directory not found: {model_path}") from exc


def _st_layout(model_dir: Path) -> dict:
    """Pooling / normalize / max_seq_length from the sentence-transformers config files."""
    modules = _read_json(model_dir / "modules.json") if (model_dir / "modules.json").exists() else []
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    unknown = [k for k in kinds if k not in _KNOWN_MODULES]
    if unknown:
        raise ExportError(f"unsupported sentence-transformers modules for ONNX export: {unknown}")
    pooling, dim = "mean", None  # a plain HF model (no modules.json) gets mean pooling
    for mod, kind in zip(modules, kinds):
        if kind == "Pooling":
            cfg = _read_json(model_dir / mod.get("path", "") / "config.json")
            modes = [_POOLING.get(k, k) for k, v in cfg.items() if k.startswith("pooling_mode") and v]
            if len(modes) != 1 or modes[0] not in _POOLING.values():
                raise ExportError(f"unsupported pooling {modes or 'none'} (supported: mean, cls, max)")
            pooling, dim = modes[0], cfg.get("word_embedding_dimension")
    sbert = model_dir / "sentence_bert_config.json"
    max_len = _read_json(sbert).get("max_seq_length") if sbert.exists() else None
    return {"pooling": pooling, "normalize": "Normalize" in kinds, "max_seq_length": max_len,
            "dimension": dim}


def export_onnx(model_path: str, out_dir: Path) -> Path:
    """Export ``model_path`` (a sentence-transformers model directory) into ``out_dir``.

    Writes model.onnx, tokenizer.json and onnx_config.json into a temporary sibling directory
    and renames it into place, so an interrupted export never leaves a half directory.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    model_dir, out_dir = _model_dir(model_path), Path(out_dir)
    layout = _st_layout(model_dir)
    try:
        import torch
        from tokenizers import Tokenizer
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ExportError(f"ONNX export needs torch, transformers and tokenizers: {exc}") from exc
    bar = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # no "Loading weights" bar in the middle of a build
    try:
        hf_tok = AutoTokenizer.from_pretrained(str(model_dir))
        # eager attention traces to plain MatMul/Softmax ops (sdpa gives the same numbers).
        model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    except Exception as exc:
        raise ExportError(f"cannot load model {model_dir}: {exc}") from exc
    finally:
        if bar:
            hf_logging.enable_progress_bar()
    accepted = inspect.signature(model.forward).parameters
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids")
             if n in accepted and (n != "token_type_ids" or n in hf_tok.model_input_names)]
    max_len = min(int(layout["max_seq_length"] or hf_tok.model_max_length or 512),
                  int(getattr(model.config, "max_position_embeddings", None) or 10**6))
    if hf_tok.pad_token_id is None:
        raise ExportError(f"tokenizer of {model_dir} has no padding token")

    class _Wrapper(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *args):
            return self.inner(**dict(zip(names, args))).last_hidden_state

    sample = hf_tok(["an example sentence for tracing", "a shorter one"], padding=True, return_tensors="pt")
    args = tuple(sample[n] if n in sample else torch.zeros_like(sample["input_ids"]) for n in names)
    axes = {n: {0: "batch", 1: "sequence"} for n in [*names, "last_hidden_state"]}
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o777 & ~mask)  # mkdtemp makes 0700; an index's onnx/ copy must be readable as usual
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # TracerWarning/DeprecationWarning noise of the legacy path
            torch.onnx.export(_Wrapper(model), args, str(tmp / MODEL_NAME), dynamo=False,
                              input_names=names, output_names=["last_hidden_state"],
                              dynamic_axes=axes, opset_version=17, do_constant_folding=True)
        probe = hf_tok(_PROBE_TEXTS, padding=True, truncation=True, max_length=max_len, return_tensors="np")
        feed = {n: (probe[n] if n in probe else 0 * probe["input_ids"]).astype("int64") for n in names}
        fused = _fuse(tmp / MODEL_NAME, model.config, feed)
        weights_apart(tmp)
        tok = (Tokenizer.from_file(str(model_dir / TOKENIZER_NAME))
               if (model_dir / TOKENIZER_NAME).exists() else hf_tok.backend_tokenizer)
        tok.no_padding()  # shipped tokenizer.json files may pin padding/truncation (MiniLM: 128)
        tok.enable_truncation(max_length=max_len)
        tok.save(str(tmp / TOKENIZER_NAME))
        config = {"format": 1, "source": str(model_dir), "pooling": layout["pooling"],
                  "normalize": layout["normalize"], "max_seq_length": max_len,
                  "dimension": int(layout["dimension"] or model.config.hidden_size), "input_names": names,
                  "pad_id": int(hf_tok.pad_token_id), "fused": fused}
        (tmp / CONFIG_NAME).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        old = None  # replace an existing export: old -> .old, tmp -> out_dir, drop .old
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out_dir.rename(old)
        tmp.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, ExportError):
            raise
        raise ExportError(f"ONNX export of {model_dir} failed: {exc}") from exc
    return out_dir / MODEL_NAME


_PROBE_TEXTS = ["Who designed the Eiffel Tower?", "",
                " ".join(f"Sentence {i} of a long report on river flooding and levees." for i in range(60))]


def _fuse(path: Path, config, feed: dict) -> bool:
    """Fuse attention, layer norms and GELU (onnxruntime's transformer optimizer) in ``path``.

    About 1.3x faster passage encoding on CPU.  The fused graph is kept only when its outputs
    at real tokens equal the traced graph's (|diff| <= 1e-4); otherwise the plain one stays.
    """
    import logging

    fused_path = path.with_name("fused.onnx")
    quiet = [logging.getLogger(n) for n in ("onnxruntime", "onnxruntime.transformers", "fusion", "")]
    levels = [lg.level for lg in quiet]
    try:
        import numpy as np
        import onnxruntime as ort
        from onnxruntime.transformers import optimizer

        if getattr(config, "model_type", None) not in optimizer.MODEL_TYPES:
            return False
        for lg in quiet:
            lg.setLevel(logging.ERROR)
        heads, hidden = int(getattr(config, "num_attention_heads", 0)), int(getattr(config, "hidden_size", 0))
        optimizer.optimize_model(str(path), model_type=config.model_type, num_heads=heads, hidden_size=hidden,
                                 opt_level=1).save_model_to_file(str(fused_path))
        outs = [ort.InferenceSession(str(p), providers=["CPUExecutionProvider"]).run(None, feed)[0]
                for p in (path, fused_path)]
        real = feed["attention_mask"].astype(bool) if "attention_mask" in feed else slice(None)
        if not np.allclose(outs[0][real], outs[1][real], atol=1e-4, rtol=0):
            raise ValueError("fused outputs differ")
        os.replace(fused_path, path)
        return True
    except Exception:  # noqa: BLE001 - fusion is an optimisation; the traced graph is always correct
        fused_path.unlink(missing_ok=True)
        return False
    finally:
        for lg, level in zip(quiet, levels):
            lg.setLevel(level)


def export_key(model_path: str | os.PathLike) -> str:
    """A short key for one model on disk: its resolved path and its files' sizes and mtimes."""
    import hashlib

    model_dir = _model_dir(model_path).resolve()
    stamp = [str(model_dir), "fused-1"]  # this exporter's output (a changed exporter: a new key)
    for path in sorted(model_dir.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(model_dir).parts):
            st = path.stat()
            stamp.append([path.relative_to(model_dir).as_posix(), st.st_size, st.st_mtime_ns])
    return hashlib.sha256(json.dumps(stamp).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def cache_root() -> Path:
    """Where exports are kept: ``$QA_CACHE_DIR/onnx``, else the user cache dir's ``qa/onnx``."""
    base = os.environ.get("QA_CACHE_DIR")
    if not base:
        from platformdirs import user_cache_dir

        base = user_cache_dir("qa", appauthor=False)
    return Path(base) / "onnx"


def cached_export(model_path: str | os.PathLike, root: Path | None = None, *, int8: bool = False,
                  progress=None) -> Path:
    """The ONNX export of ``model_path`` in ``<root>/<export_key>/`` (root: ``cache_root()``),
    exported there if missing, with its int8 variant when ``int8``.

    Later builds with the same model files reuse it, so they never import torch.  ``progress``
    (``progress(stage, done, total)``) hears of the one-time work as the "exporting" stage.
    """
    target = Path(root or cache_root()) / export_key(model_path)
    steps = []
    if not (target / CONFIG_NAME).exists():
        steps.append(lambda: export_onnx(str(model_path), target))
    if int8 and not (target / INT8_NAME).exists():
        steps.append(lambda: quantize_int8(target))
    for done, step in enumerate(steps):
        if progress is not None:
            progress("exporting", done, len(steps))
        step()
    if steps and progress is not None:
        progress("exporting", len(steps), len(steps))
    weights_apart(target)  # an export made before they were kept apart: converted once, in place (no torch)
    return target


def weights_apart(onnx_dir: Path) -> None:
    """``external_weights`` (onnxruntime maps them instead of parsing them: a cold ``qa ask``'s session
    in ~40% of the time), a failure being one warning: the model with its weights inside still works.
    A full disk is raised (nothing else can be written either)."""
    try:
        external_weights(onnx_dir)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise
        log.warning("could not move the ONNX model's weights apart (%s); it loads more slowly", exc)
    except Exception as exc:  # noqa: BLE001 - an optimisation
        log.warning("could not move the ONNX model's weights apart (%s); it loads more slowly", exc)


def quantize_int8(onnx_dir: Path) -> Path:
    """Dynamic int8 weight quantization of ``onnx_dir/model.onnx`` into ``model.int8.onnx``."""
    onnx_dir = Path(onnx_dir)
    src, dst = onnx_dir / MODEL_NAME, onnx_dir / INT8_NAME
    if not src.exists():
        raise ExportError(f"no {MODEL_NAME} in {onnx_dir}", hint="run export_onnx first")
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = onnx_dir / f".{INT8_NAME}.{os.getpid()}.tmp"  # two builds quantizing at once never share it
    try:
        # per-channel weights: MiniLM cosine to fp32 ~0.97-0.99, per-tensor ~0.93 (activations are
        # quantized per tensor at run time either way, which is what bounds the accuracy)
        from onnx import TensorProto

        # fused graphs (contrib ops) defeat shape inference: their outputs are float32
        import logging

        root, level = logging.getLogger(), logging.getLogger().level
        root.setLevel(logging.ERROR)  # "consider pre-processing" advice on the root logger mid-build
        try:
            with loadable_model(onnx_dir) as model:
                quantize_dynamic(str(model), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
                                 extra_options={"DefaultTensorType": TensorProto.FLOAT})
        finally:
            root.setLevel(level)
        os.replace(tmp, dst)
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"int8 quantization of {src} failed: {exc}") from exc
    return dst
