"""Sentence splitting into runs of answer units, with exact character offsets; packing them into passages.

``split_sentences`` returns spans into the original text (``text[start:end]`` is the unit), in runs
that never cross documents or dropped junk ("Add new comment", file names, slugs);
``chunk_document`` packs each run's whole units into passages (``qa.corpus.packing``: about
``max_words`` words and ``max_words * CHARS_PER_WORD`` characters, ``overlap`` units carried over, a
heading opening the passage it heads).  A line too short to be a sentence but with words (a
heading, an option name "--allow-addons", an API name, a definition's term) is a unit: grouped with
the short lines next to it into units of a few lines (a list of 100 option names is then counted
and cut like text, yet searchable and quotable: issue 26), alone when it stands right above a
paragraph (it opens it).  A line without words (a page number, "},", a term such as ``%T``) or a
repeated one is left out but does not cut the run: the passages on both sides of it overlap, and a
passage holding the units around it holds it too (issue 26: no answer lost to a boundary); but
more than ``GAP_WORDS`` words of contents lines ("2.1 Vectors . . . . . 8", a PDF's table of
contents or index) end the run: such lines answer nothing.  A passage is never only a title: a
run, or a pack, of fewer than ``FOLD_WORDS`` words is folded into its neighbour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunk import Chunk  # noqa: F401  (part of this module's interface)
from .document import Document
from . import units
from .packing import openers, pack_units
from .paragraphs import lines_are_wrapped, paragraph_spans  # noqa: F401  (part of this module's interface)
from .sentence_splitter import keep_tokens_whole
from .sentence_splitter import segmenter

MAX_SEGMENT_CHARS = 5000  # pysbd is slow on huge unpunctuated runs; pre-cut them on whitespace
FOLD_WORDS = 8  # a run or pack shorter than this (a title, a lone heading) joins its neighbour
FOLD_GAP = 200  # characters between a short run and the neighbour it joins (a junk line, not a bibliography)
GAP_WORDS = 40  # contents lines ("2.1 Vectors . . . . 8") skipped in a row past this many words end the run
LIST_UNIT_WORDS = 24  # short lines next to each other are units of at most this many words
LIST_UNIT_CHARS = 240  # ... and this many characters
# formats (``formats.FORMATS``' words) whose readers write one paragraph, list item, row or code line a line:
# only a verbatim block's lines (``Document.code``) may be wrapped ones (``paragraph_spans``' ``verbatim``)
LOGICAL_LINES = frozenset({"Markdown", "HTML", "reStructuredText", "Word", "EPUB", "OpenDocument", "PowerPoint"})
LAYOUT = 8  # 2: short lines no longer cut runs, title-only passages folded (issue 26); 3: GAP_WORDS;
# 4: a character budget, skipped lines counted, short lines with words as units, headings and terms
# open passages (packing.py), a plain-text line that stops mid-sentence joined to the next;
# 5: a paper's reference list in numbered and author-year styles recognised under its heading (units.py)
# 6: a copyright notice ("Copyright (c) 2019 ...", "All rights reserved.") and an identifier line ("BZ_OK",
# "kill-session") are no longer junk, nor a paragraph of over 12 words opening "Cookies"/"Subscribe" (text in no passage: docs/robustness.md, session 18)
# 7: a reference list keyed in BibTeX's alpha style ("[JK02] …", "[GGO+10] …") recognised as one (units.py, session 22)
# 8: in formats whose readers write logical lines (``LOGICAL_LINES``) lines are joined only inside one verbatim
# block (``Document.code``: a code block, a <pre>): a changelog's long list items are units of their own (session 22)


@dataclass(frozen=True)
class ChunkingConfig:
    max_words: int = 120
    overlap: int = 1

    def as_dict(self) -> dict:
        return {"max_words": self.max_words, "overlap": self.overlap, "splitter": "pysbd-en, tokens whole",
                "layout": LAYOUT}


_BOILERPLATE = re.compile(
    r"^(add new comment|read our comment policy.*|jump to original|share( this)?( article)?|"
    r"advertisement|related( articles| posts)?|comments?|print|email|tweet|"
    r"click here.*|sign up.*|subscribe.*|cookie.*|"
    r"see (also )?(syria|iran) daily:.*|see developing:.*)$",
    re.I,
)
# A copyright notice ("Copyright (c) 2019 A. Person. All rights reserved.") is text, not furniture: in a
# licence or a README it answers who holds the rights (it was junk until session 18, and a paragraph of
# its own was then in no passage: docs/robustness.md)
JUNK_WORDS = 12  # furniture is short: "Cookie settings", not a policy's paragraph "Cookies We use cookies…"
_FILENAME = re.compile(r"^[\w.~-]+\.(jpe?g|png|gif|webp|svg|bmp|tiff?|pdf|mp4|mov)$", re.I)
# a web page's slug, lower case and ending in a date or number: "aleppo-removal-20-12-16"; not an identifier
# ("BZ_PARAM_ERROR", "kill-session", "x86_64-unknown-linux-musl": until session 18 junk, in no passage)
_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:-\d{1,4})+$")
_WORD = re.compile(r"[^\W\d_]{2,}")
LEADER = re.compile(r"(?:\.\s?){4,}\s*[\divxlc]*\s*$", re.I)  # "2 R Basics . . . . . . 7": a table-of-contents line


def is_junk(line: str) -> bool:
    """Page furniture that ends a run of text: passages never hold it."""
    s = line.strip()
    short = len(s.split()) <= JUNK_WORDS
    return not s or bool((short and _BOILERPLATE.match(s)) or _FILENAME.match(s) or _SLUG.match(s))


def is_boilerplate(line: str) -> bool:
    """Junk, or a line too short to be a sentence (kept out of the sentences)."""
    s = line.strip()
    if is_junk(s) or LEADER.search(s):
        return True
    if len(s.split()) == 1:  # a lone token: "National", "0", "LATEST", "Financialtribune.com"
        return True
    words = _WORD.findall(s)
    if len(words) < 2:
        return True
    if len(words) <= 3 and s.isupper():  # "TUESDAY FEATURE"
        return True
    return False


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long paragraph on whitespace so the sentence splitter stays fast."""
    out = []
    while end - start > MAX_SEGMENT_CHARS:
        cut = text.rfind(" ", start + MAX_SEGMENT_CHARS // 2, start + MAX_SEGMENT_CHARS)
        if cut <= start:
            cut = start + MAX_SEGMENT_CHARS
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _split_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for ps, pe in _pieces(text, start, end):
        piece = text[ps:pe].replace("\n", " ").replace("\r", " ")  # wrapped lines: same length, one line
        cursor = 0
        for seg in segmenter().segment(piece):
            core = seg.strip()
            if not core:
                continue
            at = piece.find(core, cursor)
            if at < 0:  # the splitter altered the text: the rest is one sentence (below)
                break
            spans.append((ps + at, ps + at + len(core)))
            cursor = at + len(core)
        rest = piece[cursor:]  # what the splitter altered or left out (pysbd drops a final "??"): kept
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            spans.append((ps + cursor + lead, ps + cursor + len(rest.rstrip())))
    whole = keep_tokens_whole(text, [(s, e) for s, e in spans if e > s])
    return [cut for s, e in whole for cut in units.cap_words(text, s, e)]


def split_sentences(text: str, headings: frozenset[int] = frozenset(), plain: bool = False,
                    verbatim: tuple[tuple[int, int], ...] | None = None) -> list[list[tuple[int, int]]]:
    """Sentence spans grouped in runs: a run ends at junk and at bibliography entries (chunks never
    cross them; ``qa.corpus.units``); short lines with words are units of a few lines each
    (``list_units``: a list of option or API names), a short line right above a paragraph (a
    definition's term "--colour", a one-word heading) a unit alone; a short line without words or a
    repeated one is skipped without ending the run, but more than ``GAP_WORDS`` words of contents
    lines in a row end it; a run of fewer than ``FOLD_WORDS`` words joins
    the next (the last, the one before).  A table row is one unit; a "Label:" opener is left out of
    the sentence it opens.  A section heading (its start in ``headings``) is a unit however short.
    ``plain``: a plain-text file, whose lines may stop mid-sentence (``paragraph_spans``);
    ``verbatim``: the only spans whose lines may be joined (a Markdown document's code blocks), or None."""
    runs: list[list[tuple[int, int]]] = [[]]
    seen_lines: set[str] = set()
    in_refs = False
    gap = 0  # words of the contents lines skipped since the last sentence
    shorts: list[tuple[int, int]] = []  # the short lines skipped since the last sentence

    def flush(before: int | None = None) -> None:
        term = []
        if shorts and before is not None and not text[shorts[-1][1]:before].strip():
            term = units.cap_words(text, *shorts.pop())  # a short line right above a paragraph ("--colour", a <dt>)
        if shorts and (before is None or not runs[-1]):  # before a run's first unit or after its last:
            if sum(_words(text, u) for u in shorts) <= GAP_WORDS:  # a long list is text, a few lines furniture
                shorts.clear()
        runs[-1].extend(list_units(text, shorts) + term)
        shorts.clear()

    for s, e in paragraph_spans(text, lines_are_wrapped(text), plain, verbatim):
        para = text[s:e]
        key = " ".join(para.split()).casefold()
        if units.is_references_heading(para):
            in_refs = True
        elif in_refs and not units.is_reference(para, True):
            in_refs = False
        if is_junk(para) or in_refs or units.is_reference(para):
            flush()
            if runs[-1]:
                runs.append([])
            continue
        heading = s in headings
        if not heading and is_boilerplate(para):
            if LEADER.search(para):
                gap += len(para.split())
            elif _WORD.search(para) and key not in seen_lines:
                shorts.append((s, e))
            continue
        if not heading and key in seen_lines and len(key) < 300:
            continue
        flush(s)
        if gap > GAP_WORDS and runs[-1]:
            runs.append([])  # a long list of short lines is no gap inside a passage: it would be most of it
        gap = 0
        seen_lines.add(key)
        if units.is_row(para):
            runs[-1].append((s, e))
            continue
        label = units.label_at(para)
        if label and not para[label:].isspace():
            s += label
        runs[-1].extend(_split_span(text, s, e))
    flush()
    return _fold_short_runs(text, [r for r in runs if r])


def list_units(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Short lines (one a span) as units of consecutive lines, each at most ``LIST_UNIT_WORDS``
    words and ``LIST_UNIT_CHARS`` characters (a longer line is a unit alone)."""
    out: list[tuple[int, int]] = []
    words = 0
    for s, e in lines:
        w = len(text[s:e].split())
        if out and words + w <= LIST_UNIT_WORDS and e - out[-1][0] <= LIST_UNIT_CHARS:
            out[-1] = (out[-1][0], e)
            words += w
        else:
            out.append((s, e))
            words = w
    return [cut for s, e in out for cut in units.cap_words(text, s, e)]


def _fold_short_runs(text: str, runs: list[list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """A run of fewer than ``FOLD_WORDS`` words joins the next run, else the one before, when the text
    between them (junk, a line or two) is at most ``FOLD_GAP`` characters; else it stays alone."""
    out: list[list[tuple[int, int]]] = []
    carry: list[tuple[int, int]] = []
    for run in runs:
        if carry and run[0][0] - carry[-1][1] <= FOLD_GAP:
            run = carry + run
        elif carry:
            _place(out, carry)
        carry = []
        if sum(_words(text, s) for s in run) < FOLD_WORDS:
            carry = run
        else:
            out.append(run)
    if carry:
        _place(out, carry)
    return out


def _place(out: list[list[tuple[int, int]]], short: list[tuple[int, int]]) -> None:
    if out and short[0][0] - out[-1][-1][1] <= FOLD_GAP:
        out[-1] = out[-1] + short
    else:
        out.append(short)


def _words(text: str, span: tuple[int, int]) -> int:
    return len(text[span[0] : span[1]].split())


def pack(text: str, units_: list[tuple[int, int]], cfg: ChunkingConfig, opens: list[bool] | None = None
         ) -> list[list[tuple[int, int]]]:
    """A run's units packed into passages (``qa.corpus.packing.pack_units``); a pack shorter than
    ``FOLD_WORDS`` words (a title) takes the next unit whatever its size."""
    return pack_units(text, units_, cfg.max_words, cfg.overlap, min(FOLD_WORDS, cfg.max_words // 2), opens)


def document_units(doc: Document, heads: frozenset[int] | None = None) -> list[list[tuple[int, int]]]:
    """``split_sentences`` as ``chunk_document`` calls it for ``doc``: with its section headings, and
    lines that may stop mid-sentence when it was read as plain text (``Document.format``: "LGPL-2.1"
    holding no roff is, though named like a manual page), lines joined only inside its verbatim
    blocks when its reader wrote logical lines (``LOGICAL_LINES``)."""
    if heads is None:
        heads = frozenset(at for at, _ in doc.sections)
    verbatim = tuple(sorted(doc.code)) if doc.format in LOGICAL_LINES else None
    return split_sentences(doc.text, heads, doc.format == "text", verbatim)


def chunk_document(doc: Document, cfg: ChunkingConfig = ChunkingConfig()) -> list[Chunk]:
    chunks: list[Chunk] = []
    heads = frozenset(at for at, _ in doc.sections)
    for run in document_units(doc, heads):
        for sents in pack(doc.text, run, cfg, openers(doc.text, run, heads)):
            start, end = sents[0][0], sents[-1][1]
            chunks.append(
                Chunk(
                    id=f"{doc.id}#{len(chunks)}",
                    doc=doc.id,
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    sentences=tuple(sents),
                )
            )
    return chunks
