"""HTML as running text with BeautifulSoup: what a reader of the page reads, no page furniture.

Inline elements (b, i, a, span, em, strong, code, ...) stay inside their sentence; block elements
(p, div, li, headings, ...) are paragraphs; a table is one line per row, cells joined by " | ".
Dropped: script/style, nav, header and footer outside the article, aside, form, hidden elements,
and boilerplate whose id / class / role says cookie, consent, menu, navbar, breadcrumb, sidebar.
Headings are the sections; the title is the page's <title>, else its first <h1> (``html_order``:
the <h1> first when the <title> is "Page | Site"; ``best_title``: never a generic "1. Overview").  A page that only redirects elsewhere is a stub: skipped.
"""

from __future__ import annotations

import re

from .extracted import Extracted, ReadError, TextBuilder, clean_code_line, clean_line, decode

_NEVER = ["script", "style", "noscript", "template", "svg", "head", "iframe", "object", "embed",
          "canvas", "nav", "aside", "form", "button", "select", "input", "textarea", "dialog", "menu"]
_BLOCKS = {"address", "article", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt",
           "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "hr", "html", "li",
           "main", "ol", "p", "section", "summary", "ul", "caption"}
_LINES = {"li", "dt", "dd"}  # one after another on their own line, not a paragraph each
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BOILERPLATE = re.compile(r"cookie|consent|gdpr|navbar|breadcrumb|sidebar|(^|[\s_-])(menu|nav|"
                          r"navigation|share|social|newsletter|skip-?link|related|popup|modal)"
                          r"($|[\s_-])", re.I)
_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
          "dialog", "alertdialog"}
_KEEP = {"html", "body", "main", "article"}
_WS = re.compile(r"\s+")


def read_html(data: bytes | str, name: str = "") -> Extracted:
    """Running text, title and sections of an HTML page (never raises on odd markup)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode(data), "html.parser")
    from .skips import STUB
    from .titles import best_title, html_order, stub_reason

    h1, head = (clean_line(_WS.sub(" ", t.get_text(" "))) if t is not None else None
                for t in (soup.find("h1"), soup.title))
    title = best_title(*html_order(head, h1))
    refresh = soup.find("meta", attrs={"http-equiv": re.compile(r"^refresh$", re.I)})
    refresh_to = None
    if refresh is not None:
        refresh_to = (re.findall(r"url\s*=\s*['\"]?([^'\">\s]+)", str(refresh.get("content", "")), re.I) or [""])[0]
    for tag in soup(_NEVER):
        tag.decompose()
    body = soup.body or soup
    total = len(body.get_text())
    for tag in body.find_all(True):
        if tag.decomposed or tag.name in _KEEP:
            continue
        if _furniture(tag) and len(tag.get_text()) < 0.5 * total:  # never the page's main content
            tag.decompose()
    out = TextBuilder()
    _walk(body, out)
    text = out.text()
    stub = stub_reason(text, refresh_to, len(body.find_all("a", href=True)))
    if stub:
        raise ReadError(stub, kind=STUB)
    return Extracted(text=text, title=title, sections=tuple(out.sections), lines=tuple(out.lines))


def _furniture(tag) -> bool:
    """Page furniture, not content: hidden, a site header / footer, a menu, a cookie banner."""
    attrs = tag.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", str(attrs.get("style", "")), re.I):
        return True
    if str(attrs.get("role", "")).lower() in _ROLES:
        return True
    if tag.name == "footer" or (tag.name == "header" and not tag.find_parent(["article", "main"])):
        return True
    classes = attrs.get("class", [])
    names = " ".join(classes if isinstance(classes, list) else [str(classes)])
    return bool(_BOILERPLATE.search(names) or _BOILERPLATE.search(str(attrs.get("id", ""))))


class _Flow:
    """Collects inline text and emits it as blocks; the separator before the next block is the
    strongest boundary asked for since the last one ("\\n\\n" beats "\\n")."""

    def __init__(self, out: TextBuilder):
        self.out, self.words, self.pending = out, [], ""
        self.line: int | None = None  # the source line of the latest tag entered (html.parser's sourceline)
        self.first_line: int | None = None  # ... when the words now collected began

    def boundary(self, sep: str) -> None:
        text = clean_line(_WS.sub(" ", "".join(self.words)))
        self.words = []
        line, self.first_line = self.first_line, None
        if text:
            self.emit(text, line=line)
        if len(sep) > len(self.pending):
            self.pending = sep

    def emit(self, text: str, heading: bool = False, line: int | None = None) -> None:
        if text.strip():
            self.out.block(text, heading=heading, sep=self.pending or "\n", line=line or self.line)
            self.pending = ""


def _walk(root, out: TextBuilder) -> None:
    """Blocks in document order, without recursion (deeply nested markup is common)."""
    from bs4 import Comment, NavigableString, Tag
    from bs4.element import PreformattedString

    flow = _Flow(out)
    stack: list = [iter(root.children)]
    ends: list[str | None] = [""]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            end = ends.pop()
            if end is not None:  # the end of a block (None: of an inline element)
                flow.boundary(end)
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, (Comment, PreformattedString)):
                if flow.first_line is None and child.strip():
                    flow.first_line = flow.line
                flow.words.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        flow.line = child.sourceline or flow.line
        if name in _HEADINGS:
            flow.boundary("\n\n")
            flow.emit(clean_line(_WS.sub(" ", child.get_text(" "))), heading=True)
            flow.boundary("\n\n")
        elif name == "table":
            flow.boundary("\n\n")
            for row in _rows(child):
                flow.emit(row)
                flow.boundary("\n")
            flow.boundary("\n\n")
        elif name == "pre":
            flow.boundary("\n\n")
            flow.emit("\n".join(clean_code_line(ln) for ln in child.get_text().split("\n")).strip("\n"))
            flow.boundary("\n\n")
        elif name == "br":
            flow.boundary("\n")
        elif name == "img" and child.get("alt"):
            flow.words.append(" " + str(child.get("alt")) + " ")
        elif name in _BLOCKS:
            sep = "\n" if name in _LINES else "\n\n"
            flow.boundary(sep)
            stack.append(iter(child.children))
            ends.append(sep)
        else:  # inline: its text runs on inside the sentence
            stack.append(iter(child.children))
            ends.append(None)
    flow.boundary("")


def _rows(table) -> list[str]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a nested table's row: its text is in the enclosing cell
        cells = [clean_line(_WS.sub(" ", c.get_text(" "))) for c in tr.find_all(["td", "th"], recursive=False)]
        if any(cells):
            rows.append(" | ".join(cells))
    return rows
