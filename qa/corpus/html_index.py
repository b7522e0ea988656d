"""An index page of generated documentation: its entries are names, each a link to where the name
is documented on another page.

Sphinx's ``genindex.html`` ("A1 (cairo.Format attribute)"), javadoc's ``index-all.html``
("acceptSystemIn() - Method in class FileArgumentType", its first sentence again), gtk-doc's
``api-index-full.html`` ("g_hash_table_new, function in Hash Tables"), Doxygen's ``globals_a.html``
and ``functions_b.html`` ("SDL_Init() : SDL.h", one page a letter and a kind), javadoc's "Uses of
Class" pages, DocBook's book index.  Read, each entry is a short passage dense in the names a
question asks for ("What does SDL_Init do?"), so index pages took places in the results from the
pages that document the names; their text is no answer ("SDL_Init() : SDL.h").  ``html.py`` skips
such a page as a stub: every name in it is read on the page it links to.

Recognised by its shape, never its name: at least ``MIN_ENTRIES`` entries (list items, terms or
table rows of at most ``ENTRY_WORDS`` words, no list inside) that link to an anchor on another page
(``page.html#name``: an in-page link, a link to a whole page, to another site, is no entry), that
is no sentence (it does not end with "." or ":": PostgreSQL's "PGHOST behaves the same as the host
connection parameter." is a page's text) and no line of a table of contents (DocBook's chapter
pages list their sections' anchors in ``div.toc``: the chapter's page is read), by a link that is
no field's label (Apache's module pages link each row's "Description:", "Syntax:" to the page
explaining them: a table of the page's own), and no row naming one of the page's own members by
an in-page link (Doxygen's "Data Fields": "Uint8 | axis", the type linking to its header) nor
a table of one row (Doxygen's member declarations, "Uint8 SDL_PixelFormat::Aloss"), holding
at least ``MIN_SHARE`` of the page's text outside headings; with fewer entries (Doxygen writes a
page a letter, "- q -" over "SDL_Quit() : SDL_quit.h"), all of it (``ALL_SHARE``).  A page's table of contents links to
whole pages; a page of prose with a few "see also" links is mostly prose.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

MIN_ENTRIES = 5
ENTRY_WORDS = 15
MIN_SHARE = 0.4
ALL_SHARE = 0.9  # fewer entries than MIN_ENTRIES (Doxygen's letter pages: "- bytes -", one entry)
_ENTRIES = ["li", "dt", "tr"]
_SENTENCE_END = (".", "!", "?", ":")  # "PGHOST behaves the same as the host connection parameter.": a sentence
_TOC = re.compile(r"(^|[\s_-])(toc|toctree)($|[\s_-])", re.I)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _elsewhere(href: str, own: str) -> str | None:
    """The page ``href`` points into when it is an anchor on another page of the same site
    ("other.html#name"); None otherwise."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.fragment or not parts.path:
        return None
    page = unquote(parts.path)
    return page if posixpath.basename(page) != own else None


def _here(href: str, own: str) -> bool:
    """Does ``href`` lead to an anchor on the page itself ("#name", "../d3/own.html#name")?  A row
    naming one of the page's own members ("Uint8 | axis", its type linked elsewhere) is the page's."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    path = unquote(parts.path)
    return bool(parts.fragment) and not parts.scheme and (not path or posixpath.basename(path) == own)


def _in_toc(tag, top) -> bool:
    """Is ``tag`` inside a table of contents (DocBook's ``div.toc``, Sphinx's ``toctree-wrapper``)?"""
    for parent in tag.parents:
        if parent is top:
            return False
        classes = parent.get("class") or []
        names = " ".join(classes if isinstance(classes, list) else [str(classes)])
        if _TOC.search(f"{names} {parent.get('id', '')}"):
            return True
    return False


def _rows(table, seen: dict[int, int]) -> int:
    if table is None:
        return 0
    if id(table) not in seen:
        seen[id(table)] = sum(1 for tr in table.find_all("tr") if tr.find_parent("table") is table)
    return seen[id(table)]


def _words(tag) -> list[str]:
    return tag.get_text(" ").split()


def is_name_index(body, name: str = "") -> bool:
    """Is ``body`` (furniture already removed) an index of names linking to where each is documented?
    ``name``: the page's own path, so that links to anchors on the page itself are not counted."""
    own = posixpath.basename(name.replace("\\", "/"))
    entries = chars = 0
    rows: dict[int, int] = {}  # id(<table>) -> its rows
    for tag in body.find_all(_ENTRIES):
        if tag.find(_ENTRIES) is not None:
            continue  # an entry holding entries (a letter's list): its own entries count
        if tag.name == "tr" and _rows(tag.find_parent("table"), rows) < 2:
            continue  # a table of one row is a layout (Doxygen's member declaration "Uint8 SDL_X::aloss")
        words = _words(tag)
        if not words or len(words) > ENTRY_WORDS or words[-1].endswith(_SENTENCE_END) or _in_toc(tag, body):
            continue
        links = [str(a.get("href", "")) for a in tag.find_all("a", href=True) if not a.get_text().strip().endswith(":")]
        if any(_elsewhere(h, own) for h in links) and not any(_here(h, own) for h in links):
            entries += 1
            chars += len(" ".join(words))
    if not entries:
        return False
    headings = sum(len(" ".join(_words(h))) for h in body.find_all(list(_HEADINGS)))
    total = len(" ".join(_words(body))) - headings
    share = ALL_SHARE if entries < MIN_ENTRIES else MIN_SHARE  # a few entries: the page must be nothing else
    return total > 0 and chars >= share * total
