"""Where an answer's own citation markers are.

qa writes them in two places only: at the end of a claim's line ("… sentence. [1][2]", ``compose``)
and at the end of an abstention's last sentence ("The nearest passages are [1], [2]."). A "[2]"
anywhere else is the document's own text, quoted ("How to use bzip2 [2] describes …"): it is never
renumbered, dropped or linked, so the answer keeps quoting the document exactly.
"""

from __future__ import annotations

import re
from typing import Callable

_CLAIM = re.compile(r" ((?:\[\d+\])+)$")  # compose: " [1][2]" ending the line
_NEAREST = re.compile(r" (?:are|is) (\[\d+\](?:, \[\d+\])*)\.$")  # abstain: "are [1], [2]."
_NUMBER = re.compile(r"\[(\d+)\]")


def marker_run(line: str) -> tuple[int, int, list[int], str] | None:
    """(start, end, numbers, separator) of the line's run of qa markers, or None."""
    m = _CLAIM.search(line) or _NEAREST.search(line)
    if m is None:
        return None
    run = m.group(1)
    return m.start(1), m.end(1), [int(n) for n in _NUMBER.findall(run)], ", " if ", " in run else ""


def marker_spans(line: str) -> list[tuple[int, int, int]]:
    """(start, end, n) of each of qa's markers in ``line`` (none of the document's own "[n]")."""
    run = marker_run(line)
    if run is None:
        return []
    start, end, _numbers, _sep = run
    return [(m.start(), m.end(), int(m.group(1))) for m in _NUMBER.finditer(line, start, end)]


def renumber(line: str, new: Callable[[int], int | None]) -> tuple[str, bool]:
    """``line`` with each of qa's markers ``n`` written as ``new(n)`` (None: dropped), and whether a
    marker is left.  The document's text before the run is unchanged."""
    run = marker_run(line)
    if run is None:
        return line, False
    start, end, numbers, sep = run
    kept = [f"[{k}]" for k in (new(n) for n in numbers) if k is not None]
    if kept:
        return line[:start] + sep.join(kept) + line[end:], True
    head = line[:start].rstrip()  # " [3]" gone with its space; "passages are [3]." keeps the words
    return (head if line[end:] == "" else head + line[end:]), False


def without_markers(text: str) -> str:
    """``text`` without qa's own markers, line by line; a document's own "[2]", quoted, stays."""
    return "\n".join(renumber(line, lambda n: None)[0] for line in text.split("\n"))
