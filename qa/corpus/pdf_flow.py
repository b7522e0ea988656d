"""A PDF's lines made one text: where a line ends its paragraph (a vertical gap, a change of type
size, a short line, a contents entry), where a sentence runs on (a wrapped line, the next column, the
next page), and a word hyphenated at a line end joined again.

``lines`` are ``pdf.Line``s: text and geometry (PDF units, 0 when unknown)."""

from __future__ import annotations

import re

from .pdf_hyphens import SOFT
from .pdf_layout import column_jump, footnote_start, frames
from .pdf_margins import text_block

MIN_FULL_GAPS = 20  # gaps after full lines that tell a document's line spacing

_END = re.compile(r"[.!?:][\"'”’)\]]*$")
_BULLET = re.compile(r"^([•◦▪▫●○■□‣⁃∙·*–—-]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|\([ivx]{1,4}\)\s)")
_LEADERS = re.compile(r"(\.\s?){4,}\s*([\divxlc]{1,5}|[\dIVXLC]{1,5})$")
_LABEL = re.compile(r"\[(\d{1,3})\]\s?[\"“‘'(]?[^\W\d_]")  # "[12] A. Author", "[3] “Title”"
_WORDS = re.compile(r"[^\W\d_]{3,}.*\s[^\W\d_]{3,}")  # two words: a heading, no piece of a formula
_CAPTION = re.compile(r"(Figure|FIGURE|Fig\.|FIG\.|Table|TABLE|Tab\.|Algorithm|Listing|Scheme)\s?"
                      r"(\d{1,3}|[IVXL]{1,5})(\.\d{1,3})?[.:|]\s")  # "Figure 2: A…", "FIG. 1. A…", "TABLE I. A…"
_NUMBER = re.compile(r"(\d{1,2}(\.\d{1,2}){0,3}\.?|([IVX]{1,5})\.)\s+(?=[^\W\d_])")  # "6 ", "2.1. ", "IV. "
_PAGE_END = re.compile(r"\s(\d{1,4}|[ivxlc]{1,6})$")  # a contents entry's page number


def hyphen_joins(before: str, after: str) -> bool:
    """Is ``before``-``after`` one word hyphenated at a line end?  Yes when a letter precedes the
    hyphen and a lowercase letter follows it (or both sides are capitals: "ELE-MENT")."""
    return (before.isalpha() and after.isalpha()
            and (after.islower() or (before.isupper() and after.isupper())))


def _held(before: str, after: str) -> bool:
    """A hyphen ends ``before`` after a letter or digit and ``after`` goes on with one, but not as
    a word's syllables (``hyphen_joins``): a compound's or a number's hyphen ("Navier-" / "Stokes",
    "3-" / "540"), set without a space."""
    return (before.endswith("-") and before[-2:-1].isalnum() and after[:1].isalnum()
            and not hyphen_joins(before[-2:-1], after[:1]))


def _short(line, frame: tuple[float, float], slack: float) -> bool:
    """Does ``line`` end well before its text's right margin (``slack`` of the text width)?"""
    left, right = frame
    return line.right < right - slack * (right - left)


def _gap_ratios(lines: list) -> list[float]:
    """Blank space between consecutive lines, in line heights (negative: overlap or a jump up)."""
    out = []
    for a, b in zip(lines, lines[1:]):
        h = max(a.height, b.height)
        out.append((a.bottom - b.top) / h if h > 0 else 0.0)
    return out


def _breaks(lines: list, usual: float) -> list[str]:
    """The separator before each line after the first: " " (same paragraph), "\\n" (a list item)
    or "\\n\\n" (a new paragraph: a vertical gap wider than the document's ``usual`` one, a
    font-size change, a jump up the page other than to the next column, a line ending a paragraph,
    or a contents entry ending in its page number before one with leaders; lines are short against
    their own column's width)."""
    seps = []
    edges = frames(lines)
    for k, (a, b, gap) in enumerate(zip(lines, lines[1:], _gap_ratios(lines))):
        ha, hb = a.height, b.height
        if 0 < getattr(a, "base", 0) < a.bottom and max(ha, hb) > 0 and not _short(a, edges[k], 0.05):
            gap = (a.base - b.top) / max(ha, hb)  # a full line ending in a raised mark ("(WGM)⁴") runs on
        if column_jump(a, b) and not _BULLET.match(b.text) and not _CAPTION.match(b.text):
            seps.append("\n\n" if _paragraph_end(a, edges[k]) else " ")  # a sentence runs on
        elif max(ha, hb) > 0 and (b.bottom > a.top or gap > usual + 0.4
                                  or abs(ha - hb) > 0.2 * max(ha, hb)):
            seps.append("\n\n")
        elif _CAPTION.match(b.text) and (round(a.size) != round(b.size) or edges[k] != edges[k + 1]
                                         or b.bottom > a.top):
            seps.append("\n\n")  # a float's caption, not the sentence it interrupts (set apart, another size)
        elif (a.size > 1.15 * b.size > 0 and _short(a, edges[k], 0.15) and not _short(b, edges[k + 1], 0.15)
              and abs(a.left - b.left) < 2 * a.height and _WORDS.search(a.text)):
            seps.append("\n\n")  # a heading set larger than the text under it (its box may hide it)
        elif (_numbered_heading(a.text) and _short(a, edges[k], 0.15) and not _short(b, edges[k + 1], 0.15)
              and b.text[:1].isupper() and not _BULLET.match(b.text)):
            seps.append("\n\n")  # a numbered heading set in the text's own size ("6 AUTHORS AND AFFILIATIONS")
        elif _LEADERS.search(b.text) and _PAGE_END.search(a.text):
            seps.append("\n\n")  # a contents entry set without leaders (a chapter's) before one with
        elif _BULLET.match(b.text):
            seps.append("\n")
        elif _paragraph_end(a, edges[k]):
            seps.append("\n\n")
        else:
            seps.append(" ")
    return seps


def _numbered_heading(text: str) -> bool:
    """A section's number and its name: "13 CITATIONS AND BIBLIOGRAPHIES", "4.2 Related Work" (at
    most ten words, none ending a sentence or a clause, each of four letters or more capitalized,
    and capitals throughout or two such words: a numbered list item's sentence has lowercase words;
    after a Roman number capitals throughout: "V. Author" is an initial)."""
    m = _NUMBER.match(text)
    if not m:
        return False
    if m.group(3) and not text[m.end():].isupper():
        return False
    words = text[m.end():].split()
    if not 1 <= len(words) <= 10 or text.rstrip()[-1:] in ".,;:!?":
        return False
    long = [w for w in words if sum(c.isalpha() for c in w) >= 4]
    if any(not w[:1].isupper() for w in long):
        return False
    return text[m.end():].isupper() and any(sum(c.isalpha() for c in w) >= 3 for w in words) or len(long) >= 2


def _paragraph_end(line, frame: tuple[float, float]) -> bool:
    """A short line ending a sentence, a very short line without one (a heading, a cell), or a
    contents or index entry (dot leaders and a page number: it may fill its column)."""
    if _LEADERS.search(line.text):
        return True
    ended = bool(_END.search(line.text))
    return _short(line, frame, 0.15) if ended else _short(line, frame, 0.4)


def line_spacing(pages: list) -> float:
    """The document's line spacing, in line heights: the tighter gaps (most gaps are inside a
    paragraph, but a short document may have as many paragraph gaps as line gaps), and no tighter
    than a paragraph's own lines are set, where enough lines fill the text's width: a table of
    glyphs or cells set close together made every gap between a paragraph's lines look wide."""
    ratios = sorted(r for lines in pages for r in _gap_ratios(lines) if r > -0.5)
    usual = min(ratios[len(ratios) // 5], 1.2) if ratios else 0.0
    full = sorted(r for lines in pages for r in _full_line_gaps(lines))
    if len(full) >= MIN_FULL_GAPS:
        usual = max(usual, min(full[len(full) // 2], 1.2) - 0.1)
    return usual


def _full_line_gaps(lines: list) -> list[float]:
    """The gaps after the lines that fill the page's text block to its right edge (a paragraph's
    lines but its last) when the next line is set in the same size, in line heights."""
    block = text_block(lines)
    if not block:
        return []
    return [r for a, b, r in zip(lines, lines[1:], _gap_ratios(lines))
            if abs(a.right - block[1]) <= 2 and r > -0.5 and abs(a.height - b.height) <= 0.2 * max(a.height, b.height)]


def _flush(out: list[str], notes: list[str], feet: list[str]) -> int:
    """Append ``notes`` to ``out`` as one paragraph (a note wraps from line to line beside its
    paragraph: "New" / "description" / "2019/07/10"), then ``feet``, a paragraph each; empty both;
    return the length added."""
    paragraphs = ([" ".join(notes)] if notes else []) + feet
    if not paragraphs:
        return 0
    added = ("\n\n" if out else "") + "\n\n".join(paragraphs)
    out.append(added)
    notes.clear()
    feet.clear()
    return len(added)


def _footnotes(lines: list, usual: float) -> list[str]:
    """A page's footnotes, their paragraphs as any lines', and a line with a raised mark starting one."""
    if not lines:
        return []
    out = [lines[0].text]
    for line, sep in zip(lines[1:], _breaks(lines, usual)):
        if line.footnote or sep != " ":
            out.append(line.text)
        elif out[-1].endswith("-") and hyphen_joins(out[-1][-2:-1], line.text[:1]):
            out[-1] = out[-1][:-1] + SOFT + line.text
        elif _held(out[-1], line.text):
            out[-1] += line.text
        else:
            out[-1] += " " + line.text
    return out


def reference_starts(pages: list) -> set[tuple[int, int]]:
    """(page, line) of each line that starts a numbered reference list's entry: "[k] Author…" when
    k is 1 or the last such label at a line's start was k - 1 (a citation that begins a wrapped
    line of text, "[4] showed that", does not count up from the entries before it)."""
    out = set()
    last = 0
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            m = _LABEL.match(line.text)
            if m and line.text[m.end() - 1].isupper():
                k = int(m.group(1))
                if k == 1 or k == last + 1:
                    out.add((p, i))
                    last = k
    return out


def assemble_pages(pages: list) -> tuple[str, tuple[int, ...]]:
    """One text for all pages and the offset where each page starts in it.  A margin note
    (``Line.notes``) is a paragraph after the paragraph it stands beside, but one at the left of a
    line that starts a paragraph or a sentence labels it: it stays in front ("\\foo The macro …").
    A page's footnotes (``pdf_layout.footnote_start``) follow the paragraph that runs on at its
    foot: a sentence that goes on over the page is no longer cut by them."""
    out: list[str] = []
    size = 0
    starts: list[int | None] = []
    prev: tuple | None = None  # the last line before this page and its frame
    pending: list[str] = []  # margin notes beside the paragraph being assembled
    feet: list[str] = []  # footnotes of the page it started on
    usual = line_spacing(pages)
    entries = reference_starts(pages)
    for p, lines in enumerate(pages):
        if not lines:
            starts.append(None)
            continue
        foot = footnote_start(lines)
        lines, footnotes = lines[:foot], lines[foot:]
        seps = _breaks(lines, usual)
        if prev is None:
            first_sep = ""
        elif _BULLET.match(lines[0].text):
            first_sep = "\n"
        elif _CAPTION.match(lines[0].text):
            first_sep = "\n\n"  # a float at the page's top: its caption is no part of the sentence before
        else:
            ha, hb = prev[0].height, lines[0].height
            resized = ha > 0 and hb > 0 and abs(ha - hb) > 0.2 * max(ha, hb)  # a heading
            first_sep = "\n\n" if resized or _paragraph_end(*prev) else " "  # a sentence runs on
        for j, line in enumerate(lines):
            sep = first_sep if j == 0 else seps[j - 1]
            if (p, j) in entries and out:
                sep = "\n\n"  # a reference is a paragraph of its own, also when the one before fills its line
            text, notes = line.text, list(line.notes)
            if notes and line.note_first and (sep != " " or text[:1].isupper() or _END.search(out[-1] if out else ".")):
                text = f"{notes.pop(0)} {text}"  # a paragraph's or a sentence's label ("\\foo The macro …")
            if sep == " " and out and out[-1].endswith("-") and hyphen_joins(out[-1][-2:-1], text[:1]):
                out[-1] = out[-1][:-1] + SOFT  # a word cut, or a compound's hyphen: pdf_hyphens decides
                sep = ""
            elif sep == " " and out and _held(out[-1], text):
                sep = ""
            if sep == "\n\n":  # the notes beside a paragraph and the footnotes in it follow it
                size += _flush(out, pending, feet)
            out.append(sep)
            size += len(sep)
            if j == 0:
                starts.append(size)
            out.append(text)
            size += len(text)
            pending += notes
        feet += _footnotes(footnotes, usual)
        prev = (lines[-1], frames(lines)[-1])
    size += _flush(out, pending, feet)
    following = size
    for i in range(len(starts) - 1, -1, -1):  # a page without text starts where the next one does
        if starts[i] is None:
            starts[i] = following
        following = starts[i]
    return "".join(out), tuple(starts)  # type: ignore[arg-type]
