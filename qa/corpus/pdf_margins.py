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
SMALLER = 0.95  # a note is set smaller than its body line (a table's cells or a listing's are not)
_PAGE_NUMBER = re.compile(r"[.\s]*([\d]{1,4}|[ivxlc]{1,6}|[IVXLC]{1,6})")  # a contents entry's, after its leaders


def text_block(lines: list) -> tuple[float, float] | None:
    """The left and right edges of the page's text block: the leftmost start and the most common end
    (to 2 units) of its wide lines (70 % of the width of all its text: a paragraph's full lines, not
    a listing's), each shared by at least 3 of them; None on a page of two columns, of few lines or
    without geometry."""
    sized = [ln for ln in lines if ln.height > 0]
    if len(sized) < MIN_WIDE:
        return None
    width = max(ln.right for ln in sized) - min(ln.left for ln in sized)
    wide = [ln for ln in sized if ln.right - ln.left >= 0.7 * width]
    if len(wide) < MIN_WIDE:
        return None
    lefts = Counter(round(ln.left / 2) for ln in wide)
    shared = [bucket for bucket, count in lefts.items() if count >= 3]  # the leftmost: lines indented
    (right, count), = Counter(round(ln.right / 2) for ln in wide).most_common(1)  # (a quotation) are many
    if not shared or count < 3:
        return None
    left = min(shared)
    return (min(ln.left for ln in wide if abs(ln.left / 2 - left) <= 1),
            max(ln.right for ln in wide if abs(ln.right / 2 - right) <= 1))


def note_split(boxes: list[tuple[str, float, float, float] | None], block: tuple[float, float]) -> tuple[int, int]:
    """Where a line's body starts and ends among its characters, ``boxes`` being each character's
    (character, left, right, font size), None for a space, () when not measured: a note is set smaller than the body beside
    it; a left note (with a letter: a listing's line numbers are no note) ends before the block's left
    edge, past a gap, and the body starts at that edge; a right note starts past the right edge,
    after a gap and a body set to that edge, and is more than a page number.  Without notes:
    ``(0, len(boxes))``."""
    left, right = block
    seen = [k for k, b in enumerate(boxes) if b]
    start, end = 0, len(boxes)
    for a, b in zip(seen, seen[1:]):
        if () in boxes[a + 1:b]:
            continue  # characters between them were not measured
        (_, _, a_right, a_size), (_, b_left, _, b_size) = boxes[a], boxes[b]
        if b_left - a_right >= GAP and min(a_size, b_size) > 0 and min(a_size, b_size) < SMALLER * max(a_size, b_size):
            if a_right < left - EDGE and abs(b_left - left) <= EDGE and _worded(boxes[:b]):
                start = b
            elif abs(a_right - right) <= EDGE and b_left > right + EDGE and not _page_number(boxes[b:]):
                end = min(end, a + 1)
    if start >= end:
        return 0, len(boxes)
    return start, end


def _worded(boxes: list) -> bool:
    """Does a left note hold a letter?  A listing's line numbers in the margin stay with their line."""
    return any(b and b[0].isalpha() for b in boxes)


def _page_number(boxes: list) -> bool:
    """Is a right note only a page number (a contents entry's, on a page PDFium read across)?"""
    return bool(_PAGE_NUMBER.fullmatch("".join(b[0] if b else " " for b in boxes).strip()))


def in_right_margin(line, block: tuple[float, float]) -> bool:
    """Is ``line`` set wholly in the right margin (a note's second line, "1994/12/01")?"""
    return line.height > 0 and min(line.left, line.right) > block[1] + EDGE  # its first and last characters
