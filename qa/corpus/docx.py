"""Word (.docx) text with python-docx: paragraphs and tables in body order, headings as sections.

A table becomes one line per row, its cells joined by " | " (merged cells once); paragraphs and
headings are separated by a blank line.  The title is the document's core-properties title, else
its first heading.

The archive is checked against the decompressed-bytes budget first (``unzip.check_zip``).  Entity
references (only a crafted file has a DTD) are never expanded: each is dropped and the text
after it kept.
"""

from __future__ import annotations

import io
import re

from .budget import OVER_BUDGET, Budget
from .extracted import Extracted, ReadError, TextBuilder, clean_line, meaningful_title
from .unzip import check_zip

_HEADING = re.compile(r"^(heading\s*\d*|title)$", re.I)


def read_docx(data: bytes, name: str = "", budget: Budget = Budget()) -> Extracted:
    """Text, title and sections of a .docx.  Raises ReadError "not a readable Word file: ...", and
    ``unzip.ZipBomb`` (kind "over budget") for an archive that unzips past the budget."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ReadError(f"cannot read Word files: {exc}") from None
    check_zip(data, budget, "Word file", "not a zip archive (an old .doc?)")
    try:
        document = docx.Document(io.BytesIO(data))
        _drop_entities(document.element)
        out = TextBuilder()
        for block in _blocks(document):
            if isinstance(block, tuple):
                out.block(*block)
            else:
                out.block(block, sep="\n")
        core_title = document.core_properties.title
    except (PackageNotFoundError, KeyError):  # KeyError: a zip without [Content_Types].xml
        raise ReadError("not a readable Word file: no Word document in the archive") from None
    except Exception as exc:  # zipfile, lxml and python-docx raise many kinds on a damaged package
        if "Excessive depth" in str(exc):  # libxml2's own nesting limit (256 levels)
            raise ReadError("XML nested more than 256 levels deep (the parser's limit)", kind=OVER_BUDGET) from None
        raise ReadError(f"not a readable Word file: {_reason(exc)}") from None
    text = out.text()
    title = meaningful_title(core_title, name) or (out.sections[0][1] if out.sections else None)
    return Extracted(text=text, title=title, sections=tuple(out.sections), tables=tuple(out.tables))


def _drop_entities(root) -> None:
    """Remove entity references (``&ext;``), keeping the text that follows each: python-docx reads
    an element's first text node only, so the rest of the sentence would be lost."""
    from lxml import etree

    for entity in list(root.iter(etree.Entity)):
        parent, before, tail = entity.getparent(), entity.getprevious(), entity.tail or ""
        if parent is None:
            continue
        if before is not None:
            before.tail = (before.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(entity)


def _reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


def _blocks(document):
    """("text", is_heading) for paragraphs and one "row | row" line per table row, in body order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    heading = _heading_styles(document)
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = clean_line(item.text.replace("\n", " ").replace("\t", " "))
            if text:
                yield text, _is_heading(item, heading)
        elif isinstance(item, Table):
            first = True
            for row in _rows(item):
                yield row if not first else (row, False, "\n\n", None, (), True)  # the first row: its header
                first = False


def _rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(clean_line(" ".join(p.text for p in cell.paragraphs).replace("\t", " ")))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _heading_styles(document):
    """``heading(style_id) -> bool``, from the style names looked up once (python-docx's own
    ``paragraph.style`` scans every style for each paragraph: minutes for a long document)."""
    from docx.enum.style import WD_STYLE_TYPE

    try:
        styles = document.styles
        names = {s.style_id: s.name for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
        default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        default_name = default.name if default is not None else ""
    except (KeyError, ValueError, AttributeError):
        names, default_name = {}, ""
    found: dict[str | None, bool] = {}

    def heading(style_id: str | None) -> bool:
        if style_id not in found:
            found[style_id] = bool(_HEADING.match(names.get(style_id, default_name) or ""))
        return found[style_id]

    return heading


def _is_heading(paragraph, heading) -> bool:
    if heading(paragraph._p.style):
        return True
    outline = paragraph._p.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl")
    return outline is not None
