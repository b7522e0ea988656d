"""Every signal a candidate sentence gets, as a named, documented feature.

``candidate_features(index, q, cands, hits, qvec)`` is THE function that turns candidates into a
feature matrix (rows: candidates; columns: ``FEATURES`` in order); ``bench/fit_answer.py`` calls it
on the fitting material and ``pipeline`` at run time, so the model sees the same numbers in both.
The row the question models read is built from these in ``question_features.py``.  Key-term
support is looked for in growing circles: the sentence, its neighbours, its passage, and its
document's title, heading and file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from qa.index import vectors_for
from qa.search import mentions
from . import lexicon as lx
from .analysis import code_in, fold_tokens
from .candidates import neighbours

K1, B = 1.2, 0.75  # sentence BM25 (the usual constants)
NAIVE_DENSE = 0.6  # the naive baseline's mix: 0.6 dense + 0.4 BM25 (qa's fusion default)


@dataclass(frozen=True)
class Feature:
    name: str
    doc: str


FEATURES: tuple[Feature, ...] = (
    Feature("naive", "0.6 x dense similarity + 0.4 x sentence BM25 (share of the pool's best): the naive ranker's score"),
    Feature("dense", "cosine similarity of the sentence's MiniLM vector to the question's"),
    Feature("dense_gap", "dense similarity minus the best dense similarity among the candidates (<= 0)"),
    Feature("bm25", "BM25 of the sentence for the question's terms, as a share of the best candidate's"),
    Feature("lexical", "share of the question's idf mass (content words, aliases counted) in the sentence"),
    Feature("lexical_near", "... held by the sentence or the sentences just before and after it"),
    Feature("lexical_gap", "lexical coverage minus the best among the candidates (<= 0)"),
    Feature("dense_rank", "1 / (1 + rank of the sentence by dense similarity among the candidates)"),
    Feature("bm25_rank", "1 / (1 + rank of the sentence by BM25 among the candidates)"),
    Feature("naive_rank", "1 / (1 + rank of the sentence by the naive score among the candidates)"),
    Feature("passage_dense_rank", "1 / rank of its passage in the dense run (0 when not in it)"),
    Feature("passage_bm25_rank", "1 / rank of its passage in the BM25 run (0 when not in it)"),
    Feature("pairs", "share of the question's adjacent word pairs the sentence holds adjacent too"),
    Feature("passage", "fused retrieval score of the sentence's passage, as a share of the best passage's"),
    Feature("passage_rank", "1 / (1 + rank of the retrieved passage it came from)"),
    Feature("keys_sentence", "share of the key terms' weight held by the sentence itself"),
    Feature("keys_near", "... by the sentence or the sentences just before and after it"),
    Feature("keys_passage", "... by the sentence's passage"),
    Feature("keys_meta", "... by the passage or the document's title, heading at the sentence, or file name"),
    Feature("keys_absent", "share of the key terms' weight found nowhere of the above (0 without key terms)"),
    Feature("no_keys", "1 when the question has no key term"),
    Feature("names_near", "share of the weight of the names, acronyms and numbers asked about held by the sentence "
                          "or its neighbours (1 when the question has none)"),
    Feature("negation_mismatch", "1 when the question is negated ('not', 'never' …) and the sentence is not"),
    Feature("type_asked", "1 when the question asks for a kind of fact (number, version, date, place, person, reason, manner, acronym, default)"),
    Feature("type_match", "1 when the sentence holds the kind of fact asked for"),
    Feature("type_next", "1 when it does not but the next sentence does"),
    Feature("novelty", "share of the sentence's words the question does not already hold"),
    Feature("position", "place of the sentence in its passage, 0 (first) .. 1 (last)"),
    Feature("words", "log(1 + words of the sentence)"),
    Feature("heading", "1 when the sentence has no end punctuation and under 12 words (a heading or label)"),
    Feature("lead_in", "1 when the sentence ends with ':' (it introduces what follows)"),
    Feature("refers_back", "1 when the sentence opens with a pronoun that refers to an earlier sentence"),
    Feature("speaker", "who-said questions: 1 when the sentence (or the one before) names the speaker and has a speech verb"),
)
NAMES = tuple(f.name for f in FEATURES)
COL = {n: i for i, n in enumerate(NAMES)}


_SPEECH = re.compile(rf"\b(?:{lx.alternation(lx.SPEECH_VERBS + lx.TEXT_SPEECH_VERBS)})\b", re.I)
_REFERS = re.compile(rf"^\W*(?:{lx.alternation(lx.REFERS_BACK)})\b", re.I)
_WORDS = re.compile(r"[\w-]+")
_NEGATED = re.compile(rf"\b(?:{lx.alternation(lx.NEGATORS)})\b|n['\u2019]t\b", re.I)
NAMED = ("name", "acronym", "number", "code")


@lru_cache(maxsize=65536)
def text_tokens(text: str) -> tuple[str, ...]:
    """A document text's case-folded BM25 tokens, once per text: the same sentences and passages come
    back question after question on a warm index (a cache of the corpus, not of the question)."""
    return tuple(fold_tokens(text))


@lru_cache(maxsize=65536)
def _token_set(text: str) -> frozenset[str]:
    return frozenset(text_tokens(text))


def _tokset(q, text: str) -> frozenset[str]:
    return _token_set(text)


@lru_cache(maxsize=256)
def _bracketed(acronym: str) -> re.Pattern:
    return re.compile(rf"\(\s*{re.escape(acronym)}\s*\)", re.I)


def expansions(index, q, hits, acronym: str) -> tuple[str, ...]:
    """What the corpus spells ``acronym`` out as, in the retrieved documents: "Hepatitis B virus (HBV)"
    -> "Hepatitis B virus" (the words before the bracket whose initials make the acronym)."""
    cache = index.__dict__.setdefault("_acronym_expansions", {})  # per loaded index: a fact of the corpus
    docs = tuple(dict.fromkeys(index.doc_idx(h.passage_no) for h in hits))
    if (acronym, docs) in cache:
        return cache[(acronym, docs)]
    if len(cache) > 4096:
        cache.clear()
    found: list[str] = []
    pat = re.compile(rf"((?:[\w-]+\s+){{1,{len(acronym) + 2}}})\(\s*{re.escape(acronym)}\s*\)", re.I)
    for d in docs:
        text = index.doc_text(d)
        if acronym.casefold() not in text.casefold() or not _bracketed(acronym).search(text):
            continue  # (the words pattern below backtracks at every word: ~60 ms on the 5 seed texts)
        for m in pat.finditer(text):
            words = m.group(1).split()
            for n in range(1, len(words) + 1):
                tail = words[-n:]
                initials = "".join(w[0] for w in tail if w[0].isalnum()).casefold()
                parts = "".join(p[0] for w in tail for p in w.split("-") if p).casefold()
                if acronym.casefold() in (initials, parts):
                    found.append(" ".join(tail))
                    break
    cache[(acronym, docs)] = tuple(dict.fromkeys(found))[:3]
    return cache[(acronym, docs)]


def _supports(q, key, toks: frozenset[str], text: str, alts: tuple[str, ...]) -> bool:
    if key.kind == "code":
        return code_in(text, key.text)
    if all(s in toks for s in key.stems):
        return True
    return bool(alts) and _mentions(text, alts)


@lru_cache(maxsize=65536)
def _mentions(text: str, alts: tuple[str, ...]) -> bool:
    return mentions(text, alts)


def key_support(q, keys, alts, texts: list[str]) -> float:
    """Share of the key terms' weight that one of ``texts`` holds (stem, alias or corpus expansion)."""
    total = sum(k.weight for k in keys)
    if not total:
        return 0.0
    sets = [(_tokset(q, t), t) for t in texts if t]
    got = sum(k.weight for k, al in zip(keys, alts) if any(_supports(q, k, ts, t, al) for ts, t in sets))
    return got / total


def _meta_text(index, cand) -> str:
    """The document's title, the heading in effect at the sentence, a table row's header row, and
    its file name (as words)."""
    d = index.doc_idx(cand.hit.passage_no)
    meta = index.docs.meta[d]
    name = re.sub(r"[_\-./\\]+", " ", meta.id)
    context = meta.context_at(index.doc_text(d), cand.start) or ""  # issue 28: a row read with its header
    return " ".join(x for x in (meta.title, meta.section_at(cand.start) or "", context, name) if x)


def _bm25(q, cands) -> np.ndarray:
    lens = np.asarray([max(len(_tokset(q, c.text)), 1) for c in cands], dtype=np.float64)
    avg = float(lens.mean()) if len(lens) else 1.0
    out = np.zeros(len(cands))
    for i, c in enumerate(cands):
        toks = text_tokens(c.text)
        for t in q.terms:
            tf = toks.count(t.stem)
            if tf:
                out[i] += t.weight * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lens[i] / avg))
    return out


def lexical(q, text: str) -> float:
    total = sum(t.weight for t in q.terms)
    if not total:
        return 0.0
    toks = _tokset(q, text)
    return sum(t.weight for t in q.terms if t.stem in toks or (t.alts and _mentions(text, t.alts))) / total


def _speaker(q, text: str, before: str) -> float:
    if q.said is None:
        return 0.0
    last = q.said.speaker.split()[-1]
    named = re.search(rf"\b{re.escape(last)}\b", text, re.I) or (
        _REFERS.search(text) and re.search(rf"\b{re.escape(last)}\b", before, re.I))
    return 1.0 if named and _SPEECH.search(text) else 0.0


def candidate_features(index, q, cands, hits, qvec) -> np.ndarray:
    """The feature matrix of ``cands`` (rows) over ``FEATURES`` (columns)."""
    n = len(cands)
    X = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return X
    vecs = vectors_for(index, [c.row for c in cands], [c.text for c in cands])
    dense = np.clip(vecs @ np.asarray(qvec, dtype=np.float32), 0.0, 1.0) if qvec is not None else np.zeros(n)
    bm = _bm25(q, cands)
    bm_rel = bm / bm.max() if bm.max() > 0 else bm
    best = max((h.score for h in hits), default=0.0) or 1.0
    keys = q.key_terms
    alts = [k.alts + (expansions(index, q, hits, k.text) if k.kind == "acronym" else ()) for k in keys]
    gives = q.kind.gives
    named = [i for i, k in enumerate(keys) if k.kind in NAMED]
    named_keys, named_alts = [keys[i] for i in named], [alts[i] for i in named]
    negated = bool(_NEGATED.search(q.query))
    X[:, COL["dense"]] = dense
    X[:, COL["dense_gap"]] = dense - dense.max()
    X[:, COL["bm25"]] = bm_rel
    X[:, COL["naive"]] = NAIVE_DENSE * dense + (1 - NAIVE_DENSE) * bm_rel
    X[:, COL["no_keys"]] = 0.0 if keys else 1.0
    X[:, COL["type_asked"]] = 1.0 if gives is not None else 0.0
    doc_text = {}
    for i, c in enumerate(cands):
        d = index.doc_idx(c.hit.passage_no)
        text = doc_text.setdefault(d, index.doc_text(d))
        prev, nxt = neighbours(index, q, c)
        before = text[prev[0]:prev[1]] if prev else ""
        after = text[nxt[0]:nxt[1]] if nxt else ""
        toks = _tokset(q, c.text)
        row = X[i]
        row[COL["lexical"]] = lexical(q, c.text)
        row[COL["lexical_near"]] = lexical(q, " ".join((before, c.text, after)))
        row[COL["passage_dense_rank"]] = 1.0 / c.hit.ranks["dense"] if "dense" in c.hit.ranks else 0.0
        row[COL["passage_bm25_rank"]] = 1.0 / c.hit.ranks["bm25"] if "bm25" in c.hit.ranks else 0.0
        row[COL["pairs"]] = len(q.pairs & _pairs(c.text)) / len(q.pairs) if q.pairs else 0.0
        row[COL["passage"]] = c.hit.score / best
        row[COL["passage_rank"]] = 1.0 / (1 + c.rank)
        if keys:
            s = key_support(q, keys, alts, [c.text])
            near = key_support(q, keys, alts, [c.text, before, after])
            psg = max(near, key_support(q, keys, alts, [c.hit.chunk.text]))
            meta = key_support(q, keys, alts, [c.text, before, after, c.hit.chunk.text, _meta_text(index, c)])
            row[COL["keys_sentence"]], row[COL["keys_near"]] = s, near
            row[COL["keys_passage"]], row[COL["keys_meta"]] = psg, max(meta, psg)
            row[COL["keys_absent"]] = 1.0 - max(meta, psg)
        row[COL["names_near"]] = key_support(q, named_keys, named_alts, [c.text, before, after]) if named else 1.0
        row[COL["negation_mismatch"]] = float(negated and not _NEGATED.search(c.text))
        if gives is not None:
            match = bool(gives.search(c.text))
            row[COL["type_match"]] = float(match)
            row[COL["type_next"]] = float(not match and bool(after) and bool(gives.search(after)))
        row[COL["novelty"]] = len(toks - q.stems) / len(toks) if toks else 0.0
        row[COL["position"]] = c.at / max(c.of - 1, 1)
        words = len(c.text.split())
        row[COL["words"]] = np.log1p(words)
        stripped = c.text.strip().rstrip("\u201d\"'\u2019)")
        row[COL["heading"]] = float(words < 12 and not stripped.endswith((".", "!", ":", ";", "?")))
        row[COL["lead_in"]] = float(stripped.endswith(":"))
        row[COL["refers_back"]] = float(bool(_REFERS.search(c.text)))
        row[COL["speaker"]] = _speaker(q, c.text, before)
    X[:, COL["lexical_gap"]] = X[:, COL["lexical"]] - X[:, COL["lexical"]].max()
    for name, col in (("dense_rank", "dense"), ("bm25_rank", "bm25"), ("naive_rank", "naive")):
        X[:, COL[name]] = 1.0 / (1.0 + _ranks(X[:, COL[col]]))
    return X


def _ranks(values: np.ndarray) -> np.ndarray:
    """0-based rank of each value, best (highest) first; ties by position."""
    return np.argsort(np.argsort(-values, kind="stable"), kind="stable").astype(np.float64)


@lru_cache(maxsize=65536)
def _pairs(text: str) -> frozenset[tuple[str, str]]:
    toks = text_tokens(text)
    return frozenset(zip(toks, toks[1:]))
