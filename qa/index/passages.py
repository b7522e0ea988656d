"""Encoding passages for a build, and keeping the query encoder with the index.

The passage encoder is the model's ONNX export, dynamically quantised to int8 by default (one
passage per run, so a vector depends only on its own text; ``precision="fp32"`` for the plain
export): the previous version's copy, or the one exported once per model in the user cache
directory (``qa.embedding.onnx_export.cache_root``); sentence-transformers only when the export
fails.  ``encode`` gives the passages' vectors and, from the same runs, their sentences' (late
chunking, ``OnnxEmbedder.embed_with_sentences``) when the encoder can.  Each published version keeps an ``onnx/`` copy (hard links) of that export
(the fp32 query encoder, and the int8 passage encoder when used) so questions never need torch and later incremental
builds embed new passages with the very same files (``link_tree``).
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from .progress import Progress

log = logging.getLogger("qa")
EMBED_BATCH = 64
# distinct passages encoded per call, which bounds the encoder's buffers (its tokenizer's encodings
# alone are ~25 KB a passage).  The ONNX embedder tokenises and length-sorts 4096 texts together: an
# encoder running several passages a run (fp32) gets them 4096 at a time, so its batches are the
# ones a whole-corpus call made; one passage a run (int8), a vector does not depend on its neighbours.
ENCODE_BATCH = 4096
ENCODE_BATCH_ALONE = 512


@dataclass(frozen=True)
class PassageModel:
    """What encodes a build's passages: the ONNX export in ``onnx_dir`` at ``precision``, or
    sentence-transformers (``onnx_dir`` None: no export wanted; False: the export failed).
    Local builds load it here; cluster builds send it (and ``files()``) to every worker once."""

    model: str | None
    label: str
    onnx_dir: Path | None | bool
    precision: str = "int8"

    def files(self) -> tuple[Path, ...]:
        """The export files this encoder reads (what a cluster ships to workers)."""
        from qa.embedding import CONFIG_NAME, INT8_NAME, MODEL_NAME, TOKENIZER_NAME, WEIGHTS_NAME

        names = [INT8_NAME] if self.precision == "int8" else [MODEL_NAME, WEIGHTS_NAME]  # fp32: weights apart
        return tuple(Path(self.onnx_dir) / n for n in (*names, TOKENIZER_NAME, CONFIG_NAME)
                     if n != WEIGHTS_NAME or (Path(self.onnx_dir) / n).exists())

    def load(self, threads: int | None = None):
        """The encoder on ``threads`` cores (default: this machine's, at most 8): as many
        single-threaded sessions side by side, the fastest way to encode a build's passages
        (measured on 2 cores: docs/speed.md)."""
        threads = threads or min(os.cpu_count() or 2, 8)
        if self.onnx_dir:
            from qa.embedding import OnnxEmbedder

            return OnnxEmbedder(Path(self.onnx_dir), name=self.label, quantized=self.precision == "int8",
                                threads=threads, sessions=threads)
        from qa.embedding import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(self.model)


def passage_model(model, old, export: bool, precision: str = "int8",
                  progress: Progress | None = None) -> PassageModel:
    """The one decision of which files encode passages: the old version's ``onnx/`` copy when it
    holds the model file for ``precision``, else the user cache's export (made there once per
    model); sentence-transformers when not ``export`` or when the export fails (warned once)."""
    from qa.embedding import model_label, resolve_model

    label = model_label(model)
    if not export:
        return PassageModel(model, label, None, precision)
    try:
        from qa.embedding import INT8_NAME
        from qa.embedding import cached_export

        int8 = precision == "int8"
        src = old.version / "onnx" if old is not None else None
        if src is None or not (src / "onnx_config.json").exists() or (int8 and not (src / INT8_NAME).exists()):
            src = cached_export(resolve_model(model), int8=int8, progress=progress)
        return PassageModel(model, label, src, precision)
    except Exception as exc:  # noqa: BLE001 - ONNX is an optimisation; sentence-transformers still works
        _export_failed(exc)
        return PassageModel(model, label, False, precision)


def passage_encoder(model, old, export: bool, precision: str = "int8", progress: Progress | None = None):
    """(passage encoder, its ONNX dir): see ``passage_model``.
    The dir is False when an export was tried and failed (so it is not tried twice)."""
    chosen = passage_model(model, old, export, precision, progress)
    try:
        return chosen.load(), chosen.onnx_dir
    except Exception as exc:  # noqa: BLE001 - an unloadable export: sentence-transformers still works
        if not chosen.onnx_dir:
            raise
        _export_failed(exc)
        return replace(chosen, onnx_dir=False).load(), False


def _export_failed(exc: Exception) -> None:
    log.warning("ONNX export failed (%s); using sentence-transformers", (str(exc).splitlines() or [""])[0])


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


def distinct_passages(texts: list[str], spans: list[list[tuple[int, int]]]) -> tuple[list[int], np.ndarray]:
    """(the first passage of each distinct (text, sentence spans), for every passage the place of
    its text in that list): word-for-word copies (a licence in every package, a copied file) are
    embedded once.  A vector depends only on its own passage's text (one passage a run), so a
    copy's vector is the very one its first occurrence gets."""
    first: dict[tuple, int] = {}
    firsts: list[int] = []
    where = np.empty(len(texts), dtype=np.int64)
    for i, (text, ss) in enumerate(zip(texts, spans)):
        key = (text, tuple((int(a), int(b)) for a, b in ss))
        u = first.get(key)
        if u is None:
            u = first[key] = len(firsts)
            firsts.append(i)
        where[i] = u
    return firsts, where


def encode(embedder, texts: list[str], spans: list[list[tuple[int, int]]], progress: Progress,
           distinct: tuple[list[int], np.ndarray] | None = None):
    """(passage vectors, sentence vectors or None), float16: ``spans[i]`` are passage ``i``'s
    sentence spans (offsets into ``texts[i]``).  The sentence vectors (one row per span, in order)
    come from the passages' own runs when the embedder has ``embed_with_sentences``; None: embed
    them apart.  Copies are embedded once (``distinct``: ``distinct_passages`` of the same texts and
    spans, when the caller has it already) and their rows repeated.  The distinct passages are
    encoded in parts (``ENCODE_BATCH``) and each batch's float32 output (and the encoder's per-run
    buffers) is stored as float16 at once, so a build's memory grows by the float16 rows only."""
    firsts, where = distinct if distinct is not None else distinct_passages(texts, spans)
    with_sentences = getattr(embedder, "embed_with_sentences", None)
    n_sents = [len(spans[i]) for i in firsts]
    vecs = np.empty((len(firsts), embedder.dim), dtype=np.float16)
    sent_vecs = np.empty((sum(n_sents), embedder.dim), dtype=np.float16) if with_sentences else None
    if with_sentences is None:
        vecs[:] = embed_all(embedder, [texts[i] for i in firsts], progress)
    else:
        progress("embedding", 0, len(firsts))
        row, step = 0, ENCODE_BATCH if getattr(embedder, "batch_size", 1) > 1 else ENCODE_BATCH_ALONE
        for at in range(0, len(firsts), step):
            part = firsts[at : at + step]
            v, sv = with_sentences([texts[i] for i in part], [spans[i] for i in part],
                                   progress=lambda done, _t, at=at: progress("embedding", at + done, len(firsts)))
            vecs[at : at + len(part)] = v
            sent_vecs[row : row + len(sv)] = sv
            row += len(sv)
            del v, sv
        progress("embedding", len(firsts), len(firsts))
    if len(firsts) < len(texts):
        return vecs[where], (_repeat_rows(sent_vecs, n_sents, where) if sent_vecs is not None else None)
    return vecs, sent_vecs


def _repeat_rows(rows: np.ndarray, counts: list[int], where: np.ndarray) -> np.ndarray:
    """Sentence rows of the distinct passages (``counts[u]`` rows each, in order) repeated so every
    passage ``i`` gets distinct passage ``where[i]``'s rows, in passage order."""
    starts = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
    take = [np.arange(starts[u], starts[u + 1]) for u in where.tolist()]
    return rows[np.concatenate(take)] if take else rows[:0]


def keep_query_encoder(build_dir: Path, old, model, ready=None) -> bool:
    """Keep an ONNX query encoder with the index: the passage encoder's, the old one, or a new export
    (its fp32 weights in a file apart, converted here from an older export's copy: ``weights_apart``)."""

    target = build_dir / "onnx"
    if ready is False:  # the export already failed in this build (and was reported)
        return False
    if ready is not None:
        _link_encoder(Path(ready), target)
        return True
    if old is not None and (old.version / "onnx" / "onnx_config.json").exists():
        # versions are never modified once published: hard links are safe, instant and free
        _link_encoder(old.version / "onnx", target)
        return True
    try:
        from qa.embedding import resolve_model
        from qa.embedding import cached_export

        _link_encoder(cached_export(resolve_model(model)), target)
        return True
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # the index cannot be written either: say so
            raise
        log.warning("ONNX export failed (%s); questions will be encoded with sentence-transformers", exc)
        return False
    except Exception as exc:  # noqa: BLE001 - export is an optimisation; never fail the build for it
        log.warning("ONNX export failed (%s); questions will be encoded with sentence-transformers", exc)
        return False


def _link_encoder(src: Path, target: Path) -> None:
    """``link_tree``, then the weights moved apart when ``src`` is an older export (the new files
    replace the links in ``target``: ``src`` itself never changes)."""
    from qa.embedding import weights_apart

    link_tree(src, target)
    weights_apart(target)


def link_tree(src: Path, dst: Path) -> None:
    """``dst`` as a copy of the folder ``src`` made of hard links where the file system allows
    (copies elsewhere), hidden files left out.  An error is the OSError itself ("No space left on
    device"), not shutil.copytree's list of them.  A linked file that must get another mode than
    its other names is copied then (``permissions.set_modes``), so the cache's modes never change."""
    dst.mkdir()
    for entry in sorted(os.scandir(src), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue  # another build's temporary files in the shared cache
        if entry.is_dir(follow_symlinks=False):
            link_tree(Path(entry.path), dst / entry.name)
            continue
        try:
            os.link(entry.path, dst / entry.name)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise
            shutil.copy2(entry.path, dst / entry.name)
