"""``k`` caps the sources an answer cites: the first ``k`` citations are kept (claims are ordered
best first), and the answer's text loses the markers of the others; a claim left with no marker
is dropped with them."""

from __future__ import annotations

import re
from dataclasses import replace

_MARK = re.compile(r"(,\s*)?\[(\d+)\]")


def cap_citations(answer, k: int):
    """``answer`` citing at most ``k`` sources (unchanged when it cites ``k`` or fewer)."""
    if len(answer.citations) <= k:
        return answer
    kept = tuple(c for c in answer.citations if c.n <= k)

    def unmark(line: str) -> str:
        return _MARK.sub(lambda m: m.group(0) if int(m.group(2)) <= k else "", line)

    lines = []
    for line in answer.text.split("\n"):
        had = bool(_MARK.search(line))
        line = unmark(line).rstrip()
        if had and not _MARK.search(line) and not answer.abstained:
            continue  # a claim whose sources were all cut
        lines.append(line)
    text = "\n".join(lines)
    if answer.abstained and k == 1:
        text = re.sub(r"passages are (\[1\])\.$", r"passage is \1.", text)
    return replace(answer, text=text, citations=kept)
