"""Quote only what answers: a long sentence's clauses that hold nothing of the question are left out.

"When there is a choice between several appropriate measures the least onerous must be adopted, and
any disadvantage caused must not be disproportionate to the aims pursued." answers "Which measure is
adopted …?" with its first clause alone.  A sentence is cut only at a clause boundary (";", ", and",
", but", ", while", ", whereas", ", although"); the clauses kept are the run from the first to the last
one that holds a content word of the question or the kind of fact it asks for.  The citation stays an
exact slice of the document.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.search import tokenize

LONG = 20  # sentences of at most this many words are quoted whole
_RELATIVE = re.compile(r"(?:which|who|while|whereas|although|though)\s", re.I)
_JOINING = re.compile(r"(?:(?:and|but|yet)\s+)?", re.I)
_BOUNDARY = re.compile(r";\s+|,\s+(?=(?:and|but|while|whereas|although|though|yet|which|who)\s)", re.I)
MIN_WORDS = 5  # a shorter piece is a list item or an aside ("Corliss, and later, …"), not a clause


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text`` (end before the boundary's punctuation).  ", and" ends a
    clause only between two pieces of some length with no comma before it: in "A, B, and C" it ends a
    list item."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0).startswith(","):
            before, after = text[start : m.start()], text[m.end() :].split(",")[0]
            if "," in before or len(before.split()) < MIN_WORDS or len(after.split()) < MIN_WORDS:
                continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def trim(cand, asked: set[str], holds_fact) -> object:
    """``cand`` cut down to the clauses that answer (see the module doc): ``asked`` are the question's
    content words (BM25 stems), ``holds_fact(text)`` says whether a text holds the kind of fact the
    question asks for."""
    text = cand.text
    if len(text.split()) <= LONG or "\n" in text.strip():
        return cand
    parts = clauses(text)
    if len(parts) < 2:
        return cand
    relevant = [i for i, (s, e) in enumerate(parts) if asked & set(tokenize(text[s:e]))]
    if not relevant:
        return cand
    lo, hi = relevant[0], relevant[-1]
    if not holds_fact(text[parts[lo][0] : parts[hi][1]]):
        with_fact = [i for i, (s, e) in enumerate(parts) if holds_fact(text[s:e])]
        if not with_fact:
            return cand
        nearest = min(with_fact, key=lambda i: min(abs(i - lo), abs(i - hi)))
        lo, hi = min(lo, nearest), max(hi, nearest)
    if (lo, hi) == (0, len(parts) - 1):
        return cand
    while lo > 0 and _RELATIVE.match(text[parts[lo][0] :]):
        lo -= 1  # "which …", "who …" says nothing without what it is said of
    s, e = parts[lo][0], parts[hi][1]
    s += len(_JOINING.match(text[s:e]).group(0))  # "and the major group renounced …" -> "the major group …"
    if hi == len(parts) - 1:
        e = len(text)  # the sentence's own end ("." included)
    if not any(ch.isalnum() for ch in text[s:e]):
        return cand
    return replace(cand, start=cand.start + s, end=cand.start + e, text=text[s:e])
