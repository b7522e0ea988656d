"""A lead-in and what it introduces: "To build it, run these commands:" is quoted with what follows.

A sentence ending in ':' says nothing by itself.  When what follows is a sentence of the same
paragraph, that sentence comes with it.  When what follows starts on a line of its own and the
lines after it follow with a single line break each (a code block, a list, a table's rows: the
readers keep those one line each), the run of lines comes with it, up to ``RUN_LINES`` lines and
``RUN_CHARS`` characters of quotation.  The quotation always stays inside one passage (the lead-in's,
or the next one of its document, which begins with it when it ends its own: passages overlap by a
sentence) and inside its section: it never reaches the next section's heading.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from .candidates import Candidate, doc_sentences

RUN_LINES = 8  # lines of a list or code block a lead-in brings at most
RUN_CHARS = 600  # characters of the whole quotation (lead-in included) at most
_PUNCTUATION_LINES = re.compile(r"(?:\n[ \t]*[^\w\s][^\w\n]*?(?=[ \t]*(?:\n|$)))+")


def introduced(text: str, sents: list[tuple[int, int]], start: int, end: int) -> list[int]:
    """Where the quotation of a lead-in ``start:end`` may end, shortest first: the end of the next
    sentence, then of each further line of a run of lines that starts on a line of its own."""
    j = bisect.bisect_left(sents, (end, -1))
    if j >= len(sents):
        return []
    ends = [sents[j][1]]
    if "\n" not in text[end:sents[j][0]]:  # the same paragraph goes on: one sentence
        return ends
    for k in range(j + 1, min(len(sents), j + RUN_LINES)):
        if not _next_line(text[sents[k - 1][1]:sents[k][0]]) or sents[k][1] - start > RUN_CHARS:
            break
        if "\n" in text[sents[k - 1][0]:sents[k - 1][1]]:  # a line of the run is one line
            break
        ends.append(sents[k][1])
    tail = _PUNCTUATION_LINES.match(text, ends[-1])
    if tail and tail.end() - start <= RUN_CHARS:  # the block's closing "}" or "'" line, no sentence itself
        ends.append(tail.end())
    return ends


def _next_line(between: str) -> bool:
    """Does the run go on across ``between`` (the text between two of its sentences): a line break,
    with at most lines of only punctuation in between (a code block's "}" or "'", which are no
    sentences), never a blank line?"""
    lines = between.split("\n")
    return len(lines) >= 2 and not lines[0].strip() and not lines[-1].strip() and all(
        line.strip() and not any(ch.isalnum() for ch in line) for line in lines[1:-1])


def lead_in_step(index, q, cand: Candidate) -> Candidate:
    """``cand`` with what it introduces, when it ends in ':' (see the module's docstring); as it
    is otherwise, or when nothing it introduces fits in one passage and its section."""
    if not cand.text.rstrip().endswith(":"):
        return cand
    d = index.doc_idx(cand.hit.passage_no)
    text = index.doc_text(d)
    sents = doc_sentences(index, q, d)
    sections = [at for at, _heading in index.docs.meta[d].sections]
    for end in reversed(introduced(text, sents, cand.start, cand.end)):
        if any(cand.end <= at < end for at in sections):
            continue
        hit = cand.hit if end <= cand.hit.chunk.end else passage_holding(index, cand.hit, cand.start, end)
        if hit is not None:
            return replace(cand, hit=hit, end=end, text=text[cand.start:end])
    return cand


def passage_holding(index, hit, start: int, end: int):
    """``hit`` moved to the next passage of its document when that one holds ``start:end`` (None when
    no passage after it does): the citation then names a passage that holds all it quotes."""
    no = hit.passage_no + 1
    if no >= index.n_chunks or index.doc_idx(no) != index.doc_idx(hit.passage_no):
        return None
    chunk = index.chunk(no)
    return replace(hit, passage_no=no, chunk=chunk) if chunk.start <= start and end <= chunk.end else None
