"""Build or update an index here: documents -> chunks -> BM25 + dense vectors -> a new version.

Incremental by default: documents whose content hash is unchanged keep their chunks, term
counts and vectors; only added or changed documents are chunked, tokenised and embedded.
Everything is assembled in document-id order, so an incremental build is identical to a full
rebuild.  The new version is written beside the live one and published atomically (``write``).
``cluster=ADDRESS`` runs the same build on a Dask cluster (``qa.index.cluster``).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np

from qa.corpus import ChunkingConfig, Document, SkipHandler, Skipped, read_corpus
from qa.embedding import model_label
from qa.errors import ModelError
from qa.search import BM25Params

from . import heap, passages, sentences
from .assemble import passage_vectors, tally, term_counts, up_to_date
from .build_settings import chunking_config, model_choice, passage_precision, previous_index, settings
from .build_spec import BuildReport, BuildSpec, DimensionChanged
from .file_stats import FileStats
from .incremental import (Assembly, TermIds, by_content, doc_chunk_ranges, kind_of, old_positions, old_terms,
                          recount_only, retitled)
from .ownership import FirstBuild, check_build_paths
from .prepare import passage_sentences, prepare_document
from .progress import Progress
from .versions import DocMeta, lock
from .write import NewVersion, write_version

log = logging.getLogger("qa")

__all__ = ["BuildReport", "build_index"]


def build_index(
    corpus: str | Path,
    index_dir: str | Path,
    *,
    model: str | None = None,
    chunking: ChunkingConfig | None = None,
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
    encoders=None,
) -> BuildReport:
    """Build or update ``index_dir`` from ``corpus`` under the writer lock; see the module doc.
    ``cluster``: a Dask scheduler address or ``local:N`` (qa.index.cluster).  ``encoders``: what
    loads the passage encoder, called as ``passages.passage_encoder`` (``watch.EncoderCache``
    keeps it loaded from one build to the next).  ``chunking``, ``model``: None keeps the live index's passage
    size and model (``build_settings``)."""
    chunking = chunking_config(Path(index_dir), chunking)
    asked, model = model, model_choice(Path(index_dir), model, embedder)  # None: the index's, else the bundled one
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
    first = FirstBuild(index_dir)
    held = lock(index_dir, lock_timeout)
    try:
        label = model_label(model if embedder is None else embedder.name)
        precision_ = passage_precision(index_dir, precision, embedder, export_onnx)
        wanted = settings(label, 0, chunking, bm25, precision_)  # the dimension comes from the embedder
        old, reason = previous_index(index_dir, wanted, rebuild, recount=True)
        recount = old is not None and recount_only(old.manifest, wanted)  # a new tokenizer: counts anew, vectors kept
        files = FileStats(old)  # unchanged files (size + time, else hash) are not read again
        docs = read_corpus(corpus, skip, progress, exclude=(str(index_dir),), follow_symlinks=follow_symlinks,
                           files=files)
        spec = BuildSpec(corpus, index_dir, model, label, chunking, bm25, precision_, export_onnx, embedder, progress)
        encoder = _Encoder(spec, encoders, inherited=asked is None and model is not None)
        report = [s.to_dict() for s in skipped]
        try:
            fields = _build(spec, encoder, docs, old, report, files, recount)
        except DimensionChanged:  # same model name, other dimension: the old vectors cannot be kept
            fields, reason = _build(spec, encoder, docs, None, report, files), "the model's dimension changed"
    except BaseException:  # an error or Ctrl-C: a failed first build leaves no folder, marker or lock behind
        first.undo()
        raise
    finally:
        held.release()
    return BuildReport(index_dir=str(index_dir), seconds=time.perf_counter() - t0, skipped=tuple(skipped),
                       full_reason=reason, **fields)


class _Encoder:
    """The passage encoder: the one given, or loaded on first need (and kept for a second pass)."""

    def __init__(self, spec: BuildSpec, load=None, inherited: bool = False):
        self.spec, self.embedder, self.onnx_dir, self.load = spec, spec.embedder, None, load
        self.inherited = inherited  # the model is the live index's, not asked for (``model_choice``)

    def get(self, old):
        if self.embedder is None:
            s = self.spec
            load = self.load or passages.passage_encoder
            try:
                self.embedder, self.onnx_dir = load(s.model, old, s.export_onnx, s.passages or "int8", s.progress)
            except ModelError as err:
                if not self.inherited:
                    raise
                raise ModelError(err.message, hint="the index was built with it; --model NAME rebuilds the index "
                                                   "with another model") from None
        return self.embedder

    def release(self) -> None:
        """Let go of the encoder this build loaded, once every passage is embedded (its sessions are
        ~100 MB, and the version's fusion choice loads the query encoder next: docs/speed.md)."""
        if self.embedder is not self.spec.embedder:
            self.embedder = None


def _build(spec: BuildSpec, encoder: _Encoder, docs: list[Document], old, skipped: list[dict],
           files: FileStats | None = None, recount: bool = False) -> dict:
    """Assemble documents in id order from reused and freshly computed parts; write the version.
    ``recount``: the old version's term counts were made otherwise (``incremental.recount_only``), so
    every document kept is counted again, its passages' and sentences' vectors kept."""
    progress = spec.progress
    old_pos = old_positions(old)
    ranges = doc_chunk_ranges(old) if old is not None else None
    same = by_content(old)  # renamed, moved or copied files: their passages and vectors as they were
    metas: list[DocMeta] = []
    asm = Assembly(old, sentences.Plan())  # rows in id order; sentence vectors copied or embedded now
    new_pos: list[int] = []  # chunk numbers whose vectors are embedded now
    new_texts: list[str] = []
    new_spans: list[list[tuple[int, int]]] = []  # their sentences, as offsets into each text
    term_ids = TermIds(old)  # new passages' term counts, as arrays
    added = changed = unchanged = recounted = 0
    for d, doc in enumerate(docs):
        progress("chunking", d, len(docs))
        h = doc.hash
        metas.append(DocMeta.of(doc, h))
        prev = old_pos.get(doc.id)
        kept = prev is not None and prev[1:] == (h, doc.format)
        if kept and not recount:
            unchanged += 1
            lo, hi = int(ranges[prev[0]]), int(ranges[prev[0] + 1])
            asm.reuse(lo, hi, d)
            continue
        was = prev[0] if kept else same.get((h, kind_of(doc.id), doc.format))
        if not kept:
            added += prev is None
            changed += prev is not None
        if was is not None and not recount:  # a file renamed, moved or copied: its passages and vectors as they were
            asm.reuse(int(ranges[was]), int(ranges[was + 1]), d)
            continue
        spans, sents, counters, texts = prepare_document(doc, spec.chunking)
        row = term_ids.row(counters) if spans else None
        if was is not None and (not spans or asm.retitle(int(ranges[was]), int(ranges[was + 1]), d, spans, sents, row)):
            unchanged += kept
            recounted += 1
            continue  # counted again with today's tokenizer: its passages' vectors as they were
        changed += kept  # (recount) a kept text whose passages now come out otherwise: embedded again
        if row is not None and prev is not None and retitled(old, prev[0], doc.title, doc.text) and asm.retitle(
                int(ranges[prev[0]]), int(ranges[prev[0] + 1]), d, spans, sents, row):
            continue  # a new title only: its passages' vectors as they were, its term counts anew
        rows = [(d, a, b, asm.n_sents + s0, asm.n_sents + s1) for a, b, s0, s1 in spans]
        new_pos.extend(range(asm.n_chunks, asm.n_chunks + len(rows)))
        new_texts.extend(texts)
        new_spans.extend(passage_sentences(spans, sents))
        if rows:
            sent_rows = np.asarray(sents, dtype=np.int64).reshape(-1, 2)
            asm.splan.add(asm.n_sents, d, sent_rows)  # the same array
            asm.chunk_parts.append(np.asarray(rows, dtype=np.int64))
            asm.sent_parts.append(sent_rows)
            asm.row_src.append(row)
            asm.n_chunks, asm.n_sents = asm.n_chunks + len(rows), asm.n_sents + len(sents)
    progress("chunking", len(docs), len(docs))
    counts = tally(asm, old, metas, spec, added=added, changed=changed, unchanged=unchanged,
                   embedded=len(new_texts), recounted=recounted)
    nothing = up_to_date(old, metas, spec, skipped, counts)
    if nothing is not None:
        return nothing

    embedder = None
    if new_texts:
        embedder = encoder.get(old)
        if old is not None and embedder.dim != old.dim:
            raise DimensionChanged
        distinct = passages.distinct_passages(new_texts, new_spans)
        new_vecs, new_sent_vecs = passages.encode(embedder, new_texts, new_spans, progress, distinct)  # float16
        dim = embedder.dim
        copies = len(new_texts) - len(distinct[0])
        del distinct
    else:
        new_vecs, new_sent_vecs, dim, copies = None, None, old.dim, 0
    del new_texts, new_spans  # what is kept from here to the write is only what the version holds
    if new_vecs is not None and len(new_vecs) == asm.n_chunks:  # every passage new (a full build), in order
        vectors = new_vecs
    else:
        vectors = passage_vectors(asm, old, dim)
        if new_vecs is not None:
            vectors[np.asarray(new_pos, dtype=np.int64)] = new_vecs
    del new_vecs, new_pos
    sentence_vectors = sentences.build(asm.splan, asm.n_sents, dim, old, lambda d: docs[d].text,
                                       encoder.embedder, passages.embed_all, progress, new_sent_vecs)
    del new_sent_vecs, embedder
    encoder.release()  # nothing more to embed: the passage encoder is not kept beside the query encoder
    heap.trim()  # what its sessions held, back to the system (else it stays in the process)
    tc, engine = term_counts(asm, old_terms(old) if old is not None else None, spec, term_ids.terms())
    asm.row_src.clear()  # the per-passage term counts, now in ``tc``
    del term_ids
    new = NewVersion(metas, _texts_once(docs), asm.chunk_parts, asm.sent_parts, tc, engine, vectors,
                     sentence_vectors, dim, asm.n_chunks, asm.n_sents, skipped, encoder.onnx_dir, files)
    del tc, engine, vectors, sentence_vectors  # ``write_version`` lets them go once written
    onnx_ok = write_version(spec, old, new)
    return {**counts, "up_to_date": False, "onnx": onnx_ok, "sentences_embedded": asm.splan.distinct,
            "copies": copies}


def _texts_once(docs: list[Document]):
    """The documents' texts in order for the write, each document let go (its place in ``docs`` set
    to None) once its text is read: none is alive when the fusion choice runs.  ``docs`` is not
    read again (a second pass, ``DimensionChanged``, is decided before anything is embedded)."""
    for i in range(len(docs)):
        doc, docs[i] = docs[i], None
        yield doc.text
