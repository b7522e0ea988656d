"""BM25Okapi on sparse matrices: rank-bm25's scoring, bm25s's speed and save format idea.

Scores equal ``rank_bm25.BM25Okapi`` (k1, b, and its epsilon floor for negative idf: a term in
more than half the chunks scores ``epsilon * mean(idf)``), which bm25s's "robertson" variant
does not reproduce (it clamps those to 0).  Weights ``idf * tf(k1+1)/(tf + k1(1-b+b*dl/avgdl))``
are precomputed once, stored term-major as .npy arrays and memory-mapped on load, so a query
reads only its terms' postings: the chunks of its rarer terms are scored first (the common terms'
weights found by binary search), and the common terms' long postings are summed only when their
largest possible contribution could still change the top k (MaxScore pruning, exact).  The raw
term counts are kept too (chunk-major), so an incremental build re-tokenises only new documents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from .term_counts import TermCounts, load_vocab, save_sparse  # noqa: F401 - TermCounts re-exported
from .topk import top_k, top_pairs

RARE_SHARE = 20  # a term in at most 1/20 of the chunks is "rare": its chunks are the first candidates
HEAD = 4096  # a common term's heaviest postings kept per index (``BM25._head``): 48 KB a term
SORT_SHARE = 16  # up to n/16 postings in all, ``_top_all`` sums per distinct chunk, not over an array of n
PRUNE_FROM = 30_000  # chunks; below, summing every posting is cheaper than pruning (measured: bench/bm25_scale.py)

@dataclass(frozen=True)
class BM25Params:
    """k1 0.9, b 0.4: Anserini's and Pyserini's defaults (rank-bm25's are 1.5 and 0.75).  qa's
    passages are bounded in words and characters, so length says little about a passage's topic;
    on the fitting halves of four domains the hybrid's R@1 rose on each (docs/retrieval.md)."""

    k1: float = 0.9
    b: float = 0.4
    epsilon: float = 0.25

    def as_dict(self) -> dict:
        return {"k1": self.k1, "b": self.b, "epsilon": self.epsilon, "variant": "BM25Okapi"}


def _grouped(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct ``ids`` ascending, each entry's position among them), by one stable sort."""
    order = np.argsort(ids, kind="stable")
    srt = ids[order]
    first = np.empty(len(srt), dtype=bool)
    first[:1] = True
    np.not_equal(srt[1:], srt[:-1], out=first[1:])
    inverse = np.empty(len(ids), dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return srt[first], inverse


class BM25:
    """Term-major BM25 weights; ``scores(tokens)`` equals rank-bm25's ``get_scores``."""

    FILES = ("vocab.txt", "w_indptr.npy", "w_indices.npy", "w_data.npy")

    def __init__(self, vocab: list[str], indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, n_docs: int):
        self.vocab = vocab
        self._tid = None
        self.indptr, self.indices, self.data = indptr, indices, data
        self.n_docs = n_docs
        self._max_cache: dict[int, float] = {}
        self._head_cache: dict[int, tuple[np.ndarray, np.ndarray, float]] = {}

    @property
    def term_ids(self) -> dict[str, int]:
        if self._tid is None:
            self._tid = {t: i for i, t in enumerate(self.vocab)}
        return self._tid

    @classmethod
    def from_counts(cls, tc: TermCounts, params: BM25Params = BM25Params()) -> "BM25":
        from scipy.sparse import csr_matrix

        n_docs = tc.n_rows
        V = len(tc.vocab)
        counts = np.asarray(tc.counts, dtype=np.float64)
        indptr = np.asarray(tc.indptr)
        rows = np.repeat(np.arange(n_docs), np.diff(indptr))
        doclen = np.bincount(rows, weights=counts, minlength=n_docs)  # chunks without tokens: 0 (any position)
        avgdl = float(doclen.sum() / n_docs) if n_docs else 0.0
        df = np.bincount(np.asarray(tc.indices), minlength=V).astype(np.float64)
        idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
        if V:
            eps = params.epsilon * (float(idf.sum()) / V)
            idf[idf < 0] = eps
        dl = doclen[rows]
        norm = params.k1 * (1.0 - params.b + params.b * dl / (avgdl or 1.0))
        w = idf[np.asarray(tc.indices)] * (counts * (params.k1 + 1.0) / (counts + norm))
        m = csr_matrix((w.astype(np.float32), np.asarray(tc.indices), indptr), shape=(n_docs, V)).tocsc()
        m.sort_indices()
        return cls(list(tc.vocab), m.indptr.astype(np.int64), m.indices.astype(np.int32), m.data, n_docs)

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """One score per chunk (float32); repeated query tokens count again, as in rank-bm25."""
        tid = self.term_ids
        out = np.zeros(self.n_docs, dtype=np.float64)
        for tok, times in Counter(tokens).items():
            t = tid.get(tok)
            if t is None:
                continue
            a, b = self.indptr[t], self.indptr[t + 1]
            out[self.indices[a:b]] += times * self.data[a:b].astype(np.float64)
        return out

    def term_scores(self, tok: str) -> np.ndarray | None:
        t = self.term_ids.get(tok)
        if t is None:
            return None
        out = np.zeros(self.n_docs, dtype=np.float64)
        a, b = self.indptr[t], self.indptr[t + 1]
        out[self.indices[a:b]] = self.data[a:b]
        return out

    def synonym_scores(self, alternatives: Sequence[Sequence[str]]) -> np.ndarray:
        """One query concept said several ways ("US" / "United States" / "Washington"): per chunk,
        the best alternative, a multi-word alternative scoring the mean of its words."""
        best = np.zeros(self.n_docs, dtype=np.float64)
        for alt in alternatives:
            parts = [self.term_scores(t) for t in alt]
            if not parts or any(p is None for p in parts):
                continue
            np.maximum(best, sum(parts) / len(parts), out=best)
        return best

    def top(self, tokens: Sequence[str], k: int, allowed: np.ndarray | None = None,
            synonyms: Sequence[Sequence[Sequence[str]]] = ()) -> list[tuple[int, float]]:
        """The ``k`` best chunks with a score > 0, ties broken by chunk number.

        ``synonyms`` are extra query concepts, each a list of alternative token lists."""
        if synonyms:
            s = self.scores(tokens)
            for alternatives in synonyms:
                s = s + self.synonym_scores(alternatives)
            if allowed is not None:
                s = np.where(allowed, s, 0.0)
            return top_k(s, k)
        return self._top_postings(tokens, k, allowed)

    def _top_postings(self, tokens: Sequence[str], k: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        """``top`` without synonyms, touching only the query terms' postings, never every chunk."""
        tid = self.term_ids
        terms = []  # (start, end, times) of each query term's postings, in ``scores``'s order
        for tok, times in Counter(tokens).items():
            t = tid.get(tok)
            if t is not None and self.indptr[t + 1] > self.indptr[t]:
                terms.append((int(self.indptr[t]), int(self.indptr[t + 1]), times))
        if not terms:
            return []
        best = self._top_pruned(terms, k, allowed)
        return best if best is not None else self._top_all(terms, k, allowed)

    def _top_pruned(self, terms, k: int, allowed) -> list[tuple[int, float]] | None:
        """MaxScore-style: the chunks in the rarer terms' postings are scored in full (the common
        terms' weights looked up by binary search); when the k-th of them beats the most the
        common terms alone could give any other chunk, they are the answer (else None).
        Sums run in the order ``scores`` uses, so values are identical."""
        if self.n_docs < PRUNE_FROM:
            return None
        rare = [j for j, (a, b, _n) in enumerate(terms) if b - a <= self.n_docs // RARE_SHARE]
        if not rare or len(rare) == len(terms):
            return None
        common_bound = sum(n * self._max_weight(a, b) for j, (a, b, n) in enumerate(terms) if j not in rare)
        cand, inverse = _grouped(np.concatenate([self.indices[terms[j][0]:terms[j][1]] for j in rare]))
        where = dict(zip(rare, np.split(inverse, np.cumsum([terms[j][1] - terms[j][0] for j in rare])[:-1])))
        sc = np.zeros(len(cand), dtype=np.float64)
        for j, (a, b, times) in enumerate(terms):
            w = np.zeros(len(cand), dtype=np.float64)
            if j in where:  # a rare term: its postings are among the candidates, at known places
                w[where[j]] = np.asarray(self.data[a:b], dtype=np.float64)
            else:  # a common term: its weights for the candidates, found by binary search
                post = self.indices[a:b]
                at = np.minimum(np.searchsorted(post, cand), b - a - 1)
                w = np.where(post[at] == cand, self.data[a:b][at].astype(np.float64), 0.0)
            sc += times * w
        if allowed is not None:
            keep = np.asarray(allowed)[cand]
            cand, sc = cand[keep], sc[keep]
        keep = sc > 0
        best = top_pairs(sc[keep], k, cand[keep])
        if len(best) == k and best[-1][1] > common_bound * (1 + 1e-9) + 1e-12:  # margin: rounding
            return best
        common = [j for j in range(len(terms)) if j not in rare]
        if len(common) != 1 or k > HEAD // 2:
            return None
        # One common term: a chunk outside ``cand`` scores that term's weight alone, so the best of
        # them are in the term's heaviest postings (``_head``, cached per index): merged with ``cand``,
        # the answer when the k-th beats every weight outside the head.
        a, b, times = terms[common[0]]
        head_ids, head_w, floor = self._head(a, b)
        at = np.minimum(np.searchsorted(cand, head_ids), max(len(cand) - 1, 0))
        out = cand[at] != head_ids if len(cand) else np.ones(len(head_ids), dtype=bool)
        if allowed is not None:
            out &= np.asarray(allowed)[head_ids]
        extra = times * head_w[out].astype(np.float64)
        ids = np.concatenate((cand[keep], head_ids[out][extra > 0]))
        best = top_pairs(np.concatenate((sc[keep], extra[extra > 0])), k, ids)
        if len(best) == k and best[-1][1] > times * floor * (1 + 1e-9) + 1e-12:
            return best
        return None

    def _head(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray, float]:
        """(chunk ids, weights) of the ``HEAD`` heaviest postings in [a, b), and the largest weight
        of the others (0 when none): computed once per term per process (query-independent)."""
        got = self._head_cache.get(a)
        if got is None:
            w = np.asarray(self.data[a:b])
            if len(w) <= HEAD:
                got = (np.asarray(self.indices[a:b]), w, 0.0)
            else:
                part = np.argpartition(w, len(w) - HEAD)
                top = np.sort(part[len(w) - HEAD:])  # ascending chunk ids
                got = (np.asarray(self.indices[a:b])[top], w[top], float(w[part[:len(w) - HEAD]].max()))
            self._head_cache[a] = got
        return got

    def _top_all(self, terms, k: int, allowed) -> list[tuple[int, float]]:
        """Every posting of every query term summed per chunk (the candidates: those chunks)."""
        ids = [np.asarray(self.indices[a:b]) for a, b, _n in terms]
        weights = [np.asarray(self.data[a:b], dtype=np.float64) * n for a, b, n in terms]
        if len(ids) == 1:  # one term: its postings are the scores (each chunk once)
            cand, sc = ids[0], weights[0]
        elif sum(map(len, ids)) <= self.n_docs // SORT_SHARE:  # few postings: summed per distinct chunk
            cand, inverse = _grouped(np.concatenate(ids))  # (not a sum over an array of every chunk)
            sc = np.bincount(inverse, weights=np.concatenate(weights), minlength=len(cand))  # in term order
            if allowed is not None:
                keep = np.asarray(allowed)[cand]
                cand, sc = cand[keep], sc[keep]
            pos = sc > 0
            return top_pairs(sc[pos], k, cand[pos])
        else:  # a chunk may sit in several postings: sum per chunk, keep every occurrence
            cand = np.concatenate(ids)
            sc = np.bincount(cand, weights=np.concatenate(weights), minlength=self.n_docs)[cand]
        if allowed is not None:
            keep = np.asarray(allowed)[cand]
            cand, sc = cand[keep], sc[keep]
        pos = sc > 0
        if not pos.all():
            cand, sc = cand[pos], sc[pos]
        # each chunk occurs at most len(ids) times, so the best k*len(ids) occurrences hold the k best chunks
        out: list[tuple[int, float]] = []
        seen: set[int] = set()
        for i, score in top_pairs(sc, k * len(ids), cand):
            if i not in seen:
                seen.add(i)
                out.append((i, score))
                if len(out) == k:
                    break
        return out

    def _max_weight(self, a: int, b: int) -> float:
        """The largest weight in postings [a, b) (cached: one scan per term per process)."""
        got = self._max_cache.get(a)
        if got is None:
            got = self._max_cache[a] = float(np.max(self.data[a:b]))
        return got

    def save(self, folder: Path) -> None:
        save_sparse(folder, self.vocab, {"w_indptr": self.indptr, "w_indices": self.indices, "w_data": self.data})

    @classmethod
    def load(cls, folder: Path, n_docs: int, mmap: bool = True) -> "BM25":
        mode = "r" if mmap else None
        # plain ndarray views of the mappings (same pages): no np.memmap overhead on each postings read
        return cls(
            load_vocab(folder),
            np.asarray(np.load(folder / "w_indptr.npy", mmap_mode=mode)),
            np.asarray(np.load(folder / "w_indices.npy", mmap_mode=mode)),
            np.asarray(np.load(folder / "w_data.npy", mmap_mode=mode)),
            n_docs,
        )
