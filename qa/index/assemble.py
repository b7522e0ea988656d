"""Finishing a new version's rows, once a build has placed every document in an
``incremental.Assembly`` (document-id order): the counts the report gives, whether anything is to
be written at all, the passage vectors with the unchanged documents' copied into place, and the
BM25 term counts.  Shared by the local build (``build``) and the cluster build (``cluster.merge``),
so both give the very same version."""

from __future__ import annotations

import numpy as np

from qa.errors import CorpusError
from qa.search import BM25

from .build_spec import BuildSpec
from .docstore import DocMeta
from .fusion_choice import current as current_choice
from .incremental import merge_counts, weights_changed
from .permissions import follow_sources


def tally(asm, old, metas: list[DocMeta], spec: BuildSpec, *, added: int, changed: int, unchanged: int,
          embedded: int, recounted: int = 0) -> dict:
    """The report's counts; a ``CorpusError`` when the documents hold no passage at all."""
    old_ids = {m.id for m in old.docs.meta} if old is not None else set()
    removed = len(old_ids - {m.id for m in metas})
    if not asm.n_chunks:
        raise CorpusError(f"no text to index in {spec.corpus}", hint="the documents hold no sentences")
    return dict(documents=len(metas), chunks=asm.n_chunks, added=added, changed=changed, removed=removed,
                unchanged=unchanged, embedded=embedded, recounted=recounted,
                reweighed=old is not None and weights_changed(old.manifest, spec.bm25.as_dict()))


def up_to_date(old, metas: list[DocMeta], spec: BuildSpec, skipped: list[dict], counts: dict) -> dict | None:
    """The report's fields when there is nothing to write (no document added, changed or removed;
    the same titles, sources and pages, the same skipped files, from the same corpus, and a fusion
    chosen the way this qa chooses, BM25 weighted with the same parameters: else a new version, every
    part reused); else None."""
    if old is None or counts["added"] or counts["changed"] or counts["removed"] or counts.get("recounted"):
        return None
    same = (list(old.docs.meta) == metas and old.manifest.get("corpus") == spec.corpus_path
            and old.manifest.get("skipped", []) == skipped and current_choice(old)
            and not counts["reweighed"])
    if not same:
        return None
    follow_sources(old.version, (m.source for m in metas))  # a source made private: so is the index, now
    return {**counts, "up_to_date": True, "onnx": bool(old.manifest["model"].get("onnx"))}


def passage_vectors(asm, old, dim: int) -> np.ndarray:
    """The new version's passage vectors, the unchanged documents' copied from ``old``; the build
    places the new ones."""
    vectors = np.empty((asm.n_chunks, dim), dtype=np.float16)
    for at, lo, hi in asm.vec_old:
        vectors[at : at + hi - lo] = old.vectors[lo:hi]
    return vectors


def term_counts(asm, old_tc, spec: BuildSpec, terms: list[str] | None = None):
    """(term counts, BM25 engine) of the new version's passages (``incremental.merge_counts``)."""
    spec.progress("bm25", 0, 1)
    tc = merge_counts(asm.row_src, old_tc, terms)
    engine = BM25.from_counts(tc, spec.bm25)
    spec.progress("bm25", 1, 1)
    return tc, engine
