"""mdBook's print page: the whole book on one page, beside the chapters it copies.

mdBook writes every chapter as a page of its own and ``print.html``, all chapters one after the
other.  Indexed together every passage is there twice, so a print page whose chapters are all
beside it is skipped (kind "duplicate", the reason saying so); one whose chapters are not all
there is read (its text may be the only copy).

Recognised by mdBook's own marks, never by the name alone (Rust by Example has a chapter
``hello/print.html``): the page says "Book generated using mdBook" and asks robots not to index it
(mdBook does so on the print page only).  Its chapters are the links of the book's sidebar: in the
page itself (``<ol class="chapter">``, mdBook before 0.4.41) or in ``toc.html`` beside it (later).
Only bytes are looked at (a bounded scan of the page's head and of ``toc.html``), in the build's
process, before the page is parsed.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from urllib.parse import unquote

PRINT_PAGE = "print.html"
HEAD_BYTES = 64 << 10  # mdBook's marks are in the page's <head>
SIDEBAR_BYTES = 4 << 20  # the sidebar (before the chapters) or toc.html: 0.2 MB for 828 chapters
_GENERATOR = re.compile(rb"<!--\s*Book generated using mdBook\s*-->")
_NOINDEX = re.compile(rb"""<meta\s+name=["']robots["']\s+content=["']noindex["']\s*/?>""", re.I)
_CHAPTERS = re.compile(rb"""<ol\s+class=["']chapter["']""")
_HREF = re.compile(rb"""<a\s(?:[^>]*?\s)?href=["']([^"'<>]*)["']""")
_SIDEBAR_END = b"</nav>"
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|/")  # "https://…", "mailto:…", "/site/page.html"


def is_print_page(head: bytes) -> bool:
    """Do the first bytes of an HTML page carry mdBook's marks of its print page?"""
    head = head[:HEAD_BYTES]
    return bool(_GENERATOR.search(head) and _NOINDEX.search(head))


def chapters(page: bytes) -> list[str]:
    """The chapter files an mdBook sidebar links to, relative to the book's folder ("ch01.html",
    "guide/index.html"), in order, each once, without links to other sites; [] when ``page`` holds
    no sidebar."""
    found = _CHAPTERS.search(page)
    if found is None:
        return []
    end = page.find(_SIDEBAR_END, found.end())
    out: dict[str, None] = {}
    for raw in _HREF.findall(page, found.end(), end if end >= 0 else len(page)):
        href = unquote(raw.decode("utf-8", "replace")).split("#", 1)[0].split("?", 1)[0]
        if href and href != PRINT_PAGE and not _URL.match(href):  # a link out of the book is no chapter
            out[href] = None
    return list(out)


def beside(folder: Path, href: str) -> bool:
    """Is ``href`` a regular HTML file in ``folder`` or below it (never through "..")?"""
    if _URL.match(href) or not href.lower().endswith((".html", ".htm")):
        return False
    parts = href.split("/")
    if ".." in parts:
        return False
    try:
        return stat.S_ISREG(os.stat(folder.joinpath(*parts)).st_mode)
    except (OSError, ValueError):
        return False


def _head(path: Path, limit: int) -> bytes:
    """Up to ``limit`` bytes of a regular file reached without a symlink (b"" otherwise)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read(limit)
    except OSError:
        return b""
    finally:
        os.close(fd)


def copy_of_chapters(fh, path: Path) -> str | None:
    """The reason to skip ``path`` (open as ``fh``, left at its start) when it is an mdBook print
    page whose chapters are all beside it; None when it is to be read."""
    if os.path.basename(path) != PRINT_PAGE:
        return None
    head = fh.read(SIDEBAR_BYTES)
    fh.seek(0)
    if not is_print_page(head):
        return None
    folder = Path(path).parent
    listed = chapters(head) or chapters(_head(folder / "toc.html", SIDEBAR_BYTES))
    if not listed or not all(beside(folder, h) for h in listed):
        return None
    n = len(listed)
    return f"an mdBook's print page: a copy of the book's {n} chapter page{'s' * (n != 1)} beside it, read one by one"
