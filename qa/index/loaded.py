"""A loaded index: documents, chunks, sentences, BM25 and dense vectors, read-only.

Loading never re-tokenises or re-embeds: arrays are memory-mapped, dense search (``dense.py``)
is exact over the stored vectors or uses the HNSW graph the build saved, and the query encoder
is the ONNX export kept with the index (sentence-transformers only as a fallback).  An open
``Index`` holds a lease on its version (``ownership.py``): a writer publishing a newer one leaves
this one on disk until the reader is done, so files opened late (the query encoder, the ANN
index) are still there.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from qa.search import BM25, TOKENIZER_VERSION
from qa.corpus import Chunk
from qa.embedding import model_label
from qa.errors import IndexInvalidError, ModelError
from qa.search import load_vectors as passage_vectors
from .sentences import load as sentence_vectors
from .versions import REBUILD, VECTORS, DocStore, index_fix, open_version
from .verify import check_shapes, verify_files

log = logging.getLogger("qa")


class Index:
    def __init__(self, index_dir: Path, version: Path, manifest: dict, lease=None):
        self.index_dir = index_dir
        self.version = version
        self.manifest = manifest
        self._lease = lease  # an open file: keeps the version on disk while this Index is used
        try:
            self.docs = DocStore(version)
            # plain ndarray views of the mappings: the same pages (no copy), without np.memmap's
            # per-indexing overhead (~60 us a row read, a tenth of a question's answer stage)
            self.chunk_rows = np.asarray(np.load(version / "chunks.npy", mmap_mode="r"))
            self.sentence_rows = np.asarray(np.load(version / "sentences.npy", mmap_mode="r"))
            # mapped (or opened) now, so this Index keeps working after a writer publishes a newer
            # version.  Where the index has an ANN graph (a large one) the passage vectors' rows and
            # BM25's postings a search needs are read with pread: mapped, a long-running process
            # would count most of both files in its RSS (docs/speed.md, "Session 11")
            from qa.search import ANN_META  # (the dense module is needed to search anyway)

            scaled = (version / "dense" / ANN_META).exists()
            self.bm25 = BM25.load(version / "bm25", n_docs=len(self.chunk_rows))
            if scaled:
                self.bm25 = pread_postings(self.bm25, version / "bm25")
            self._vectors = passage_vectors(version / "dense", VECTORS, int(manifest["model"]["dim"]), scaled)
            if self._vectors is None:
                raise OSError("dense/vectors.npy is missing")
            self.sentence_vectors = sentence_vectors(version, int(manifest["model"]["dim"]))  # None: built before they were stored
        except (OSError, ValueError, KeyError) as exc:
            raise IndexInvalidError(f"index is unreadable ({exc.__class__.__name__}: {exc})",
                                    fix=index_fix(index_dir, manifest)) from None
        self._dense = None
        self._embedder = None
        self.encoder_threads = 2  # the query encoder's ONNX threads (a server process: 1 each)
        self._doc_first = None  # chunk number where each document starts (doc_chunks)

    def release(self) -> None:
        """Done with the files opened late: a writer may now remove this version."""
        if self._lease is not None:
            self._lease.close()
            self._lease = None

    # -- documents and chunks -------------------------------------------------------------
    @property
    def n_chunks(self) -> int:
        return len(self.chunk_rows)

    @property
    def model(self) -> str:
        return self.manifest["model"]["name"]

    @property
    def dim(self) -> int:
        return int(self.manifest["model"]["dim"])

    def doc_text(self, doc_idx: int) -> str:
        return self.docs.text(doc_idx)

    def locate(self, citations):
        """``citations`` with the page (PDFs), nearest heading, source line (text formats) and context
        (a table row's header row) of each cited sentence filled in."""
        from dataclasses import replace

        out = []
        for c in citations:
            pos = self.docs.position.get(c.doc)
            meta = self.docs.meta[pos] if pos is not None else None
            if meta is None:
                out.append(c)
                continue
            text = self.docs.text(pos)
            line = meta.line_at(text, c.start) if meta.lines else None
            fields = dict(page=meta.page_at(c.start), section=meta.section_at(c.start), slide=meta.slide_at(c.start))
            if line is not None and hasattr(c, "line"):
                fields["line"] = line
            if hasattr(c, "context"):
                fields["context"] = meta.context_at(text, c.start)
            out.append(replace(c, **fields))
        return tuple(out)

    def place(self, doc: str, offset: int) -> dict:
        """Where ``offset`` of document ``doc`` is, for people: its 1-based ``page`` (PDFs), ``slide``, nearest
        ``section`` heading, 1-based ``line`` of the source file (text formats) and ``context`` (the header
        row of a table whose row is at ``offset``); None where unknown."""
        pos = self.docs.position.get(doc)
        if pos is None:
            return {"page": None, "slide": None, "section": None, "line": None, "context": None}
        meta = self.docs.meta[pos]
        text = self.docs.text(pos)
        return {"page": meta.page_at(offset), "slide": meta.slide_at(offset), "section": meta.section_at(offset),
                "line": meta.line_at(text, offset) if meta.lines else None, "context": meta.context_at(text, offset)}

    @property
    def skipped(self):
        """The files of the corpus the build did not index, and why (``Skipped``; none in old indexes)."""
        from qa.corpus import Skipped

        return tuple(Skipped.from_dict(d) for d in self.manifest.get("skipped", ()))

    def doc_idx(self, chunk_idx: int) -> int:
        return int(self.chunk_rows[chunk_idx, 0])

    def chunk(self, i: int) -> Chunk:
        d, start, end, s_lo, s_hi = np.asarray(self.chunk_rows[i]).tolist()  # one read, not five
        meta = self.docs.meta[d]
        text = self.docs.text(d)
        first = self.doc_chunks(d).start
        sents = tuple(map(tuple, np.asarray(self.sentence_rows[s_lo:s_hi]).tolist()))
        return Chunk(id=f"{meta.id}#{i - first}", doc=meta.id, start=start, end=end, text=text[start:end], sentences=sents)

    def doc_chunks(self, doc_idx: int) -> range:
        """Chunk numbers of one document (chunks are stored in document order)."""
        if self._doc_first is None:  # once per index, not per question: where each document's chunks start
            col = self.chunk_rows[:, 0]
            self._doc_first = np.searchsorted(col, np.arange(len(self.docs) + 1), side="left").tolist()
        if not 0 <= doc_idx < len(self._doc_first) - 1:
            return range(0)
        return range(self._doc_first[doc_idx], self._doc_first[doc_idx + 1])

    def doc_sentences(self, doc_idx: int) -> list[tuple[int, int]]:
        """The document's sentence spans in order (overlapping chunks share sentences)."""
        r = self.doc_chunks(doc_idx)
        if not len(r):
            return []
        lo, hi = int(self.chunk_rows[r.start, 3]), int(self.chunk_rows[r.stop - 1, 4])
        return sorted(set(map(tuple, np.asarray(self.sentence_rows[lo:hi]).tolist())))

    def doc_mask(self, doc_ids: list[str] | None) -> np.ndarray | None:
        """A boolean mask over chunks restricted to ``doc_ids`` (None: no restriction)."""
        if not doc_ids:
            return None
        wanted = [self.docs.position[d] for d in doc_ids if d in self.docs.position]
        return np.isin(np.asarray(self.chunk_rows[:, 0]), np.asarray(wanted, dtype=np.int64))

    # -- retrieval ------------------------------------------------------------------------
    def bm25_top(self, tokens: list[str], k: int, allowed: np.ndarray | None = None,
                 synonyms=()) -> list[tuple[int, float]]:
        return self.bm25.top(tokens, k, allowed, synonyms)

    @property
    def vectors(self):
        """The passage vectors, memory-mapped: ``qa.search.quantized.Quantized`` int8 codes (rows
        decode when indexed), or float16 rows in an index of format version 1."""
        return self._vectors

    def _dense_search(self):
        if self._dense is None:
            from qa.search import DenseSearch

            self._dense = DenseSearch(self.version / "dense", self.vectors)
        return self._dense

    def dense_top(self, qvec: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Inner-product (cosine) neighbours of a unit query vector; ties by chunk number.

        Exact (numpy) up to ``qa.dense.EXACT_LIMIT`` chunks, the build's HNSW index above it."""
        return self._dense_search().top(qvec, k, allowed)

    def side_thread(self):
        """A thread on which BM25 can run while the dense search walks its graph
        (``qa.search.overlap.SideThread``), or None where dense search is exact (small indexes)."""
        return self._dense_search().side

    def dense_top_many(self, qvecs: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """``dense_top`` for each row of ``qvecs`` (many questions at once: one pass over the vectors)."""
        return self._dense_search().top_many(qvecs, k)

    def query_embedder(self):
        """The encoder for questions: ONNX (no torch) when exported, else sentence-transformers."""
        if self._embedder is None:
            onnx_dir = self.version / "onnx"
            if (onnx_dir / "onnx_config.json").exists():
                from qa.embedding import OnnxEmbedder

                from .prefetch import take

                try:
                    self._embedder = (take(onnx_dir, self.encoder_threads, self.model)
                                      or OnnxEmbedder(onnx_dir, name=self.model, threads=self.encoder_threads))
                except ModelError as exc:  # the index's own file: an index problem, not a usage one
                    raise IndexInvalidError(f"index query encoder is unreadable: {exc.message}",
                                            fix=index_fix(self.index_dir, self.manifest)) from None
            else:
                from qa.embedding import SentenceTransformerEmbedder

                try:
                    self._embedder = SentenceTransformerEmbedder(self.manifest["model"].get("path") or self.model)
                except ModelError:
                    raise IndexInvalidError(f"index was built with model {self.model!r}, which cannot be loaded "
                                            "here (and the index keeps no ONNX query encoder)",
                                            fix=index_fix(self.index_dir, self.manifest)) from None
                log.warning("no ONNX query encoder in this index; using sentence-transformers (slower start)")
            if self._embedder.dim != self.dim:
                found, self._embedder = self._embedder.dim, None
                raise IndexInvalidError(f"the query encoder has {found} dimensions, the index vectors {self.dim}",
                                        fix=index_fix(self.index_dir, self.manifest))
        return self._embedder

    def use_embedder(self, embedder) -> None:
        """Query with a given embedder (tests, or an embedder already loaded)."""
        if embedder.dim != self.dim:
            raise IndexInvalidError(
                f"embedder {embedder.name!r} has {embedder.dim} dimensions, the index {self.dim}", fix=REBUILD
            )
        self._embedder = embedder


def pread_postings(bm25: BM25, folder: Path) -> BM25:
    """``bm25`` with its postings (``w_indices``, ``w_data``) read with pread, a term's at a time."""
    from qa.search import pread_slices

    return BM25(bm25.vocab, bm25.indptr, pread_slices(folder / "w_indices.npy", bm25.indices),
                pread_slices(folder / "w_data.npy", bm25.data), bm25.n_docs)


def load_index(index_dir: str | Path, model: str | None = None, verify: bool = True,
               warn_tokenizer: bool = True) -> Index:
    """Open the live version of ``index_dir`` after checking it against what is asked of it
    (``warn_tokenizer=False``: a build about to bring an older tokenizer's index up to date)."""
    index_dir = Path(index_dir)
    version, manifest, lease = open_version(index_dir)
    try:
        if model is not None and model_label(model) != manifest["model"]["name"]:
            raise IndexInvalidError(
                f"index was built with model {manifest['model']['name']!r}, not {model_label(model)!r}",
                fix=index_fix(index_dir, manifest, model=model),
            )
        if warn_tokenizer and manifest.get("bm25", {}).get("tokenizer") != TOKENIZER_VERSION:
            log.warning("this index was built with an older tokenizer; `qa index` brings it up to date "
                        "(identifiers and options then match whole, British and American spellings alike)")
        if verify:
            verify_files(version, manifest, index_dir=index_dir)
        else:
            check_shapes(version, manifest, index_dir)
        return Index(index_dir, version, manifest, lease)
    except BaseException:
        lease.close()
        raise
