"""PDF text from the text layer, with pypdfium2 (PDFium: fastest of pypdfium2 / pypdf / pdfminer.six
measured in bench/pdf_extract.py, same text quality, Apache-2.0/BSD).

The result keeps page boundaries (``Extracted.pages``).  Running headers and footers (lines that
repeat on most pages once digits are normalised: "Page 3 of 9") are dropped, but never a page's
only text nor content lines that differ only in digits (``_drop_running_lines``), and the text of
a page continues the previous page's sentence instead of being cut by them.  Hard line wraps become
spaces, paragraph gaps "\\n\\n"; a word hyphenated at a line end is joined ("inter-" + "national")
unless the hyphen is a compound's own, decided with the whole document's words ("camera-ready": ``pdf_hyphens``);
ligatures become letters (also those a TeX font without a Unicode map gives as control characters:
``pdf_ligatures``), and so does a letter TeX set with a separate accent ("Schr¨oder").  A
margin note and a page's footnotes follow the paragraph they stood beside or in (``pdf_flow``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .extracted import Extracted, ReadError, clean_line, meaningful_title
from .pdf_chars import compose_accents, font_size, leading_mark, page_text, title_lines, trailing_marks
from .pdf_flow import assemble_pages, hyphen_joins
from .pdf_hyphens import SOFT, resolve
from .pdf_layout import drop_line_numbers
from .pdf_margins import EDGE, in_right_margin, note_split, text_block
from .pdf_title import large_first_line, name_entry, printed_small

EDGE_LINES = 3  # lines at the top / bottom of a page that may be running headers / footers
_HYPHENS = "\ufffe\x02\u00ad"  # PDFium marks a hyphen it joined at a line end with U+FFFE / 0x02


@dataclass
class Line:
    text: str
    top: float = 0.0  # of its first character (PDF units, y grows upwards)
    bottom: float = 0.0  # of its last character (PDFium may have joined a hyphenated line end)
    base: float = 0.0  # of its last character set in its size, below a mark or an exponent at its end
    height: float = 0.0  # font height: 0 when there is no geometry
    left: float = 0.0
    right: float = 0.0  # with no geometry: 0 / len(text), so "short line" still means something
    size: float = 0.0  # font size of its first character, 0 when unknown
    marks: int = 0  # characters at its end set small and raised: a footnote's mark ("Title∗")
    notes: tuple[str, ...] = ()  # margin notes beside it ("New feature", "2021/06/01")
    note_first: bool = False  # its first note stood left of it (a macro's name in the margin)
    footnote: bool = False  # it starts with a mark set small and raised, as a footnote does


def read_pdf(data: bytes, name: str = "") -> Extracted:
    """The text of a PDF's text layer and where each page starts in it.

    Raises ReadError: "not a readable PDF: <reason>", "encrypted PDF", "no text layer: scanned?".
    """
    import pypdfium2 as pdfium

    if not data:
        raise ReadError("not a readable PDF: empty file", kind="empty")
    if b"%PDF" not in data[:1024]:
        raise ReadError("not a readable PDF: no PDF header")
    if b"%%EOF" not in data[-4096:]:
        raise ReadError("not a readable PDF: truncated (no end-of-file marker)")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (4, 5):  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
            raise ReadError("encrypted PDF", kind="encrypted") from None
        reason = re.sub(r"^.*\(PDFium: |\)?\.?$", "", str(exc)).lower() or "cannot be opened"
        raise ReadError(f"not a readable PDF: {reason}") from None
    try:
        if len(doc) == 0:
            raise ReadError("not a readable PDF: no pages")
        pages = []
        for i in range(len(doc)):
            try:
                pages.append(_page_lines(doc[i], marks=i == 0))
            except pdfium.PdfiumError as exc:
                raise ReadError(f"not a readable PDF: page {i + 1}: {exc}") from None
        first = title_lines(pages[0])
        usual = first + title_lines([ln for page in pages[1:3] for ln in page])
        meta, large = meaningful_title(doc.get_metadata_dict().get("Title"), name), large_first_line(first, usual=usual)
        if meta and large and printed_small(meta, first, usual):
            meta = None  # a journal's line, which the page sets small, as the metadata's Title
        title = meta or large or name_entry(pages[0])
    finally:
        doc.close()
    if not any(pages):
        raise ReadError("no text layer: scanned?", kind="no text layer")
    drop_line_numbers(pages)
    drop_running_lines(pages)
    text, starts = assemble_pages(pages)
    text, starts, title = resolve(text, starts, title)
    if not text:
        raise ReadError("no text layer: scanned?", kind="no text layer")
    return Extracted(text=text, title=title, pages=starts)


def _page_lines(page, marks: bool = False) -> list[Line]:
    """The page's non-blank lines in PDFium's reading order, with their boxes (and, with ``marks``,
    the footnote marks at their ends: the first page's, for its title); a margin note beside a
    line is taken out of it (``Line.notes``), and a line set wholly in the right margin joins the
    notes of the line before it."""
    textpage = page.get_textpage()
    try:
        raw, index = page_text(textpage)
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", raw)]
        made = [(_line(textpage, raw, index, s, e, marks), s, e) for s, e in spans]
        made = [(line, s, e) for line, s, e in made if line]
        sizes = Counter(round(line.size) for line, _, _ in made if line.size > 0)
        body = sizes.most_common(1)[0][0] if sizes else 0
        for line, s, e in made:  # a footnote's mark: only a line set smaller than most can have one
            if 0 < line.size < 0.9 * body:
                line.footnote = leading_mark(textpage, [index[i] for i in range(s, e) if not raw[i].isspace()])
        block = text_block([line for line, _, _ in made]) if index else None
        if not block:
            return [line for line, _, _ in made]
        lines: list[Line] = []
        for k, (line, s, e) in enumerate(made):
            if lines and k < len(made) - 1 and in_right_margin(line, block):
                lines[-1].notes = (*lines[-1].notes, line.text)
                continue
            if line.left < block[0] - EDGE or line.right > block[1] + EDGE:
                a, b = note_split(_edge_boxes(textpage, raw, index, s, e, block), block)
                body = _line(textpage, raw, index, s + a, s + b, marks) if (a, b) != (0, e - s) else None
                if body:
                    before, after = (clean_line(compose_accents(raw[i:j])) for i, j in ((s, s + a), (s + b, e)))
                    body.notes, body.note_first = tuple(t for t in (before, after) if t), bool(before)
                    line = body
            lines.append(line)
        return lines
    finally:
        textpage.close()
        page.close()


def _edge_boxes(textpage, raw: str, index: list[int], s: int, e: int, block: tuple[float, float]) -> list:
    """``note_split``'s boxes of the line ``raw[s:e]``: its characters' from its start to the first
    at the text block's left edge and from its end back to the last within its right edge (a note
    lies past an edge); None for a space, () for a character between, not measured."""
    boxes: list = [()] * (e - s)
    for order, edge in ((range(s, e), lambda box: box[1] >= block[0] - EDGE),
                        (range(e - 1, s - 1, -1), lambda box: box[2] <= block[1] + EDGE)):
        for i in order:
            boxes[i - s] = None if raw[i].isspace() else (raw[i], *_across(textpage, index[i]))
            if boxes[i - s] and edge(boxes[i - s]):
                break
    return boxes


def _across(textpage, i: int) -> tuple[float, float, float]:
    """Character ``i``'s left and right edges and its font size."""
    left, _, right, _ = textpage.get_charbox(i, loose=True)
    return left, right, font_size(textpage, i)


def _line(textpage, raw: str, index: list[int], s: int, e: int, marks: bool) -> Line | None:
    """The line of ``raw[s:e]`` with its box (None when blank)."""
    piece = raw[s:e]
    text = clean_line(compose_accents(join_marked_hyphens(piece, SOFT)))
    if not text:
        return None
    line = Line(text, right=float(len(text)))
    if index:
        first = index[s + len(piece) - len(piece.lstrip())]
        last = index[s + len(piece.rstrip()) - 1]
        line.left, low, _, line.top = textpage.get_charbox(first, loose=True)
        _, line.bottom, line.right, high = textpage.get_charbox(last, loose=True)
        line.height = max(line.top - low, high - line.bottom, 0.0)
        line.size = font_size(textpage, first)
        line.base = _base_bottom(textpage, index, s, s + len(piece.rstrip()), line.size, line.bottom)
        if marks:
            line.marks = trailing_marks(textpage, index[s: s + len(piece.rstrip())])
    return line


def _base_bottom(textpage, index: list[int], s: int, e: int, size: float, bottom: float, most: int = 4) -> float:
    """The bottom of a line's last character set in its own size: a footnote's mark or an exponent
    at its end ("(WGM)⁴", "x²") sits higher, and would make the gap to the next line look like a
    paragraph's."""
    for i in range(e - 1, max(s, e - most) - 1, -1):
        if index[i] < 0 or size <= 0:
            break
        if font_size(textpage, index[i]) >= 0.8 * size:
            return bottom if i == e - 1 else textpage.get_charbox(index[i], loose=True)[1]
    return bottom


def join_marked_hyphens(text: str, soft: str = "") -> str:
    """PDFium already joined a hyphenated line end and marked the hyphen: ``soft`` in its place
    when the word may continue (``pdf_hyphens`` decides later; "" drops it), a real hyphen
    otherwise ("well-Known", "COVID-19")."""
    if not any(h in text for h in _HYPHENS):
        return text
    out = []
    for i, ch in enumerate(text):
        if ch in _HYPHENS:
            before, after = text[i - 1: i], text[i + 1: i + 2]
            if before and after and hyphen_joins(before, after):
                out.append(soft)
                continue
            ch = "-" if before and (after or ch != "\u00ad") else ""
        out.append(ch)
    return "".join(out)


def _key(text: str) -> str:
    key = re.sub(r"\d+", "#", text.casefold())
    key = re.sub(r"\s+", " ", key).strip()
    return re.sub(r"^(page )?[ivxlcdm]{1,7}$", r"\1#", key)


def _edges(lines: list[Line], depth: int = EDGE_LINES) -> set[int]:
    """Indexes of the lines that may be headers / footers: first and last in reading order and
    highest and lowest on the page."""
    n = len(lines)
    by_height = sorted(range(n), key=lambda i: lines[i].bottom)
    return set(range(min(n, depth))) | set(range(max(0, n - depth), n)) \
        | set(by_height[:depth]) | set(by_height[-depth:])


_TITLED = re.compile(r"[^\W\d_]{2,}\W+[^\W\d_]{2,}")  # two words: a running title, no piece of a formula
_PAGE_NUMBER = re.compile(r"(page )?[-–—(\[]? ?# ?[-–—)\]]?( ?(/|of) ?#)?")


def _numbered(text: str) -> bool:
    """A short line starting or ending with a page number: "Chapter 2: Syntax 3", "12 Results"."""
    return len(text) <= 100 and bool(re.search(r"^\d{1,4}\b|\b\d{1,4}$", text))


def drop_running_lines(pages: list[list[Line]]) -> None:
    """Remove, in place, the running headers and footers: edge lines whose digit-normalised text
    is on at least 40% of the pages with text (odd / even headers), the same line at the very
    top or bottom of 3 pages or more (a chapter's header) or of 2 pages at the height of such a
    line (a short paper's odd pages' header when its even pages' is one), lines with a page number at one end at
    the height where such lines are on 40% of the pages, and bare page numbers.

    Never real text: a line that is its page's only text stays, and so does a line whose text
    differs from page to page in its digits ("Invoice 1041 paid") unless it is the page's top or
    bottom line; a line whose digit-normalised text is on its page more than once is content (rows
    of a table), not a header, unless it is the page's top or bottom line after its first copy (a
    paper's running title at the foot of its title page, below the title)."""
    texted = [p for p in pages if p]
    if len(texted) < 2:
        return
    counts: dict[str, int] = {}
    exact: dict[str, int] = {}
    placed: dict[tuple[str, int], int] = {}
    numbered: dict[int, int] = {}  # a page number at either end of a line, at this height
    for lines in texted:
        for key in {_key(lines[i].text) for i in _edges(lines) if len(lines[i].text) <= 150}:
            counts[key] = counts.get(key, 0) + 1
        for text in {lines[i].text for i in _edges(lines) if len(lines[i].text) <= 150}:
            exact[text] = exact.get(text, 0) + 1
        for key in {(_key(lines[i].text), round(lines[i].top)) for i in _edges(lines, 1)}:
            placed[key] = placed.get(key, 0) + 1
        for y in {round(lines[i].top) for i in _edges(lines, 1) if _numbered(lines[i].text)}:
            numbered[y] = numbered.get(y, 0) + 1
    need = max(2, -(-len(texted) * 2 // 5))
    running = {k for k, c in counts.items() if c >= need}
    same = {t for t, c in exact.items() if c >= need}  # word for word on the pages: a header
    running |= {k for (k, _), c in placed.items() if c >= 3 and len(re.findall(r"[^\W\d_]", k)) >= 2}
    tops = {y for (k, y) in placed if k in running}  # where the running lines are: odd pages' and even pages'
    running |= {k for (k, y), c in placed.items() if c >= 2 and y in tops and len(re.findall(r"[^\W\d_]", k)) >= 2}
    heights = {y for y, c in numbered.items() if c >= need}
    for lines in texted:
        keys = [_key(ln.text) for ln in lines]
        on_page = {k: keys.count(k) for k in set(keys)}
        ends = _edges(lines, 1)
        drop = {i for i in _edges(lines) if keys[i] in running and (lines[i].text in same or i in ends)
                and (on_page[keys[i]] == 1 or i in ends and lines[i].text in same and keys.index(keys[i]) < i
                     and _TITLED.search(keys[i]))}
        drop |= {i for i in ends if round(lines[i].top) in heights and _numbered(lines[i].text)}
        if len(lines) == 1:
            drop = set()  # the page's only text
        drop |= {i for i in ends if _PAGE_NUMBER.fullmatch(keys[i])}  # a bare page number is no text
        drop |= {i for i in _edges(lines) if keys[i] in running and _PAGE_NUMBER.fullmatch(keys[i])
                 and re.search(r"[a-z/]", keys[i])}  # "2 of 3", "Page 2" above a footer
        lines[:] = [ln for i, ln in enumerate(lines) if i not in drop]
