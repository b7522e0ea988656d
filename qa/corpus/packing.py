"""Packing a run of units (sentences, rows, list pieces) into passages: budgets and where a passage opens.

A passage holds whole units up to ``max_words`` words and ``max_words * CHARS_PER_WORD`` characters,
both counted over its whole span: the lines it holds without counting them as units (a code line
"},", a page number, a repeated line) count too, so no passage grows far past the budget (issue 26:
4,000-character passages of option names, 3,000-character ones of file paths, for a 120-word budget).  One unit longer than that is a passage alone (``units.cap_words``
keeps units short).

A heading opens the passage it heads, never closes the one before (issue 26: "…error messages and
warnings. Installing rustup on Linux or macOS").  An *opener* is a section heading (the reader's
``sections``) or a title-like line (a short whole line without a sentence's end, a definition's
term "--num-callers=<number> [default: 12]", a <dt>) above text; its *block* runs to the next
opener.  A passage never ends on an opener, nor on one whose next unit does not fit; the passage
after one that opens at an opener carries no overlap from the section before (unless short lines
skipped before the opener would then be in no passage).  When a passage ends inside a block that
fits one passage (a definition, a short section), the next passage opens at the block's opener
again instead of overlapping one unit (with an overlap of 0, never): the term is then in the
passage of each of its sentences.
Ending a passage early so that the block starts fresh (tried) made passages shorter and cost
retrieval on the manuals and emanual (docs/robustness.md).
"""

from __future__ import annotations

import re

CHARS_PER_WORD = 10  # a passage's character budget: max_words * this (prose runs 6-7 characters a word)
STACK = 3  # up to this many title-like lines in a row open the text under them (heading, subheading, byline)
TITLE_WORDS = 12  # a title-like line (a heading, a definition's term) has at most this many words
_SENTENCE_END = re.compile(r"[.!?;,]['\"\u2019\u201d)]*$")


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def title_like(text: str, span: tuple[int, int]) -> bool:
    """A whole line of a few words without a sentence's end: a heading or a definition's term."""
    s, e = span
    if (s and text[s - 1] != "\n") or (e < len(text) and text[e] != "\n"):
        return False
    line = text[s:e]
    return 0 < len(line.split()) <= TITLE_WORDS and "\n" not in line and " | " not in line \
        and not _SENTENCE_END.search(line)


def openers(text: str, run: list[tuple[int, int]], headings: frozenset[int] = frozenset()) -> list[bool]:
    """Which units of ``run`` open a block: a section heading (its start in ``headings``), or a
    title-like line followed by text, or by up to ``STACK - 1`` more such lines and then text (a
    heading and its subheading, a headline and its byline); a list of short lines opens nothing."""
    titles = [title_like(text, u) for u in run]
    out = [u[0] in headings for u in run]
    depth = 0  # title-like lines from here down to the text they head
    for k in range(len(run) - 1, -1, -1):
        depth = depth + 1 if titles[k] else 0
        if titles[k] and depth <= STACK and k + depth < len(run):  # text under the stack of titles
            out[k] = True
    return out


def pack_units(text: str, units: list[tuple[int, int]], max_words: int, overlap: int, fold: int,
               opens: list[bool] | None = None) -> list[list[tuple[int, int]]]:
    """Greedy packing of whole units within the word and character budgets (module doc), ``overlap``
    units carried into the next pack unless it opens at an opener; a pack shorter than ``fold``
    words (a title) takes the next unit whatever its size."""
    n = len(units)
    opens = opens or [False] * n
    max_chars = max_words * CHARS_PER_WORD
    words = [_words(text, s, e) for s, e in units]
    gaps = [0] + [_words(text, units[k - 1][1], units[k][0]) for k in range(1, n)]  # skipped lines between
    cum = [0]
    for k in range(n):
        cum.append(cum[-1] + gaps[k] + words[k])
    block_end = [n] * n  # an opener's block: its units up to the next opener (exclusive)
    nxt = n
    for k in range(n - 1, -1, -1):
        block_end[k] = nxt
        if opens[k]:
            nxt = k

    def fits(i: int, j: int) -> bool:  # may units[i:j] be one pack
        return cum[j] - cum[i] - gaps[i] <= max_words and units[j - 1][1] - units[i][0] <= max_chars

    packs: list[list[tuple[int, int]]] = []
    i = 0
    while i < n:
        j = i + 1
        while j < n:
            if cum[j] - cum[i] - gaps[i] < fold and units[j][1] - units[i][0] <= max_chars:  # a title takes what follows
                j += 1
                continue
            if not fits(i, j + 1):
                break
            if opens[j] and block_end[j] > j + 1 and not fits(i, j + 2):
                break  # the opener would close this passage, its text in the next
            j += 1
        while j - i > 1 and j < n and opens[j - 1]:
            j -= 1  # never close a passage on a heading
        packs.append(units[i:j])
        if j >= n:
            break
        cut = next((o for o in range(j - 1, i, -1) if opens[o]), None)  # the last opener inside this pack
        if overlap > 0 and cut is not None and block_end[cut] > j and fits(cut, block_end[cut]):
            i = cut  # its block goes on in the next pack and fits one: the next opens with it again
        elif opens[j] and not gaps[j]:  # (lines skipped before the opener: the overlap keeps them)
            i = j
        else:
            i = j if j - i <= overlap else max(j - overlap, i + 1)
    return packs
