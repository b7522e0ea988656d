"""Word (.docx) text: paragraphs and tables in body order, headings as sections.

python-docx opens the package; the body is read from its XML by ``docx_body`` (tracked changes,
content controls, text boxes, fields, footnotes) with each paragraph's automatic number from
``docx_numbering``.  A table becomes one line per row, its cells joined by " | "; paragraphs and
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
from .docx_body import W, Body
from .docx_numbering import Numbering
from .extracted import Extracted, ReadError, TextBuilder, meaningful_title
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
        body = _body(document)
        for text, heading, sep, header in body.blocks(document.element.body):
            out.block(text, heading, sep, header=header)
        if body.unended_listing():  # a contents field without its end hid the rest: read it all
            out, body = TextBuilder(), _body(document, listings=True)
            for text, heading, sep, header in body.blocks(document.element.body):
                out.block(text, heading, sep, header=header)
        core_title = document.core_properties.title
    except (PackageNotFoundError, KeyError):  # KeyError: a zip without [Content_Types].xml
        raise ReadError("not a readable Word file: no Word document in the archive") from None
    except Exception as exc:  # zipfile, lxml and python-docx raise many kinds on a damaged package
        if "Excessive depth" in str(exc):  # libxml2's own nesting limit (256 levels)
            raise ReadError("XML nested more than 256 levels deep (the parser's limit)", kind=OVER_BUDGET) from None
        raise ReadError(f"not a readable Word file: {_reason(exc)}") from None
    text = out.text()
    title = meaningful_title(core_title, name) or body.first_heading  # the heading without its number
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


def _parts(document) -> dict[str, object]:
    """The root elements of the numbering, footnotes and endnotes parts the document refers to."""
    from docx.oxml.parser import parse_xml

    roots = {}
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("numbering", "footnotes", "endnotes") and not rel.is_external and kind not in roots:
            part = rel.target_part
            root = getattr(part, "element", None)
            if root is None:
                try:
                    root = parse_xml(part.blob)
                except Exception as exc:  # noqa: BLE001 - damaged notes cost the notes, not the document
                    if "Excessive depth" in str(exc):
                        raise
                    continue
            _drop_entities(root)
            roots[kind] = root
    return roots


def _body(document, listings: bool = False) -> Body:
    """The reader of the document's body, with its numbering, styles and notes."""
    parts = _parts(document)
    notes = {}
    for kind in ("footnote", "endnote"):
        if kind + "s" in parts:
            notes.update(((kind, n.get(W + "id")), n) for n in parts[kind + "s"].iter(W + kind))
    styles = document.styles.element
    _drop_entities(styles)
    return Body(Numbering(parts.get("numbering"), styles), _heading_styles(document), notes, listings)


def _heading_styles(document):
    """``heading(style_id) -> bool``, from the style names looked up once (python-docx's own
    ``paragraph.style`` scans every style for each paragraph: minutes for a long document).  A
    style named "Heading N" or "Title" is a heading, and so is one with an outline level (Word's
    navigation pane lists it: a contract's "Clause Heading"), its own or through ``w:basedOn``."""
    from docx.enum.style import WD_STYLE_TYPE

    try:
        styles = document.styles
        names = {s.style_id: s.name for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
        default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        default_name = default.name if default is not None else ""
        outline, based = {}, {}
        for style in styles.element.iter(W + "style"):
            sid = style.get(W + "styleId")
            level = style.find(f"{W}pPr/{W}outlineLvl")
            if level is not None:
                outline[sid] = level.get(W + "val")
            parent = style.find(W + "basedOn")
            if parent is not None:
                based[sid] = parent.get(W + "val")
    except (KeyError, ValueError, AttributeError):
        names, default_name, outline, based = {}, "", {}, {}
    found: dict[str | None, bool] = {}

    def outlined(style_id: str | None) -> bool:
        for _ in range(20):  # a basedOn chain, never a loop
            if style_id in outline:
                return (outline[style_id] or "9").isdigit() and int(outline[style_id] or 9) < 9
            if style_id not in based:
                return False
            style_id = based[style_id]
        return False

    def heading(style_id: str | None) -> bool:
        if style_id not in found:
            found[style_id] = bool(_HEADING.match(names.get(style_id, default_name) or "")) or outlined(style_id)
        return found[style_id]

    return heading
