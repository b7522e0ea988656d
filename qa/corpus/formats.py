"""One file's text by its format, read from the file already opened (and checked) by the caller.

Plain text (.txt) is kept exactly as decoded (every offset in qa refers to it); Markdown, HTML,
PDF and Word are turned into running text by their readers (``markdown.py``, ``html.py``,
``pdf.py``, ``docx.py``).  ``extract`` is what a reader process runs for the parsed formats
(``isolate.py``) and what runs in this process for plain text; a file that cannot be read raises
``ReadError`` whose ``kind`` is what the skip report counts.
"""

from __future__ import annotations

import logging
import threading
from typing import BinaryIO

from . import skips
from .budget import Budget
from .charset import LONG_LINE, read_text
from .extracted import Extracted, ReadError

log = logging.getLogger("qa")

PLAIN = (".txt", ".text")  # read in the build's own process: our code, linear, memory-bounded
MARKDOWN = (".md", ".markdown")
HTML = (".html", ".htm")
PARSED = (*MARKDOWN, *HTML, ".pdf", ".docx")  # read by a parser library: in a reader process
_TEXT_PROBLEMS = {"empty file": skips.EMPTY, "binary file": skips.BINARY, "unknown text encoding": skips.ENCODING}
_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one PDF at a time in this process


def extract(fh: BinaryIO, suffix: str, rel: str, size: int, budget: Budget = Budget()) -> Extracted:
    """The text (title, pages, sections) of the file open as ``fh`` (``size`` bytes), by ``suffix``."""
    if suffix in (".pdf", ".docx"):
        if size == 0:
            raise ReadError("empty file", kind=skips.EMPTY)
        data = fh.read()
        if suffix == ".pdf":
            from .pdf import read_pdf

            with _PDFIUM:
                return read_pdf(data, rel)
        from .docx import read_docx

        return read_docx(data, rel, budget)
    text = _text(fh, rel, budget.max_line_chars if suffix not in HTML else None)
    if suffix in MARKDOWN:
        from .markdown import read_markdown

        return read_markdown(text, rel)
    if suffix in HTML:
        from .html import read_html

        return read_html(text, rel, budget.max_depth)
    return Extracted(text)


def _text(fh: BinaryIO, rel: str, max_line: int | None) -> str:
    text, problem = read_text(fh, max_line)
    if text is None:
        kind = skips.OVER_BUDGET if problem.startswith(LONG_LINE) else _TEXT_PROBLEMS.get(problem, skips.UNREADABLE)
        raise ReadError(problem, kind=kind)
    if problem:
        log.info("%s: %s", rel, problem)
    return text
