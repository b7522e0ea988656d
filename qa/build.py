"""Build or update an index: documents -> chunks -> BM25 + dense vectors -> a new version.

Incremental by default: documents whose content hash is unchanged keep their chunks, term
counts and vectors; only added or changed documents are chunked, tokenised and embedded.
Everything is assembled in document-id order, so an incremental build is identical to a full
rebuild.  The new version is written beside the live one and published atomically.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import __version__
from .bm25 import BM25, BM25Params, TermCounts
from .chunking import ChunkingConfig, chunk_document
from .documents import Document, load_corpus
from .embed import model_label
from .errors import CorpusError, QAError
from .store import FORMAT, FORMAT_VERSION, DocMeta, lock, new_build_dir, publish, write_manifest
from .tokenize import TOKENIZER_VERSION, tokenize

log = logging.getLogger("qa")
Progress = Callable[[str, int, int], None]
EMBED_BATCH = 64


@dataclass(frozen=True)
class BuildReport:
    index_dir: str
    documents: int
    chunks: int
    added: int
    changed: int
    removed: int
    unchanged: int
    embedded: int
    seconds: float
    skipped: tuple[tuple[str, str], ...] = field(default=())
    onnx: bool = False


def index_text(title: str, text: str) -> str:
    """What BM25 and the embedder see for a chunk: its document title, then its text."""
    return f"{title}\n{text}" if title else text


def settings(model: str, dim: int, chunking: ChunkingConfig, bm25: BM25Params) -> dict:
    return {
        "model": {"name": model, "dim": dim},
        "chunking": chunking.as_dict(),
        "bm25": {**bm25.as_dict(), "tokenizer": TOKENIZER_VERSION},
        "index_text": "title+chunk",
    }


def _previous(index_dir: Path, wanted: dict):
    """The live index if it can be reused for an incremental build, else None."""
    from .index import load_index

    try:
        old = load_index(index_dir, verify=True)
    except QAError:
        return None
    m = old.manifest
    same = all(m.get(key) == wanted[key] for key in ("chunking", "bm25", "index_text")) and (
        m["model"]["name"] == wanted["model"]["name"]
    )
    return old if same else None


def build_index(
    corpus: str | Path,
    index_dir: str | Path,
    *,
    model: str | None = None,
    chunking: ChunkingConfig = ChunkingConfig(),
    bm25: BM25Params = BM25Params(),
    rebuild: bool = False,
    embedder=None,
    progress: Progress | None = None,
    on_skip: Callable[[str, str], None] | None = None,
    lock_timeout: float = 60.0,
    export_onnx: bool = True,
) -> BuildReport:
    t0 = time.perf_counter()
    index_dir = Path(index_dir)
    progress = progress or (lambda _s, _d, _t: None)
    skipped: list[tuple[str, str]] = []

    def skip(path: str, reason: str) -> None:
        skipped.append((path, reason))
        if on_skip:
            on_skip(path, reason)

    given = embedder
    held = lock(index_dir, lock_timeout)
    try:
        docs = _read_corpus(corpus, skip, progress)
        label = model_label(model if embedder is None else embedder.name)
        # dimension is known from the old index or the embedder; filled in below
        wanted = settings(label, 0, chunking, bm25)
        old = None if rebuild else _previous(index_dir, wanted)
        old_pos = {m.id: (i, m.hash) for i, m in enumerate(old.docs.meta)} if old else {}

        metas, texts, chunk_rows, sent_rows, counters, vec_parts = [], [], [], [], [], []
        new_texts: list[str] = []  # chunk texts to embed, in order of appearance
        pending: list[int] = []  # chunk positions whose vectors come from new_texts
        added = changed = unchanged = 0
        for n, doc in enumerate(docs):
            progress("chunking", n, len(docs))
            h = doc.hash
            prev = old_pos.get(doc.id)
            d = len(metas)
            metas.append(DocMeta(doc.id, doc.title, doc.source, h, len(doc.text)))
            texts.append(doc.text)
            if prev and prev[1] == h:
                unchanged += 1
                _reuse(old, prev[0], d, chunk_rows, sent_rows, counters, vec_parts)
                continue
            added += prev is None
            changed += prev is not None
            for chunk in chunk_document(doc, chunking):
                s_lo = len(sent_rows)
                sent_rows.extend(chunk.sentences)
                chunk_rows.append((d, chunk.start, chunk.end, s_lo, len(sent_rows)))
                body = index_text(doc.title, chunk.text)
                counters.append(Counter(tokenize(body)))
                pending.append(len(chunk_rows) - 1)
                vec_parts.append(None)
                new_texts.append(body)
        progress("chunking", len(docs), len(docs))
        removed = len(set(old_pos) - {m.id for m in metas})
        if not chunk_rows:
            raise CorpusError(f"no text to index in {corpus}", hint="the documents hold no sentences")

        if new_texts:
            embedder = embedder or _embedder(model)
            vecs = _embed_all(embedder, new_texts, progress)
            for j, pos in enumerate(pending):
                vec_parts[pos] = vecs[j]
            dim = embedder.dim
        else:
            dim = old.dim
        vectors = np.vstack([v.reshape(1, -1) for v in vec_parts]).astype(np.float16)

        progress("bm25", 0, 1)
        tc = TermCounts.from_counters(counters)
        engine = BM25.from_counts(tc, bm25)
        progress("bm25", 1, 1)

        progress("saving", 0, 1)
        build_dir = new_build_dir(index_dir)
        from .store import DocStore

        DocStore.write(build_dir, metas, texts)
        np.save(build_dir / "chunks.npy", np.asarray(chunk_rows, dtype=np.int64).reshape(-1, 5))
        np.save(build_dir / "sentences.npy", np.asarray(sent_rows, dtype=np.int64).reshape(-1, 2))
        tc.save(build_dir / "bm25")
        engine.save(build_dir / "bm25")
        (build_dir / "dense").mkdir()
        np.save(build_dir / "dense" / "vectors.npy", vectors)
        real_model = given is None or getattr(given, "exportable", False)
        onnx_ok = _onnx(build_dir, old, model) if export_onnx and real_model else False
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "qa_version": __version__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "corpus": str(Path(corpus).resolve()),
            **settings(label, dim, chunking, bm25),
            "counts": {"documents": len(metas), "chunks": len(chunk_rows), "sentences": len(sent_rows)},
            "documents": {m.id: m.hash for m in metas},
        }
        manifest["model"]["path"] = str(model) if model and label != "all-MiniLM-L6-v2" else None
        manifest["model"]["onnx"] = onnx_ok
        write_manifest(build_dir, manifest)
        publish(index_dir, build_dir)
        progress("saving", 1, 1)
    finally:
        held.release()
    return BuildReport(
        index_dir=str(index_dir),
        documents=len(metas),
        chunks=len(chunk_rows),
        added=added,
        changed=changed,
        removed=removed,
        unchanged=unchanged,
        embedded=len(new_texts),
        seconds=time.perf_counter() - t0,
        skipped=tuple(skipped),
        onnx=onnx_ok,
    )


def _read_corpus(corpus, skip, progress) -> list[Document]:
    progress("reading", 0, 0)
    by_id: dict[str, Document] = {}
    for doc in load_corpus(corpus, skip):
        if doc.id in by_id:
            skip(doc.source, f"duplicate document id {doc.id!r} (first one kept)")
            continue
        by_id[doc.id] = doc
        progress("reading", len(by_id), 0)
    if not by_id:
        raise CorpusError(f"no readable documents in {corpus}", hint="qa reads .txt .md .html .jsonl(.gz)")
    progress("reading", len(by_id), len(by_id))
    return [by_id[k] for k in sorted(by_id)]


def _reuse(old, old_d, d, chunk_rows, sent_rows, counters, vec_parts) -> None:
    rows = np.asarray(old.chunk_rows)
    lo = int(np.searchsorted(rows[:, 0], old_d, side="left"))
    hi = int(np.searchsorted(rows[:, 0], old_d, side="right"))
    tc = old_terms(old)
    for i in range(lo, hi):
        _, start, end, s_lo, s_hi = (int(x) for x in rows[i])
        new_lo = len(sent_rows)
        sent_rows.extend((int(a), int(b)) for a, b in old.sentence_rows[s_lo:s_hi])
        chunk_rows.append((d, start, end, new_lo, len(sent_rows)))
        counters.append(tc.row(i))
        vec_parts.append(np.asarray(old.vectors[i], dtype=np.float32))


def old_terms(old) -> TermCounts:
    tc = getattr(old, "_term_counts", None)
    if tc is None:
        tc = TermCounts.load(old.version / "bm25")
        old._term_counts = tc
    return tc


def _embedder(model):
    from .embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(model)


def _embed_all(embedder, texts: list[str], progress: Progress) -> np.ndarray:
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # length buckets: less padding
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for at in range(0, len(order), EMBED_BATCH):
        progress("embedding", at, len(texts))
        ids = order[at : at + EMBED_BATCH]
        out[ids] = embedder.embed([texts[i] for i in ids])
    progress("embedding", len(texts), len(texts))
    return out


def _onnx(build_dir: Path, old, model) -> bool:
    """Keep an ONNX query encoder with the index: reuse the old one or export the model."""
    import shutil

    target = build_dir / "onnx"
    if old is not None and (old.version / "onnx" / "onnx_config.json").exists():
        shutil.copytree(old.version / "onnx", target)
        return True
    try:
        from .embed import resolve_model
        from .onnx_embed import export_onnx

        export_onnx(resolve_model(model), target)
        return True
    except Exception as exc:  # noqa: BLE001 - export is an optimisation; never fail the build for it
        log.warning("ONNX export failed (%s); questions will be encoded with sentence-transformers", exc)
        return False
