"""Margin notes on a PDF page: text set beside the text block ("New feature 2021/06/01" in the right
margin, "v3.1" in the left), which PDFium reads as part of the body line on the same baseline
("…the full encoding but only New feature" / "a subset. …"), or as a line of its own in the margin.

A page of one column has a text block: the left and right edges where most of its wide lines start
and end. A line's characters past a gap that crosses an edge are a note; so is a line wholly right
of the block between two of its lines. ``lines`` are ``pdf.Line``s."""

from __future__ import annotations

import re
from collections import Counter

MIN_WIDE = 5  # lines of 70 % of the text's width or more: fewer, and the page has no text block
EDGE = 2.0  # a note starts this far past the block's edge (PDF units), its body part ends before it
GAP = 4.0  # at least this blank space between a body line and its note (a word space is about 3)
_PAGE_NUMBER = re.compile(r"[.\s]*([\d]{1,4}|[ivxlc]{1,6}|[IVXLC]{1,6})")  # a contents entry's, after its leaders


def text_block(lines: list) -> tuple[float, float] | None:
    """The left and right edges of the page's text block: the most common start and end (to 2
    units) of its wide lines (70 % of the width of all its text: a paragraph's full lines, not a
    listing's), each shared by at least 3 of them; None on a page of two columns, of few lines or
    without geometry."""
    sized = [ln for ln in lines if ln.height > 0]
    if len(sized) < MIN_WIDE:
        return None
    width = max(ln.right for ln in sized) - min(ln.left for ln in sized)
    wide = [ln for ln in sized if ln.right - ln.left >= 0.7 * width]
    if len(wide) < MIN_WIDE:
        return None
    edges = []
    for edge, pick in ((lambda ln: ln.left, min), (lambda ln: ln.right, max)):
        (bucket, count), = Counter(round(edge(ln) / 2) for ln in wide).most_common(1)
        if count < 3:
            return None
        edges.append(pick(edge(ln) for ln in wide if abs(edge(ln) / 2 - bucket) <= 1))
    return edges[0], edges[1]


def note_split(boxes: list[tuple[str, float, float] | None], block: tuple[float, float]) -> tuple[int, int]:
    """Where a line's body starts and ends among its characters, ``boxes`` being each character's
    (character, left, right), None for a space: a left note ends before the block's left edge and the
    body starts at it, past a gap (a note with a letter: a listing's line numbers are no note); a right note starts past the right edge after a gap, and is more than a page number. Without
    notes: ``(0, len(boxes))``."""
    left, right = block
    seen = [k for k, b in enumerate(boxes) if b is not None]
    start, end = 0, len(boxes)
    for a, b in zip(seen, seen[1:]):
        (_, _, a_right), (_, b_left, _) = boxes[a], boxes[b]
        if b_left - a_right >= GAP:
            if a_right < left - EDGE and b_left >= left - EDGE and _worded(boxes[:b]):
                start = b
            elif a_right <= right + EDGE / 2 and b_left > right + EDGE and not _page_number(boxes[b:]):
                end = min(end, a + 1)
    if start >= end:
        return 0, len(boxes)
    return start, end


def _worded(boxes: list) -> bool:
    """Does a left note hold a letter?  A listing's line numbers in the margin stay with their line."""
    return any(b is not None and b[0].isalpha() for b in boxes)


def _page_number(boxes: list) -> bool:
    """Is a right note only a page number (a contents entry's, on a page PDFium read across)?"""
    return bool(_PAGE_NUMBER.fullmatch("".join(b[0] if b else " " for b in boxes).strip()))


def in_right_margin(line, block: tuple[float, float]) -> bool:
    """Is ``line`` set wholly in the right margin (a note's second line, "1994/12/01")?"""
    return line.height > 0 and min(line.left, line.right) > block[1] + EDGE  # its first and last characters
