"""The hybrid's fusion chosen per corpus, without labels, when an index is built.

A user's folder has no labelled questions, so the corpus asks itself: a seeded sample of its
passages each gives a pseudo-question (``pseudo_queries``: one of its sentences with part of its
words masked), and the dense weight of convex fusion that best ranks each pseudo-question's source
passages (mean reciprocal rank in the top 10, over a grid) is the corpus's choice.  The fusion
scored is the one questions get: the dense side reads the dense passages' best sentences too
(``SENTENCE_SHARE``; method 5, session 12).  What was tried,
kept and dropped, and the figures: docs/retrieval.md; ``bench/fusion_choice.py`` measures it.

The sample depends only on the index's passages (seeded by their number and text), and the runs on
the index's own BM25 and vectors, so an incremental or cluster build chooses as a full local one.
"""

from __future__ import annotations

import copy
import logging
import random
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from .fusion_queries import QUERY_CACHE, read_query_cache, write_query_cache  # noqa: F401 - re-exported

log = logging.getLogger("qa")

METHOD = "pseudo-queries-5"  # changes when the way of choosing changes: a build then chooses again
SAMPLE = 400  # pseudo-questions per corpus (200 moved the choice by 0.1 on resamples: docs/retrieval.md)
GRID = tuple(round(0.1 * i, 1) for i in range(11))  # dense weights tried
DEPTH = 100  # candidates per retriever, as a question gets by default
KEEP = 0.3  # share of a sentence's words a pseudo-question keeps (0.5 / 0.7: too easy for BM25)
MIN_WORDS = 8  # shorter sentences make no question
PASSES = 4  # rounds over the passages (a sentence each) while the sample is not full
FALLBACK = 0.6  # the weight of an index built before choices (or when the corpus is too small to ask)
TOLERANCE = 0.08  # share of the best MRR the pseudo-questions may lose for a larger dense weight


@dataclass(frozen=True)
class FusionChoice:
    fusion: str  # "convex"
    dense_weight: float
    method: str = METHOD
    queries: int = 0  # pseudo-questions asked (0: not chosen, the fallback)
    scores: dict = field(default_factory=dict)  # dense weight -> MRR@10 of the pseudo-questions

    def as_dict(self) -> dict:
        d = asdict(self)
        d["scores"] = {f"{w:g}": round(s, 4) for w, s in self.scores.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict | None) -> "FusionChoice":
        """The choice a manifest records (an older index has none: the fallback)."""
        if not isinstance(d, dict):
            return FALLBACK_CHOICE
        try:
            return cls(str(d["fusion"]), float(d["dense_weight"]), str(d.get("method", "")),
                       int(d.get("queries", 0)),
                       {float(w): float(s) for w, s in (d.get("scores") or {}).items()})
        except (KeyError, TypeError, ValueError):
            return FALLBACK_CHOICE


FALLBACK_CHOICE = FusionChoice("convex", FALLBACK, "fallback")


@dataclass(frozen=True)
class PseudoQuery:
    text: str
    relevant: frozenset[int]  # passage numbers holding the sentence it was made from


def _passage_keys(index) -> list[str]:
    """Each passage's name, stable while its document is: the document's id and the passage's place in it.
    The sample and each pseudo-question's masking are drawn from these, so a changed file changes
    only its own passages' pseudo-questions (and a rebuild re-embeds only those: ``QUERY_CACHE``)."""
    import numpy as np

    docs = np.asarray(index.chunk_rows[:, 0])
    first = np.searchsorted(docs, docs, side="left") if len(docs) else docs
    ids = [m.id for m in index.docs.meta]
    return [f"{ids[d]}#{p - f}" for p, (d, f) in enumerate(zip(docs.tolist(), first.tolist()))]


def _key_rng(key: str, round_: int) -> random.Random:
    return random.Random(zlib.crc32(f"{round_}:{key}".encode("utf-8", "surrogateescape")))


def rarity(index, word: str) -> float:
    """How rare a word is in the corpus: its BM25 terms' smallest passage count, negated (a word with no
    indexed term, a stop word or one the corpus lacks: minus the passage count, the commonest)."""
    from qa.search import tokenize

    bm = index.bm25
    ids = [bm.term_ids.get(tok) for tok in tokenize(word)]
    dfs = [int(bm.indptr[t + 1] - bm.indptr[t]) for t in ids if t is not None]
    return -min(dfs) if dfs else -float(index.n_chunks)


def pseudo_queries(index, sample: int = SAMPLE, keep: float = KEEP, mask: str = "random") -> list[PseudoQuery]:
    """Up to ``sample`` pseudo-questions: a sentence of a sampled passage with words masked.

    Each keeps ``keep`` of the sentence's words, chosen at random (order kept), so neither
    ranker gets the sentence whole: BM25 loses some of the terms, the encoder some of the sense."""
    keys = _passage_keys(index)
    order = sorted(range(len(keys)), key=lambda p: (zlib.crc32(keys[p].encode("utf-8", "surrogateescape")), p))
    out: list[PseudoQuery] = []
    seen: set[tuple[int, int]] = set()
    for round_ in range(PASSES):  # a small corpus gives several sentences a passage
        for p in order:
            if len(out) >= sample:
                return out
            rng = _key_rng(keys[p], round_)
            chunk = index.chunk(p)
            text = index.doc_text(index.doc_idx(p))
            spans = [tuple(s) for s in chunk.sentences
                     if len(text[s[0]:s[1]].split()) >= MIN_WORDS and tuple(s) not in seen]
            if not spans:
                continue
            span = spans[rng.randrange(len(spans))]
            seen.add(span)
            words = text[span[0]:span[1]].split()
            n_keep = max(3, round(keep * len(words)))
            if mask == "rare":  # the rarest words masked: what a paraphrase would say otherwise
                by = sorted(range(len(words)), key=lambda i: (rarity(index, words[i]), rng.random()))
                kept = sorted(by[:n_keep])  # commonest first
            else:
                kept = sorted(rng.sample(range(len(words)), n_keep))
            out.append(PseudoQuery(" ".join(words[i] for i in kept), frozenset(_holding(index, p, span))))
    return out


def _holding(index, p: int, span: tuple[int, int]) -> list[int]:
    """The passages of ``p``'s document holding the sentence ``span`` (overlaps share sentences)."""
    found = []
    for q in (p - 1, p, p + 1):
        if 0 <= q < index.n_chunks and index.doc_idx(q) == index.doc_idx(p):
            c = index.chunk(q)
            if c.start <= span[0] and span[1] <= c.end:
                found.append(q)
    return found


def reciprocal_rank(ranked: Sequence[tuple[int, float]], relevant: frozenset[int], cut: int = 10) -> float:
    for r, (idx, _s) in enumerate(ranked[:cut], 1):
        if idx in relevant:
            return 1.0 / r
    return 0.0


def _normalised(run, where: dict, n: int):
    import numpy as np

    out = np.zeros(n)
    if run:
        vals = np.asarray([sc for _i, sc in run], dtype=np.float64)
        lo, span = float(vals.min()), float(vals.max() - vals.min())
        for (idx, sc) in run:
            out[where[idx]] = (sc - lo) / span if span > 0 else 1.0
    return out


def weight_scores(runs: Sequence[tuple], grid: Sequence[float] = GRID, sentence_share: float = 0.0) -> dict:
    """Mean reciprocal rank (top 10) of each convex dense weight over ``(bm25 run, dense run, relevant)``
    or ``(bm25 run, dense run, relevant, sentence run)``: the rank ``qa.search.fuse`` would give (min-max
    scores, ties by passage number; ``sentence_share`` of the dense weight to the sentence run when
    there is one), all weights at once."""
    import numpy as np

    ws = np.asarray(grid, dtype=np.float64)[:, None]
    total = np.zeros(len(grid))
    for bm25, dense, relevant, *more in runs:
        sentence = more[0] if more else []
        items = sorted({i for i, _s in bm25} | {i for i, _s in dense} | {i for i, _s in sentence})
        rel = [k for k, i in enumerate(items) if i in relevant]
        if not rel:
            continue
        where = {i: k for k, i in enumerate(items)}
        share = sentence_share if sentence else 0.0
        dense_side = (1.0 - share) * _normalised(dense, where, len(items))
        if share:
            dense_side = dense_side + share * _normalised(sentence, where, len(items))
        fused = (1.0 - ws) * _normalised(bm25, where, len(items)) + ws * dense_side
        order = np.arange(len(items))  # items are sorted: a lower position wins a tie
        best = np.full(len(grid), np.inf)
        for k in rel:
            s = fused[:, k : k + 1]
            rank = 1 + ((fused > s) | ((fused == s) & (order < k))).sum(axis=1)
            best = np.minimum(best, rank)
        total += np.where(best <= 10, 1.0 / best, 0.0)
    n = len(runs)
    return {w: float(t / n) if n else 0.0 for w, t in zip(grid, total)}


def best_weight(scores: dict, tolerance: float = TOLERANCE) -> float:
    """The largest dense weight whose pseudo-questions score at least ``1 - tolerance`` of the best.

    Pseudo-questions are the corpus's own words, so they favour BM25 more than real questions
    (which paraphrase) do: the choice leans to the dense side as far as the words allow."""
    top = max(scores.values())
    return max(w for w, s in scores.items() if s >= top * (1.0 - tolerance))


def embed_queries(index, texts: list[str], cache: dict | None = None):
    """The pseudo-questions' vectors: those in ``cache`` (text -> vector, from the previous version)
    as they are, the rest embedded now and added to it (the encoder is not even loaded when none is new)."""
    import numpy as np

    cache = {} if cache is None else cache
    new = sorted({t for t in texts if t not in cache})
    if new:
        cache.update(zip(new, index.query_embedder().embed(new)))
    for gone in set(cache) - set(texts):  # what the cache keeps is what this corpus asks now
        del cache[gone]
    return np.stack([np.asarray(cache[t], dtype=np.float32) for t in texts])


def choose_fusion(index, sample: int = SAMPLE, keep: float = KEEP, mask: str = "random",
                  tolerance: float = TOLERANCE, cache: dict | None = None) -> FusionChoice:
    """The corpus's fusion: the grid weight whose fused runs best find the pseudo-questions' passages.
    ``cache``: pseudo-question vectors already known (``embed_queries``)."""
    from qa.search import SENTENCE_SHARE, bm25_run, sentence_run

    queries = pseudo_queries(index, sample, keep, mask)
    if len(queries) < 20:  # too little text to ask itself: the fallback
        return FusionChoice("convex", FALLBACK, METHOD, len(queries))
    vecs = embed_queries(index, [q.text for q in queries], cache)
    dense = index.dense_top_many(vecs, DEPTH)
    runs = [(bm25_run(index, q.text, DEPTH), d, q.relevant, sentence_run(index, d, v))
            for q, d, v in zip(queries, dense, vecs)]
    scores = weight_scores(runs, sentence_share=SENTENCE_SHARE)  # the ranker questions get (qa.search.search)
    return FusionChoice("convex", best_weight(scores, tolerance), METHOD, len(queries), scores)


def current(index) -> bool:
    """Whether ``index`` holds a choice made the way this qa makes it (else an unchanged corpus still
    gets a new version, every part reused, for the choice alone)."""
    choice = index.manifest.get("fusion")
    return isinstance(choice, dict) and choice.get("method") == METHOD


def choose_for_build(index_dir, build_dir, manifest: dict, embedder=None) -> dict:
    """The build's hook: the choice for the version being written in ``build_dir`` (its files all
    written but the manifest), as the manifest's ``"fusion"`` entry.  ``embedder``: the question
    encoder when one was given; else the version's ONNX query encoder; without either (the export
    failed) the fixed weight.  A failure costs the choice (the fixed weight, said in the log), never
    the build; either is recorded with this method, so the next build does not retry it for nothing."""
    from .loaded import Index

    unchosen = {**FALLBACK_CHOICE.as_dict(), "method": METHOD}
    if embedder is None and not (Path(build_dir) / "onnx" / "onnx_config.json").exists():
        return unchosen  # no query encoder kept with the index: questions get the fixed weight too
    try:
        index = Index(index_dir, build_dir, manifest)
        try:
            if embedder is not None:  # a copy: what the build embeds (and counts) stays its passages
                index.use_embedder(copy.copy(embedder))
            cache = read_query_cache(index_dir, manifest)
            choice = choose_fusion(index, cache=cache)
            write_query_cache(build_dir, manifest, cache)
            return choice.as_dict()
        finally:
            index.release()
    except Exception as exc:  # noqa: BLE001 - the choice is an optimisation; the build must not fail for it
        log.warning("could not choose the fusion for this corpus (%s); using dense weight %g", exc, FALLBACK)
        return unchosen
