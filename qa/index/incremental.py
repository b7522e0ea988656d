"""Reusing a previous index's parts in an incremental build, without re-tokenising or rescanning.

``doc_chunk_ranges`` finds every old document's chunks in one pass; ``merge_counts`` joins kept
term-count rows and freshly counted ones into exactly what ``TermCounts.from_counters`` would
give for all rows (same sorted vocabulary, same row layout), in numpy.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

import numpy as np

from qa.search import TermCounts


def doc_chunk_ranges(old) -> np.ndarray:
    """``r[d]:r[d+1]`` are the chunk numbers of old document ``d`` (one pass, chunks are in doc order)."""
    col = np.ascontiguousarray(old.chunk_rows[:, 0])
    return np.searchsorted(col, np.arange(len(old.docs) + 1), side="left")


def merge_counts(row_src: list[tuple], old_tc: TermCounts | None, terms: list[str] | None = None) -> TermCounts:
    """Term counts of the new chunk order from kept old rows and new counters, without
    re-tokenising; identical to ``TermCounts.from_counters`` over all rows.

    Sources: ``("old", lo, hi)``, ``("new", [Counter, ...])``, or ``("ids", term ids, counts, row
    lengths)`` with ids into ``terms`` (which then starts with the old vocabulary; cluster builds)."""
    terms = list(terms) if terms is not None else list(old_tc.vocab) if old_tc is not None else []
    tid: dict[str, int] | None = None
    ids_parts, cnt_parts, lens = [], [], []
    for src in row_src:
        if src[0] == "old":
            _, lo, hi = src
            a, b = int(old_tc.indptr[lo]), int(old_tc.indptr[hi])
            ids_parts.append(np.asarray(old_tc.indices[a:b], dtype=np.int64))
            cnt_parts.append(np.asarray(old_tc.counts[a:b], dtype=np.int64))
            lens.append(np.diff(np.asarray(old_tc.indptr[lo : hi + 1], dtype=np.int64)))
            continue
        if src[0] == "ids":
            ids_parts.append(np.asarray(src[1], dtype=np.int64))
            cnt_parts.append(np.asarray(src[2], dtype=np.int64))
            lens.append(np.asarray(src[3], dtype=np.int64))
            continue
        if tid is None:
            tid = {t: i for i, t in enumerate(terms)}
        for counter in src[1]:
            ids = [tid.setdefault(t, len(tid)) for t in counter]
            ids_parts.append(np.asarray(ids, dtype=np.int64))
            cnt_parts.append(np.asarray(list(counter.values()), dtype=np.int64))
            lens.append(np.asarray([len(counter)], dtype=np.int64))
    if tid is not None:
        terms = sorted(tid, key=tid.__getitem__)  # ids in order of first appearance
    ids = np.concatenate(ids_parts) if ids_parts else np.zeros(0, np.int64)
    counts = np.concatenate(cnt_parts) if cnt_parts else np.zeros(0, np.int64)
    row_len = np.concatenate(lens) if lens else np.zeros(0, np.int64)
    used = np.unique(ids)
    vocab = sorted(terms[i] for i in used)
    remap = np.zeros(len(terms), dtype=np.int64)
    rank = {t: i for i, t in enumerate(vocab)}
    remap[used] = np.asarray([rank[terms[i]] for i in used], dtype=np.int64)
    new_ids = remap[ids]
    rows = np.repeat(np.arange(len(row_len)), row_len)
    order = np.lexsort((new_ids, rows))
    indptr = np.zeros(len(row_len) + 1, dtype=np.int64)
    np.cumsum(row_len, out=indptr[1:])
    return TermCounts(vocab, indptr, new_ids[order].astype(np.int32), counts[order].astype(np.int32))


class TermIds:
    """Freshly counted passages' term counts as arrays: ``row`` turns one document's ``Counter``s into
    a ``("ids", term ids, counts, row lengths)`` source for ``merge_counts``, the ids into one
    vocabulary that starts with the old version's (``terms``).  A build keeps ~0.5 KB a passage so,
    not a ``Counter`` of freshly made strings (~4.5 KB: docs/speed.md, session 15); the counts
    merged are the same, so is the version."""

    def __init__(self, old=None):
        self.old, self._ids = old, None

    def row(self, counters) -> tuple:
        if self._ids is None:  # the old vocabulary, read when a first passage is counted
            self._ids = {t: i for i, t in enumerate(old_terms(self.old).vocab)} if self.old is not None else {}
        ids = self._ids
        tids, counts, lens = [], [], []
        for counter in counters:
            tids += [ids.setdefault(t, len(ids)) for t in counter]
            counts += counter.values()
            lens.append(len(counter))
        return ("ids", np.asarray(tids, np.int32), np.asarray(counts, np.int32), np.asarray(lens, np.int32))

    def terms(self) -> list[str] | None:
        """The vocabulary the rows' ids index (None: no passage counted, the old one as it is)."""
        return list(self._ids) if self._ids is not None else None


def settings_change(manifest: dict, wanted: dict) -> str:
    """Why an index written with ``manifest`` cannot be updated to ``wanted`` settings ("" if it can)."""
    if manifest["model"]["name"] != wanted["model"]["name"]:
        return f"model changed from {manifest['model']['name']!r}"
    if "passages" in wanted["model"] and manifest["model"].get("passages", "fp32") != wanted["model"]["passages"]:
        return f"passage precision changed from {manifest['model'].get('passages', 'fp32')}"
    if _counted(manifest.get("bm25")) != _counted(wanted["bm25"]):
        return "BM25 settings changed"
    for key, what in (("chunking", "chunking"), ("index_text", "index layout"), ("sentences", "sentence vectors")):
        if manifest.get(key) != wanted[key]:
            return f"{what} changed"
    return ""


def recount_only(manifest: dict, wanted: dict) -> bool:
    """True when the one setting that differs is what BM25's term counts are made with (qa's
    tokenizer, the variant): the passages, sentences and vectors stand, only the counts are made
    again (``build._build``'s ``recount``), not a full build that embeds every passage again."""
    have = manifest.get("bm25")
    return (have is not None and _counted(have) != _counted(wanted["bm25"])
            and settings_change(manifest, {**wanted, "bm25": have}) == "")


WEIGHT_PARAMS = ("k1", "b", "epsilon")  # BM25's weights only: recomputed from the kept term counts


def _counted(bm25: dict | None) -> dict | None:
    """The BM25 settings the stored term counts depend on (the tokenizer, the variant), without
    the weight parameters, which every build recomputes from the counts anyway."""
    return None if bm25 is None else {k: v for k, v in bm25.items() if k not in WEIGHT_PARAMS}


def weights_changed(manifest: dict, wanted_bm25: dict) -> bool:
    """True when an index's BM25 weights were computed with other parameters than ``wanted_bm25``
    (a new version is then written, every part reused but the weights)."""
    have = manifest.get("bm25") or {}
    return any(have.get(k) != wanted_bm25.get(k) for k in WEIGHT_PARAMS)


def old_terms(old) -> TermCounts:
    tc = getattr(old, "_term_counts", None)
    if tc is None:
        tc = TermCounts.load(old.version / "bm25")
        old._term_counts = tc
    return tc


def kind_of(doc_id: str) -> str:
    """What reads a document, from its id: its file's suffix, lower case, with the one inside a
    ``.gz`` (".md.gz"); "" for none ("README")."""
    stem, ext = os.path.splitext(doc_id.rsplit("/", 1)[-1].lower())
    return os.path.splitext(stem)[1] + ext if ext == ".gz" else ext


def old_positions(old) -> dict[str, tuple[int, str, str]]:
    """The previous version's documents by id: (place, content hash, format).  A document is
    unchanged when its hash and format (``Document.format``, which the chunking reads: plain text's
    lines may stop mid-sentence) are the ones there; an index written before formats were stored
    has its names' word for them (``DocMeta``), so a file an older qa read as another format
    ("LGPL-2.1" holding no roff, once a manual page) is chunked again, as a changed one."""
    return {m.id: (i, m.hash, m.format) for i, m in enumerate(old.docs.meta)} if old is not None else {}


def by_content(old) -> dict[tuple[str, str, str], int]:
    """The previous version's documents by (content hash, ``kind_of`` id, format), the first of
    several copies winning: a document of the new version that is not unchanged but has the same
    text, title, kind of file and format as one of them (a file renamed, moved or copied) takes its
    passages and vectors instead of being embedded again (a passage's vector depends on its text
    only; the kind of file and the format guard its sections, pages and lines, which the chunking
    reads).  The same rule in the local build (``build``) and the cluster build
    (``cluster.merge``, whose workers skip the same documents: ``cluster.tasks.doc_key``)."""
    out: dict[tuple[str, str, str], int] = {}
    if old is not None:
        for i, m in enumerate(old.docs.meta):
            out.setdefault((m.hash, kind_of(m.id), m.format), i)
    return out


def retitled(old, i: int, title: str, text: str) -> bool:
    """True when old document ``i`` held ``text`` under another title than ``title``: its passages
    and sentences, and their vectors, are as they were (the embedder sees a passage's text alone,
    ``build_settings.index_text``); only BM25's term counts, which read the title, are not."""
    from qa.corpus import content_hash

    m = old.docs.meta[i]
    return m.title != title and content_hash(m.title, text) == m.hash


def old_passages(old, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Old passages ``lo:hi`` (one document's, ``hi > lo``) as ``prepare.prepare_document`` gives a
    document's: ``(start, end, first sentence, end sentence)`` rows, sentence numbers local to the
    document, and the sentence spans."""
    rows = np.asarray(old.chunk_rows[lo:hi], dtype=np.int64)
    s_lo, s_hi = int(rows[0, 3]), int(rows[-1, 4])
    spans = rows[:, 1:5].copy()
    spans[:, 2:4] -= s_lo
    return spans, np.asarray(old.sentence_rows[s_lo:s_hi], dtype=np.int64)


def same_passages(was: tuple[np.ndarray, np.ndarray], spans, sents) -> bool:
    """True when a retitled document's passages and sentences now (``spans``, ``sents``: as
    ``prepare.prepare_document`` gives them) are ``was`` (``old_passages``): its old vectors are then
    kept.  The one rule for both builds: ``Assembly.retitle`` and the cluster's workers, which are
    sent ``was`` and skip embedding such a document (``cluster.tasks.process``)."""
    old_spans, old_sents = was
    return (np.array_equal(old_spans, np.asarray(spans, dtype=np.int64).reshape(-1, 4))
            and np.array_equal(old_sents, np.asarray(sents, dtype=np.int64).reshape(-1, 2)))


def passages_digest(spans, sents) -> int:
    """64 bits naming a document's passages and sentences (as ``same_passages`` compares them):
    what the cluster's workers that read the files are given for an old document in a ``recount``
    (``cluster.tasks.known_documents``), instead of its rows."""
    h = hashlib.blake2b(digest_size=8)
    a = np.ascontiguousarray(np.asarray(spans, dtype=np.int64).reshape(-1, 4))
    h.update(len(a).to_bytes(8, "little"))
    h.update(a.tobytes())
    h.update(np.ascontiguousarray(np.asarray(sents, dtype=np.int64).reshape(-1, 2)).tobytes())
    return int.from_bytes(h.digest(), "little")


def reuse_rows(old, lo: int, hi: int, d: int, n_sents: int):
    """An unchanged document's passage rows ``lo:hi`` and its sentence rows, taken from the old
    version and renumbered: document ``d``, sentences from ``n_sents`` on.  Returns (passage rows,
    sentence rows, and the old sentence range ``s_lo:s_hi``)."""
    rows = np.array(old.chunk_rows[lo:hi], dtype=np.int64)
    s_lo, s_hi = int(rows[0, 3]), int(rows[-1, 4])
    sents = np.array(old.sentence_rows[s_lo:s_hi], dtype=np.int64)
    rows[:, 0] = d
    rows[:, 3:5] += n_sents - s_lo
    return rows, sents, s_lo, s_hi


@dataclass
class Assembly:
    """A new version's rows in document-id order, as a build (local or cluster) assembles them:
    unchanged documents' rows reused from the old version, new and changed ones added by the build."""

    old: object  # the previous Index, or None
    splan: object  # qa.index.sentences.Plan: which sentence vectors are copied, which embedded
    chunk_parts: list = field(default_factory=list)  # (m, 5) passage rows per document, final numbering
    sent_parts: list = field(default_factory=list)  # (s, 2) sentence spans per document
    row_src: list = field(default_factory=list)  # term counts: ("old", lo, hi), ("new", counters), ("ids", ...)
    vec_old: list = field(default_factory=list)  # (new first passage, old lo, old hi)
    n_chunks: int = 0
    n_sents: int = 0

    def reuse(self, lo: int, hi: int, d: int) -> None:
        """Document ``d`` is unchanged: take its passages ``lo:hi`` (and their sentences, term
        counts and vectors) from the old version."""
        if hi <= lo:
            return
        self._keep(lo, hi, *reuse_rows(self.old, lo, hi, d, self.n_sents), ("old", lo, hi))

    def retitle(self, lo: int, hi: int, d: int, spans, sents, row) -> bool:
        """Document ``d`` has a new title, its text as it was (``retitled``): its passages ``lo:hi``
        and sentences keep their old vectors, its term counts are ``row`` (counted again, with the
        title).  False (nothing taken) unless its passages and sentences, ``prepare.prepare_document``'s
        ``spans`` and ``sents`` of it now, are the old ones (``same_passages``): then it is embedded
        as a changed one."""
        if hi <= lo or not same_passages(old_passages(self.old, lo, hi), spans, sents):
            return False
        self._keep(lo, hi, *reuse_rows(self.old, lo, hi, d, self.n_sents), row)
        return True

    def _keep(self, lo: int, hi: int, rows, sents, s_lo: int, s_hi: int, term_row) -> None:
        """Old passages ``lo:hi`` (renumbered ``rows``) and sentences ``s_lo:s_hi`` with their vectors,
        their term counts from ``term_row``."""
        self.chunk_parts.append(rows)
        self.sent_parts.append(sents)
        self.splan.keep(self.n_sents, s_lo, s_hi)
        self.row_src.append(term_row)
        self.vec_old.append((self.n_chunks, lo, hi))
        self.n_chunks, self.n_sents = self.n_chunks + (hi - lo), self.n_sents + (s_hi - s_lo)
