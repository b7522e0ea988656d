"""Retrieval: BM25 and dense runs over an index, fused into one ranking of passages.

Fusion follows Pyserini's conventions: reciprocal rank fusion ``sum 1/(k + rank)`` with k=60,
and convex combination of min-max-normalised scores.  Ties always break on the chunk number,
so the same question on the same index gives the same ranking.  The convex dense weight is, unless
given, the one the index's build chose for its corpus (``qa.index.fusion_choice``; 0.6 for an
index built before choices).  By default (``SearchConfig.sentences``) the dense side of convex fusion
also reads each dense passage's best sentence (``best_sentence.py``): ``SENTENCE_SHARE`` of the
dense weight goes to it (chosen on the fitting side: docs/retrieval.md, "Sentence evidence").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


from qa.corpus import Chunk
from qa.errors import UsageError
from .aliases import query_concepts
from .best_sentence import sentence_run
from .fusion import fuse

DEFAULT_DENSE_WEIGHT = 0.6  # an index without a choice of its own (built before choices were made)
SENTENCE_SHARE = 0.8  # of the dense weight, the share of the passages' best sentence (the rest: passage vectors)
READ_BESIDE = 10  # BM25's best passages read on the side thread during the graph walk (~30 us each; the walk ~3.8 ms)

MODES = ("bm25", "dense", "hybrid")
FUSIONS = ("convex", "rrf")


@dataclass(frozen=True)
class SearchConfig:
    mode: str = "hybrid"
    fusion: str = "convex"
    depth: int = 100  # candidates taken from each retriever before fusion
    dense_weight: float | None = None  # convex: weight of the dense run (BM25 gets the rest); None: the corpus's
    rrf_k: int = 60
    sentences: bool = True  # convex: the dense side also weighs each passage's best sentence
    distinct: bool = True  # a passage whose text an earlier hit already has is folded into that hit

    def __post_init__(self):
        if self.mode not in MODES:
            raise UsageError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODES)}")
        if self.fusion not in FUSIONS:
            raise UsageError(f"unknown fusion {self.fusion!r}; choose one of {', '.join(FUSIONS)}")
        if self.depth < 1:
            raise UsageError("depth must be at least 1")
        if self.dense_weight is not None and not 0.0 <= self.dense_weight <= 1.0:
            raise UsageError("dense weight must be between 0 and 1")


@dataclass(frozen=True)
class Hit:
    passage_no: int  # the passage's row in the index (index.chunk(passage_no), index.doc_idx(passage_no))
    chunk: Chunk
    title: str
    score: float
    ranks: Mapping[str, int] = field(default_factory=dict)  # 1-based rank in each run it came from
    copies: tuple[int, ...] = ()  # passages with the same text ranked below it, folded into it (distinct)


def corpus_weight(index) -> float:
    """The dense weight the index's build chose for its corpus (the manifest's ``fusion``)."""
    choice = getattr(index, "manifest", {}).get("fusion")
    try:
        w = float(choice["dense_weight"]) if isinstance(choice, dict) else DEFAULT_DENSE_WEIGHT
    except (KeyError, TypeError, ValueError):
        return DEFAULT_DENSE_WEIGHT
    return w if 0.0 <= w <= 1.0 else DEFAULT_DENSE_WEIGHT


def resolve(config: SearchConfig, index) -> SearchConfig:
    """``config`` with its dense weight filled in: as given, else the index's own choice."""
    from dataclasses import replace

    return config if config.dense_weight is not None else replace(config, dense_weight=corpus_weight(index))


def fuse_with(runs: Mapping[str, list], config: SearchConfig) -> list[tuple[int, float]]:
    """The configured ranking of ``runs`` (fused when hybrid); ``config`` resolved (``resolve``)."""
    if config.mode != "hybrid":
        return list(runs[config.mode])
    w = DEFAULT_DENSE_WEIGHT if config.dense_weight is None else config.dense_weight
    return fuse(runs, config.fusion, w, config.rrf_k, SENTENCE_SHARE if uses_sentences(config) else 0.0)


def uses_sentences(config: SearchConfig) -> bool:
    """Whether ``config`` ranks with the passages' best sentences (hybrid convex, sentences on)."""
    return config.mode == "hybrid" and config.fusion == "convex" and config.sentences


def bm25_run(index, question: str, depth: int, allowed=None) -> list[tuple[int, float]]:
    """BM25 with acronyms and names also matched by their aliases ("US" finds "United States")."""
    plain, concepts = query_concepts(question)
    return index.bm25_top(plain, depth, allowed, concepts)


def runs_for(index, question: str, config: SearchConfig, allowed=None, qvec=None, passages=None) -> dict[str, list]:
    """The raw runs the configured mode needs, each ``config.depth`` deep (and the dense run's
    passages by their best sentence, when ``config`` uses them).  ``passages``: (a dict, n): where
    BM25 runs beside the graph walk, its n best passages are also read into the dict meanwhile."""
    runs: dict[str, list] = {}
    beside = None  # the BM25 run on the index's side thread, while this thread encodes and walks the graph
    if config.mode == "hybrid":
        side = index.side_thread() if hasattr(index, "side_thread") else None
        if side is not None:
            beside = side.submit(_bm25_reading, index, question, config.depth, allowed, passages)
    if config.mode in ("bm25", "hybrid") and beside is None:
        runs["bm25"] = bm25_run(index, question, config.depth, allowed)
    if config.mode in ("dense", "hybrid"):
        if qvec is None:
            qvec = index.query_embedder().embed([question])[0]
        runs["dense"] = index.dense_top(qvec, config.depth, allowed)
        if uses_sentences(config):
            runs["sentence"] = sentence_run(index, runs["dense"], qvec)
    if beside is not None:
        runs = {"bm25": beside.result(), **runs}  # the runs in the order they always had
    return runs


def _bm25_reading(index, question: str, depth: int, allowed, passages) -> list[tuple[int, float]]:
    """``bm25_run``, then its best passages read into ``passages`` (a dict, n): most hits are among
    them, and the side thread would otherwise wait for the graph walk doing nothing."""
    run = bm25_run(index, question, depth, allowed)
    if passages is not None:
        into, n = passages
        for idx, _s in run[:min(n, READ_BESIDE)]:
            into[idx] = index.chunk(idx)
    return run


def search(
    index,
    question: str,
    k: int = 10,
    config: SearchConfig = SearchConfig(),
    docs: list[str] | None = None,
    qvec=None,
) -> list[Hit]:
    """The ``k`` best passages for ``question`` (optionally only inside ``docs``)."""
    allowed = index.doc_mask(docs)
    config = resolve(config, index)
    chunks: dict[int, Chunk] = {}  # each passage read once: distinct_ranking's reads are the hits' too
    runs = runs_for(index, question, config, allowed, qvec, (chunks, k))
    ranked = fuse_with(runs, config)
    rank_of = {name: {idx: r for r, (idx, _s) in enumerate(run, 1)} for name, run in runs.items()}
    hits: list[Hit] = []

    def chunk(idx: int) -> Chunk:
        got = chunks.get(idx)
        if got is None:
            got = chunks[idx] = index.chunk(idx)
        return got

    kept = distinct_ranking(index, ranked, k, chunk) if config.distinct else [(i, s, ()) for i, s in ranked[:k]]
    for idx, score, copies in kept:
        title = index.docs.meta[index.doc_idx(idx)].title
        ranks = {name: ranks[idx] for name, ranks in rank_of.items() if idx in ranks}
        hits.append(Hit(passage_no=idx, chunk=chunk(idx), title=title, score=float(score), ranks=ranks,
                        copies=copies))
    return hits


def distinct_ranking(index, ranked, k: int, chunk=None) -> list[tuple[int, float, tuple[int, ...]]]:
    """The first ``k`` passages of ``ranked`` (``(passage, score)``, best first) whose texts differ
    (whitespace and case folded), each with the passages of the same text ranked below it: a copied
    file or a notice repeated word for word is one hit, its copies named in it.  ``chunk``: how a
    passage is read (default ``index.chunk``)."""
    chunk = index.chunk if chunk is None else chunk
    out: list[tuple[int, float, list[int]]] = []
    first_with: dict[str, int] = {}
    for idx, score in ranked:
        key = " ".join(chunk(idx).text.split()).casefold()
        if key in first_with:
            out[first_with[key]][2].append(idx)
            continue
        if len(out) == k:
            break
        first_with[key] = len(out)
        out.append((idx, score, []))
    return [(i, s, tuple(c)) for i, s, c in out]
