"""Plain text (.txt) as a reader reads it: hard-wrapped lines joined into paragraphs.

Text saved from a PDF or written for an 80-column terminal breaks every line at a fixed width; a
sentence then holds raw line breaks, a word is cut by an end-of-line hyphen ("fre-\\nquency"), and
a wrapped line that starts with a capital looks like a new sentence.  When a file is hard-wrapped
(``wrap_width``: most lines end near one width and not at a sentence end, and paragraphs span
several lines), the lines of
a paragraph are joined with one space; an end-of-line hyphen is removed when the joined word is a
word of the document elsewhere ("frequency"), else kept without a space ("well-known").  Lines
that start a list item, a numbered entry or a table row, lines after a short line, the fields
of a header block ("Upstream-Name: qa" / "License: MIT") and the one-line items of a list written
one a line (a shortlog's subjects, hashes and subjects, "Name <email>" lines: ``line_items``) stay lines.

Every offset still refers to the document's own text (citations are exact slices of it); where it
differs from the file, ``lines`` anchors map it back: ``(offset, line)`` says that ``text[offset]``
is the first character of the file's 1-based line ``line`` (``extracted.line_at``).  A file that
is not hard-wrapped is kept exactly as decoded (one anchor, line 1 at offset 0).

Text saved from a terminal (``man frob > frob.txt``, nroff's own output) marks bold and underlined
words with backspaces ("X\\bX", "X\\b_", "_\\bX") and colours with escape sequences ("ESC[1m"):
``terminal_plain`` leaves the characters shown, and this cleaned text is the document's text
(line breaks are never removed, so line numbers hold).

Sections: single-line headings ("3. Redistribution.", "INTRODUCTION", a line underlined with
``===`` or ``---``) and paragraph labels ("Abstract:", "Methods:"), never an admonition's ("WARNING:",
"Note:"), which labels its own paragraph only.
"""

from __future__ import annotations

import re

from .extracted import Extracted
from .line_items import counted_items, item_at
from .units import label_at

MIN_WIDTH, MAX_WIDTH = 40, 100  # a hard-wrap width (90th percentile of line lengths) lies between these
_STRUCTURAL = re.compile(r"^\s*([-*\u2022\u25aa+]\s|\(?[0-9]{1,3}[.)]\s|\(?[a-zA-Z][.)]\s|\[\d+\]\s|[A-Z]\.\s)")
_TABLEISH = re.compile(r"\||\t|\S {3,}\S|^\s*[-=_*.]{3,}\s*$")
_HYPHEN_END = re.compile(r"([^\W\d_]{2,})-$")
_WORD_START = re.compile(r"[^\W\d_]+")
_WORDS = re.compile(r"[^\W\d_]{3,}")
UNDERLINE = re.compile(r"^\s*([=\-~^*#])\1{2,}\s*$")  # a heading's underline ("=====", "-----"); also text_title's
_FIELD = re.compile(r"^[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*:(?:\s|$)")  # "Upstream-Name: qa", "License: MIT"
# a label that opens one paragraph, not a part of the text: "WARNING: gzip is sensitive to compiler bugs."
# was the section of everything after it (a README's last 40 lines cited as "§ WARNING")
_ADMONITION = re.compile(r"(?i:warning|note|notes|nb|n\.b|caution|important|tip|hint|todo|fixme|attention|danger|"
                         r"ps|p\.s|example|e\.g|beware|reminder|disclaimer)")
# a numbered entry of a section below the top: "1.4. Does Debian just do GNU/Linux?", "3.1.10. I have …"
_SUBNUMBERED = re.compile(r"^\s*\d{1,3}(\.\d{1,3})+\.\s+\S")
_ENTRY = re.compile(r"^\s*\d{1,3}(\.\d{1,3})*\.\s+\S")  # "1. Definitions", "1.3. OK, now …" (not a bullet)
_ENDS = (".", "!", "?", ":", '"', "\u201d", ")")
_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2}(\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+[A-Z][^.;:!?]{1,60}[.:]?\s*$")


SAMPLE_CHARS = 200_000  # whether a text is hard-wrapped is decided on its head (no full copy of a huge text)


def head_lines(text: str) -> list[str]:
    """The lines of ``text``'s first ``SAMPLE_CHARS`` characters (whole lines only)."""
    if len(text) <= SAMPLE_CHARS:
        return text.split("\n")
    return text[:SAMPLE_CHARS].split("\n")[:-1] or [text[:SAMPLE_CHARS]]


def iter_lines(text: str):
    """``(offset, line)`` for every line of ``text``, one line in memory at a time."""
    pos = 0
    while True:
        end = text.find("\n", pos)
        if end < 0:
            yield pos, text[pos:]
            return
        yield pos, text[pos:end]
        pos = end + 1


# how a log record opens: a date ("2024-03-01", "2024/03/01", "[2024-03-01T12:00:00Z]"), a time ("12:00:01"),
# syslog's "Mar  1 12:00:00 host proc[12]:" (a weekday before it: ctime's "Fri Mar  1 12:00:00 2024"), a
# level ("INFO", "[WARN]", "ERROR:"), the kernel's "[    0.000000]", logfmt's "time=", "ts=", "level=", npm's
# numbered "12 http fetch GET 200 …"
LOG_RECORD = re.compile(
    r"[\[(<]?(?:\d{4}[-/]\d{2}[-/]\d{2}(?:[T ]|$|[,.:\]])|\d{2}:\d{2}:\d{2}[ ,.\]]"
    r"|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 0-3]\d \d{2}:\d{2}:\d{2} "
    r"|(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|CRITICAL|FATAL)(?:[]):]|\s+[-:|]?\s*\S)"
    r"|\s*\d+\.\d{3,}\]|(?:time|ts|level)=\S|\d+ (?:silly|verbose|timing|http|notice|info|warn|error) )")


def log_records(lines: list[str]) -> bool:
    """Are ``lines`` a log's records: most non-blank ones (and at least two) open with a date, a time,
    a level or syslog's stamp (``LOG_RECORD``)?  Each line is then one record: never joined to another,
    however long its lines are."""
    filled = records = 0
    for ln in lines:
        if ln.strip():
            filled += 1
            records += LOG_RECORD.match(ln) is not None
    return records >= 2 and records > 0.5 * filled


def wrap_width(lines: list[str]) -> int:
    """The width a text is hard-wrapped at, or 0 when it is not hard-wrapped (a log: ``log_records``)."""
    lengths = sorted(len(ln.rstrip()) for ln in lines if ln.strip())
    if len(lengths) < 8 or log_records(lines):
        return 0
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not MIN_WIDTH <= width <= MAX_WIDTH or sum(n > width + 12 for n in lengths) > 0.02 * len(lengths):
        return 0
    ends = sum(1 for ln in lines if ln.rstrip().endswith((".", "!", "?", ":", '"', "\u201d")))
    if ends > 0.5 * len(lengths):  # most lines end a sentence: one sentence or paragraph a line
        return 0
    joins = sum(1 for a, b in zip(lines, lines[1:]) if _joins(a, b, width))
    return width if joins >= max(3, 0.1 * len(lengths)) else 0


def _joins(line: str, nxt: str, width: int) -> bool:
    """Is ``nxt`` the continuation of ``line`` in a paragraph wrapped at ``width``?"""
    if not line.strip() or not nxt.strip():
        return False
    cut_word = bool(_HYPHEN_END.search(line.rstrip())) and nxt.lstrip()[:1].islower()  # "fre-" / "quency"
    if (len(line.rstrip()) < 0.55 * width and not cut_word) or _STRUCTURAL.match(nxt) or _TABLEISH.search(line) or _TABLEISH.search(nxt):
        return False
    if UNDERLINE.match(nxt) or _NUMBERED_HEADING.match(line):
        return False
    if _SUBNUMBERED.match(nxt) and (line.rstrip().endswith(_ENDS) or _ENTRY.match(line)):
        return False  # a contents entry "1.4. Does Debian …?" after one that ended, or under its chapter
    if nxt.strip() == ".":
        return False  # a paragraph break in Debian and RFC 822 folded text (" ."): not a word
    if _FIELD.match(line.lstrip()) and _FIELD.match(nxt.lstrip()):
        return False  # a header block ("Name: qa" / "Version: 1.0"): a field a line
    indent, indent_next = len(line) - len(line.lstrip()), len(nxt) - len(nxt.lstrip())
    if abs(indent - indent_next) > 2 and not (_STRUCTURAL.match(line) and indent_next > indent):
        return False  # centred lines, a quotation, code: not one paragraph (a list item's hanging indent is)
    # an all-caps heading; never one whose clause goes on ("... OF MERCHANTABILITY," in a licence)
    return not (line.strip().isupper() and len(line.split()) <= 10 and not line.rstrip().endswith((",", ";")))


# an escape sequence: CSI ("ESC[1m", "ESC[22m", "ESC[2K"), OSC ("ESC]8;;url ESC\\": grotty's links), others
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|[ -/]*[0-~])")
_OVERSTRUCK = re.compile(r"(?:[^\x08\n]\x08)+[^\x08\n]|\x08")  # "X\bX", "X\b_", "_\bX", "+\bo"; a lone "\b"


def _shown(m: re.Match) -> str:
    """The character an overstrike shows: the one that is a letter or digit (the underline or the
    cedilla struck over it is not), else any but "_"."""
    chars = m.group(0)[::2]
    return next((c for c in reversed(chars) if c.isalnum()), None) or next(
        (c for c in reversed(chars) if c != "_"), chars[-1:])


def terminal_plain(text: str) -> str:
    """``text`` without a terminal's overstrikes and escape sequences (see the module doc)."""
    if "\x1b" in text:
        text = _ESCAPE.sub("", text)
    if "\x08" in text:
        text = _OVERSTRUCK.sub(_shown, text)
    return text


def read_plain(text: str, name: str = "") -> Extracted:
    """The text with hard-wrapped paragraphs joined, its line anchors and its sections; a terminal's
    overstrikes and escape sequences removed first (``terminal_plain``)."""
    text = terminal_plain(text)
    width = wrap_width(head_lines(text))
    if not width:
        return Extracted(text=text, sections=_sections(text, capitals=False), lines=((0, 1),))
    lines = text.split("\n")
    vocab = {w.lower() for w in _WORDS.findall(text)}
    counted = counted_items(lines)
    parts: list[str] = []
    anchors: list[tuple[int, int]] = [(0, 1)]
    size = 0
    for i, line in enumerate(lines):
        if i == 0:
            parts.append(line)
            size = len(line)
            continue
        if _joins(lines[i - 1], line, width) and not item_at(lines, i, counted, width):
            prev = parts[-1].rstrip()
            size -= len(parts[-1]) - len(prev)
            cont = line.strip()
            hyphen = _HYPHEN_END.search(prev)
            first = _WORD_START.match(cont)
            if hyphen and first and cont[:1].islower():
                if (hyphen.group(1) + first.group(0)).lower() in vocab:
                    prev, size = prev[:-1], size - 1  # "fre-" + "quency": the word, no hyphen
                sep = ""
            else:
                sep = " "
            parts[-1] = prev + sep
            size += len(sep)
            anchors.append((size, i + 1))
            parts.append(cont)
            size += len(cont)
        else:
            parts.append("\n" + line)
            size += 1 + len(line)
    del lines
    out = "".join(parts)
    del parts
    return Extracted(text=out, sections=_sections(out), lines=tuple(anchors))


def _sections(text: str, capitals: bool = True) -> tuple[tuple[int, str], ...]:
    """Single-line headings (numbered, underlined, and with ``capitals`` all-caps lines) and "Label:"
    openers, with offsets.  (An all-caps line in text that is not hard-wrapped is as often page
    furniture, "LATEST", as a heading.)"""
    out: list[tuple[int, str]] = []
    prev, cur = "", None  # the line before ``cur``; ``cur`` = (offset, line) is looked at with the next
    for nxt in iter_lines(text):
        if cur is not None:
            _section(out, prev, cur, nxt[1], capitals)
            prev = cur[1]
        cur = nxt
    if cur is not None:
        _section(out, prev, cur, "", capitals)
    return tuple(out)


def _section(out: list, prev: str, cur: tuple[int, str], nxt: str, capitals: bool) -> None:
    start, line = cur
    s = line.strip()
    if not s:
        return
    lead = start + len(line) - len(line.lstrip())
    under = bool(UNDERLINE.match(nxt))
    alone = not prev.strip() and (not nxt.strip() or under)
    if alone and len(s) <= 80 and not UNDERLINE.match(s) and len(s.split()) <= 10 and (
            under or _NUMBERED_HEADING.match(s) or (capitals and s.isupper() and any(c.isalpha() for c in s))):
        out.append((lead, s.rstrip(".:")))
        return
    at = label_at(line) if not prev.strip() else 0
    if at and not _ADMONITION.fullmatch(line[:at].strip().rstrip(":").strip()):
        out.append((lead, line[:at].strip().rstrip(":")))
