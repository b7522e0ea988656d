"""The blocks of a Word body in document order, read from its XML as Word shows the document.

python-docx's ``paragraph.text`` reads a paragraph's direct runs and hyperlinks only, and its
``iter_inner_content`` the body's direct paragraphs and tables; so text inside a tracked insertion
(``w:ins``, ``w:moveTo``), a content control (``w:sdt``), a smart tag, a simple field or a text box
was lost.  Here every container is read, except what Word does not show as the document's text:

- tracked deletions and moves away (``w:del``, ``w:moveFrom``), hidden runs (``w:vanish``), field
  instructions (``w:instrText``);
- the generated listings a field or content control holds (table of contents, of authorities, an
  index: they repeat the headings and terms with page numbers), and a content control's placeholder
  ("Click or tap here to enter text.": shown greyed until the control is filled in);
- headers, footers and comments (other parts of the package: running text, not the body).

A paragraph's automatic number (``docx_numbering``) opens its text.  A text box's paragraphs follow
the paragraph that anchors it; a footnote's or endnote's text follows the block (paragraph or
table) that refers to it, as a paragraph of its own.  A table is one line per row, cells joined by
" | "; a cell merged across columns is read once, one merged down rows is repeated in each row.
"""

from __future__ import annotations

import re

from .docx_numbering import Numbering, as_int
from .extracted import clean_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_SKIP = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "sdtPr", W + "sdtEndPr", W + "delText",
         W + "footnoteRef", W + "endnoteRef", W + "annotationRef", MC + "Fallback"}
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo", W + "smartTag"}
_CHARS = {W + "tab": " ", W + "ptab": " ", W + "br": " ", W + "cr": " ", W + "noBreakHyphen": "-",
          W + "softHyphen": ""}
_LISTING = re.compile(r"\s*(TOC|TOA|INDEX)\b", re.I)
_NOTES = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}
_END = object()  # on the walk's stack: the end of a simple field's result


def _val(element, tag: str):
    found = element.find(tag) if element is not None else None
    return None if found is None else found.get(W + "val")


def _on(element, tag: str) -> bool:
    """A toggle property (``<w:vanish/>``, ``<w:vanish w:val="true"/>``) that is set."""
    found = element.find(tag) if element is not None else None
    return found is not None and (found.get(W + "val") or "true") not in ("0", "false", "off")


def _unread_control(sdt) -> bool:
    """A content control that holds a generated listing ("Table of Contents" building block) or
    still shows its placeholder ("Click or tap here to enter text.", "Choose an item.")."""
    props = sdt.find(W + "sdtPr")
    gallery = props.find(f"{W}docPartObj/{W}docPartGallery") if props is not None else None
    listing = gallery is not None and "contents" in (gallery.get(W + "val") or "").lower()
    return listing or _on(props, W + "showingPlcHdr")


def children(element, tags: set[str]):
    """``element``'s children whose tag is in ``tags``, looking through content controls, custom
    XML and tracked insertions that wrap them (no recursion: a stack)."""
    stack = list(reversed(element))
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag in tags:
            yield node
        elif tag in _WRAPPERS and not (tag == W + "sdt" and _unread_control(node)):
            stack.extend(reversed(node))


class Body:
    """``blocks(body)``: ``(text, heading, sep, header)`` for ``TextBuilder.block``, in order.

    ``heading(style_id) -> bool`` says which paragraph styles are headings; ``notes`` maps
    ``("footnote" | "endnote", id)`` to its ``w:footnote`` / ``w:endnote`` element."""

    def __init__(self, numbering: Numbering, heading, notes: dict | None = None, listings: bool = False):
        self.numbering = numbering
        self.listings = listings  # read generated listings (a contents field that never ends: all)
        self.heading = heading
        self.notes = notes or {}
        self.fields: list[list] = []  # open complex fields: [instruction, showing its result]
        self.pending: list[str] = []  # notes referred to in the block being read
        self.read_notes: set = set()
        self.label = ""  # the automatic number of the paragraph read last
        self.first_heading: str | None = None  # the first heading's text without its number

    def blocks(self, container):
        for node in children(container, {W + "p", W + "tbl"}):
            boxes = []
            if node.tag == W + "p":
                text, boxes = self.paragraph(node)
                if text:
                    heading = self._is_heading(node)
                    if heading and self.first_heading is None:
                        self.first_heading = text[len(self.label) + 1:] if self.label else text
                    yield text, heading, "\n\n", False
            else:
                for i, row in enumerate(self.rows(node)):
                    yield row, False, "\n" if i else "\n\n", not i  # a table's first row: its header
            notes, self.pending = self.pending, []
            for note in notes:
                yield note, False, "\n\n", False
            for box in boxes:
                yield from self.blocks(box)

    def _is_heading(self, p) -> bool:
        ppr = p.find(W + "pPr")
        if self.heading(_val(ppr, W + "pStyle")):
            return True
        level = _val(ppr, W + "outlineLvl")
        return level is not None and as_int(level, 9) < 9  # level 9 is body text

    def _hidden(self) -> bool:
        return any(not shown or (not self.listings and _LISTING.match(instr)) for instr, shown in self.fields)

    def unended_listing(self) -> bool:
        """Whether a listing's field was still open when the body ended (it hid the rest)."""
        return not self.listings and any(_LISTING.match(instr) for instr, _ in self.fields)

    def paragraph(self, p) -> tuple[str, list]:
        """The paragraph's text (its number first) and the text boxes it anchors."""
        mark = p.find(f"{W}pPr/{W}rPr")
        deleted = mark is not None and (mark.find(W + "del") is not None or mark.find(W + "moveFrom") is not None)
        label = "" if deleted else self.numbering.label(p)  # a deleted paragraph mark: no number counted
        parts: list[str] = []
        boxes: list = []
        stack = list(reversed(p))
        while stack:
            node = stack.pop()
            if node is _END:
                if self.fields:
                    self.fields.pop()
                continue
            tag = node.tag
            if not isinstance(tag, str) or tag in _SKIP:  # comments and processing instructions too
                continue
            if tag == W + "t" or tag == M + "t":
                if not self._hidden():
                    parts.append(node.text or "")
            elif tag in _CHARS:
                if not self._hidden():
                    parts.append(_CHARS[tag])
            elif tag == W + "fldChar":
                self._field(node.get(W + "fldCharType"))
            elif tag == W + "instrText":
                if self.fields and not self.fields[-1][1]:
                    self.fields[-1][0] += node.text or ""
            elif tag == W + "fldSimple":
                self.fields.append([node.get(W + "instr") or "", True])
                stack.append(_END)
                stack.extend(reversed(node))
            elif tag == W + "txbxContent":
                boxes.append(node)
            elif tag in _NOTES:
                if not self._hidden():
                    self._note(_NOTES[tag], node.get(W + "id"))
            elif tag == W + "r" and _on(node.find(W + "rPr"), W + "vanish"):
                continue
            elif tag == W + "sdt" and _unread_control(node):
                continue
            else:
                stack.extend(reversed(node))
        self.fields = [f for f in self.fields if f[1]]  # an instruction ends with its paragraph
        text = clean_line("".join(parts))
        self.label = label if text else ""  # set last: a note read on the way has its own
        return (f"{label} {text}" if label and text else text), boxes

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(["", False])
        elif kind == "separate" and self.fields:
            self.fields[-1][1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _note(self, kind: str, note_id: str | None) -> None:
        key = (kind, note_id)
        if key in self.read_notes or key not in self.notes:
            return
        self.read_notes.add(key)  # once: a note that refers to itself cannot loop
        fields, self.fields = self.fields, []
        text = clean_line(" ".join(self.paragraph(p)[0] for p in children(self.notes[key], {W + "p"})))
        self.fields = fields
        if text:
            self.pending.append(text)

    def rows(self, tbl) -> list[str]:
        """One line per row, cells joined by " | "; a vertically merged cell repeats the text of
        the cell it continues (same grid column, the row above)."""
        rows: list[str] = []
        above: dict[int, str] = {}
        for tr in children(tbl, {W + "tr"}):
            col = as_int(_val(tr.find(W + "trPr"), W + "gridBefore"), 0)
            cells: list[str] = []
            here: dict[int, str] = {}
            for tc in children(tr, {W + "tc"}):
                tcpr = tc.find(W + "tcPr")
                span = max(1, min(as_int(_val(tcpr, W + "gridSpan"), 1), 1000))
                merge = tcpr.find(W + "vMerge") if tcpr is not None else None
                if merge is not None and merge.get(W + "val", "continue") == "continue":
                    text = above.get(col, "")
                else:
                    text = self._cell(tc)
                for k in range(col, col + span):
                    here[k] = text
                cells.append(text)
                col += span
            above = here
            if any(cells):
                rows.append(" | ".join(cells))
        return rows

    def _cell(self, tc) -> str:
        parts: list[str] = []
        for node in children(tc, {W + "p", W + "tbl"}):
            if node.tag == W + "p":
                text, boxes = self.paragraph(node)
                parts.append(text)
                parts.extend(block[0] for box in boxes for block in self._box_blocks(box))
            else:
                parts.extend(self.rows(node))
        return clean_line(" ".join(parts))

    def _box_blocks(self, box):
        pending, self.pending = self.pending, []  # a cell's notes wait for the end of its table
        blocks = list(self.blocks(box))
        self.pending = pending + self.pending
        return blocks
