"""Answering "What did X say about Y?": X's attributed statements, those about Y first.

Candidate documents are those whose passages mention X (a BM25 run on X's name, plus the
passages retrieved for the whole question).  In each, ``speakers.statements`` finds what X said;
a statement is about Y when Y or one of its aliases is in it, in the sentence before it (the
"them" of "We have not invited them"), or when it shares Y's words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from qa.search import Hit, mentions
from .analysis import Said as Intent, fold_tokens, terms_of
from .attribution import SPEECH_VERB
from .attribution import Speaker, Statement, name_words, names_speaker, speaker_from, statements
from qa.search import tokenize

SPEAKER_DEPTH = 200  # passages mentioning the speaker that are examined
ABOUT = 0.5  # topic score from which a statement counts as "about Y"
MAX_DOC_CHARS = 200_000  # longer documents: only the retrieved passages are examined


@dataclass(frozen=True)
class Said:
    statement: Statement
    hit: Hit  # the passage (chunk) the statement sits in
    topic: float  # 0..1: how much it is about Y (words and aliases)
    similarity: float  # embedding similarity to the question
    topic_similarity: float  # embedding similarity to Y alone


_QUOTED = re.compile(r"[\u201c\"]([^\u201d\"]+)[\u201d\"]")
PREAMBLE = 0.45  # the topic only in the lead-in ("After Iran — along with Russia — …, Zarif said …")


def question_terms(index, text: str):
    return terms_of(index, text)[0]


def lexical_overlap(terms, sentence: str) -> float:
    """Share of the terms' idf mass present in the sentence (0..1), aliases counted."""
    total = sum(t.weight for t in terms)
    if total <= 0:
        return 0.0
    toks = set(fold_tokens(sentence))
    return sum(t.weight for t in terms if t.stem in toks or (t.alts and mentions(sentence, t.alts))) / total


def content_of(sentence: str) -> str:
    """What was said: the quoted words and whatever follows the first speech verb."""
    quoted = " ".join(_QUOTED.findall(sentence))
    verb = SPEECH_VERB.search(sentence)
    after = sentence[verb.end() :] if verb else sentence
    return f"{quoted} {after}"


def _topic_score(doc_text: str, st: Statement, terms) -> float:
    """How much of the topic (idf-weighted, aliases counted) the statement or the sentence before holds."""
    if not terms:
        return 0.0
    ctx = doc_text[st.context[0] : st.context[1]] if st.context else ""
    said = lexical_overlap(terms, content_of(st.text))
    own = max(said, PREAMBLE * lexical_overlap(terms, st.text))
    near = lexical_overlap(terms, ctx) if ctx else 0.0
    return max(own, 0.6 * near, min(1.0, said + 0.6 * near))


def _docs_for(index, speaker: Speaker, hits: list[Hit], allowed) -> list[int]:
    docs: dict[int, None] = {}
    for hit in hits:
        docs[index.doc_idx(hit.passage_no)] = None
    for idx, _s in index.bm25_top(_name_tokens(speaker), SPEAKER_DEPTH, allowed):
        docs[index.doc_idx(idx)] = None
    return list(docs)


def _hit_for(index, doc_idx: int, st: Statement, hits_by_chunk: dict[int, Hit]) -> Hit:
    """The passage that holds the statement (a retrieved one when possible)."""
    best = None
    for ci in index.doc_chunks(doc_idx):
        row = index.chunk_rows[ci]
        if int(row[1]) <= st.start and st.end <= int(row[2]):
            if ci in hits_by_chunk:
                return hits_by_chunk[ci]
            best = best if best is not None else ci
    ci = best if best is not None else index.doc_chunks(doc_idx).start
    meta = index.docs.meta[doc_idx]
    return Hit(passage_no=ci, chunk=index.chunk(ci), title=meta.title, score=0.0, ranks={})


MENTION_DEPTH = 50  # passages richest in the name's words that are read for it


def mentioned(index, intent: Intent, allowed=None) -> bool:
    """Is the speaker named anywhere in the (allowed part of the) corpus: one passage writing every
    word of the name as a name ("Craig Small"), not only a passage holding the word "small"?"""
    speaker = speaker_from(intent.speaker or "")
    if not speaker.keys:
        return False
    tokens = list(dict.fromkeys(tokenize(" ".join(name_words(speaker))) + _name_tokens(speaker)))
    return any(names_speaker(index.chunk(ci).text, speaker) for ci, _s in index.bm25_top(tokens, MENTION_DEPTH, allowed))


def _name_tokens(speaker: Speaker) -> list[str]:
    """BM25 tokens of the speaker's name, accent-folded ("Erdogan") and as asked ("Erdoğan")."""
    words = speaker.query.split()
    return list(dict.fromkeys(tokenize(" ".join(speaker.keys)) + tokenize(words[-1] if words else "")))


STATEMENTS_KEPT = 4096  # (document, speaker) statement lists kept on a loaded index


def doc_statements(index, d: int, text: str, speaker: Speaker, hits_by_chunk) -> list[Statement]:
    """``statements`` of document ``d`` for ``speaker``, found once per loaded index (a warm ``qa ask``
    asks about the same people in the same documents again and again); a document too long to read
    whole is read in the retrieved passages only, and that is not kept."""
    if len(text) > MAX_DOC_CHARS:
        keep = {ci for ci in index.doc_chunks(d) if ci in hits_by_chunk}
        sentences = [s for ci in sorted(keep) for s in index.chunk(ci).sentences]
        return statements(d, text, sentences, speaker)
    cache = index.__dict__.setdefault("_statements_cache", {})
    key = (d, speaker.keys, speaker.query)
    if key not in cache:
        if len(cache) >= STATEMENTS_KEPT:
            cache.clear()
        cache[key] = statements(d, text, index.doc_sentences(d), speaker)
    return cache[key]


def find_said(index, intent: Intent, question: str, hits: list[Hit], allowed=None, qvec=None,
              tvec=None) -> tuple[list[Said], str]:
    """X's statements ranked (about Y first), and X's name as the documents write it."""
    speaker = speaker_from(intent.speaker or "")
    terms = question_terms(index, intent.topic) if intent.topic else []
    hits_by_chunk = {h.passage_no: h for h in hits}
    found: list[tuple[Statement, Hit, float]] = []
    for d in _docs_for(index, speaker, hits, allowed):
        text = index.doc_text(d)
        for st in doc_statements(index, d, text, speaker, hits_by_chunk):
            found.append((st, _hit_for(index, d, st, hits_by_chunk), _topic_score(text, st, terms)))
    if not found:  # the name as asked ("Craig Small"), never only the surname the search used ("Small")
        return [], intent.speaker or ""
    from qa.index import rows_for, vectors_for

    embedder = index.query_embedder()
    if qvec is None:
        qvec = embedder.embed([question])[0]
    by_key: dict[tuple[int, int, int], int | None] = {}  # stored sentence vectors, when the statement is one
    for d in {st.doc_idx for st, _h, _t in found}:
        spans = [(st.start, st.end) for st, _h, _t in found if st.doc_idx == d]
        by_key.update({(d, *sp): r for sp, r in zip(spans, rows_for(index, d, spans))})
    vecs = vectors_for(index, [by_key[(st.doc_idx, st.start, st.end)] for st, _h, _t in found],
                       [st.text for st, _h, _t in found])
    sims = vecs @ np.asarray(qvec, dtype=np.float32)
    if intent.topic and tvec is None:
        tvec = embedder.embed([intent.topic])[0]
    tsims = vecs @ np.asarray(tvec, dtype=np.float32) if intent.topic else np.zeros(len(found))
    said = [Said(st, hit, topic, float(sim), float(ts)) for (st, hit, topic), sim, ts in zip(found, sims, tsims)]
    said.sort(key=lambda s: (-(s.topic >= ABOUT), -round(s.topic, 3), -s.similarity, s.statement.doc_idx, s.statement.start))
    name = Counter(s.statement.name for s in said).most_common(1)[0][0]
    return said, name
