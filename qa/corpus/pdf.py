"""PDF text from the text layer, with pypdfium2 (PDFium: fastest of pypdfium2 / pypdf / pdfminer.six
measured in bench/pdf_extract.py, same text quality, Apache-2.0/BSD).

The result keeps page boundaries (``Extracted.pages``).  Running headers and footers (lines that
repeat on most pages once digits are normalised: "Page 3 of 9") are dropped, but never a page's
only text nor content lines that differ only in digits (``_drop_running_lines``), and the text of
a page continues the previous page's sentence instead of being cut by them.  Hard line wraps become
spaces, paragraph gaps "\\n\\n"; a word hyphenated at a line end is joined ("inter-" + "national");
ligatures become letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extracted import Extracted, ReadError, clean_line, meaningful_title
from .pdf_chars import font_size, page_text, title_lines, trailing_marks
from .pdf_layout import column_jump, drop_line_numbers, frames
from .pdf_title import large_first_line, name_entry

EDGE_LINES = 3  # lines at the top / bottom of a page that may be running headers / footers
_END = re.compile(r"[.!?:][\"'”’)\]]*$")
_BULLET = re.compile(r"^([•◦▪▫●○■□‣⁃∙·*–—-]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|\([ivx]{1,4}\)\s)")
_LEADERS = re.compile(r"(\.\s?){4,}\s*([\divxlc]{1,5}|[\dIVXLC]{1,5})$")
_HYPHENS = "\ufffe\x02\u00ad"  # PDFium marks a hyphen it joined at a line end with U+FFFE / 0x02


@dataclass
class Line:
    text: str
    top: float = 0.0  # of its first character (PDF units, y grows upwards)
    bottom: float = 0.0  # of its last character (PDFium may have joined a hyphenated line end)
    height: float = 0.0  # font height: 0 when there is no geometry
    left: float = 0.0
    right: float = 0.0  # with no geometry: 0 / len(text), so "short line" still means something
    size: float = 0.0  # font size of its first character, 0 when unknown
    marks: int = 0  # characters at its end set small and raised: a footnote's mark ("Title∗")


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
        title = (meaningful_title(doc.get_metadata_dict().get("Title"), name)
                 or large_first_line(first, usual=first + title_lines([ln for page in pages[1:3] for ln in page]))
                 or name_entry(pages[0]))
    finally:
        doc.close()
    if not any(pages):
        raise ReadError("no text layer: scanned?", kind="no text layer")
    drop_line_numbers(pages)
    drop_running_lines(pages)
    text, starts = assemble_pages(pages)
    if not text:
        raise ReadError("no text layer: scanned?", kind="no text layer")
    return Extracted(text=text, title=title, pages=starts)


def _page_lines(page, marks: bool = False) -> list[Line]:
    """The page's non-blank lines in PDFium's reading order, with their boxes (and, with ``marks``,
    the footnote marks at their ends: the first page's, for its title)."""
    textpage = page.get_textpage()
    try:
        raw, index = page_text(textpage)
        lines = []
        for m in re.finditer(r"[^\r\n]+", raw):
            text = clean_line(join_marked_hyphens(m.group()))
            if not text:
                continue
            line = Line(text, right=float(len(text)))
            if index:
                first = index[m.start() + len(m.group()) - len(m.group().lstrip())]
                last = index[m.start() + len(m.group().rstrip()) - 1]
                line.left, low, _, line.top = textpage.get_charbox(first, loose=True)
                _, line.bottom, line.right, high = textpage.get_charbox(last, loose=True)
                line.height = max(line.top - low, high - line.bottom, 0.0)
                line.size = font_size(textpage, first)
                if marks:
                    line.marks = trailing_marks(textpage, index[m.start(): m.start() + len(m.group().rstrip())])
            lines.append(line)
        return lines
    finally:
        textpage.close()
        page.close()


def _joins(before: str, after: str) -> bool:
    """Is ``before``-``after`` one word hyphenated at a line end?  Yes when a letter precedes the
    hyphen and a lowercase letter follows it (or both sides are capitals: "ELE-MENT")."""
    return (before.isalpha() and after.isalpha()
            and (after.islower() or (before.isupper() and after.isupper())))


def join_marked_hyphens(text: str) -> str:
    """PDFium already joined a hyphenated line end and marked the hyphen: drop it when the word
    really continues, keep a real hyphen otherwise ("well-Known", "COVID-19")."""
    if not any(h in text for h in _HYPHENS):
        return text
    out = []
    for i, ch in enumerate(text):
        if ch in _HYPHENS:
            before, after = text[i - 1: i], text[i + 1: i + 2]
            if before and after and _joins(before, after):
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


_PAGE_NUMBER = re.compile(r"(page )?[-–—(\[]? ?# ?[-–—)\]]?( ?(/|of) ?#)?")


def _numbered(text: str) -> bool:
    """A short line starting or ending with a page number: "Chapter 2: Syntax 3", "12 Results"."""
    return len(text) <= 100 and bool(re.search(r"^\d{1,4}\b|\b\d{1,4}$", text))


def drop_running_lines(pages: list[list[Line]]) -> None:
    """Remove, in place, the running headers and footers: edge lines whose digit-normalised text
    is on at least 40% of the pages with text (odd / even headers), the same line at the very
    top or bottom of 3 pages or more (a chapter's header), lines with a page number at one end at
    the height where such lines are on 40% of the pages, and bare page numbers.

    Never real text: a line that is its page's only text stays, and so does a line whose text
    differs from page to page in its digits ("Invoice 1041 paid") unless it is the page's top or
    bottom line; a line whose digit-normalised text is on its page more than once is content (rows
    of a table), not a header."""
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
    heights = {y for y, c in numbered.items() if c >= need}
    for lines in texted:
        keys = [_key(ln.text) for ln in lines]
        on_page = {k: keys.count(k) for k in set(keys)}
        ends = _edges(lines, 1)
        drop = {i for i in _edges(lines) if keys[i] in running and on_page[keys[i]] == 1
                and (lines[i].text in same or i in ends)}
        drop |= {i for i in ends if round(lines[i].top) in heights and _numbered(lines[i].text)}
        if len(lines) == 1:
            drop = set()  # the page's only text
        drop |= {i for i in ends if _PAGE_NUMBER.fullmatch(keys[i])}  # a bare page number is no text
        lines[:] = [ln for i, ln in enumerate(lines) if i not in drop]


def _short(line: Line, frame: tuple[float, float], slack: float) -> bool:
    """Does ``line`` end well before its text's right margin (``slack`` of the text width)?"""
    left, right = frame
    return line.right < right - slack * (right - left)


def _gap_ratios(lines: list[Line]) -> list[float]:
    """Blank space between consecutive lines, in line heights (negative: overlap or a jump up)."""
    out = []
    for a, b in zip(lines, lines[1:]):
        h = max(a.height, b.height)
        out.append((a.bottom - b.top) / h if h > 0 else 0.0)
    return out


def _breaks(lines: list[Line], usual: float) -> list[str]:
    """The separator before each line after the first: " " (same paragraph), "\\n" (a list item)
    or "\\n\\n" (a new paragraph: a vertical gap wider than the document's ``usual`` one, a
    font-size change, a jump up the page other than to the next column, or a line ending a
    paragraph; lines are short against their own column's width)."""
    seps = []
    edges = frames(lines)
    for k, (a, b, gap) in enumerate(zip(lines, lines[1:], _gap_ratios(lines))):
        ha, hb = a.height, b.height
        if column_jump(a, b) and not _BULLET.match(b.text):
            seps.append("\n\n" if _paragraph_end(a, edges[k]) else " ")  # a sentence runs on
        elif max(ha, hb) > 0 and (b.bottom > a.top or gap > usual + 0.4
                                  or abs(ha - hb) > 0.2 * max(ha, hb)):
            seps.append("\n\n")
        elif _BULLET.match(b.text):
            seps.append("\n")
        elif _paragraph_end(a, edges[k]):
            seps.append("\n\n")
        else:
            seps.append(" ")
    return seps


def _paragraph_end(line: Line, frame: tuple[float, float]) -> bool:
    """A short line ending a sentence, a very short line without one (a heading, a cell), or a
    contents or index entry (dot leaders and a page number: it may fill its column)."""
    if _LEADERS.search(line.text):
        return True
    ended = bool(_END.search(line.text))
    return _short(line, frame, 0.15) if ended else _short(line, frame, 0.4)


def assemble_pages(pages: list[list[Line]]) -> tuple[str, tuple[int, ...]]:
    """One text for all pages and the offset where each page starts in it."""
    out: list[str] = []
    size = 0
    starts: list[int | None] = []
    prev: tuple[Line, tuple[float, float]] | None = None
    ratios = sorted(r for lines in pages for r in _gap_ratios(lines) if r > -0.5)
    # the document's line spacing, in line heights: the tighter gaps (most gaps are inside a
    # paragraph, but a short document may have as many paragraph gaps as line gaps)
    usual = min(ratios[len(ratios) // 5], 1.2) if ratios else 0.0
    for lines in pages:
        if not lines:
            starts.append(None)
            continue
        seps = _breaks(lines, usual)
        if prev is None:
            first_sep = ""
        elif _BULLET.match(lines[0].text):
            first_sep = "\n"
        else:
            ha, hb = prev[0].height, lines[0].height
            resized = ha > 0 and hb > 0 and abs(ha - hb) > 0.2 * max(ha, hb)  # a heading
            first_sep = "\n\n" if resized or _paragraph_end(*prev) else " "  # a sentence runs on
        for j, line in enumerate(lines):
            sep = first_sep if j == 0 else seps[j - 1]
            text = line.text
            if sep == " " and out and out[-1].endswith("-") and _joins(out[-1][-2:-1], text[:1]):
                out[-1] = out[-1][:-1]
                size -= 1
                sep = ""
            out.append(sep)
            size += len(sep)
            if j == 0:
                starts.append(size)
            out.append(text)
            size += len(text)
        prev = (lines[-1], frames(lines)[-1])
    following = size
    for i in range(len(starts) - 1, -1, -1):  # a page without text starts where the next one does
        if starts[i] is None:
            starts[i] = following
        following = starts[i]
    return "".join(out), tuple(starts)  # type: ignore[arg-type]
