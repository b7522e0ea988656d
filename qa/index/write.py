"""Writing a new version beside the live one and publishing it: the last step of every build.

The version is written into a fresh folder (``versions.new_build_dir``); an error or Ctrl-C
removes that folder and leaves the live version as it was; a full or read-only disk is one line
(``ownership.write_error``).  Publishing is atomic (``versions.publish``).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from qa import __version__
from qa.search import build_ann
from qa.search import Quantized, quantize

from . import heap, passages, sentences
from .build_settings import settings
from .build_spec import BuildSpec
from .docstore import DocMeta, DocStore
from .fusion_choice import choose_for_build
from .ownership import write_error
from .permissions import hidden_bits, set_modes
from .versions import FORMAT, FORMAT_VERSION, VECTORS, new_build_dir, publish, write_manifest


@dataclass
class NewVersion:
    """Everything a version holds, assembled in document-id order.  Its arrays are let go once
    written (``written``), before the fusion choice loads the query encoder: the caller keeps no
    other reference to them."""

    metas: list[DocMeta]
    texts: Iterable[str]  # the documents' texts, in ``metas`` order (read once, while writing)
    chunk_parts: list  # (m, 5) passage rows per document
    sent_parts: list  # (s, 2) sentence spans per document
    term_counts: object  # qa.search.bm25.TermCounts
    engine: object  # qa.search.bm25.BM25
    vectors: np.ndarray  # (passages, dim) float16
    sentence_vectors: np.ndarray
    dim: int
    n_chunks: int
    n_sents: int
    skipped: list[dict]  # the skip report, as the manifest keeps it
    onnx_dir: Path | None = None  # the passage encoder's ONNX export, kept as the query encoder
    files: object = None  # qa.index.file_stats.FileStats: what each corpus file was (local builds)

    def written(self) -> None:
        """The rows, vectors and term counts are on disk: drop them (the lists emptied in place)."""
        self.chunk_parts.clear()
        self.sent_parts.clear()
        self.term_counts = self.engine = self.vectors = self.sentence_vectors = None


def write_version(spec: BuildSpec, old, new: NewVersion) -> bool:
    """Write ``new`` and publish it; True when the version keeps an ONNX query encoder."""
    spec.progress("saving", 0, 1)
    build_dir = new_build_dir(spec.index_dir)
    try:
        onnx_ok = _write(build_dir, spec, old, new)
    except BaseException as exc:  # an error or Ctrl-C: the live version is untouched; drop the partial one
        shutil.rmtree(build_dir, ignore_errors=True)
        if isinstance(exc, OSError):  # a full or read-only disk: one line, and the old index stays
            raise write_error(spec.index_dir, exc) from None
        raise
    spec.progress("saving", 1, 1)
    return onnx_ok


def _write(build_dir: Path, spec: BuildSpec, old, new: NewVersion) -> bool:
    DocStore.write(build_dir, new.metas, new.texts)
    if new.files is not None:
        new.files.save(build_dir)
    np.save(build_dir / "chunks.npy", np.concatenate(new.chunk_parts).reshape(-1, 5))
    np.save(build_dir / "sentences.npy", np.concatenate(new.sent_parts).reshape(-1, 2))
    new.term_counts.save(build_dir / "bm25")
    new.engine.save(build_dir / "bm25")
    (build_dir / "dense").mkdir()
    codes, scales = quantize(new.vectors, 8, per_vector=True)
    np.save(build_dir / "dense" / f"{VECTORS}.npy", codes)
    np.save(build_dir / "dense" / f"{VECTORS}.scale.npy", scales)
    sentences.save(build_dir / "dense", new.sentence_vectors)
    # only past dense.EXACT_LIMIT chunks: HNSW (faiss's own 8-bit codes), tuned efSearch
    build_ann(Quantized(codes, scales, 8, new.dim), build_dir / "dense")
    del codes, scales
    new.written()
    heap.trim()  # before the fusion choice loads its query encoder
    real_model = spec.embedder is None or getattr(spec.embedder, "exportable", False)
    onnx_ok = (passages.keep_query_encoder(build_dir, old, spec.model, new.onnx_dir)
               if spec.export_onnx and real_model else False)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "qa_version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "corpus": spec.corpus_path,
        **settings(spec.label, new.dim, spec.chunking, spec.bm25, spec.passages),
        "counts": {"documents": len(new.metas), "chunks": new.n_chunks, "sentences": new.n_sents},
        "documents": {m.id: m.hash for m in new.metas},
        "skipped": new.skipped,
    }
    manifest["model"]["path"] = str(spec.model) if spec.model and spec.label != "all-MiniLM-L6-v2" else None
    manifest["model"]["onnx"] = onnx_ok
    manifest["fusion"] = choose_for_build(spec.index_dir, build_dir, manifest, spec.embedder)  # issue 26
    write_manifest(build_dir, manifest)
    set_modes(build_dir, hidden_bits(m.source for m in new.metas))
    if old is not None:
        old.release()  # our own lease on the old version would keep it on disk
    publish(spec.index_dir, build_dir)
    return onnx_ok
