"""What a format reader returns: the text every offset refers to, its title, pages and sections.

Readers (``read_pdf``, ``read_docx``, ``read_markdown``, ``read_html``) take the file's bytes and
its name and return an ``Extracted``; a file they cannot read raises ``ReadError`` whose message is
one short line ("encrypted PDF", "no text layer: scanned?", "not a readable PDF: ...").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..errors import CorpusError


class ReadError(CorpusError):
    """This one file cannot be read; ``str(err)`` is the reason to report (the corpus goes on).

    ``kind`` is what the skip report counts it as: "damaged", "encrypted", "no text layer", "empty"."""

    def __init__(self, message: str, *, kind: str = "damaged"):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Extracted:
    """Text of a document and where its pages and sections start.

    ``pages[i - 1]`` is the offset in ``text`` where 1-based page ``i`` starts (non-decreasing; a page
    without text starts where the next one does).  ``sections`` are ``(offset, heading)`` pairs in
    order, ``offset`` being where the heading's own text starts.
    """

    text: str
    title: str | None = None
    pages: tuple[int, ...] = ()
    sections: tuple[tuple[int, str], ...] = ()
    slides: tuple[int, ...] = ()  # where 1-based slide i starts (presentations), like ``pages``
    lines: tuple[tuple[int, int], ...] = ()  # (offset, 1-based source line) anchors: text formats
    tables: tuple[int, ...] = ()  # where each table whose first row is a header row starts (``units.row_header``)
    # (start, end) of each verbatim block (a code block or fence, an HTML <pre>, a reST literal block):
    # text whose line breaks are the source's, in formats whose other lines are logical lines
    code: tuple[tuple[int, int], ...] = ()
    format: str = ""  # what the file was read as, when not what its suffix says (``formats.FORMATS``' words)

    def page_at(self, offset: int) -> int | None:
        return page_at(self.pages, offset)

    def section_at(self, offset: int) -> str | None:
        return section_at(self.sections, offset)


def page_at(pages: tuple[int, ...], offset: int) -> int | None:
    """1-based page holding ``text[offset]`` (None when the document has no pages)."""
    if not pages:
        return None
    return max(1, bisect_right(pages, offset))


def line_at(lines, text: str, offset: int) -> int | None:
    """1-based line of the source file holding ``text[offset]`` (None without line anchors).

    ``lines`` are ``(offset, line)`` anchors in order: ``text[offset]`` starts that line of the
    file; past an anchor, every newline of ``text`` is one more line."""
    if not lines:
        return None
    i = bisect_right([at for at, _ in lines], offset)
    if not i:
        return lines[0][1]
    at, line = lines[i - 1]
    return line + text.count("\n", at, max(at, offset))


def section_at(sections, offset: int) -> str | None:
    """The nearest heading at or before ``offset`` (None before the first heading)."""
    i = bisect_right([at for at, _ in sections], offset)
    return sections[i - 1][1] if i else None


LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                           "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_line(line: str) -> str:
    """One line of running text: ligatures as letters, no control characters, single spaces."""
    return _SPACES.sub(" ", _CONTROL.sub("", line.translate(LIGATURES))).strip()


TERM_WORDS = 12  # a definition list's term of at most this many words opens its definition's sentence


def opens_definition(term: str) -> bool:
    """Whether a definition list's term ("-a, --all", "%T", "HIST_IGNORE_DUPS (-h)") is read as the
    first words of its definition's first sentence ("-a, --all Show hidden files."), so the sentence
    that says what it does also names it.  A longer term (a command's whole synopsis) stays a line
    of its own.  Readers that know a term from its markup use this: HTML ``<dt>``, roff ``.TP`` /
    ``.IP`` / mdoc ``.It`` tags, reST definition, option and field lists."""
    return 0 < len(term.split()) <= TERM_WORDS


def clean_code_line(line: str) -> str:
    """A line of code or preformatted text: indentation and inner spaces kept."""
    return _CONTROL.sub("", line.translate(LIGATURES)).rstrip()


class TextBuilder:
    """Appends blocks of text with "\\n\\n" between them and records where headings start, and
    (given ``line``) the 1-based line of the source file each block comes from: ``lines``."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.sections: list[tuple[int, str]] = []
        self.lines: list[tuple[int, int]] = []
        self.tables: list[int] = []  # where a header row starts (the first row of a table that has one)
        self.code: list[tuple[int, int]] = []  # (start, end) of each verbatim block (``Extracted.code``)

    def block(self, text: str, heading: bool = False, sep: str = "\n\n", line: int | None = None,
              anchors: list[tuple[int, int]] = (), header: bool = False, code: bool = False) -> None:
        """``anchors``: ``(offset in text, line)`` where a later source line starts inside a
        one-line block (``clean_pieces``): a sentence deep in a paragraph gets its own line.
        ``code``: the block is verbatim text, its lines the source's (``Extracted.code``)."""
        if not text.strip():
            return
        lead = len(text) - len(text.lstrip("\n"))
        text = text.strip("\n").rstrip()
        if self.parts:
            self.parts.append(sep)
            self.size += len(sep)
        if heading:
            self.sections.append((self.size, text))
        if header:
            self.tables.append(self.size)
        marks = [(0, line)] if line is not None else []
        for at, n in anchors:
            at -= lead
            if 0 <= at < len(text):
                if marks and marks[-1][0] == at:
                    marks.pop()  # the line of the text's own first character beats the block's
                if not marks or marks[-1][1] != n:
                    marks.append((at, n))
        self.lines.extend((self.size + at, n) for at, n in marks)
        if code:
            self.code.append((self.size, self.size + len(text)))
        self.parts.append(text)
        self.size += len(text)

    def extend(self, other: "Extracted", line_shift: int = 0) -> None:
        """Add ``other``'s text as blocks, its sections, header rows, verbatim blocks and lines (``line_shift`` lines
        further down: ``other`` was read from a part of the file)."""
        if not other.text.strip():
            return
        if self.parts:
            self.parts.append("\n\n")
            self.size += 2
        self.sections.extend((self.size + at, h) for at, h in other.sections)
        self.tables.extend(self.size + at for at in other.tables)
        self.code.extend((self.size + s, self.size + e) for s, e in other.code)
        self.lines.extend((self.size + at, n + line_shift) for at, n in other.lines)
        self.parts.append(other.text)
        self.size += len(other.text)

    def text(self) -> str:
        return "".join(self.parts)


_RUNS = re.compile(r"\s+")  # every whitespace run (newlines and the spaces ``_SPACES`` names)


def clean_pieces(pieces) -> tuple[str, list[tuple[int, int]]]:
    """``clean_line`` of the joined text of ``pieces`` (``(text, line)``: raw text with newlines,
    the 1-based source line it starts on, or None), and where each later source line starts in
    the result: ``(offset, line)`` anchors.  ``clean_line(re.sub(r"\\s+", " ", raw))`` is the text."""
    out: list[str] = []
    size = 0
    anchors: list[tuple[int, int]] = []
    for raw, line in pieces:
        for k, seg in enumerate(raw.split("\n")):
            seg = _RUNS.sub(" ", (" " if k else "") + seg)  # " ": the newline
            seg = _RUNS.sub(" ", _CONTROL.sub("", seg.translate(LIGATURES)))
            if seg.startswith(" ") and (not size or out[-1].endswith(" ")):
                seg = seg[1:]
            if line is not None and seg:
                anchors.append((size + (seg[0] == " "), line + k))
            if seg:
                out.append(seg)
                size += len(seg)
    text = "".join(out).rstrip()
    return text, [(at, n) for at, n in anchors if at < len(text)]


def meaningful_title(title: str | None, name: str = "") -> str | None:
    """A title from file metadata, or None when it is empty or a placeholder ("Untitled",
    "Microsoft Word - report.docx", the file's own name)."""
    if not title:
        return None
    title = clean_line(title)
    title = re.sub(r"^(microsoft (word|powerpoint|excel) - )", "", title, flags=re.I).strip()
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.rsplit("/", 1)[-1]).lower()
    low = title.lower()
    if (len(title) < 3 or not re.search(r"[^\W\d_]", title) or low in {stem, name.lower()}
            or re.fullmatch(r"(untitled|document|title|slide|presentation|doc|new document|"
                            r"microsoft word|powerpoint presentation)\s*\d*", low)
            or re.search(r"\.(docx?|pdf|odt|rtf|txt|tex|dvi|indd|qxd|pages)$", low)):
        return None
    return title


def decode(data: bytes | str) -> str:
    """Text of a markup file given as bytes (BOM, else UTF-8, else the detected encoding).

    Callers that already decoded the file (``charset.read_text``) pass the str unchanged."""
    if isinstance(data, str):
        return data
    from .charset import bom_encoding, detect_encoding

    encoding = bom_encoding(data[:4])
    if encoding is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            encoding = detect_encoding(data, exc.start) or "cp1252"
    text = data.decode(encoding, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
