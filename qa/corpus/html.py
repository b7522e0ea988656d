"""HTML as running text with BeautifulSoup: what a reader of the page reads, no page furniture.

Inline elements (b, i, a, span, em, strong, code, ...) stay inside their sentence; block elements
(p, div, li, headings, ...) are paragraphs; a table is one line per row, cells joined by " | ".
An ordered list's item opens with the number a browser shows ("3.", "b.", "iv.": ``html_lists``).
Dropped: script/style, nav, form, a permalink ("¶", before the title is read), an aside that is
not the page's own footnote, topic or note (``is_boxed_text``), and page furniture
(``html_furniture.py``: a site header and footer, hidden elements, menus, a page's own table of
contents, a manual's running navigation).
Headings are the sections; the title is the page's <title>, else its first <h1> outside navigation (``html_order``:
the <h1> first when the <title> is "Page | Site"; ``best_title``: never a generic "1. Overview").
A page that only redirects elsewhere is a stub: skipped; so is an index of names whose entries
link to the pages documenting them (``html_index``: genindex.html, index-all.html).  A function's
signature set in a table and a code block beside its line numbers are read as the line or code
they are (``html_tables``).  Text keeps the source line of each of its
lines (``clean_pieces``): a sentence deep in a long paragraph is cited at its own line; a table row
at its ``<tr>``.

Deep markup costs time in proportion to its size: elements nested deeper than ``MAX_DEPTH`` are
read as siblings of the last one at that depth (as web browsers do past 512 levels), and every pass
over the tree is a loop over it, never recursion or a search from each element.
"""

from __future__ import annotations

import re

from .extracted import Extracted, ReadError, TextBuilder, clean_code_line, clean_line, decode
from .html_flow import Flow, element_text
from .html_lists import has_definitions, list_labels
from .html_tables import is_layout, is_signature, numbered_listing, own_rows, signature, tags
from .html_index import is_name_index
from .html_furniture import first_h1, furniture, is_boxed_text, is_permalink, is_template, up_title
from .html_images import is_label_image
from .languages import is_type_map

_NEVER = ["script", "style", "noscript", "template", "svg", "head", "iframe", "object", "embed",
          "canvas", "nav", "form", "button", "select", "input", "textarea", "dialog", "menu"]
_BLOCKS = {"address", "article", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt",
           "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "hr", "html", "li",
           "main", "ol", "p", "section", "summary", "ul", "caption"}
_LINES = {"li", "dt", "dd"}  # one after another on their own line, not a paragraph each
_TERM = "term"  # the end of a <dt>: its words wait for its <dd>'s (``Flow.hold_term``)
_FIELD = "field"  # the end of a field list's name without its colon ("Returns"): a term, and ":"
_ITEM = "item"  # the end of a numbered <li>: a number still waiting is dropped (``Flow.end_item``)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SPACED = frozenset(_BLOCKS | {"br", "table", "tr", "td", "th", "pre", "img"} | _HEADINGS)  # a space in a cell
_KEEP = {"html", "body", "main", "article"}
_WS = re.compile(r"\s+")
MAX_DEPTH = 512  # elements deeper than this are read as siblings (Blink's limit for HTML parsing)


def read_html(data: bytes | str, name: str = "", max_depth: int = MAX_DEPTH) -> Extracted:
    """Running text, title and sections of an HTML page (never raises on odd markup)."""
    from .skips import STUB
    from .titles import best_title, html_order, is_generic, stub_reason, without_dangling

    markup = decode(data)
    if is_type_map(markup):  # Apache's "page.html" listing "page.html.en", "page.html.fr"...: no page of its own
        raise ReadError("a content-negotiation type map: it lists the page's copies in other files", kind=STUB)
    soup = _parse(markup, max_depth)
    if is_template(soup):
        raise ReadError("a template ({% … %} statements): no page of its own", kind=STUB)
    head = clean_line(_WS.sub(" ", soup.title.get_text(" "))) if soup.title is not None else None
    head, unnamed = without_dangling(head)  # "libxslt: ": the page's first heading names it
    refresh = soup.find("meta", attrs={"http-equiv": re.compile(r"^refresh$", re.I)})
    refresh_to = None
    if refresh is not None:
        refresh_to = (re.findall(r"url\s*=\s*['\"]?([^'\">\s]+)", str(refresh.get("content", "")), re.I) or [""])[0]
    up_link = up_title(soup.head) if soup.head is not None else None  # <link rel="up">: the <head> goes now
    _remove(soup, lambda tag, _inside: (tag.name in _NEVER or is_permalink(tag)  # before the title's <h1> is read
                                        or (tag.name == "aside" and not is_boxed_text(tag))))
    h1 = first_h1(soup)
    named = html_order(head, clean_line(_WS.sub(" ", element_text(h1, _SPACED))) if h1 is not None else None)
    title = best_title(*named)
    part = (up_link or up_title(soup)) if title is None and not unnamed else None  # "2.1. Introduction": of what?
    body = soup.body or soup
    lengths = _text_lengths(body)
    total = lengths.get(id(body), 0)
    # page furniture, but never the page's main content; a <footer> is never that (Sphinx's search.html:
    # "Built with Sphinx using a theme provided by Read the Docs.", alone on a page filled by a script)
    _remove(body, lambda tag, inside: (tag.name not in _KEEP and furniture(tag, inside)
                                       and (lengths.get(id(tag), 0) < 0.5 * total or tag.name == "footer")))
    if is_name_index(body, name):  # genindex.html, index-all.html: every entry a link to its name's page
        raise ReadError("an index of names: each entry links to the page that documents it, read there", kind=STUB)
    out = TextBuilder()
    _walk(body, out, _TagEnds(markup))
    text = out.text()
    stub = stub_reason(text, refresh_to, len(body.find_all("a", href=True)))
    if stub:
        raise ReadError(stub, kind=STUB)
    if unnamed and out.sections:
        title = best_title(out.sections[0][1], title)
    generic = next((n for n in named if n and n.strip()), None)
    if title is None and part and generic and not is_generic(part):
        title = f"{part}: {generic.strip()}"  # "Chapter 2. The SQL Language: 2.1. Introduction"
    return Extracted(text=text, title=title, sections=tuple(out.sections), lines=tuple(out.lines),
                     tables=tuple(out.tables), code=tuple(out.code))


def _parse(markup: str, max_depth: int):
    """BeautifulSoup's tree of ``markup`` (html.parser), at most ``max_depth`` elements deep: a start
    tag deeper than that is left out (its text is kept) and so is its end tag.  ``<wbr>`` is left out
    too, so the text around it stays one string (one word)."""
    from bs4 import BeautifulSoup

    class CappedSoup(BeautifulSoup):
        dropped: dict[str, int]

        def handle_starttag(self, name, *args, **kwargs):
            if name == "wbr":  # a place a long word may break ("read_<wbr>to_<wbr>string"): no tag, one word
                return None
            if len(self.tagStack) > max_depth:
                self.dropped[name] = self.dropped.get(name, 0) + 1
                return None
            return super().handle_starttag(name, *args, **kwargs)

        def handle_endtag(self, name, *args, **kwargs):
            if self.dropped.get(name):
                self.dropped[name] -= 1
                return None
            return super().handle_endtag(name, *args, **kwargs)

    CappedSoup.dropped = {}
    return CappedSoup(markup, "html.parser")


def _remove(root, unwanted) -> None:
    """Decompose, top down, every element for which ``unwanted(tag, inside_article_or_main)``; the
    inside of a removed element is not looked at."""
    stack = [(root, root.name in ("article", "main"))]
    while stack:
        tag, inside = stack.pop()
        for child in tags(tag.children):
            if unwanted(child, inside):
                child.decompose()
            else:
                stack.append((child, inside or child.name in ("article", "main")))


def _text_lengths(root) -> dict[int, int]:
    """``id(tag) -> len(tag.get_text())`` for ``root`` and every element in it, in one pass."""
    from bs4 import CData, NavigableString, Tag

    counted = (NavigableString, CData)  # what get_text() counts (not comments, scripts, doctypes)
    lengths: dict[int, int] = {}
    order: list = []  # parents before children
    stack = [root]
    while stack:
        tag = stack.pop()
        order.append(tag)
        stack.extend(c for c in tag.children if isinstance(c, Tag))
    for tag in reversed(order):
        n = 0
        for child in tag.children:
            if isinstance(child, Tag):
                n += lengths[id(child)]
            elif type(child) in counted:
                n += len(child)
        lengths[id(tag)] = n
    return lengths


class _TagEnds:
    """The source line a start tag ends on (``<a\\n href=…>`` spans two): where its text begins."""

    def __init__(self, markup: str):
        self.markup = markup
        from array import array

        self.starts = array("q", [0])  # where each line starts: 8 bytes a line, not a list's 36
        self.starts.extend(m.end() for m in re.finditer("\n", markup))

    def line(self, tag) -> int | None:
        line, col = tag.sourceline, tag.sourcepos
        if line is None or col is None or line > len(self.starts):
            return line
        at = self.starts[line - 1] + col
        close = self.markup.find(">", at)
        return line + self.markup.count("\n", at, close) if close >= 0 else line


def _walk(root, out: TextBuilder, ends_at: _TagEnds | None = None) -> None:
    """Blocks in document order, without recursion (deeply nested markup is common)."""
    from bs4 import Comment, NavigableString, Tag
    from bs4.element import PreformattedString

    flow = Flow(out)
    labels = list_labels(root)
    defined: dict[int, bool] = {}  # id(<dl>) -> does it hold a <dd>
    stack: list = [iter(root.children)]
    ends: list[str | None] = [""]
    held_in = 0  # the depth of the list whose term is held
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            end = ends.pop()
            if flow.held and len(stack) < held_in:
                flow.release()  # the list holding the term ended before a definition came
            if end in (_TERM, _FIELD):
                if end == _FIELD:
                    flow.colon()  # "Returns:", the colon a docutils theme's stylesheet draws after a field's name
                flow.hold_term()
                held_in = len(stack)
            elif end == _ITEM:
                flow.end_item()
                flow.boundary("\n")
            elif end is not None:  # the end of a block (None: of an inline element)
                flow.boundary(end)
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, (Comment, PreformattedString)):
                flow.text(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        flow.line = (ends_at.line(child) if ends_at else child.sourceline) or flow.line
        if name in _HEADINGS:
            flow.boundary("\n\n")
            flow.emit(clean_line(_WS.sub(" ", element_text(child, _SPACED))), heading=True)
            flow.boundary("\n\n")
        elif name == "table" and (is_layout(child) or numbered_listing(child)):  # read as blocks, not rows
            flow.boundary("\n\n")
            stack.append(iter(child.children))
            ends.append("\n\n")
        elif name == "table" and is_signature(child):  # Doxygen's "int SDL_Init | ( | Uint32 | flags | )"
            flow.boundary("\n\n")
            flow.emit(signature(child, lambda c: clean_line(_WS.sub(" ", element_text(c, _SPACED)))), line=flow.line)
            flow.boundary("\n\n")
        elif name == "table":
            flow.boundary("\n\n")
            for i, (row, line, head) in enumerate(_rows(child, labels)):
                flow.emit(row, line=line, header=head and not i)
                flow.boundary("\n")
            flow.boundary("\n\n")
        elif name == "pre":
            flow.boundary("\n\n")
            raw = child.get_text()
            code = "\n".join(clean_code_line(ln) for ln in raw.split("\n"))
            lead = len(code) - len(code.lstrip("\n"))  # blank lines before the code's first line
            flow.emit(code.strip("\n"), line=None if flow.line is None else flow.line + lead, code=True)
            flow.boundary("\n\n")
            if flow.line is not None:
                flow.line += raw.count("\n")  # text after it, before the next tag, is on a later line
        elif name == "br":
            flow.line_break()
        elif name == "img" and child.get("alt") and not is_label_image(child):
            flow.text(" " + str(child.get("alt")) + " ")
        elif name in _BLOCKS:
            if name == "dt" and flow.held and not has_definitions(child.parent, defined):
                flow.release()  # a list of terms alone (a book's index: "abs, Mathematical Functions"): a line each
            sep = "\n" if name in _LINES else "\n\n"
            flow.boundary(sep)
            stack.append(iter(child.children))
            ends.append((_FIELD if _bare_field(child) else _TERM) if name == "dt" else sep)
            if id(child) in labels:
                flow.number(labels[id(child)])
                ends[-1] = _ITEM
        else:  # inline: its text runs on inside the sentence
            stack.append(iter(child.children))
            ends.append(None)
    flow.release()
    flow.boundary("")


def _bare_field(dt) -> bool:
    """A field's name in a docutils field list (``<dl class="field-list"><dt>Returns</dt>``) without
    the colon that Sphinx's and docutils' stylesheets add after it."""
    dl = dt.parent
    return (dl is not None and "field-list" in (dl.get("class") or [])
            and not dt.get_text().rstrip().endswith((":", "：")) and bool(dt.get_text().strip()))


def _rows(table, labels: dict[int, str] | None = None) -> list[tuple[str, int | None, bool]]:
    """One line per row of ``table`` (a nested table's rows are not: their text is in the cell),
    with the source line of its first cell and whether it is a header row (in <thead>, or all <th>)."""
    rows = []
    for tr in own_rows(table):
        own = [c for c in tags(tr.children) if c.name in ("td", "th")]
        cells = [clean_line(_WS.sub(" ", element_text(c, _SPACED, labels))) for c in own]
        if any(cells):
            head = (tr.parent is not None and tr.parent.name == "thead") or all(c.name == "th" for c in own)
            rows.append((" | ".join(cells), own[0].sourceline or tr.sourceline, head))
    return rows
