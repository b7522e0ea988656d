"""What notes apps (Obsidian, Logseq, Foam, Dendron) add to Markdown, read as their app shows it.

markdown-it rules and token helpers for ``markdown.py``:

- ``[[Page]]`` reads "Page", ``[[Page|label]]`` "label", ``[[Page#Part]]`` "Page > Part",
  ``#[[a tag]]`` "a tag"; an embed ``![[image.png]]`` / ``![[Other note]]`` is dropped (its text,
  if any, is another file's);
- ``%% comments %%`` (inline or a block of lines) are dropped; ``==highlight==`` is its text;
- ``[^1]`` footnotes (mdit-py-plugins' footnote rule): the reference mark is dropped, the
  definition is a paragraph;
- a callout ``> [!note] Title`` loses its ``[!note]`` marker, its title is a line of its own;
- a task item's ``[ ]`` / ``[x]`` reads "☐" / "☑" (the state is kept, one sign, no word);
- Logseq: its bookkeeping property lines (``id::``, ``collapsed::``…) and ``:LOGBOOK:`` drawers are
  not text, other properties read "key: value", ``title::`` is the title; ``((block-uuid))``
  references are dropped; so is an Obsidian block id ("… ^b7x2");
- a query fence (```` ```dataview ````, ``dataviewjs``, ``query``, ``tasks``) is not text: the app
  shows its results, never the query.
"""

from __future__ import annotations

import re
from bisect import bisect_right

QUERY_FENCES = ("dataview", "dataviewjs", "query", "tasks")
_WIKI = re.compile(r"(!|#)?\[\[([^\[\]\n]+?)\]\]")


def use_notes_syntax(md) -> None:
    """Add the rules to a ``MarkdownIt`` parser."""
    from mdit_py_plugins.footnote import footnote_plugin

    md.use(footnote_plugin)
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.inline.ruler.before("link", "note_comment", _comment)
    md.inline.ruler.before("link", "highlight", _highlight)
    md.block.ruler.before("table", "note_comment_block", _block_comment)


def link_text(inner: str) -> str:
    """What a wiki link shows: its label, else its page ("Page#Part" as "Page > Part")."""
    inner = inner.replace("\\|", "|")  # "[[Page\|label]]" in a table cell
    if inner.strip().strip("_").upper() == "TOC":  # GitLab's "[[_TOC_]]": a table of contents goes here
        return ""
    page, _, label = inner.partition("|")
    if label.strip():
        return label.strip()
    page, _, part = page.partition("#")
    page, part = page.strip(), part.strip()
    if part.startswith("^"):  # a block of the page: the page
        part = ""
    return f"{page} > {part}" if page and part else page or part


def _wikilink(state, silent: bool) -> bool:
    if state.src[state.pos] not in "![#":
        return False
    m = _WIKI.match(state.src, state.pos)
    if not m or m.end() > state.posMax:
        return False
    if not silent:
        if m.group(1) == "!":
            state.push("note_embed", "", 0).content = m.group(0)
        else:
            state.push("text", "", 0).content = link_text(m.group(2))
    state.pos = m.end()
    return True


def _comment(state, silent: bool) -> bool:
    if not state.src.startswith("%%", state.pos):
        return False
    end = state.src.find("%%", state.pos + 2)
    if end < 0 or end + 2 > state.posMax:
        return False
    if not silent:
        state.push("note_comment", "", 0).content = state.src[state.pos:end + 2]
    state.pos = end + 2
    return True


def _highlight(state, silent: bool) -> bool:
    """ "==text==": the marks dropped, the text between them parsed as usual (it may be **bold**)."""
    src, pos = state.src, state.pos
    if not src.startswith("==", pos):
        return False
    closers = state.__dict__.setdefault("note_highlight_ends", set())
    if pos in closers:
        state.pos += 2
        return True
    after = src[pos + 2:pos + 3]
    before = src[pos - 1] if pos else " "
    if silent or not after or after.isspace() or after == "=" or before == "=" or before.isalnum():
        return False  # "mode==linear" is code, not a highlight
    if pos >= state.__dict__.get("note_highlight_none", len(src)):
        return False  # no closer after an earlier opener: none after this one (linear, not quadratic)
    end = pos + 3
    while (end := src.find("==", end, state.posMax)) >= 0:
        follow = src[end + 2:end + 3]
        if not src[end - 1].isspace() and follow != "=" and not follow.isalnum():
            closers.add(end)
            state.pos += 2
            return True
        end += 2
    state.note_highlight_none = pos
    return False


def _block_comment(state, start: int, end: int, silent: bool) -> bool:
    """A "%%" line opening a comment that a later line closes: those lines are not text."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
    if not first.startswith("%%") or "%%" in first[2:]:
        return False
    close = next((n for n in range(start + 1, end) if "%%" in state.src[state.bMarks[n]:state.eMarks[n]]), None)
    if close is None:  # never closed: read as text, nothing lost
        return False
    if silent:
        return True
    token = state.push("note_comment", "", 0)
    token.map = [start, close + 1]
    state.line = close + 1
    return True


TITLE_WORDS = 8  # a callout's title ("> [!tip] Soil first") is short; a longer first line runs on
_CALLOUT = re.compile(r"\[!([A-Za-z][\w-]*)\][+-]?[ \t]*")
_TASK = re.compile(r"\[([ xX])\] ")
_PROPERTY = re.compile(r"([A-Za-z][\w.-]*)::(?=[ \t]|$)")
# Logseq's own bookkeeping, not the note's: block ids, folding, flashcard and PDF-highlight state
_SYSTEM = re.compile(r"id|collapsed|title|heading|background-color|icon|public|filters|template-including-parent|"
                     r"exclude-from-graph-view|(?:ls|hl|card|query|logseq)[.-][\w.-]*", re.I)
_DRAWER = re.compile(r":[A-Za-z_]+:")  # ":LOGBOOK:" … ":END:" (Logseq's clock entries)
_BLOCK_ID = re.compile(r"(?:^|[ \t]+)\^[A-Za-z0-9-]+[ \t]*$")  # Obsidian's "… ^b7x2" at a line's end
_UUID_REF = r"\(\([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\)\)"
_BLOCK_REF = re.compile(rf"[ \t]*{_UUID_REF}(?=[.,;:!?)\]])|{_UUID_REF}")  # "see ((…))." reads "see."
LOGSEQ_TITLE = re.compile(r"\A(?:[\w.-]+::.*\n)*?title::[ \t]*(\S.*?)[ \t]*$", re.M | re.I)


def _first_text(children):
    return children[0] if children and children[0].type == "text" else None


def split_callout(children) -> tuple[list, list] | None:
    """A callout's first paragraph as ``(title children, body children)`` without its "[!note]"
    marker; None when the paragraph does not open with one."""
    first = _first_text(children)
    m = _CALLOUT.match(first.content) if first else None
    if not m:
        return None
    first.content = first.content[m.end():]
    brk = next((i for i, c in enumerate(children) if c.type in ("softbreak", "hardbreak")), len(children))
    if len(_text(children[:brk]).split()) > TITLE_WORDS:  # "> \[!TIP] Once the branch is … use the" / "> …":
        return [], children  # a sentence that runs on, not a title
    return children[:brk], children[brk:]


def mark_task(children) -> None:
    """A list item's "[ ] " / "[x] " as "☐ " / "☑ "."""
    first = _first_text(children)
    m = _TASK.match(first.content) if first else None
    if m:
        first.content = ("☐ " if m.group(1) == " " else "☑ ") + first.content[m.end():]


def _text(line) -> str:
    return "".join(c.content for c in line if c.type in ("text", "code_inline")).strip()


def note_lines(children) -> list:
    """An inline token's ``children`` line by line without Logseq's bookkeeping: ``id::``,
    ``collapsed::``… property lines and ``:LOGBOOK:`` … ``:END:`` drawers dropped (the breaks before
    them kept: they are lines of the file, read as spaces), other properties read "key: value"
    ("tags:: garden" is the note's own word); an Obsidian block id ("… ^b7x2") dropped."""
    lines: list[list] = [[]]
    breaks = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            breaks.append(child)
            lines.append([])
        else:
            lines[-1].append(child)
    texts = [_text(line) for line in lines]
    drop = [False] * len(lines)
    ends = [j for j, t in enumerate(texts) if t.upper() == ":END:"]
    i = 0
    while i < len(lines):
        if _DRAWER.fullmatch(texts[i]) and texts[i].upper() != ":END:":
            k = bisect_right(ends, i)
            end = ends[k] if k < len(ends) else None
            if end is not None:  # a closed drawer: its lines are not text (an unclosed one is)
                drop[i:end + 1] = [True] * (end + 1 - i)
                i = end
        elif (m := _PROPERTY.match(texts[i])) and _SYSTEM.fullmatch(m.group(1)):
            drop[i] = True
        elif m and lines[i][0].type == "text":
            lines[i][0].content = lines[i][0].content.replace("::", ":", 1)
        i += 1
    out: list = []
    for k, line in enumerate(lines):
        if k:
            out.append(breaks[k - 1])
        if drop[k]:
            continue
        if line and line[-1].type == "text":
            line[-1].content = _BLOCK_ID.sub("", line[-1].content)
        out.extend(line)
    return out


def without_block_refs(text: str) -> str:
    """A text piece without Logseq ``((uuid))`` block references."""
    return _BLOCK_REF.sub("", text) if "((" in text else text
