"""HTML tables: a table's own rows (not a nested table's), and whether it is a layout table.

A layout table sets a page in columns (a manual's front page: "Release Notes" over a list of links,
"Users' Guide" over another); ``html.py`` reads it as blocks, any other table a line per row.
"""

from __future__ import annotations

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
