"""A hyphen at a PDF line's end: a word cut in two ("inter-" / "national") or a compound's own hyphen
("camera-" / "ready", "product-" / "moment")?

The line reader (``pdf``, ``pdf_flow``) cannot tell while it joins lines: it puts ``SOFT`` where a
letter's hyphen met a lowercase letter, and ``resolve`` decides with the whole document's words,
keeping the hyphen ("camera-ready") when

1. the document writes the hyphenated pair elsewhere ("camera-ready" in another sentence), or
2. the joined word is not elsewhere in the document but both parts are ("camera" and "ready" as
   words of their own), each of at least ``MIN_PART`` letters and the first no closed-class word
   ("with-out", "some-times", "there-fore" join: a closed compound, not a hyphenated one);

otherwise the word is joined ("inter-national": "inter" is no word of the document; "frame-work"
when "framework" is elsewhere).  Where a mark is on a page boundary the page offsets move with it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

SOFT = "\ufdd0"  # a Unicode noncharacter: never in a document's own text
MIN_PART = 3

_LETTERS = r"[^\W\d_]"
_WORD = re.compile(rf"{_LETTERS}+")
_MARKED = re.compile(rf"{_LETTERS}*{SOFT}{_LETTERS}*")
_COMPOUND = re.compile(rf"{_LETTERS}+(?:-{_LETTERS}+)+")
_LEFT = re.compile(rf"{_LETTERS}+$")
_RIGHT = re.compile(rf"{_LETTERS}+")
_CLOSED = frozenset(
    """a an any every some no none there here where when what whatso how who whom which with
    within out in into on onto up down over under for fore to be by at after before never
    mean meant other not can may""".split()
)


def vocabulary(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The document's words and its hyphenated pairs ("state-of-the-art": ("state", "of"), …),
    case-folded, leaving out the words cut at a line end (``SOFT``)."""
    plain = _MARKED.sub(" ", text)
    words = {w.casefold() for w in _WORD.findall(plain)}
    pairs = set()
    for m in _COMPOUND.finditer(plain):
        parts = m.group().casefold().split("-")
        pairs.update(zip(parts, parts[1:]))
    return words, pairs


def keeps_hyphen(left: str, right: str, words: set[str], pairs: set[tuple[str, str]]) -> bool:
    """Is the hyphen between ``left`` and ``right`` (the letters either side of a line-end hyphen)
    a compound's own?  See the module doc."""
    a, b = left.casefold(), right.casefold()
    if (a, b) in pairs:
        return True
    if a + b in words:
        return False
    return (len(a) >= MIN_PART and len(b) >= MIN_PART and a not in _CLOSED
            and a in words and b in words)


def resolve(text: str, starts: tuple[int, ...] = (), title: str | None = None) -> tuple[str, tuple[int, ...], str | None]:
    """``text`` with each ``SOFT`` mark made a hyphen or dropped, ``starts`` (offsets into it)
    moved to match, and ``title`` resolved the same way."""
    if SOFT not in text and SOFT not in (title or ""):
        return text, starts, title
    words, pairs = vocabulary(text)
    return _resolve(text, starts, words, pairs) + (title and _resolve(title, (), words, pairs)[0],)


def _resolve(text: str, starts: tuple[int, ...], words: set, pairs: set) -> tuple[str, tuple[int, ...]]:
    out: list[str] = []
    dropped: list[int] = []  # offsets (in ``text``) of the marks dropped
    last = 0
    for m in re.finditer(SOFT, text):
        i = m.start()
        left, right = _LEFT.search(text[max(0, i - 64):i]), _RIGHT.match(text, i + 1)
        out.append(text[last:i])
        if left and right and keeps_hyphen(left.group(), right.group(), words, pairs):
            out.append("-")
        else:
            dropped.append(i)
        last = i + 1
    out.append(text[last:])
    moved = tuple(s - bisect_left(dropped, s) for s in starts)
    return "".join(out), moved
