"""A document as qa keeps it: the text every offset refers to, its title, pages and sections."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .extracted import line_at, page_at, section_at
from .units import row_header


@dataclass(frozen=True)
class Document:
    """``pages[i - 1]`` is where 1-based page ``i`` starts in ``text`` (PDFs only);
    ``sections`` are ``(offset, heading)`` pairs in order (Markdown, Word, HTML); ``lines`` map
    offsets to lines of the file (``qa.corpus.extracted.line_at``: text, Markdown, HTML).

    ``format`` is what its reader read it as, in ``formats.FORMATS``' words ("text", "manual page",
    "PDF"...): "LGPL-2.1" holding no roff is "text", though its name says a manual page.  Left
    out, it is what the source's name says (``naming.format_of``: JSON Lines rows, old callers)."""

    id: str
    title: str
    text: str
    source: str
    pages: tuple[int, ...] = ()
    sections: tuple[tuple[int, str], ...] = ()
    slides: tuple[int, ...] = ()  # where 1-based slide i starts (presentations)
    lines: tuple[tuple[int, int], ...] = ()  # (offset, 1-based line of the file) anchors: text formats
    tables: tuple[int, ...] = ()  # where each table's header row starts (tables that have one)
    code: tuple[tuple[int, int], ...] = ()  # (start, end) of each verbatim block (``Extracted.code``)
    format: str = ""  # what it was read as ("" when made: what its source's name says)

    def __post_init__(self) -> None:
        if not self.format:  # (imported here: answering from an index never loads the readers' tables)
            from .naming import format_of

            object.__setattr__(self, "format", format_of(self.source))

    @property
    def hash(self) -> str:
        return content_hash(self.title, self.text)

    def page_at(self, offset: int) -> int | None:
        return page_at(self.pages, offset)

    def slide_at(self, offset: int) -> int | None:
        return page_at(self.slides, offset)

    def section_at(self, offset: int) -> str | None:
        return section_at(self.sections, offset)

    def line_at(self, offset: int) -> int | None:
        return line_at(self.lines, self.text, offset)

    def context_at(self, offset: int) -> str | None:
        """The header row of the table whose row holds ``text[offset]`` (``units.row_header``)."""
        return context_at(self.text, offset, self.tables)


def context_at(text: str, offset: int, tables: tuple[int, ...]) -> str | None:
    """What a unit needs beside it to be read alone: a table row's header row (None: nothing).
    ``tables``: where the document's header rows start (``Document.tables``)."""
    span = row_header(text, offset, tables)
    return text[span[0]:span[1]] if span else None


def content_hash(title: str, text: str) -> str:
    """sha256 of the title and the extracted text (what chunks, term counts and vectors depend on)."""
    h = hashlib.sha256()
    h.update(title.encode("utf-8", "surrogatepass"))
    h.update(b"\x00")
    for at in range(0, len(text), 1 << 20):  # in slices: no second full copy of a huge text
        h.update(text[at : at + (1 << 20)].encode("utf-8", "surrogatepass"))
    return h.hexdigest()
