"""PowerPoint (.pptx) with python-pptx: one section per slide, its text frames, tables and notes.

Each slide's text comes in shape order (the title first): every paragraph of a text frame is a
line, a table one line per row (cells joined by " | "), and the speaker notes a paragraph after
them.  A table whose "header row" option is on (python-pptx ``first_row``; PowerPoint sets it on
the tables it inserts) declares its first row a header row (``tables``): every other row carries
it as its context, as in HTML, Word and Markdown tables.  Slides are separated by a blank line; ``slides[i - 1]`` is where slide ``i`` starts (a
slide without text starts where the next one does), so a citation carries its slide number.  The
section of a slide is "Slide 3: its title" (or "Slide 3").  The presentation's title is its core
properties' title, else the first slide's title.

The archive is checked against the decompressed-bytes budget first (``unzip.check_zip``).  A
password-protected presentation is not a zip archive (an OLE container) and is skipped as
"encrypted".
"""

from __future__ import annotations

import io

from .budget import Budget
from .extracted import Extracted, ReadError, clean_line, meaningful_title
from .unzip import check_zip

WHAT = "PowerPoint file"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML (and old .ppt) files are OLE containers


def read_pptx(data: bytes, name: str = "", budget: Budget = Budget()) -> Extracted:
    """Text, title, slides and sections of a .pptx; raises ReadError (kinds "damaged",
    "encrypted", "empty", or "over budget" for an archive that unzips past the budget)."""
    if not data:
        raise ReadError(f"not a readable {WHAT}: empty file", kind="empty")
    if data.startswith(_OLE):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data[:1 << 20]:
            raise ReadError(f"encrypted {WHAT} (password-protected)", kind="encrypted")
        raise ReadError(f"not a readable {WHAT}: an old binary .ppt, not a zip archive")
    check_zip(data, budget, WHAT)
    try:
        from pptx import Presentation

        deck = Presentation(io.BytesIO(data))
        slides = [_slide(slide) for slide in deck.slides]
        core_title = deck.core_properties.title
    except Exception as exc:  # noqa: BLE001 - zipfile, lxml and python-pptx raise many kinds on a damaged file
        first = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
        raise ReadError(f"not a readable {WHAT}: {first or type(exc).__name__}") from None
    parts: list[str] = []
    starts: list[int] = []
    sections: list[tuple[int, str]] = []
    tables: list[int] = []
    size = 0
    for n, (title, lines, headers) in enumerate(slides, 1):
        body = "\n".join(lines)
        if body and parts:
            parts.append("\n\n")
            size += 2
        starts.append(size)
        if body:
            sections.append((size, f"Slide {n}: {title}" if title else f"Slide {n}"))
            at = size
            for k, line in enumerate(lines):
                if k in headers:
                    tables.append(at)
                at += len(line) + 1
            parts.append(body)
            size += len(body)
    first_title = next((t for t, _, _ in slides if t), None)
    title = meaningful_title(core_title, name) or first_title
    return Extracted(text="".join(parts), title=title, sections=tuple(sections), slides=tuple(starts),
                     tables=tuple(tables))


def _slide(slide) -> tuple[str | None, list[str], set[int]]:
    """(title, lines, header rows): the slide's text in shape order, the title first, then its
    notes; which lines are a table's header row."""
    title_shape = slide.shapes.title
    title = clean_line(title_shape.text_frame.text.replace("\n", " ")) if title_shape is not None else ""
    lines: list[str] = [title] if title else []
    headers: set[int] = set()
    for shape in _shapes(slide.shapes):
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        more, header = _shape_lines(shape)
        if header:
            headers.add(len(lines))
        lines.extend(more)
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        notes = [clean_line(p.text) for p in slide.notes_slide.notes_text_frame.paragraphs]
        notes = [n for n in notes if n]
        if notes:
            lines.append("")  # the notes: a paragraph of their own
            lines.extend(notes)
    while lines and not lines[-1]:
        lines.pop()
    return title or None, lines, headers


def _shapes(shapes):
    """Every shape, groups opened (a stack: nesting costs no stack depth)."""
    stack = list(shapes)[::-1]
    while stack:
        shape = stack.pop()
        if shape.shape_type is not None and getattr(shape, "shapes", None) is not None:  # a group
            stack.extend(list(shape.shapes)[::-1])
        else:
            yield shape


def _shape_lines(shape) -> tuple[list[str], bool]:
    """The shape's lines, and whether the first is a table's header row: the table's "header row"
    option (``first_row``, PowerPoint's own flag, on for a table it inserts) is set, its first
    row has text, and a row with text follows."""
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        return [line for line in (clean_line(p.text) for p in shape.text_frame.paragraphs) if line], False
    if getattr(shape, "has_table", False) and shape.has_table:
        rows, first_kept = [], None
        for r, row in enumerate(shape.table.rows):
            cells, seen = [], set()
            for cell in row.cells:
                if cell.is_spanned:  # the part of a merged cell another cell holds
                    continue
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                cells.append(clean_line(cell.text.replace("\n", " ")))
            if any(cells):
                rows.append(" | ".join(cells))
                first_kept = r if first_kept is None else first_kept
        return rows, bool(shape.table.first_row) and first_kept == 0 and len(rows) > 1
    return [], False
