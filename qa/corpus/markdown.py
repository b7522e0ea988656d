"""Markdown as plain text with markdown-it-py: no "#", "**" or "[text](url)" in the text.

Headings are paragraphs of their own and the document's sections; list items are lines without
their markers; code blocks keep their text and line breaks, but a MyST/Sphinx directive written as
a fence is read by what its body is ("```{note}" as Markdown, "```{toctree}" not at all: ``myst.py``)
and a MyST role by its content ("{mod}`ensurepip`" reads "ensurepip"); a table is one line per row,
cells joined by " | "; a definition list ("Term" / ": definition") is lines, a short term the first
words of its definition's first paragraph, as the reST and HTML readers read one.  The title is the
front matter's ``title:``, else the first level-1 heading not generic (after "# Contents", but not
after "# Introduction": then the level-1 headings are the sections of a file without a title), else
a heading that opens the file (setext headings too: markdown-it reads them), never a generic one
("Contents").
"""

from __future__ import annotations

import functools
import re

from .extracted import (Extracted, ReadError, TextBuilder, clean_code_line, clean_line, clean_pieces, decode,
                        opens_definition)
from .badges import is_badge
from .html_images import is_label_image, links_to_image
from .myst import (CODE, NONE, PROSE, RST, SUPERSCRIPT_ROLES, directive, directive_body, role_text,
                   superscript, use_deflist, use_myst)
from .site_syntax import SITE_BLOCK, colon_title, jsx_labels, use_site_syntax
from .notes_syntax import (LOGSEQ_TITLE, QUERY_FENCES, mark_task, note_lines, split_callout, use_notes_syntax,
                           without_block_refs)
from .titles import is_contents, is_generic, note_name

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(---|\.\.\.)[ \t]*(\r?\n|\Z)", re.S)


def read_markdown(data: bytes | str, name: str = "") -> Extracted:
    """Plain text, title and sections of a Markdown file (never raises on odd input)."""
    source = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    title = None
    drawing = False  # an Obsidian Excalidraw drawing: its headings are the plugin's ("Text Elements")
    skipped_lines = 0  # lines of front matter before what markdown-it parses
    m = _FRONT_MATTER.match(source)
    if m:
        skipped_lines = source.count("\n", 0, m.end())
        t = re.search(r"^title:[ \t]*(.+?)[ \t]*$", m.group(1), re.M | re.I)
        title = clean_line(t.group(1).strip("'\"")) if t else None
        drawing = re.search(r"^excalidraw-plugin:", m.group(1), re.M) is not None
        source = source[m.end():]
    if title is None and (t := LOGSEQ_TITLE.search(source)):  # a Logseq page's "title:: ..." property
        title = clean_line(t.group(1))
    out = TextBuilder()
    first_h1 = _walk(_parse(source), out, skipped_lines, 0)
    from .titles import best_title

    first = out.sections[0][1] if out.sections and out.sections[0][0] == 0 else None  # a heading opens it
    named = note_name(name) if name else None  # a note is named by its file ("Home Network.md")
    return Extracted(text=out.text(), title=best_title(title, named) if drawing else best_title(title, first_h1, named, first), sections=tuple(out.sections),
                     lines=tuple(out.lines), tables=tuple(out.tables), code=tuple(out.code))


def _parse(source: str):
    return _md().parse(source)


@functools.cache
def _md():
    """The parser, built once: its rules keep no state between parses (theirs is in ``state``, ``env``)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    use_deflist(md)  # "Term" / ": definition" (MyST, Pandoc: myst.py)
    use_notes_syntax(md)  # [[wiki links]], %% comments %%, ==highlights==, footnotes (notes_syntax.py)
    use_myst(md)  # {role}`content`, ":::" fences (myst.py)
    use_site_syntax(md)  # MkDocs/Material admonitions, tabs, blocks, icons; MDX imports (site_syntax.py)
    return md


MAX_DEPTH = 8  # directives inside directives: read this deep, deeper ones as code


def _walk(tokens, out: TextBuilder, skipped_lines: int, depth: int) -> str | None:
    """Add the blocks of markdown-it ``tokens`` to ``out``; the first level-1 heading that names
    something.  ``skipped_lines``: lines of the file before the parsed text."""
    first_h1 = None
    h1_sections = False
    in_list = 0
    list_start = False  # the next item opens a list: a paragraph break before it, lines after
    row: list[str] | None = None
    in_head = False
    rows_done = 0
    callout = task = False  # the next paragraph opens a blockquote (a callout?) / a list item (a task?)
    term: list[tuple[str, int | None]] = []  # a short term waiting for its definition's first paragraph
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open", "dl_open"):
            in_list += 1
            list_start = in_list == 1
        elif kind in ("bullet_list_close", "ordered_list_close", "dl_close"):
            in_list -= 1
        elif kind == "dt_open" and i + 1 < len(tokens) and tokens[i + 1].type == "inline":
            line = _line(tokens[i + 1], skipped_lines)
            pieces = _pieces(note_lines(tokens[i + 1].children or ()), line)
            text, anchors = clean_pieces(pieces)
            if opens_definition(text) and [t.type for t in tokens[i + 2:i + 6]] == [
                    "dt_close", "dd_open", "paragraph_open", "inline"]:
                term = [*pieces, (" ", None)]  # "Global In a pip subdirectory …", as reST and HTML read a term
            else:  # a long term, or one without a paragraph under it: a line of its own
                out.block(text, sep="\n" if in_list and not list_start else "\n\n", line=line, anchors=anchors)
                list_start = False
            i += 1
        elif kind in ("blockquote_open", "list_item_open"):
            callout, task = kind == "blockquote_open", kind == "list_item_open"
        elif kind == "heading_open":
            text = _inline(tokens[i + 1], heading=True) if i + 1 < len(tokens) else ""
            out.block(text, heading=True, line=_line(tok, skipped_lines))
            if tok.tag == "h1" and first_h1 is None and not h1_sections and text and not is_generic(text):
                first_h1 = text  # the first level-1 heading that names something ("# Contents" does not)
            elif tok.tag == "h1" and first_h1 is None and not is_contents(text):
                h1_sections = True  # "# Introduction" first: the level-1 headings are sections ("# Installation")
            callout = task = False
            i += 2
        elif kind == "inline" and row is not None:
            row.append(_inline(tok))
        elif kind == "inline":
            line = _line(tok, skipped_lines)
            children = note_lines(tok.children or ())
            if task:
                mark_task(children)
            if callout and (parts := split_callout(children)):  # "> [!note] Title": the title a line of its own
                out.block(clean_pieces(_pieces(parts[0], line))[0], line=line)
                children = parts[1]
            text, anchors = clean_pieces(term + _pieces(children, line, images=not _images_only(children)))
            out.block(text, sep="\n" if in_list and not list_start else "\n\n", line=line, anchors=anchors)
            list_start = callout = task = False
            term = []
        elif kind == "fence" and depth < MAX_DEPTH and (what := directive(tok.info)) and what[0] != CODE:
            found = _directive(tok, what, out, _line(tok, skipped_lines) or 0, depth)
            first_h1 = first_h1 or found
        elif kind == "colon_fence" and depth < MAX_DEPTH:  # ":::{note}" (MyST), "::: warning" (Pandoc): Markdown inside
            what = directive(tok.info)
            found = _directive(tok, what if what and what[0] != CODE else (PROSE, colon_title(tok.info)), out,
                               _line(tok, skipped_lines) or 0, depth)
            first_h1 = first_h1 or found
        elif kind == SITE_BLOCK:  # "!!! note "Title"", "=== "Tab"", "/// tip | Title": the title a line, the body Markdown
            line = _line(tok, skipped_lines) or 0
            if tok.info.strip():
                out.block(_inline(_md().parseInline(tok.info)[0]), line=line)
            if depth < MAX_DEPTH:
                found = _walk(_parse(tok.content), out, line + tok.meta["skip"], depth + 1)
                first_h1 = first_h1 or found
            else:
                out.block("\n".join(clean_code_line(ln) for ln in tok.content.strip("\n").split("\n")),
                          line=line + 1 + tok.meta["skip"], code=True)
        elif kind == "colon_fence":  # deeper than the limit: its lines, as text
            out.block("\n".join(clean_code_line(ln) for ln in tok.content.strip("\n").split("\n")),
                      line=(_line(tok, skipped_lines) or 0) + 1, code=True)
        elif kind == "fence" and tok.info.strip().lower() in QUERY_FENCES:
            pass  # a notes app's query: the app shows its results, not the query
        elif kind in ("fence", "code_block"):
            code = tok.content.split("\n")
            lead = next((n for n, ln in enumerate(code) if ln.strip()), 0)  # blank lines strip("\n") drops
            line = _line(tok, skipped_lines)
            out.block("\n".join(clean_code_line(ln) for ln in tok.content.strip("\n").split("\n")),
                      line=None if line is None else line + lead + (kind == "fence"), code=True)
        elif kind == "html_block" and (labels := jsx_labels(tok.content)) is not None:  # "<TabItem label=…>"
            for label, lead in labels:
                out.block(clean_line(label), line=(_line(tok, skipped_lines) or 0) + lead)
        elif kind == "html_block":
            text, lead = _strip_tags(tok.content)
            line = _line(tok, skipped_lines)
            out.block(text, line=None if line is None else line + lead, code=True)  # its lines are the source's
        elif kind == "table_open":
            rows_done = 0
            in_head = False
        elif kind in ("thead_open", "thead_close"):
            in_head = kind == "thead_open"
        elif kind == "tr_open":
            row, row_line = [], _line(tok, skipped_lines)
        elif kind == "tr_close" and row is not None:
            out.block(" | ".join(row), sep="\n" if rows_done else "\n\n", line=row_line,
                      header=in_head and not rows_done)
            rows_done += 1
            row = None
        i += 1
    return first_h1


def _directive(tok, what: tuple[str, str], out: TextBuilder, line: int, depth: int) -> str | None:
    """A MyST directive fence read by its kind (``myst.directive``), opening at ``line``: a toctree
    gives no text, a note its argument (a line of its own: "```{admonition} A title") and its body
    as Markdown, a figure its caption, ``{eval-rst}`` its body as reStructuredText."""
    kind, argument = what
    if kind == NONE:
        return None
    if kind == PROSE and argument:
        out.block(clean_line(argument), line=line)
    inner, dropped = directive_body(tok.content)
    if kind == RST:
        from .rst import read_rst

        try:
            out.extend(read_rst(inner), line + dropped)
        except ReadError:  # a line docutils will not parse: its lines, as code
            out.block("\n".join(clean_code_line(ln) for ln in inner.strip("\n").split("\n")), line=line + 1, code=True)
        return None
    return _walk(_parse(inner), out, line + dropped, depth + 1)


def _line(token, skipped: int) -> int | None:
    """The 1-based line of the file where ``token``'s block starts (markdown-it's ``map``)."""
    return token.map[0] + 1 + skipped if token.map else None


def _inline(token, heading: bool = False) -> str:
    """Text of an inline token: emphasis, links and inline HTML dropped, code and image alt kept
    (not a badge's, nor in a ``heading``: "# pkgconf [![test](…badge.svg)](…)" is "pkgconf")."""
    return clean_pieces(_pieces(token.children or (), None, heading))[0]


_CLOSING = ".,;:!?)]"


def _images_only(children) -> bool:
    """A paragraph of nothing but images (linked or not): a row of badges or logos, a screenshot
    ("![Hello World](hello.png)"); its alt texts are labels, not sentences (docs/reading.md)."""
    seen = False
    for child in children:
        if child.type == "image":
            seen = True
        elif not (child.type in ("link_open", "link_close", "softbreak", "hardbreak", "html_inline", "note_embed")
                  or (child.type == "text" and not child.content.strip())):
            return False
    return seen


def _pieces(children, line: int | None, heading: bool = False, images: bool = True) -> list[tuple[str, int | None]]:
    """``(text, source line)`` pieces of an inline token's ``children`` (``line``: where it starts);
    a soft or hard line break moves to the next line of the file; an image's alt text is a piece
    unless it is a badge (``is_badge``), inside a link to a page (a badge or a logo:
    "[![CI](ci.png)](…)"), in a ``heading`` or ``images`` is false (a paragraph of images only)."""
    parts: list[tuple[str, int | None]] = []
    linked, opened = 0, []
    for k, child in enumerate(children):
        if child.type == "link_open":  # a link to a page: an image in it is a badge or a logo
            opened.append(not links_to_image(child.attrGet("href")))
            linked += opened[-1]
        elif child.type == "link_close":
            linked -= opened.pop() if opened else 0
        elif child.type == "text":
            parts.append((without_block_refs(child.content), line))
        elif child.type == "code_inline":
            parts.append((child.content, line))
        elif child.type == "myst_role":  # "{mod}`ensurepip`": "ensurepip"
            name = child.meta.get("name", "")
            shown = role_text(child.content, name)
            if name.lower() in SUPERSCRIPT_ROLES and parts:  # "10{sup}`9`": "10^9", as reST's ":sup:"
                before, shown = superscript(parts[-1][0], child.content)
                parts[-1] = (before, parts[-1][1])
            parts.append((shown, line))
            line = None if line is None else line + child.content.count("\n")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append((" ", line))
            line = None if line is None else line + 1
        elif child.type == "image" and images and not (heading or linked) and not is_badge(child.attrGet("src") or ""):
            parts.append((_inline(child) or child.content, line))
        elif child.type in ("note_comment", "note_embed"):  # dropped: "and ![[x.png]]." reads "and."
            after = children[k + 1].content[:1] if k + 1 < len(children) else ""
            if parts and parts[-1][0].endswith(" ") and after and after in _CLOSING:
                parts[-1] = (parts[-1][0].rstrip(" "), parts[-1][1])
            line = None if line is None else line + child.content.count("\n")
        elif child.type == "html_inline" and line is not None:
            line += child.content.count("\n")  # dropped, but its lines are lines of the file
    return parts


def _strip_tags(html: str) -> tuple[str, int]:
    """The text of an HTML block and how many of its lines, all blank once tags are gone (a
    centred logo's), come before it."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    labels = [img for img in soup("img") if is_badge(img.get("src") or "") or is_label_image(img)]
    for img in soup("img"):  # its alt is text inside a sentence, as an HTML page's, not a badge's or a logo's
        img.replace_with(f" {'' if any(img is x for x in labels) else img.get('alt') or ''} ")
    raw = soup.get_text(" ")
    return clean_line(raw), raw[:len(raw) - len(raw.lstrip())].count("\n")
