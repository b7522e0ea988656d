"""What documentation-site generators add to Markdown, read as the built site shows it, for ``markdown.py``.

MkDocs with Material and PyMdown Extensions:

- an admonition ``!!! note "Title"`` (collapsible ``??? tip``, ``???+ tip``) and a content tab
  ``=== "Python"`` hold the lines indented under them: a ``site_block`` token, its title (the quoted
  title, the tab's label) a line of its own and its body read as Markdown (before, the body was an
  indented code block and the marker line text: "!!! note "Title"");
- a PyMdown block ``/// note | Title`` … ``///`` (``/// tab | Label``, ``/// details | Summary``):
  the same; its indented option lines ("    type: warning") are no text, nor an ``html`` block's
  selector ("/// html | div.grid");
- a mkdocstrings line ``::: package.module`` (and the options indented under it) is replaced by the
  API's documentation, written from the code: no text here (before: "options: show_root_heading: true");
- a snippet line ``--8<-- "file.md"`` (and the ``--8<--`` lines around a list of files) includes
  another file: no text here; inside a code fence it stays, as code is kept;
- an abbreviation ``*[HTML]: Hyper Text Markup Language`` (a tooltip on the page) reads
  "HTML: Hyper Text Markup Language", a line of its own;
- an icon ``:material-check:`` / ``:octicons-tag-24:`` / ``:fontawesome-brands-github:`` /
  ``:simple-python:`` is drawn, no text;
- an attribute list ``{ #id .class key="value" }`` (right after a link, an image or code, or
  ending a heading or a paragraph) sets HTML attributes: no text;
- a reference link whose reference is defined nowhere in the file (``[`site_url`][mkdocs.site_url]``,
  mkdocs-autorefs resolves it across the site) reads as its text, not "[site_url][mkdocs.site_url]".

Docusaurus and MDX: an admonition ``:::tip What you'll learn`` / ``:::tip[What you'll learn]`` shows
its title, a line of its own (``colon_title``; Pandoc's ``::: warning`` div has none); an ESM
``import … from "…"`` / ``export const …`` paragraph at the top level is code the page runs, no
text; ``{/* a comment */}`` is dropped; lines of JSX component tags (``<Tabs>``, ``<TabItem
label="npm">``, ``<Note title={`Why?`}>``) show only their ``label=`` / ``title=`` (``jsx_labels``).
"""

from __future__ import annotations

import re

SITE_BLOCK = "site_block"  # token: ``info`` the title ("" none), ``content`` the body, ``meta["skip"]`` lines dropped
_INDENTED = re.compile(r'(?:(?:!!!|\?\?\?\+?)[ \t]?[\w-]+(?:[ \t]+[\w-]+)*(?:[ \t]+"(?P<title>.*)")?'
                       r'|===(?:\+!?|!\+?)?[ \t]+"(?P<tab>.*)")[ \t]*')  # Python-Markdown's and PyMdown's patterns
_BLOCK_OPEN = re.compile(r"(?P<slashes>/{3,})[ \t]*(?P<name>[\w-]+)[ \t]*(?:\|[ \t]*(?P<arg>.*?))?[ \t]*")
_NO_TITLE = ("html", "define", "caption", "figure-caption", "table-caption")  # an argument that is no text
_OPTION = re.compile(r"[ \t]+[\w-]+:.*")
_AUTODOC = re.compile(r":::[ \t]+[A-Za-z_]\w*(?:\.\w+)+[ \t]*")  # "::: pydantic.types"; Pandoc's "::: note" is one word
_SNIPPET = re.compile(r"-{1,3}8<-{1,3}(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*")
_ABBREVIATION = re.compile(r"\*\[(?P<abbr>[^\]\n]+)\]:[ \t]*(?P<text>\S.*)")
_ESM = re.compile(r"(?:import(?:[ \t\n]+[^;'\"]*?[ \t\n]from)?[ \t\n]*(?:\"[^\"\n]*\"|'[^'\n]*')[ \t]*;?[ \t]*(?:\n|\Z))+"
                  r"|export[ \t]+(?:const|let|var|function|class|default|async)\b.*", re.S)
_ICON = re.compile(r":(?:material|octicons|fontawesome|simple)-[a-z0-9]+(?:-[a-z0-9]+)*:")
_ATTR_TOKEN = r"""(?:[#.][\w-]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s}"']+)|[\w-]+)"""
_ATTRS = re.compile(rf"\{{(?P<colon>:?)[ \t]*(?P<tokens>{_ATTR_TOKEN}(?:[ \t]+{_ATTR_TOKEN})*)?[ \t]*\}}")
_KEYED = re.compile(r"""(?:^|\s)(?:[#.][\w-]+|[\w-]+=|[\w]+-[\w-]+)""")  # "#id", ".class", "key=", "data-x"
_MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.S)
_REF_LINK = re.compile(r"\[(?P<ref>[^\[\]\n]*)\]")  # "[bool][]" too


def use_site_syntax(md) -> None:
    """Add the rules to a ``MarkdownIt`` parser."""
    md.block.ruler.before("code", "site_indented", _indented)  # each opens a block after a blank line only,
    md.block.ruler.before("fence", "site_blocks", _blocks)  # as Python-Markdown reads them
    md.block.ruler.before("paragraph", "site_lines", _lines)
    colon = "colon_fence" if "colon_fence" in md.block.ruler.get_all_rules() else "fence"  # before MyST's ":::"
    md.block.ruler.before(colon, "site_autodoc", _autodoc)
    md.inline.ruler.before("link", "site_icon", _icon)
    md.inline.ruler.before("link", "site_attrs", _attrs)
    md.inline.ruler.before("link", "site_mdx_comment", _mdx_comment)
    md.inline.ruler.after("link", "site_ref_link", _ref_link)


def _line_text(state, n: int) -> str:
    return state.src[state.bMarks[n] + state.tShift[n]:state.eMarks[n]]


def _push_block(state, start: int, end: int, title: str, body_start: int, body_end: int, indent: int) -> None:
    token = state.push(SITE_BLOCK, "", 0)
    token.info = title
    token.content = state.getLines(body_start, body_end, indent, True) if body_end > body_start else ""
    token.meta = {"skip": body_start - start - 1}
    token.map = [start, end]


def _indented(state, start: int, end: int, silent: bool) -> bool:
    """``!!! note "Title"``, ``??? tip``, ``=== "Tab"`` and the lines indented 4 more under it."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    m = _INDENTED.fullmatch(_line_text(state, start))
    if not m:
        return False
    if silent:
        return True
    inner = state.sCount[start] + 4
    last = n = start + 1
    while n < end and (state.isEmpty(n) or state.sCount[n] >= inner):
        n += 1
        if not state.isEmpty(n - 1):
            last = n
    title = m.group("title") if m.group("title") is not None else m.group("tab") or ""
    _push_block(state, start, last, title, start + 1, last, inner)
    state.line = last
    return True


def _autodoc(state, start: int, end: int, silent: bool) -> bool:
    """``::: package.module`` and the lines indented under it: no text."""
    if state.sCount[start] - state.blkIndent >= 4 or not _AUTODOC.fullmatch(_line_text(state, start)):
        return False
    if not silent:
        last = n = start + 1
        while n < end and (state.isEmpty(n) or state.sCount[n] > state.sCount[start]):
            n += 1
            last = n if not state.isEmpty(n - 1) else last
        state.push("site_skip", "", 0).map = [start, last]
        state.line = last
    return True


def _closers(state, start: int, end: int) -> dict[int, int]:
    """Each ``///`` opener's closing line among lines ``start``…``end`` (the same slashes, openers of
    as many nested inside), found in one pass and kept for the parse (not one scan per opener)."""
    cache = state.env.setdefault("site_block_closers", {})
    key = (end, state.blkIndent, state.parentType)  # one list item, one quote, the whole file
    if key in cache and cache[key][0] <= start:
        return cache[key][1]
    open_at: dict[str, list[int]] = {}
    pairs: dict[int, int] = {}
    for n in range(start, end):
        if state.sCount[n] - state.blkIndent >= 4:
            continue
        text = _line_text(state, n).rstrip()
        if len(text) >= 3 and not text.strip("/"):
            if open_at.get(text):
                pairs[open_at[text].pop()] = n
        elif m := _BLOCK_OPEN.fullmatch(text):
            open_at.setdefault(m.group("slashes"), []).append(n)
    cache[key] = (start, pairs)
    return pairs


def _blocks(state, start: int, end: int, silent: bool) -> bool:
    """``/// name | argument`` … ``///`` (as many slashes): the lines between as Markdown."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    m = _BLOCK_OPEN.fullmatch(_line_text(state, start))
    if not m:
        return False
    close = _closers(state, start, end).get(start)
    if close is None:  # never closed: its lines as they are
        return False
    if silent:
        return True
    body = start + 1
    while body < close and _OPTION.fullmatch(state.src[state.bMarks[body]:state.eMarks[body]]):
        body += 1  # "    type: warning", "    open: True": the block's options
    title = "" if m.group("name").lower() in _NO_TITLE else (m.group("arg") or "")
    _push_block(state, start, close + 1, title, body, close, state.blkIndent)
    state.line = close + 1
    return True


def _lines(state, start: int, end: int, silent: bool) -> bool:
    """A snippet line (no text), an abbreviation (a line "HTML: …") or a top-level ESM paragraph (no text)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = _line_text(state, start)
    if _SNIPPET.fullmatch(text):
        last = start + 1
        if "8<" in text and not text.rstrip().endswith(("'", '"')):  # "--8<--", files a line each, "--8<--"
            last = next((n + 1 for n in range(start + 1, end) if _SNIPPET.fullmatch(_line_text(state, n).rstrip())
                         or state.isEmpty(n)), start + 1)
        if not silent:
            state.push("site_skip", "", 0).map = [start, last]
        state.line = last
        return True
    if (m := _ABBREVIATION.fullmatch(text)) and not silent:
        _push_line(state, start, f"{m.group('abbr').strip()}: {m.group('text')}")
        return True
    if _JSX_TAG.fullmatch(text.rstrip()) and (labels := jsx_labels(text)) is not None:  # title={`…`}: no HTML block
        if not silent:
            _push_line(state, start, labels[0][0] if labels else "")
        return True
    if m or silent or state.level or state.blkIndent or not text.startswith(("import", "export")):
        return bool(m)
    n = start + 1
    while n < end and not state.isEmpty(n):
        n += 1
    if not _ESM.fullmatch(state.getLines(start, n, 0, False).strip() + "\n"):
        return False
    if not silent:
        state.push("site_skip", "", 0).map = [start, n]
    state.line = n
    return True


def _push_line(state, start: int, content: str) -> None:
    """Line ``start`` read as a paragraph of ``content`` (inline Markdown)."""
    state.push("paragraph_open", "p", 1).map = [start, start + 1]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = content, [start, start + 1], []
    state.push("paragraph_close", "p", -1)
    state.line = start + 1


def _skipping(opener: str, pattern: re.Pattern):
    """An inline rule that reads what ``pattern`` matches (at a place that starts with ``opener``) as no text."""
    def rule(state, silent: bool) -> bool:
        if not state.src.startswith(opener, state.pos):
            return False
        m = pattern.match(state.src, state.pos, state.posMax)
        if not m:
            return False
        if not silent:
            state.push("site_skip", "", 0).content = m.group(0)
        state.pos = m.end()
        return True
    return rule


_icon = _skipping(":", _ICON)  # ":material-check:"
_mdx_comment = _skipping("{/*", _MDX_COMMENT)  # "{/* a comment */}"


def _attrs(state, silent: bool) -> bool:
    """``{ #id .class }`` right after a link, an image or code (no space before it), or ending a line."""
    src, pos = state.src, state.pos
    if src[pos] != "{":
        return False
    m = _ATTRS.match(src, pos, state.posMax)
    if not m or not (m.group("colon") or _KEYED.search(m.group("tokens") or "")):
        return False
    rest = src[m.end():state.posMax]
    glued = pos > 0 and src[pos - 1] in ")]`*_:"  # after a link, image, code, emphasis or icon
    if not glued and rest.strip():  # not glued: only at the block's end (a heading's, a paragraph's)
        return False
    if not silent:
        state.push("site_skip", "", 0).content = m.group(0)
    state.pos = m.end()
    return True


def _ref_link(state, silent: bool) -> bool:
    """``[text][ref]`` with ``ref`` defined nowhere in the file (after the link rule has declined it):
    its text, parsed as inline Markdown, between link tokens without a target."""
    src, pos = state.src, state.pos
    if src[pos] != "[" or pos and (src[pos - 1].isalnum() or src[pos - 1] in "])"):
        return False  # "a[0][1]" is code written as text
    label_end = state.md.helpers.parseLinkLabel(state, pos, True)
    if label_end < 0:
        return False
    m = _REF_LINK.match(src, label_end + 1, state.posMax)
    if not m or label_end == pos + 1:
        return False
    if not silent:
        old_max = state.posMax
        state.pos, state.posMax = pos + 1, label_end
        state.push("link_open", "a", 1).attrs = {"href": ""}
        state.md.inline.tokenize(state)
        state.push("link_close", "a", -1)
        state.posMax = old_max
    state.pos = m.end()
    return True


_COLON_TITLE = re.compile(r"[ \t]*[A-Za-z][\w-]*(?:\[(?P<bracket>[^\]\n]*)\]|[ \t]+(?P<words>[^{\s:].*?))[ \t:]*")


def colon_title(info: str) -> str:
    """The title of a Docusaurus admonition from its colon fence's info ("tip What You'll Learn",
    "tip[What You'll Learn]"); "" for one without ("note", Pandoc's "warning", "{.sidebar}")."""
    m = _COLON_TITLE.fullmatch(info)
    return ((m.group("bracket") or m.group("words") or "") if m else "").strip()


_JSX_TAG = re.compile(r"</?[A-Z][\w.]*\b[^<>]*>")
_LABEL = re.compile(r"""\s(?:label|title)=\{?(?:"([^"\n]*)"|'([^'\n]*)'|`([^`\n]*)`)""")  # title={`…`} too


def jsx_labels(html: str) -> list[tuple[str, int]] | None:
    """An HTML block made only of JSX components' tags (``<Tabs>``, ``<TabItem value="npm"
    label="npm">``, ``</TabItem>``; HTML's tags are lower case): the labels they show (a ``label=``
    or ``title=``), each with the number of the block's lines before it; None for any other block."""
    if not html.strip() or _JSX_TAG.sub("", html).strip():
        return None
    out = []
    for tag in _JSX_TAG.finditer(html):
        if (m := _LABEL.search(tag.group(0))) and (label := (m.group(1) or m.group(2) or m.group(3) or "").strip()):
            out.append((label, html.count("\n", 0, tag.start())))
    return out
