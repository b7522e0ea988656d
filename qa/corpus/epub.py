"""E-books (.epub) with ebooklib: the chapters in spine (reading) order, chapter titles as sections.

Each chapter is an XHTML file read by the HTML reader (``html.read_html``), so its paragraphs,
lists and tables read as they do on a web page; chapters are separated by a blank line.  A
chapter's title is its entry in the table of contents, else its first heading; it is the section
where the chapter starts (the chapter's own inner headings stay sections too).  The book's title
is its Dublin Core title, else the first chapter's.

The archive is checked against the decompressed-bytes budget first (``unzip.check_zip``).  A book
whose chapters are encrypted (DRM: ``META-INF/encryption.xml`` naming a content file, or an Adobe
``rights.xml``) is skipped as "encrypted"; obfuscated fonts alone are not a reason.

A book's text has no source lines (``lines``): they would be lines of XHTML files inside the zip,
and a citation's ``book.epub:42`` names a line of the .epub itself, which no editor can open
there; the chapter is the citation's section (docs/reading.md).
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile

from .budget import Budget
from .extracted import Extracted, ReadError, clean_line, meaningful_title
from .unzip import check_zip

WHAT = "EPUB file"
_CONTENT = re.compile(r"\.(x?html?|xml)$", re.I)


def read_epub(data: bytes, name: str = "", budget: Budget = Budget()) -> Extracted:
    """Text, title and sections of an .epub; raises ReadError (kinds "damaged", "encrypted",
    "empty", or "over budget" for an archive that unzips past the budget)."""
    check_zip(data, budget, WHAT)
    _check_drm(data)
    try:
        from ebooklib import epub

        with warnings.catch_warnings():  # ebooklib warns about its own future defaults
            warnings.simplefilter("ignore")
            book = epub.read_epub(io.BytesIO(data), {"ignore_ncx": False})
        chapters = list(_chapters(book))
        meta_title = book.get_metadata("DC", "title")
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, lxml and ebooklib raise many kinds on a damaged book
        first = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
        raise ReadError(f"not a readable {WHAT}: {first}") from None
    text, sections, tables, code = _join(chapters)
    first_title = next((t for t, _ in chapters if t), None)
    title = meaningful_title(meta_title[0][0] if meta_title else None, name) or first_title
    return Extracted(text=text, title=title, sections=sections, tables=tables, code=code)


def _check_drm(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        if "META-INF/rights.xml" in names:
            raise ReadError(f"encrypted {WHAT} (DRM)", kind="encrypted")
        if "META-INF/encryption.xml" not in names:
            return
        listing = zf.read("META-INF/encryption.xml").decode("utf-8", "replace")
    # font obfuscation (IDPF / Adobe) encrypts fonts only: the text stays readable
    for uri in re.findall(r"CipherReference[^>]*URI\s*=\s*[\"']([^\"']+)", listing):
        if _CONTENT.search(uri.split("#")[0]):
            raise ReadError(f"encrypted {WHAT} (DRM)", kind="encrypted")


def _chapters(book):
    """(title or None, Extracted) of each spine item, in reading order."""
    from ebooklib import ITEM_DOCUMENT

    from .html import read_html

    titles = _toc_titles(book.toc)
    seen = set()
    for idref, *_ in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ITEM_DOCUMENT or item.get_name() in seen:
            continue
        seen.add(item.get_name())
        chapter = read_html(item.get_content(), item.get_name())
        if not chapter.text.strip():
            continue
        title = titles.get(posixpath.normpath(item.get_name())) or (
            chapter.sections[0][1] if chapter.sections else chapter.title)
        yield (clean_line(title) if title else None), chapter


def _toc_titles(toc) -> dict[str, str]:
    """Table-of-contents titles by file (the first entry naming a file wins)."""
    out: dict[str, str] = {}
    stack = list(toc)[::-1]
    while stack:
        entry = stack.pop()
        if isinstance(entry, (tuple, list)) and len(entry) == 2:
            section, children = entry
            stack.extend(list(children)[::-1])
            entry = section
        href = getattr(entry, "href", None)
        title = getattr(entry, "title", None)
        if href and title:
            out.setdefault(posixpath.normpath(href.split("#")[0]), title)
    return out


def _join(chapters) -> tuple[str, tuple[tuple[int, str], ...], tuple[int, ...], tuple[tuple[int, int], ...]]:
    """The chapters' texts with a blank line between; each chapter's title where it starts, and
    its inner headings (a heading at the very start is the title's place, labelled by the title);
    where the chapters' table header rows start; where their verbatim blocks (``<pre>``) lie."""
    parts: list[str] = []
    sections: list[tuple[int, str]] = []
    tables: list[int] = []
    code: list[tuple[int, int]] = []
    size = 0
    for title, chapter in chapters:
        body = chapter.text
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        if parts:
            parts.append("\n\n")
            size += 2
        inner = [(at - lead, h) for at, h in chapter.sections if at - lead >= 0]
        if title:
            sections.append((size, title))
            inner = [(at, h) for at, h in inner if at > 0]
        sections.extend((size + at, h) for at, h in inner)
        tables.extend(size + at - lead for at in chapter.tables if at - lead >= 0)
        code.extend((size + max(0, s - lead), size + min(len(body), e - lead)) for s, e in chapter.code
                    if min(len(body), e - lead) > max(0, s - lead))
        parts.append(body)
        size += len(body)
    return "".join(parts), tuple(sections), tuple(tables), tuple(code)
