"""The worker side of a cluster build: the model plugin and the tasks Dask runs.

A task takes a batch of documents (shipped by the client, or read by the worker from a path it
shares with the client), chunks them, counts BM25 terms and embeds the passages, and returns one
``Batch``: small arrays the client merges in document-id order.  The model reaches each worker
once, through ``ModelPlugin`` (registered once per build), never with a task.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from distributed import WorkerPlugin  # this module runs only in cluster builds (the [cluster] extra)

from qa.corpus import BAD, DOC, QUESTIONS, parse_line
from qa.corpus import Document, read_file
from qa.corpus import UNREADABLE, Skipped
from ..docstore import DocMeta

PLUGIN_PREFIX = "qa-model-"
# pysbd's segmenter and the Snowball stemmer are per-process singletons, not thread-safe: a worker
# with several threads chunks one batch at a time (cheap) and embeds them in parallel (the cost)
_CHUNKING = threading.Lock()
SETUPS: dict[str, int] = {}  # plugin name -> model loads in this worker process (tests check: one)


@dataclass(frozen=True)
class Batch:
    """What one task sends back: everything the client needs about its documents, no objects."""

    worker: str
    fresh: tuple[str, ...]  # ids of the documents chunked and embedded, in the order of the arrays
    fresh_at: tuple[int, ...]  # shared-path mode: their places in the file (line, or 0); else ()
    doc_chunks: np.ndarray  # passages per fresh document
    doc_sents: np.ndarray  # sentences per fresh document
    spans: np.ndarray  # (passages, 4): start, end, first and end sentence (local to the document)
    sents: np.ndarray  # (sentences, 2) character spans
    vocab: tuple[str, ...]  # the batch's terms; term_ids index it
    row_terms: np.ndarray  # distinct terms per passage
    term_ids: np.ndarray
    term_counts: np.ndarray
    vectors: np.ndarray  # (passages embedded, dim) float16: the passages of the documents not ``kept``
    # sentence vectors (qa.index.sentences): one per row of ``sents`` (late chunking), or each fresh
    # document's distinct sentences embedded once
    sent_vectors: np.ndarray = None  # (rows or distinct sentences, dim) float16
    sent_which: np.ndarray = None  # per row of ``sents``: its row of sent_vectors
    # shared-path mode only: every document read (with its place in the file), the fresh ones' texts
    docs: tuple[tuple[DocMeta, int], ...] = ()
    texts: tuple[str, ...] = ()
    skips: tuple[Skipped, ...] = ()  # the file's own (read_file's), in the order it reported them
    question_at: int | None = None  # a question-set row at this line: the file holds no documents from here
    bad_lines: int = 0  # lines that are not documents (a piece of a JSON-lines file)
    # per fresh document: True when it is an old one under a new title whose passages and sentences
    # are as they were (``incremental.same_passages``): counted, not embedded (the client keeps its
    # old vectors, ``Assembly.retitle``); its passages have no rows in ``vectors``, its sentences none
    # in ``sent_vectors`` (``sent_which`` -1)
    kept: np.ndarray = None

    @property
    def passages(self) -> int:
        """Passages embedded."""
        return len(self.vectors)


def doc_key(doc_id: str, content_hash: str, format_: str) -> int:
    """64 bits naming a document's content, kind of file and format (``incremental.by_content``):
    workers skip the documents whose key the previous index holds, unchanged or renamed, moved or
    copied (the client reuses their passages and vectors)."""
    from ..incremental import kind_of

    key = f"{kind_of(doc_id)}\x00{format_}\x00{content_hash}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


def known_documents(old, recount: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """Shared-path mode: the sorted ``doc_key``s of the previous version's documents (the workers
    skip them) and, with ``recount`` (a new tokenizer: every document counted again), per key the
    ``incremental.passages_digest`` of its first document's passages (0: none), so that the workers
    embed none whose passages are the old ones (``process``)."""
    from ..incremental import doc_chunk_ranges, old_passages, passages_digest

    keys = np.asarray([doc_key(m.id, m.hash, m.format) for m in old.docs.meta], dtype=np.uint64)
    known, first = np.unique(keys, return_index=True)  # the first of several copies, as ``by_content``
    if not recount:
        return known, None
    ranges = doc_chunk_ranges(old)
    digests = np.zeros(len(known), np.uint64)
    for k, i in enumerate(first):
        lo, hi = int(ranges[i]), int(ranges[i + 1])
        digests[k] = passages_digest(*old_passages(old, lo, hi)) if hi > lo else 0
    return known, digests


class ModelPlugin(WorkerPlugin):
    """Loads the passage encoder once on every worker (and on workers that join or restart later).

    ``payload``: ("passages", passages.PassageModel, {name: bytes} or None): the encoder the local
    build would use (``passages.passage_model``), its export files shipped once when the workers
    cannot read its folder; or ("object", embedder) for a picklable embedder given to the build.
    ``known``: the sorted ``doc_key``s of the previous index's documents (shared-path mode);
    ``digests``: with a recount, their passages' digests (``known_documents``)."""

    idempotent = True

    def __init__(self, name: str, payload: tuple, known: np.ndarray | None = None, digests: np.ndarray | None = None):
        self.name, self.payload, self.known, self.digests = name, payload, known, digests
        self.embedder, self._dir = None, None

    def setup(self, worker=None):
        SETUPS[self.name] = SETUPS.get(self.name, 0) + 1
        if self.payload[0] == "object":
            self.embedder = self.payload[1]
            return
        from dataclasses import replace

        chosen, files = self.payload[1], self.payload[2]
        if files is not None:
            self._dir = Path(worker.local_directory if worker is not None else ".") / self.name
            self._dir.mkdir(parents=True, exist_ok=True)
            for fname, data in files.items():
                (self._dir / fname).write_bytes(data)
            chosen = replace(chosen, onnx_dir=self._dir)
        # one thread per session: a worker runs as many tasks at once as it has threads (one per
        # core, `dask worker`'s default), all on this one session (onnxruntime runs are thread-safe)
        self.embedder = chosen.load(threads=1)

    def teardown(self, worker=None):
        self.embedder = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)


def _plugin(name: str) -> ModelPlugin:
    from distributed import get_worker

    return get_worker().plugins[name]


def shipped(doc: Document, was=None) -> tuple[Document, tuple | None]:
    """A document as the client ships it (``embed_documents``): everything its chunking and counting
    read (the text, title, source, whose kind of file splits lines, sections, whose headings open
    passages, tables, whose header rows BM25 reads, verbatim blocks, inside which lines may be joined),
    not the line anchors only citations need; with ``was``, its old passages
    (``incremental.old_passages``) when it is an old document under a new title
    (``incremental.retitled``), else None."""
    from dataclasses import replace

    return replace(doc, lines=()), was


def embed_documents(plugin: str, chunking, docs: list[tuple[Document, tuple | None]]) -> Batch:
    """Task (client ships the texts): chunk, count and embed ``shipped`` documents."""
    return process([doc for doc, _ in docs], chunking, _plugin(plugin).embedder, [was for _, was in docs])


def read_and_embed(plugin: str, chunking, piece: tuple) -> Batch:
    """Task (workers read the files): ``("file", path, shown, rel)`` or ``("lines", path, shown, rel,
    lo, hi, line)``: the lines of a JSON-lines file that start in bytes [lo, hi), the first being
    line ``line``.  Documents are read at ``path`` with the local build's readers (``read_file``)
    and name ``shown`` (the client's path) as source."""
    p = _plugin(plugin)
    skips: list[Skipped] = []
    question_at, bad = None, 0
    kind, path, shown, rel = piece[:4]
    if kind == "file":
        found = [(doc, n) for n, doc in enumerate(read_file(Path(path), rel, skips.append))]
    else:
        found, question_at, bad = read_lines(path, rel, *piece[4:], skips)
    if shown != path:
        found = [(_replace(d, source=shown + d.source[len(path):]) if d.source.startswith(path) else d, n)
                 for d, n in found]
    known = p.known if p.known is not None else np.zeros(0, np.uint64)
    keys = np.asarray([doc_key(d.id, d.hash, d.format) for d, _ in found], dtype=np.uint64)
    olds = None
    if p.digests is None:  # the documents the previous version holds are skipped
        seen = np.isin(keys, known) if len(keys) else np.zeros(0, bool)
        fresh = [(d, n) for (d, n), old in zip(found, seen) if not old]
    else:  # a recount: every one counted again, a known one's old passages named by their digest
        fresh = found
        at = np.searchsorted(known, keys)
        olds = [int(p.digests[a]) if a < len(known) and known[a] == k else None for a, k in zip(at, keys)]
    batch = process([d for d, _ in fresh], chunking, p.embedder, olds)
    metas = tuple((DocMeta.of(d, d.hash), n)
                  for d, n in found)
    return _replace(batch, fresh_at=tuple(n for _, n in fresh), docs=metas, texts=tuple(d.text for d, _ in fresh),
                    skips=tuple(skips), question_at=question_at, bad_lines=bad)


def _replace(batch: Batch, **kw) -> Batch:
    from dataclasses import replace

    return replace(batch, **kw)


def read_lines(path: str, rel: str, lo: int, hi: int, line: int, skips: list):
    """``read_jsonl`` over part of a file (its line parser, ``jsonl.parse_line``): the documents
    with their line numbers, the line of a question-set row (None if none) and the bad lines."""
    found, bad = [], 0
    try:
        with open(path, "rb") as fh:
            fh.seek(lo)
            while fh.tell() < hi:
                raw = fh.readline()
                if not raw:
                    break
                lineno, line = line, line + 1
                what, doc = parse_line(raw)
                if what == QUESTIONS:
                    return found, lineno, bad
                bad += what == BAD
                if what == DOC:
                    doc_id, title, text = doc
                    found.append((Document(id=doc_id, title=title, text=text, source=f"{path}:{lineno}"), lineno))
    except OSError as exc:
        skips.append(Skipped(rel, UNREADABLE, f"unreadable: {exc.strerror or exc}"))
    return found, None, bad


def process(docs: list[Document], chunking, embedder, olds: list | None = None) -> Batch:
    """Chunk, count and embed ``docs`` exactly as a local build does (``prepare_document``,
    ``passages.encode``: sentence vectors late-chunked from the passages' runs when the encoder can,
    else each document's distinct sentences embedded once).  ``olds``: per document, its old
    passages if it is an old one under a new title or in a recount (``embed_documents``), or their
    ``incremental.passages_digest`` (``read_and_embed``): not embedded when they are the same (``kept``)."""
    from distributed import get_worker

    from ..incremental import passages_digest, same_passages
    from ..passages import embed_all, encode
    from ..prepare import passage_sentences, prepare_document

    spans, sents, texts, vocab, rel = [], [], [], {}, []
    doc_chunks, doc_sents, row_terms, term_ids, term_counts = [], [], [], [], []
    sent_texts, sent_which = [], []  # distinct per document, as sentences.build numbers them
    kept, late_which, n_late = [], [], 0  # late_which: per sentence row, its row of late-chunked vectors
    for doc, was in zip(docs, olds or [None] * len(docs)):
        with _CHUNKING:
            d_spans, d_sents, counters, d_texts = prepare_document(doc, chunking)
        keep = bool(d_spans) and was is not None and (
            passages_digest(d_spans, d_sents) == was if isinstance(was, int) else same_passages(was, d_spans, d_sents))
        kept.append(keep)
        if keep:  # its old vectors stay (the client's ``Assembly.retitle``): nothing embedded
            late_which += [-1] * len(d_sents)
        else:
            late_which += range(n_late, n_late + len(d_sents))
            n_late += len(d_sents)
        if d_spans and not keep:  # a local build plans sentence vectors only for documents with passages
            distinct: dict[tuple[int, int], int] = {}
            for s, e in d_sents:
                if (s, e) not in distinct:
                    distinct[(s, e)] = len(sent_texts)
                    sent_texts.append(" ".join(doc.text[s:e].split()))
                sent_which.append(distinct[(s, e)])
        else:
            sent_which += [-1] * len(d_sents)
        spans += d_spans
        sents += d_sents
        if not keep:
            texts += d_texts
            rel += passage_sentences(d_spans, d_sents)
        doc_chunks.append(len(d_spans))
        doc_sents.append(len(d_sents))
        for counter in counters:
            row_terms.append(len(counter))
            term_ids += [vocab.setdefault(t, len(vocab)) for t in counter]
            term_counts += counter.values()
    dim = int(embedder.dim) if embedder is not None else 0
    vectors, sent_vectors = encode(embedder, texts, rel, lambda *_: None) if texts else (None, None)
    if sent_vectors is not None:  # one vector per sentence row (late chunking)
        sent_which = late_which
    elif sent_texts:
        sent_vectors = embed_all(embedder, sent_texts, lambda *_: None)
    vectors = vectors.astype(np.float16) if vectors is not None else np.zeros((0, dim), np.float16)
    sent_vectors = sent_vectors.astype(np.float16) if sent_vectors is not None else np.zeros((0, dim), np.float16)
    try:
        worker = get_worker().address
    except ValueError:  # called outside a worker (tests)
        worker = "local"
    return Batch(
        worker=worker, fresh=tuple(d.id for d in docs), fresh_at=(),
        doc_chunks=np.asarray(doc_chunks, np.int64), doc_sents=np.asarray(doc_sents, np.int64),
        spans=np.asarray(spans, np.int64).reshape(-1, 4), sents=np.asarray(sents, np.int64).reshape(-1, 2),
        vocab=tuple(vocab), row_terms=np.asarray(row_terms, np.int32),
        term_ids=np.asarray(term_ids, np.int32), term_counts=np.asarray(term_counts, np.int32),
        vectors=vectors, sent_vectors=sent_vectors, sent_which=np.asarray(sent_which, np.int64),
        kept=np.asarray(kept, bool),
    )
