"""The client side of a cluster build: merge ``Batch``es as they complete into a new version.

Batches arrive in any order.  Their texts go straight to a spool file beside the index (the
client holds one batch of text at a time); term ids are mapped to one vocabulary on arrival;
passage spans, term counts and vectors are kept as arrays (what the index will hold anyway).
``finish`` then assembles every document in id order as a local build does (``incremental.Assembly``,
``assemble``), reusing the previous version's parts for unchanged documents (and a retitled one's
vectors: ``Assembly.retitle``), and writes the version
with ``write.write_version``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.corpus import Skipped, bad_lines, skips

from .. import sentences
from ..assemble import passage_vectors, tally, term_counts, up_to_date
from ..build_spec import BuildSpec, DimensionChanged
from ..docstore import DocMeta
from ..incremental import (Assembly, by_content, doc_chunk_ranges, kind_of, old_passages, old_positions, old_terms,
                           retitled)
from ..write import NewVersion, write_version


@dataclass
class _Stored:
    chunk_at: np.ndarray  # per fresh document: first passage (and one past the end)
    sent_at: np.ndarray
    spans: np.ndarray
    sents: np.ndarray
    term_at: np.ndarray  # per passage: first term entry
    row_terms: np.ndarray
    term_ids: np.ndarray  # into Merger.terms
    term_counts: np.ndarray
    vectors: np.ndarray  # the passages embedded (not ``kept``)
    vec_at: np.ndarray  # per fresh document: its first row of ``vectors``
    kept: np.ndarray  # per fresh document: not embedded, its passages as the old ones (``Batch.kept``)
    sent_vectors: np.ndarray  # distinct sentences of the batch's documents
    sent_which: np.ndarray  # per sentence row: its row of sent_vectors


class Merger:
    """Collects batches; ``handle`` names a document version: its id (client ships texts) or
    ``(file number, place in file)`` (workers read files, so duplicates are resolved here)."""

    def __init__(self, old, spool_dir: Path, recount: bool = False):
        self.old, self.recount = old, recount  # recount: every document kept is counted again (``finish``)
        self.old_tc = old_terms(old) if old is not None else None
        self.terms: list[str] = list(self.old_tc.vocab) if self.old_tc is not None else []
        self.tid = {t: i for i, t in enumerate(self.terms)}
        self.stored: list[_Stored] = []
        self.where: dict = {}  # handle -> (batch number, document number in it)
        self.spool = tempfile.TemporaryFile(dir=spool_dir, prefix=".qa-cluster-spool-")
        self.spooled: dict = {}  # handle -> (offset, bytes)
        self.candidates: list[tuple[tuple[int, int], DocMeta]] = []  # workers read: every document seen
        self.stops: dict[int, int] = {}  # file number -> first question-set line
        self.bad: dict[int, int] = {}  # file number -> lines that are not documents (files read in pieces)
        self.file_skips: list[tuple[tuple, Skipped]] = []  # (place in a local read's report, skip)
        self.passages = 0
        self._old_pos: dict | None = None  # old document id -> (number, content hash, format), when first asked
        self._ranges = None
        self._same: dict | None = None  # incremental.by_content, when first asked

    def old_pos(self) -> tuple[dict, np.ndarray | None]:
        """(``incremental.old_positions``: {old document id: (its number, content hash, format)},
        ``doc_chunk_ranges``), made once."""
        if self._old_pos is None:
            old = self.old
            self._old_pos = old_positions(old)
            self._ranges = doc_chunk_ranges(old) if old is not None else None
        return self._old_pos, self._ranges

    def old_rows(self, doc) -> tuple | None:
        """The old passages (``incremental.old_passages``) of ``doc`` when it is an old document under
        a new title (``incremental.retitled``) with passages, or (``recount``) one whose text the old
        version holds (``kept``): what the client ships with it, so the worker counts it and leaves it
        unembedded when its passages are the same (``tasks.process``)."""
        old_pos, ranges = self.old_pos()
        prev = old_pos.get(doc.id)
        i = self.kept(prev, doc.hash, doc.format, doc.id)[1] if self.recount else None
        if i is None and (prev is None or not retitled(self.old, prev[0], doc.title, doc.text)):
            return None
        i = prev[0] if i is None else i
        lo, hi = int(ranges[i]), int(ranges[i + 1])
        return old_passages(self.old, lo, hi) if hi > lo else None

    def kept(self, prev, content_hash: str, format_: str, doc_id: str) -> tuple[bool, int | None]:
        """(unchanged: ``prev``, its old place, holds this content and format; the old document whose
        rows it may take: that one, else one of the same content, ``incremental.by_content``, else None)."""
        if prev is not None and prev[1:] == (content_hash, format_):
            return True, prev[0]
        if self._same is None:
            self._same = by_content(self.old)
        return False, self._same.get((content_hash, kind_of(doc_id), format_))

    def close(self) -> None:
        self.spool.close()

    def keep_text(self, handle, text: str) -> None:
        data = text.encode("utf-8", "surrogatepass")
        self.spool.seek(0, 2)
        self.spooled[handle] = (self.spool.tell(), len(data))
        self.spool.write(data)

    def text(self, handle) -> str:
        at, n = self.spooled[handle]
        self.spool.seek(at)
        return self.spool.read(n).decode("utf-8", "surrogatepass")

    def add(self, batch, file_no: int | None = None) -> int:
        """Merge one batch (and forget its text); returns its passage count."""
        for t in batch.vocab:
            if t not in self.tid:
                self.tid[t] = len(self.terms)
                self.terms.append(t)
        gmap = np.asarray([self.tid[t] for t in batch.vocab], dtype=np.int64)
        b = len(self.stored)
        self.stored.append(_Stored(
            chunk_at=_starts(batch.doc_chunks), sent_at=_starts(batch.doc_sents), spans=batch.spans,
            sents=batch.sents, term_at=_starts(batch.row_terms), row_terms=batch.row_terms,
            term_ids=gmap[batch.term_ids] if len(gmap) else np.zeros(0, np.int64),
            term_counts=batch.term_counts, vectors=batch.vectors,
            vec_at=_starts(np.where(batch.kept, 0, batch.doc_chunks)), kept=batch.kept, sent_vectors=batch.sent_vectors,
            sent_which=batch.sent_which))
        handles = batch.fresh if file_no is None else [(file_no, n) for n in batch.fresh_at]
        for j, handle in enumerate(handles):
            self.where[handle] = (b, j)
        for handle, text in zip(handles, batch.texts):
            self.keep_text(handle, text)
        if file_no is not None:
            self.candidates.extend(((file_no, n), meta) for meta, n in batch.docs)
            if batch.question_at is not None:
                self.stops[file_no] = min(self.stops.get(file_no, batch.question_at), batch.question_at)
            self.bad[file_no] = self.bad.get(file_no, 0) + batch.bad_lines
            self.file_skips.extend(((file_no + 1, 0, 1, len(self.file_skips)), s) for s in batch.skips)
        self.passages += batch.passages
        return batch.passages

    def resolve(self, files: list[str], walk_skips: list[tuple[int, Skipped]], skip) -> list[tuple[DocMeta, object]]:
        """Workers read the files: the documents a local read keeps (file order, first id wins), and
        every skip told to ``skip`` in the order a local read reports them.  ``walk_skips``: the
        client's walk, each after the number of files found before it."""
        keep: dict[str, tuple[DocMeta, object]] = {}
        report = [((n, 1, i), s) for i, (n, s) in enumerate(walk_skips)] + self.file_skips
        for handle, meta in sorted(self.candidates, key=lambda c: c[0]):
            stop = self.stops.get(handle[0])
            if stop is not None and handle[1] >= stop:
                continue
            if meta.id in keep:  # read_corpus reports it where it meets it: before the file's own skips
                report.append(((handle[0] + 1, 0, 0, handle[1]), Skipped(
                    meta.source, skips.DUPLICATE, f"duplicate document id {meta.id!r} (first one kept)")))
                continue
            keep[meta.id] = (meta, handle)
        for file_no, n in self.bad.items():
            if n and file_no not in self.stops:  # read_jsonl: after the file's documents
                report.append(((file_no + 1, 0, 2), bad_lines(files[file_no], n)))
        for _, s in sorted(report, key=lambda r: r[0]):
            skip(s)
        return [keep[k] for k in sorted(keep)]

    def finish(self, spec: BuildSpec, docs: list[tuple[DocMeta, object]], skipped: list[dict],
               onnx_dir=None) -> dict:
        """Assemble ``docs`` (id order) as a local build does and write a new version."""
        old = self.old
        old_pos, ranges = self.old_pos()
        from_old: list[int | None] = []  # per document: the old one whose rows (and text) it takes
        metas = [m for m, _ in docs]
        asm = Assembly(old, sentences.Plan())  # rows in id order; sentence vectors: old rows copied
        vec_new, sent_new = [], []  # the workers' vectors, placed below
        added = changed = unchanged = embedded = sent_embedded = recounted = 0
        for d, (meta, handle) in enumerate(docs):
            prev = old_pos.get(meta.id)
            # unchanged, or renamed, moved or copied (``was``): its rows reused as a local build does
            kept, was = self.kept(prev, meta.hash, meta.format, meta.id)
            from_old.append(was)
            if kept and not self.recount:
                unchanged += 1
                asm.reuse(int(ranges[was]), int(ranges[was + 1]), d)
                continue
            if not kept:
                added += prev is None
                changed += prev is not None
            if was is not None and not self.recount:  # the workers left it out (``tasks.doc_key``): as the old one was
                asm.reuse(int(ranges[was]), int(ranges[was + 1]), d)
                continue
            b, j = self.where[handle]
            st = self.stored[b]
            c0, c1, s0, s1 = (int(x) for x in (st.chunk_at[j], st.chunk_at[j + 1], st.sent_at[j], st.sent_at[j + 1]))
            t0, t1 = st.term_at[c0], st.term_at[c1]
            row = ("ids", st.term_ids[t0:t1], st.term_counts[t0:t1], st.row_terms[c0:c1]) if c1 > c0 else None
            if was is not None and (row is None or asm.retitle(int(ranges[was]), int(ranges[was + 1]), d,
                                                               st.spans[c0:c1], st.sents[s0:s1], row)):
                unchanged += kept  # (recount) counted again by the workers: its old vectors kept, as locally
                recounted += 1
                continue
            changed += kept  # (recount) its passages now come out otherwise: embedded again
            if c1 > c0:
                if prev is not None and retitled(old, prev[0], meta.title, self.text(handle)) and asm.retitle(
                        int(ranges[prev[0]]), int(ranges[prev[0] + 1]), d, st.spans[c0:c1], st.sents[s0:s1], row):
                    continue  # a new title only, as in a local build: the old vectors, the term counts anew
                if st.kept[j]:  # the worker did not embed it: the same rule (same_passages) kept it here too
                    raise RuntimeError(f"document {meta.id!r}: not embedded, and its old passages not kept")
                rows = np.empty((c1 - c0, 5), dtype=np.int64)
                rows[:, 0] = d
                rows[:, 1:3] = st.spans[c0:c1, 0:2]
                rows[:, 3:5] = st.spans[c0:c1, 2:4] + asm.n_sents
                asm.chunk_parts.append(rows)
                asm.sent_parts.append(st.sents[s0:s1])
                asm.row_src.append(row)
                v0 = int(st.vec_at[j])
                vec_new.append((asm.n_chunks, b, v0, v0 + c1 - c0))
                which = st.sent_which[s0:s1]
                sent_new.append((asm.n_sents, b, which))
                sent_embedded += len(np.unique(st.sents[s0:s1], axis=0))  # distinct, as Plan.distinct
                asm.n_chunks, asm.n_sents = asm.n_chunks + (c1 - c0), asm.n_sents + (s1 - s0)
                embedded += c1 - c0
        counts = tally(asm, old, metas, spec, added=added, changed=changed, unchanged=unchanged, embedded=embedded,
                       recounted=recounted)
        nothing = up_to_date(old, metas, spec, skipped, counts)
        if nothing is not None:
            return nothing
        dims = {self.stored[b].vectors.shape[1] for _, b, _, _ in vec_new}
        dim = dims.pop() if dims else old.dim
        if old is not None and dim != old.dim:
            raise DimensionChanged
        vectors = passage_vectors(asm, old, dim)
        for at, b, lo, hi in vec_new:
            vectors[at : at + hi - lo] = self.stored[b].vectors[lo:hi]
        sent_vectors = sentences.build(asm.splan, asm.n_sents, dim, old, None, None, None, spec.progress)  # the copies
        for at, b, which in sent_new:
            sent_vectors[at : at + len(which)] = self.stored[b].sent_vectors[which]
        tc, engine = term_counts(asm, self.old_tc, spec, self.terms)
        texts = (self.text(h) if i is None else old.docs.text(i) for (_m, h), i in zip(docs, from_old))
        new = NewVersion(metas, texts, asm.chunk_parts, asm.sent_parts, tc, engine, vectors, sent_vectors, dim,
                         asm.n_chunks, asm.n_sents, skipped, onnx_dir)
        del tc, engine, vectors, sent_vectors  # ``write_version`` lets them go once written
        onnx_ok = write_version(spec, old, new)
        return {**counts, "up_to_date": False, "onnx": onnx_ok, "sentences_embedded": sent_embedded}


def _starts(counts: np.ndarray) -> np.ndarray:
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out
