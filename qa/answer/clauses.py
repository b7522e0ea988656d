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


# a sentence's opening phrase, up to its first comma: "During the divestment movement in the 1980s, …"
_OPENER = re.compile(r"(?:after|although|as|because|before|by|despite|during|following|for|from|given|however|if|"
                     r"in|on|since|thus|therefore|though|under|unlike|until|when|whereas|while|with|within|without|"
                     r"alternatively|moreover|furthermore|additionally|consequently|meanwhile|nevertheless|"
                     r"nonetheless|indeed|instead|likewise|similarly|ultimately|eventually|finally|considering)\b"
                     r"[^,;:()\"\u201c]{0,80}?,\s+", re.I)


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text`` (end before the boundary's punctuation): an opening phrase
    ("During …, "), and pieces cut at ";" and ", and / but / while / which …".  ", and" ends a clause only
    between two pieces of some length with no comma before it: in "A, B, and C" it ends a list item."""
    spans, start = [], 0
    m = _OPENER.match(text)
    if m and len(text[m.end() :].split()) >= MIN_WORDS:
        spans.append((0, m.end() - len(m.group(0)) + len(m.group(0).rstrip().rstrip(","))))
        start = m.end()
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
    if hi == 0 and _OPENER.match(text):
        hi = 1  # "When the electrons are densely packed, [the answer]": an opening phrase is no answer alone
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
