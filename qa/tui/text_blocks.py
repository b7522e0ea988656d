"""How the document viewer cuts a document into blocks: paragraphs, merged when there are many,
cut where a PDF page starts; and the page-marker lines between them.  Pure functions."""

from __future__ import annotations

import re


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``text`` (blank lines separate them), in order.

    A paragraph starts at its first non-blank character (the first one too), so every block is
    drawn from the same column, whatever its indentation."""
    spans, at = [], len(text) - len(text.lstrip())
    for m in re.finditer(r"\n[ \t\r\f\v]*\n\s*", text):
        if text[at : m.start()].strip():
            spans.append((at, m.start()))
        at = m.end()
    if text[at:].strip():
        spans.append((at, len(text.rstrip())))
    return spans or [(0, len(text))]


def blocks(text: str, limit: int = 300) -> list[tuple[int, int]]:
    """Paragraph spans merged so there are at most ``limit`` of them (one widget each)."""
    paras = paragraphs(text)
    if len(paras) <= limit:
        return paras
    size = -(-len(paras) // limit)
    return [(paras[i][0], paras[min(i + size, len(paras)) - 1][1]) for i in range(0, len(paras), size)]


def split_at(ranges: list[tuple[int, int]], pages: tuple[int, ...]) -> list[tuple[int, int]]:
    """``ranges`` with a range cut where a page starts inside it (a sentence running on)."""
    cuts = sorted(set(pages))
    out = []
    for a, b in ranges:
        for p in cuts:
            if a < p < b:
                out.append((a, p))
                a = p
        out.append((a, b))
    return out


def page_marks(pages: tuple[int, ...], ranges: list[tuple[int, int]]) -> dict:
    """Marker lines by the start of the block they go before (None: after the last block)."""
    starts = {a for a, _ in ranges}
    marks: dict = {}
    for n, at in enumerate(pages, 1):
        empty = n < len(pages) and pages[n] == at or n == len(pages) and at >= (ranges[-1][1] if ranges else 0)
        label = f"── p. {n}{' (no text)' if empty else ''} ──"
        key = next((a for a, _ in ranges if a >= at), None) if at not in starts else at
        marks.setdefault(key, []).append(label)
    return marks
