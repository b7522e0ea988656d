"""``k`` caps the sources an answer cites: the first ``k`` citations are kept (claims are ordered
best first), and the answer's text loses the markers of the others; a claim left with no marker
is dropped with them."""

from __future__ import annotations

import re
from dataclasses import replace

from .markers import marker_run, renumber


def cap_citations(answer, k: int):
    """``answer`` citing at most ``k`` sources (unchanged when it cites ``k`` or fewer).  Only qa's
    own markers are touched (``markers``): a "[2]" the document wrote stays in the quoted sentence."""
    if len(answer.citations) <= k:
        return answer
    kept = tuple(c for c in answer.citations if c.n <= k)
    lines = []
    for line in answer.text.split("\n"):
        had = marker_run(line) is not None
        line, left = renumber(line, lambda n: n if n <= k else None)
        if had and not left and not answer.abstained:
            continue  # a claim whose sources were all cut
        lines.append(line.rstrip())
    text = "\n".join(lines)
    if answer.abstained and k == 1:
        text = re.sub(r"passages are (\[1\])\.$", r"passage is \1.", text)
    return replace(answer, text=text, citations=kept)
