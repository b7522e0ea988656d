"""OpenDocument text (.odt) with odfpy: paragraphs, headings and tables in body order.

Headings (``text:h``) are the sections; paragraphs are separated by a blank line, list items are
lines of their own; a table is one line per row, its cells joined by " | " (a cell covered by a
merged one is left out).  The table of contents is left out (it repeats the headings).  The title
is the document's ``dc:title``, else its first heading.

The archive is checked against the decompressed-bytes budget first (``unzip.check_zip``); a
password-protected document (its manifest holds ``encryption-data``) is skipped as "encrypted".
Text is gathered without recursion and a ``<text:s c="N"/>`` run of spaces counts as one space,
so no element can make the reader deep or large.
"""

from __future__ import annotations

import io
import zipfile

from .budget import Budget
from .extracted import Extracted, ReadError, TextBuilder, clean_line, meaningful_title
from .unzip import check_zip

WHAT = "OpenDocument file"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_SKIP = {(TEXT_NS, "table-of-content"), (TEXT_NS, "alphabetical-index"), (TEXT_NS, "tracked-changes"),
         (TEXT_NS, "sequence-decls"), (TEXT_NS, "variable-decls"), (TEXT_NS, "user-field-decls"),
         (TEXT_NS, "note-citation")}


def read_odt(data: bytes, name: str = "", budget: Budget = Budget()) -> Extracted:
    """Text, title and sections of an .odt; raises ReadError (kinds "damaged", "encrypted",
    "empty", or "over budget" for an archive that unzips past the budget)."""
    check_zip(data, budget, WHAT)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        try:
            manifest = zf.read("META-INF/manifest.xml")
        except KeyError:
            manifest = b""
    if b"encryption-data" in manifest:
        raise ReadError(f"encrypted {WHAT} (password-protected)", kind="encrypted")
    try:
        from odf import dc
        from odf.opendocument import load

        doc = load(io.BytesIO(data))
        out = TextBuilder()
        _walk(doc.text, out)
        titles = doc.meta.getElementsByType(dc.Title) if doc.meta is not None else []
        meta_title = _text(titles[0]) if titles else None
    except Exception as exc:  # noqa: BLE001 - zipfile, SAX and odfpy raise many kinds on a damaged file
        first = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
        raise ReadError(f"not a readable {WHAT}: {first or type(exc).__name__}") from None
    title = meaningful_title(meta_title, name) or (out.sections[0][1] if out.sections else None)
    return Extracted(text=out.text(), title=title, sections=tuple(out.sections), tables=tuple(out.tables))


def _walk(body, out: TextBuilder) -> None:
    """Blocks in document order (a stack, not recursion: nesting costs no stack depth)."""
    stack = list(reversed(_elements(body)))
    while stack:
        node = stack.pop()
        qname = node.qname
        if qname in _SKIP:
            continue
        if qname == (TEXT_NS, "h"):
            out.block(clean_line(_text(node)), heading=True)
        elif qname == (TEXT_NS, "p"):
            out.block(clean_line(_text(node)))
        elif qname == (TEXT_NS, "list"):  # its items one per line, the list a paragraph of its own
            first = True
            for item in _list_lines(node):
                out.block(item, sep="\n\n" if first else "\n")
                first = first and not item
        elif qname == (TABLE_NS, "table"):
            for i, row in enumerate(_rows(node)):
                out.block(row, sep="\n" if i else "\n\n", header=not i)  # a table's first row: its header
        else:
            stack.extend(reversed(_elements(node)))


def _list_lines(lst) -> list[str]:
    """The paragraphs of a (nested) list, in order."""
    lines = []
    stack = list(reversed(_elements(lst)))
    while stack:
        node = stack.pop()
        if node.qname in ((TEXT_NS, "p"), (TEXT_NS, "h")):
            lines.append(clean_line(_text(node)))
        elif node.qname not in _SKIP:
            stack.extend(reversed(_elements(node)))
    return lines


def _elements(node) -> list:
    return [c for c in node.childNodes if c.nodeType == c.ELEMENT_NODE]


def _rows(table) -> list[str]:
    rows = []
    stack = list(reversed(_elements(table)))
    while stack:
        node = stack.pop()
        if node.qname == (TABLE_NS, "table-row"):
            cells = [clean_line(_text(c).replace("\n", " ")) for c in _elements(node)
                     if c.qname == (TABLE_NS, "table-cell")]
            if any(cells):
                rows.append(" | ".join(cells))
        elif node.qname[0] == TABLE_NS:  # header rows, row groups
            stack.extend(reversed(_elements(node)))
    return rows


def _text(element) -> str:
    """The text of ``element``: spaces, tabs and line breaks as one character each."""
    parts: list[str] = []
    stack = [element]
    while stack:
        node = stack.pop()
        if node.nodeType == node.TEXT_NODE:
            parts.append(node.data)
            continue
        if node.nodeType != node.ELEMENT_NODE or (node is not element and node.qname in _SKIP):
            continue
        ns, local = node.qname
        if ns == TEXT_NS and local in ("s", "tab", "line-break"):
            parts.append(" ")
        elif ns == TEXT_NS and local == "note":  # a footnote: its body after a space, not glued on
            parts.append(" ")
            stack.extend(reversed(node.childNodes))
        else:
            stack.extend(reversed(node.childNodes))
    return "".join(parts)
