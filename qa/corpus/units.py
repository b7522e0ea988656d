"""What in a text is an answer unit of its own, and what is never one.

A table row, as the readers write it (cells joined by " | ", one row a line), is one unit: an
answer quotes the row, not the table; the table's header row is its context (``row_header``),
shown beside the citation and indexed with the row's passage, never glued into the cited text.  A list item is its own line, never joined to the next.
A reference-list or bibliography entry ("7. Johnson NPAS, Mueller J. Updating the accounts…
Bull Hist Med 2002;76:105-15.") is never offered as an answer; after a "References" heading,
weaker evidence is enough.  A "Label: " opener ("Abstract:", "Methods:") is not part of the first
sentence (``label_at``; the plain-text reader makes it the section).
"""

from __future__ import annotations

import re
from bisect import bisect_left

ROW_SEPARATOR = " | "
MAX_ROW_WORDS = 80  # a longer "row" is split into sentences like any paragraph
MAX_UNIT_WORDS = 80  # a longer sentence is cut at its clause boundaries (an answer quotes a clause)
MAX_UNIT_CHARS = 800  # ... and a longer one in characters (long words: file paths, URLs, identifiers)

_REFS_HEADING = re.compile(r"^\s*(\d+\.?\s*)?(references|bibliography|works cited|literature cited|"
                           r"cited literature|references and notes|sources)\s*:?\s*$", re.I)
# an entry's key: a number ("[12]") or an alphabetic key as BibTeX's alpha style writes it, authors'
# initials and the year ("[JK02]", "[Bla93]", "[GGO+10]", "[Knu84a]")
_KEY = r"\[(?:\d{1,3}|[A-Z][A-Za-z+\-]{0,10}\d{2}[a-z]?)\]"
_ENTRY_START = re.compile(rf"^\s*(?:{_KEY}|\d{{1,3}}[.)])\s+\S|^\s*[A-Z][\w'\u2019-]+,?\s+(?:[A-Z]{{1,4}}\b|[A-Z]\.)")
_NUMBERED = re.compile(rf"(?:^|(?<=[.\s]))\s*{_KEY}\s+\S")  # "[12] …", "[JK02] …": an entry of a keyed list
_YEAR = re.compile(r"\b(1[89]|20)\d{2}[a-z]?\b")
_BIB_MARKS = re.compile(
    r"\bet al\b|\bdoi\b|\bdoi:|\bISBN\b|\bpp?\.\s*\d|\bvol\.\s*\d|\b\d+\s*\(\d+\)\s*:\s*\d+|\b\d{4};\s*\d+|"
    r"\b\d+:\d+[-\u2013]\d+\b|\bIn:\s|\b(J|Proc|Trans|Rev|Ann|Bull|Lett)\.?\s+[A-Z]|\barXiv\b", re.I)
_AUTHOR = re.compile(r"\b[A-Z][a-z'\u2019-]+,?\s+(?:[A-Z]{1,4}\b|(?:[A-Z]\.\s?){1,3})")
_SPEECH = {"said", "says", "say", "told", "added", "wrote", "writes", "asked", "asks", "stated", "explained",
           "noted", "replied", "answered", "tweeted", "warned", "declared", "insisted", "argued"}
_LABEL = re.compile(r"^\s*([A-Z][A-Za-z]+(?: [A-Za-z]+){0,2}):[ \t]+(?=\S)")


def is_row(line: str) -> bool:
    """A table row as the readers write it: cells joined by " | "."""
    return ROW_SEPARATOR in line and len(line.split()) <= MAX_ROW_WORDS


MAX_TABLE_WALK = 5000  # rows looked back for a table's header (a longer table: its rows have none)


def row_header(text: str, offset: int, headers: tuple[int, ...] = (), known: dict[int, int] | None = None
               ) -> tuple[int, int] | None:
    """The span of the header row of the table whose row holds ``text[offset]``: the first of the
    run of rows (lines with " | ", one "\\n" apart) the row is in, when the reader said it is a
    header row (``headers``: where such rows start; a code line or a table of key/value pairs has
    none) and it has as many cells as the row.  None for a line that is no row and for the header
    row itself.  ``text[start:end]`` is the header, an exact slice like every citation.  ``known``
    (row start -> its table's first row, filled in here) lets a caller going down a table walk it once."""
    if not headers:
        return None
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    row = text[start:] if end < 0 else text[start:end]
    if not is_row(row):
        return None
    first = start
    for _ in range(MAX_TABLE_WALK):
        if known is not None and first in known:
            first = known[first]
            break
        if first == 0:
            break
        before = text.rfind("\n", 0, first - 1) + 1
        if not is_row(text[before:first - 1]):
            break
        first = before
    else:
        return None
    if known is not None:
        known[start] = first
    i = bisect_left(headers, first)
    if first == start or i == len(headers) or headers[i] != first:
        return None
    head_end = text.find("\n", first)
    header = text[first:head_end]
    return (first, head_end) if header.count(ROW_SEPARATOR) == row.count(ROW_SEPARATOR) else None


_ITEM = re.compile(r"^([\u2022\u25aa\u25cf\u2023\u2043]|[-*+])\s+\S")


def is_item(line: str) -> bool:
    """A list item (its stripped line starts with a bullet): a unit of its own, never joined on."""
    return bool(_ITEM.match(line))


def is_references_heading(paragraph: str) -> bool:
    return bool(_REFS_HEADING.match(paragraph)) and len(paragraph) < 60


def is_reference(paragraph: str, in_references: bool = False) -> bool:
    """A bibliography entry: an entry opener (a number, or "Surname AB"), a year, and authors or
    a journal/volume/pages mark.  Under a "References" heading less is enough: a numbered entry
    ("[12] D. Arseneau. The url package."), an entry's rest in lower case, an entry opener or a mark
    with a year, or a year near
    the start (author-year styles: "Rafal Ablamowicz and Bertfried Fauser. 2007. CLIFFORD…");
    entries a PDF's columns ran together are one paragraph of up to 80 words an entry."""
    words = len(paragraph.split())
    if in_references:
        entries = max(1, len(_NUMBERED.findall(paragraph)))
        if words > 80 * entries:
            return False
        if _NUMBERED.match(paragraph) or (paragraph[:1].islower() and words <= 40):
            return True  # a numbered entry, or the rest of one cut by a page or a column ("and …", "ctan.org/…")
    if (words > 120 and not in_references) or not _YEAR.search(paragraph):
        return False
    marks = len(_BIB_MARKS.findall(paragraph)) + min(2, len(_AUTHOR.findall(paragraph[:200])) // 2)
    if in_references:
        return marks >= 1 or bool(_ENTRY_START.match(paragraph)) or bool(_YEAR.search(paragraph[:160]))
    return bool(_ENTRY_START.match(paragraph)) and marks >= 2


def label_at(paragraph: str) -> int:
    """Length of a "Label: " opener at the start of ``paragraph`` (0 if none): one capitalised
    word, or up to three in capitals ("ORIGINAL ENTRY:"), not a speech verb ("Zarif said: ..."),
    before a sentence (ending in . ! or ?).  "Iran in Syria: Russia Took Over" is a headline."""
    m = _LABEL.match(paragraph)
    if not m:
        return 0
    words = m.group(1).split()
    if words[-1].lower() in _SPEECH or (len(words) > 1 and not m.group(1).isupper()):
        return 0
    rest = paragraph[m.end():].rstrip()
    if len(rest.split()) < 4 or not rest.endswith((".", "!", "?", ".\"", ".\u201d")):
        return 0
    return m.end()


NEAR = 200  # characters before a long sentence's middle where the scan for its cut starts (``_nearest``)
# where a long sentence may be cut, best first: after ";", after ":", before a conjunction after a
# comma, after a comma, at any space
CUTS = (re.compile(r";\s+"), re.compile(r":\s+"),
        re.compile(r",\s+(?=(?:and|or|but|which|where|while|whereas|unless|except|including|provided)\b)"),
        re.compile(r",\s+"), re.compile(r"\s+"))


def cap_words(text: str, start: int, end: int, limit: int = MAX_UNIT_WORDS,
              chars: int = MAX_UNIT_CHARS) -> list[tuple[int, int]]:
    """``text[start:end]`` as spans of at most ``limit`` words and ``chars`` characters each, cut at
    the clause boundary nearest the middle (the kinds in ``CUTS``, best first; a run of
    ``chars`` characters without a space is cut where it must); a short sentence is one span."""
    piece = text[start:end]
    if len(piece) <= chars and len(piece.split()) <= limit:
        return [(start, end)]
    middle = len(piece) // 2
    for cut in CUTS:
        m = _nearest(cut, piece, middle)
        if m is not None:
            left_end = start + m.start() + (1 if piece[m.start()] in ";:," else 0)
            left = cap_words(text, start, left_end, limit, chars)
            right = cap_words(text, start + m.end(), end, limit, chars)
            if all(b > a and not text[a:b].isspace() for a, b in left + right):  # each span has a word
                return left + right
    if len(piece) > chars:  # one token longer than a unit may be (a path, a hash): cut it in pieces
        return [(at, min(at + chars, end)) for at in range(start, end, chars)]
    return [(start, end)]


def _nearest(cut: re.Pattern, piece: str, middle: int):
    """The first of ``cut``'s matches inside ``piece`` (not at its first or last character) whose end
    is nearest ``middle``, or None: what ``min`` over every match gave, without listing every space
    of a piece at every cut (a 67 MB log read as one paragraph spent half its chunking there:
    docs/speed.md).  Match ends grow, so their distance to the middle falls, then rises: a scan
    stops there.  It starts ``NEAR`` characters before the middle (never inside a run of spaces,
    so it meets the very matches a scan from the start does), and is kept when it met a match
    ending at or before the middle (any earlier one is farther); else the piece is scanned whole."""
    lo = max(0, middle - NEAR)
    while lo > 0 and piece[lo - 1].isspace():
        lo -= 1
    best, before = _scan(cut, piece, middle, lo)
    return best if before or lo == 0 else _scan(cut, piece, middle, 0)[0]


def _scan(cut: re.Pattern, piece: str, middle: int, lo: int):
    """(nearest match from ``lo`` on, whether one ended at or before ``middle``)."""
    best, best_d, before = None, 0, False
    for m in cut.finditer(piece, lo):
        if m.end() >= len(piece):
            break
        if m.start() == 0:
            continue
        d = abs(m.end() - middle)
        before = before or m.end() <= middle
        if best is None or d < best_d:
            best, best_d = m, d
        elif m.end() > middle:
            break
    return best, before
