"""HTML tables: a table's own rows (not a nested table's), and whether it is a layout table or a
function's signature.

A layout table sets a page in columns (a manual's front page: "Release Notes" over a list of links,
"Users' Guide" over another); ``html.py`` reads it as blocks, any other table a line per row.  A
signature table sets a function's declaration in cells so that its parameters line up (Doxygen's
``memname``: "int SDL_Init", "(", "Uint32", "flags", ")"); it is read as the one line of code it is,
"int SDL_Init(Uint32 flags)", not as a row "int SDL_Init | ( | Uint32 | flags | ) |".  A numbered
listing sets a code block beside a cell of its line numbers (gtk-doc's ``listing_frame``, Pygments'
``highlighttable``); the numbers go and the code is read as the code block it is, its lines kept.
"""

from __future__ import annotations

import re

_HEADING_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
_CONTENT_TAGS = ["ul", "ol", "dl", "p", "table", "pre"]


def tags(children) -> list:
    """The elements among ``children`` (no strings, comments)."""
    from bs4 import Tag

    return [c for c in children if isinstance(c, Tag)]


def is_layout(table) -> bool:
    """Is ``table`` a layout table, a heading over a list or paragraphs in one of its own cells (a
    manual's front page set in columns: "Release Notes" over a list of links, "Users' Guide" over
    another)?  Its rows and cells are then read as blocks (renamed ``div``): the headings are sections,
    the items lines; a table inside a cell is still read as a table.  A row that holds only a heading
    (DocBook's FAQ, "1. Background" above its questions' rows) leaves the table a table."""
    rows = own_rows(table)
    cells = [c for tr in rows for c in tags(tr.children) if c.name in ("td", "th")]
    if not any(c.find(_HEADING_TAGS) is not None and c.find(_CONTENT_TAGS) is not None for c in cells):
        return False
    for tag in [*rows, *cells, *(c for c in tags(table.children) if c.name in ("thead", "tbody", "tfoot"))]:
        tag.name = "div"
    return True


def own_rows(table) -> list:
    """The <tr> elements of ``table`` in order, not those of a table inside it (a loop, not a search
    from each row)."""
    out = []
    stack = [iter(tags(table.children))]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.name == "tr":
            out.append(child)
        elif child.name != "table":
            stack.append(iter(tags(child.children)))
    return out


_OPEN, _CLOSE = {"("}, {")", ");", ")=0", ") const"}
_SIGNATURE_ROWS = 32  # a declaration's parameters, a row each


def _cells(table) -> list:
    return [c for tr in own_rows(table) for c in tags(tr.children) if c.name in ("td", "th")]


def is_signature(table) -> bool:
    """Is ``table`` one function's declaration laid out in cells: a cell that is only "(" and a later
    one that is only ")", no nested table, no header row, at most ``_SIGNATURE_ROWS`` rows?"""
    rows = own_rows(table)
    if not rows or len(rows) > _SIGNATURE_ROWS or table.find("table") is not None or table.find("th") is not None:
        return False
    texts = [" ".join(c.get_text().split()) for c in _cells(table)]
    opens = [i for i, t in enumerate(texts) if t in _OPEN]
    return bool(opens) and any(t in _CLOSE for t in texts[opens[0] + 1:])


def signature(table, text_of) -> str:
    """The declaration a signature table lays out, as one line: its cells' words (``text_of(cell)``)
    in order, no space inside the parentheses or before a comma."""
    line = " ".join(t for t in (text_of(c) for c in _cells(table)) if t)
    line = re.sub(r"\s+([),;])", r"\1", line)
    return re.sub(r"\s*\(\s*", "(", line, count=1).replace("( ", "(")


def numbered_listing(table) -> bool:
    """Is ``table`` a code block beside its line numbers: one row of two cells, the first nothing but
    the numbers 1, 2, 3… a line each, the second holding a ``<pre>``?  Then the numbers' cell is
    dropped and the table read as blocks (renamed ``div``), so the code stays a code block; not
    "1 2 3 4 | GHashTableIter iter; gpointer key, value; …" on one line."""
    rows = own_rows(table)
    if len(rows) != 1:
        return False
    cells = [c for c in tags(rows[0].children) if c.name in ("td", "th")]
    if len(cells) != 2 or cells[1].find("pre") is None:
        return False
    numbers = cells[0].get_text().split()
    if not numbers or not all(n.isdigit() for n in numbers):
        return False
    first = int(numbers[0])
    if [int(n) for n in numbers] != list(range(first, first + len(numbers))):
        return False
    cells[0].decompose()
    for tag in [*rows, cells[1], *(c for c in tags(table.children) if c.name in ("thead", "tbody", "tfoot"))]:
        tag.name = "div"
    return True
