"""Build or update an index: documents -> chunks -> BM25 + dense vectors -> a new version.

Incremental by default: documents whose content hash is unchanged keep their chunks, term
counts and vectors; only added or changed documents are chunked, tokenised and embedded.
Everything is assembled in document-id order, so an incremental build is identical to a full
rebuild.  The new version is written beside the live one and published atomically.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa import __version__
from qa.search.bm25 import BM25, BM25Params
from qa.corpus import ChunkingConfig, chunk_document
from qa.search import build_ann
from . import sentences as _sentences
from .passages import embed_all as _embed_all
from .passages import encode as _encode
from .passages import keep_query_encoder as _onnx
from .passages import passage_encoder as _embedder
from qa.corpus import Document, read_corpus
from qa.corpus import SkipHandler, Skipped
from qa.embedding import model_label
from qa.errors import CorpusError
from .file_stats import FileStats
from .incremental import Assembly, doc_chunk_ranges, merge_counts, old_terms
from .ownership import check_build_paths, write_error
from .permissions import hidden_bits, set_modes
from .versions import FORMAT, FORMAT_VERSION, DocMeta, DocStore, lock, new_build_dir, publish, write_manifest
from qa.search import tokenize
from .progress import Progress
from .build_settings import index_text, passage_precision, previous_index, settings

log = logging.getLogger("qa")


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
    skipped: tuple[Skipped, ...] = field(default=())  # every file not indexed, and why
    onnx: bool = False
    full_reason: str = ""  # why everything was (re)built; "" for an incremental update
    up_to_date: bool = False  # nothing changed: no new version was written
    sentences_embedded: int = 0  # distinct new sentences given vectors (pooled or embedded: qa.index.sentences)


def prepare_document(doc: Document, chunking: ChunkingConfig):
    """A document's passages: ``(start, end, first sentence, end sentence)`` spans (sentence numbers
    local to the document), sentence spans, BM25 term counts and the texts to embed.  The per-document
    work of a build, shared by local and cluster builds."""
    spans, sents, counters, texts = [], [], [], []
    for chunk in chunk_document(doc, chunking):
        s0 = len(sents)
        sents.extend(chunk.sentences)
        spans.append((chunk.start, chunk.end, s0, len(sents)))
        counters.append(Counter(tokenize(index_text(doc.title, chunk.text))))
        texts.append(chunk.text)
    return spans, sents, counters, texts


def passage_sentences(spans, sents) -> list[list[tuple[int, int]]]:
    """Each passage's sentence spans as offsets into its text (``doc_text[start:end]``), from
    ``prepare_document``'s passage spans and document sentence spans: what late chunking pools."""
    return [[(s - a, e - a) for s, e in sents[s0:s1]] for a, _b, s0, s1 in spans]


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
    on_skip: SkipHandler | None = None,
    lock_timeout: float = 60.0,
    export_onnx: bool = True,
    precision: str | None = None,
    follow_symlinks: bool = False,
    cluster: str | None = None,
    cluster_files: str = "ship",
) -> BuildReport:
    """Build or update ``index_dir`` from ``corpus`` under the writer lock; see the module doc.
    ``cluster``: a Dask scheduler address or ``local:N`` (qa.index.cluster)."""
    if cluster:
        from .cluster import build_on_cluster

        return build_on_cluster(corpus, index_dir, cluster=cluster, files=cluster_files, model=model,
                                chunking=chunking, bm25=bm25, rebuild=rebuild, embedder=embedder, progress=progress,
                                on_skip=on_skip, lock_timeout=lock_timeout, export_onnx=export_onnx,
                                precision=precision, follow_symlinks=follow_symlinks)
    t0 = time.perf_counter()
    index_dir = Path(index_dir)
    progress = progress or (lambda _s, _d, _t: None)
    skipped: list[Skipped] = []

    def skip(s: Skipped) -> None:
        skipped.append(s)
        if on_skip:
            on_skip(s)

    check_build_paths(Path(corpus), index_dir)  # before anything is created
    held = lock(index_dir, lock_timeout)
    try:
        label = model_label(model if embedder is None else embedder.name)
        passages = passage_precision(index_dir, precision, embedder, export_onnx)
        wanted = settings(label, 0, chunking, bm25, passages)  # the dimension comes from the embedder
        old, reason = previous_index(index_dir, wanted, rebuild)
        files = FileStats(old)  # unchanged files (size + time, else hash) are not read again
        docs = read_corpus(corpus, skip, progress, exclude=(str(index_dir),), follow_symlinks=follow_symlinks,
                           files=files)
        job = _Job(corpus, index_dir, model, label, chunking, bm25, embedder, progress, export_onnx, passages)
        job.files = files
        job.skipped = [s.to_dict() for s in skipped]
        try:
            fields = job.run(docs, old)
        except _DimensionChanged:  # same model name, other dimension: the old vectors cannot be kept
            fields, reason = job.run(docs, None), "the model's dimension changed"
    finally:
        held.release()
    return BuildReport(index_dir=str(index_dir), seconds=time.perf_counter() - t0, skipped=tuple(skipped),
                       full_reason=reason, **fields)


class _DimensionChanged(Exception):
    pass


class _Job:
    """One build: assemble documents in id order from reused and freshly computed parts."""

    def __init__(self, corpus, index_dir, model, label, chunking, bm25, embedder, progress, export_onnx, passages):
        self.corpus, self.index_dir, self.model, self.label = corpus, index_dir, model, label
        self.passages = passages
        self.chunking, self.bm25, self.progress, self.export_onnx = chunking, bm25, progress, export_onnx
        self.given = embedder
        self.embedder_ = embedder
        self.skipped: list[dict] = []  # the skip report, as the manifest keeps it

    def run(self, docs: list[Document], old) -> dict:
        progress = self.progress
        old_pos = {m.id: (i, m.hash) for i, m in enumerate(old.docs.meta)} if old is not None else {}
        ranges = doc_chunk_ranges(old) if old is not None else None
        metas: list[DocMeta] = []
        asm = Assembly(old, _sentences.Plan())  # rows in id order; sentence vectors copied or embedded now
        new_pos: list[int] = []  # chunk numbers whose vectors are embedded now
        new_texts: list[str] = []
        new_spans: list[list[tuple[int, int]]] = []  # their sentences, as offsets into each text
        added = changed = unchanged = 0
        for d, doc in enumerate(docs):
            progress("chunking", d, len(docs))
            h = doc.hash
            metas.append(DocMeta(doc.id, doc.title, doc.source, h, len(doc.text), doc.pages, doc.sections, doc.lines))
            prev = old_pos.get(doc.id)
            if prev is not None and prev[1] == h:
                unchanged += 1
                lo, hi = int(ranges[prev[0]]), int(ranges[prev[0] + 1])
                asm.reuse(lo, hi, d)
                continue
            added += prev is None
            changed += prev is not None
            spans, sents, counters, texts = prepare_document(doc, self.chunking)
            rows = [(d, a, b, asm.n_sents + s0, asm.n_sents + s1) for a, b, s0, s1 in spans]
            new_pos.extend(range(asm.n_chunks, asm.n_chunks + len(rows)))
            new_texts.extend(texts)
            new_spans.extend(passage_sentences(spans, sents))
            if rows:
                asm.splan.add(asm.n_sents, d, sents)
                asm.chunk_parts.append(np.asarray(rows, dtype=np.int64))
                asm.sent_parts.append(np.asarray(sents, dtype=np.int64).reshape(-1, 2))
                asm.row_src.append(("new", counters))
                asm.n_chunks, asm.n_sents = asm.n_chunks + len(rows), asm.n_sents + len(sents)
        progress("chunking", len(docs), len(docs))
        removed = len(set(old_pos) - {m.id for m in metas})
        if not asm.n_chunks:
            raise CorpusError(f"no text to index in {self.corpus}", hint="the documents hold no sentences")
        base = dict(documents=len(metas), chunks=asm.n_chunks, added=added, changed=changed, removed=removed,
                    unchanged=unchanged, embedded=len(new_texts))
        if old is not None and not (added or changed or removed) and _same_docs(old, metas, self):
            return {**base, "up_to_date": True, "onnx": bool(old.manifest["model"].get("onnx"))}

        if new_texts:
            if self.embedder_ is None:
                self.embedder_, self.onnx_dir = _embedder(self.model, old, self.export_onnx,
                                                            self.passages or "int8", progress)
            if old is not None and self.embedder_.dim != old.dim:
                raise _DimensionChanged
            new_vecs, new_sent_vecs = _encode(self.embedder_, new_texts, new_spans, progress)
            dim = self.embedder_.dim
        else:
            new_vecs, new_sent_vecs, dim = None, None, old.dim
        vectors = np.empty((asm.n_chunks, dim), dtype=np.float16)
        for at, lo, hi in asm.vec_old:
            vectors[at : at + hi - lo] = old.vectors[lo:hi]
        if new_vecs is not None:
            vectors[np.asarray(new_pos, dtype=np.int64)] = new_vecs.astype(np.float16)

        self.sentence_vectors = _sentences.build(asm.splan, asm.n_sents, dim, old, lambda d: docs[d].text,
                                                 self.embedder_, _embed_all, progress, new_sent_vecs)
        progress("bm25", 0, 1)
        tc = merge_counts(asm.row_src, old_terms(old) if old is not None else None)
        engine = BM25.from_counts(tc, self.bm25)
        progress("bm25", 1, 1)

        onnx_ok = self.save(old, (doc.text for doc in docs), metas, asm.chunk_parts, asm.sent_parts, tc, engine,
                            vectors, dim, asm.n_chunks, asm.n_sents)
        return {**base, "up_to_date": False, "onnx": onnx_ok, "sentences_embedded": asm.splan.distinct}

    def save(self, old, texts, metas, chunk_parts, sent_parts, tc, engine, vectors, dim, n_chunks, n_sents) -> bool:
        """Write a new version (``texts`` in ``metas`` order) and publish it; shared with cluster builds."""
        self.progress("saving", 0, 1)
        build_dir = new_build_dir(self.index_dir)
        try:
            onnx_ok = self._write(build_dir, old, texts, metas, chunk_parts, sent_parts, tc, engine, vectors, dim,
                                  n_chunks, n_sents)
        except BaseException as exc:  # an error or Ctrl-C: the live version is untouched; drop the partial one
            shutil.rmtree(build_dir, ignore_errors=True)
            if isinstance(exc, OSError):  # a full or read-only disk: one line, and the old index stays
                raise write_error(self.index_dir, exc) from None
            raise
        self.progress("saving", 1, 1)
        return onnx_ok

    def _write(self, build_dir, old, texts, metas, chunk_parts, sent_parts, tc, engine, vectors, dim,
               n_chunks, n_sents) -> bool:
        DocStore.write(build_dir, metas, texts)
        if getattr(self, "files", None) is not None:
            self.files.save(build_dir)
        np.save(build_dir / "chunks.npy", np.concatenate(chunk_parts).reshape(-1, 5))
        np.save(build_dir / "sentences.npy", np.concatenate(sent_parts).reshape(-1, 2))
        tc.save(build_dir / "bm25")
        engine.save(build_dir / "bm25")
        (build_dir / "dense").mkdir()
        np.save(build_dir / "dense" / "vectors.npy", vectors)
        _sentences.save(build_dir / "dense", self.sentence_vectors)
        build_ann(vectors, build_dir / "dense")  # only past dense.EXACT_LIMIT chunks: HNSW, tuned efSearch
        real_model = self.given is None or getattr(self.given, "exportable", False)
        onnx_ok = (_onnx(build_dir, old, self.model, getattr(self, "onnx_dir", None))
                   if self.export_onnx and real_model else False)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "qa_version": __version__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "corpus": str(Path(self.corpus).resolve()),
            **settings(self.label, dim, self.chunking, self.bm25, self.passages),
            "counts": {"documents": len(metas), "chunks": n_chunks, "sentences": n_sents},
            "documents": {m.id: m.hash for m in metas},
            "skipped": self.skipped,
        }
        manifest["model"]["path"] = str(self.model) if self.model and self.label != "all-MiniLM-L6-v2" else None
        manifest["model"]["onnx"] = onnx_ok
        write_manifest(build_dir, manifest)
        set_modes(build_dir, hidden_bits(m.source for m in metas))
        if old is not None:
            old.release()  # our own lease on the old version would keep it on disk
        publish(self.index_dir, build_dir)
        return onnx_ok


def _same_docs(old, metas: list[DocMeta], job: "_Job") -> bool:
    """Nothing to write: the same documents (titles, sources, pages too), the same skipped files,
    from the same corpus."""
    return (list(old.docs.meta) == metas and old.manifest.get("corpus") == str(Path(job.corpus).resolve())
            and old.manifest.get("skipped", []) == job.skipped)


