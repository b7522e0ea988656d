"""GNU Info manuals (makeinfo output: "coreutils.info.gz", "find.info-1.gz") as running text, node
titles as sections.

An Info file is a preamble ("This is bc.info, produced by makeinfo …", the copying notice, the
``INFO-DIR-SECTION`` / ``START-INFO-DIR-ENTRY`` lines for the ``dir`` menu), then nodes, each after a
``\\x1f`` (^_) line and opening with its header line ("File: bc.info,  Node: Description,  Next: …"),
then the tag table ("Tag Table:" … "End Tag Table") and "Local Variables:".  The text is the nodes'
content only: no preamble (the Top node repeats its copying notice), headers, separators, tag
table, or menus ("* Menu:" and its "* Name::  description" lines, the detailed node listing, an
index node's entries: they repeat node titles and list names, no sentence of their own); a
paragraph after a menu is text again.  A title line underlined by a row of ``*``, ``=``, ``-`` or
``.`` is a heading (a section: "1.1 Description"), its underline no text.  Paragraphs,
hard-wrapped at 72 columns, are joined into one line each; an indented block whose lines are not
wrapped prose (an example, a table) keeps its lines; a table's term line ("'-l, --mathlib'") opens
its indented definition when short (``extracted.opens_definition``); a bullet ("*", "•") is no text.
A cross reference reads as its words, as Emacs shows it: "*Note Name::" is "See Name" (``@xref``),
"(*note Name::)" is "(see Name)" (``@pxref``), any other "*note Name::" is "Name" (``@ref``, after
the author's own "see"); "*note Label: (file)Node." keeps the label and the punctuation ending it.

A split manual is the main file ("find.info.gz": the preamble, an ``Indirect:`` list of its parts
and the tag table; no node) and its parts ("find.info-1.gz", "find.info-2.gz": the nodes).  Each
part is a document of its own, read like any file (nothing outside it is opened; re-index by
``stat`` sees each part change); the main file has no text of its own: ``ReadError`` of kind
"stub".  The title is the Top node's heading ("GNU Coreutils"); a file without one (bc's Top node
is a menu, a second part holds no Top node) is named by its node headers' file: "bc.info",
"find.info (part 2)".  A file named ``.info`` that holds no node (a Drupal module's
"name = Views" lines) is "unsupported", as it was before Info was read.
"""

from __future__ import annotations

import io
import re
from typing import BinaryIO

from .extracted import (Extracted, ReadError, TextBuilder, clean_code_line, clean_line, clean_pieces,
                        opens_definition)
from .skips import STUB, UNSUPPORTED

SEPARATOR = "\x1f"
_HEADER = re.compile(r"File:[ \t]*([^,\t\n]*)[,\t][^\n]*?\bNode:[ \t]*([^,\t\n]*)")
_UNDERLINE = re.compile(r"[ \t]*([*=.-])\1{2,}[ \t]*")
_MARKER = re.compile(r"[\x00 ]\x08\[[^\x08\n]{0,200}[\x00 ]\x08\]")  # "\0\b[index\0\b]": makeinfo's own markers
_MARKER_BYTES = re.compile(rb"\x00\x08\[[^\x00\x08\n]{0,200}\x00\x08\]")
_MENU = re.compile(r"\*[ \t]+Menu:", re.I)
_FOOTNOTES = re.compile(r"[ \t]*-{5,} Footnotes -{5,}[ \t]*")
_BULLET = re.compile(r"\A([ \t]*)(?:[*\u2022][ \t]+)(?=\S)")
_NUMBERED = re.compile(r"[ \t]*(?:[0-9]{1,3}|[a-zA-Z])\.[ \t]+(?=\S)")  # "  1. Install", "  b. Run"
_DEFINITION = re.compile(r" -- [A-Z][\w ]{0,40}: \S")  # " -- Function: …", " -- Command: …": @deffn
_INDIRECT = re.compile(r"^([^:\n]{1,200}): [0-9]+$", re.M)  # "find.info-1: 1201"
_QUOTES = "'‘’\"“”`"
_PART = re.compile(r"-(\d+)$")
# a cross reference: "*Note Name::" or "*note Label: (file)Node." (the node ends at ".", ",", a tab
# or the line's end; a name with those characters is quoted with \x7f)
_NOTE = re.compile(r"\*([Nn])ote[ \t\n]+(\x7f[^\x7f]*\x7f|[^:\x7f]{1,200}?)"
                   r"(?:::|:[ \t\n]+(?:\([^)\n]*\))?(?:\x7f[^\x7f]*\x7f|[^.,\t\x7f]{0,200}?)([.,]|\t|(?=\n\n)|$))")
FILLED = 62  # a wrapped line and the next line's first word pass this column (makeinfo fills to 72)
WRAPPED = 45  # a table's term lines are shorter than this (a longer line is a paragraph's)
INDENT = 5  # makeinfo indents a table item's definition, an @example, @lisp, @display… 5 columns


def without_markers(fh: BinaryIO) -> BinaryIO:
    """The bytes of ``fh`` (read whole: a plain file's size, or a gzipped one's budget, bounds them)
    without makeinfo's index and image markers, "\\0\\b[index\\0\\b]": their NULs would make the
    file look binary to ``charset.read_text``."""
    return io.BytesIO(_MARKER_BYTES.sub(b"", fh.read()))


def is_info(text: str) -> bool:
    """Whether ``text`` is an Info file: a node header after a ^_ line, or a split manual's index."""
    return _HEADER.match(_after_separator(text)) is not None or "\x1f\nIndirect:" in text


def _after_separator(text: str) -> str:
    at = text.find(SEPARATOR)
    return text[at + 1:at + 400].lstrip("\n") if at >= 0 else ""


def read_info(text: str, rel: str = "") -> Extracted:
    """The text, title, sections and line anchors of an Info file (see the module doc)."""
    out = TextBuilder()
    title = manual = ""
    nodes = 0
    parts: list[str] = []
    line = 1 + text.count("\n", 0, max(text.find(SEPARATOR), 0))
    for chunk in text.split(SEPARATOR)[1:]:
        body = chunk.lstrip("\n")
        start = line + len(chunk) - len(body)  # the 1-based line of ``body``'s first line
        line += chunk.count("\n")
        if body.startswith("Indirect:"):
            parts += [m.group(1) for m in _INDIRECT.finditer(body)]
            continue
        if body.startswith(("Tag Table:", "End Tag Table", "Local Variables:")):
            continue
        head = _HEADER.match(body)
        if head is None:
            continue
        nodes += 1
        manual = manual or head.group(1).strip()
        first = len(out.sections)
        _node(body, start, out)
        if head.group(2).strip().lower() == "top" and len(out.sections) > first and not title:
            title = out.sections[first][1]
    if not nodes:
        if parts:
            shown = ", ".join(parts[:3]) + (", …" if len(parts) > 3 else "")
            raise ReadError(f"a split Info manual's list of its parts ({shown}): they are read", kind=STUB)
        raise ReadError("unsupported file type (.info): not an Info manual (no node)", kind=UNSUPPORTED)
    return Extracted(text=out.text(), title=title or _named(manual, rel), sections=tuple(out.sections),
                     lines=tuple(out.lines))


def _named(manual: str, rel: str) -> str:
    """"find.info (part 2)" for the second part of a split manual, "bc.info" for a whole one."""
    name = rel.rsplit("/", 1)[-1]
    name = name[:-3] if name.lower().endswith(".gz") else name
    part = _PART.search(name)
    manual = manual or _PART.sub("", name)
    return f"{manual} (part {int(part.group(1))})" if part and int(part.group(1)) > 1 else manual


def _node(body: str, start: int, out: TextBuilder) -> None:
    """One node's content (``body`` from its header line, on source line ``start``) into ``out``."""
    body = _MARKER.sub("", body).replace("\x00", " ")
    lines = body.split("\n")
    group: list[tuple[str, int]] = []
    in_menu = False
    i = 1  # the header line is no text
    while i < len(lines):
        raw, n = lines[i], start + i
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        i += 1
        if _FOOTNOTES.fullmatch(raw) or _HEADER.search(raw):  # a header without its ^_: no text either
            _flush(group, out)
            in_menu = False
            continue
        if raw.strip() and _UNDERLINE.fullmatch(nxt) and abs(len(nxt.strip()) - len(raw.strip())) <= 3:
            _flush(group, out)
            out.block(clean_line(raw), heading=True, line=n)
            in_menu = False
            i += 1
            continue
        if _MENU.match(raw):
            _flush(group, out)
            in_menu = True
            continue
        if raw.strip():
            group.append((raw, n))
            continue
        if in_menu and group and not _menu_group(group):
            in_menu = False  # a paragraph after the menu: text again
        if not in_menu:
            _flush(group, out)
        group.clear()
    if in_menu and group and not _menu_group(group):
        in_menu = False
    if not in_menu:
        _flush(group, out)
    group.clear()


def _menu_group(group: list[tuple[str, int]]) -> bool:
    """Is this blank-line-separated group part of a menu: entries ("* Name::"), or one line of a
    menu's own comment ("Indices", "‘ls’:  List directory contents")?"""
    return group[0][0].startswith("* ") or len(group) == 1


def _reference(m: re.Match) -> str:
    label = m.group(2).strip("\x7f")
    end = m.group(3) or ""
    lead = "See " if m.group(1) == "N" else "see " if m.string[m.start() - 1:m.start()] == "(" else ""
    return lead + label + (end if end not in ("\t",) else " ")


def _flush(group: list[tuple[str, int]], out: TextBuilder) -> None:
    """A blank-line-separated group of lines as blocks: a definition's header line ("-- Function:
    …", wrapped), a table's term lines and their indented definition, then runs of lines (a bullet,
    or a change of indentation, starts one), each wrapped prose joined into a line or kept lines.
    A table's items with no blank line between them are read one after the other (no recursion)."""
    rest = list(group)
    while rest:
        rest = _first_part(rest, out)


def _first_part(group: list[tuple[str, int]], out: TextBuilder) -> list[tuple[str, int]]:
    """``_flush`` of ``group``'s first part (all of it, or up to a return to an outer level or a
    table's next item); the lines left."""
    first = _indent(group[0][0])
    base = first - 3 if len(group) > 1 and _indent(group[1][0]) == first - 3 else first  # a paragraph's
    out_at = next((k for k, (raw, _) in enumerate(group) if k and _indent(raw) < base), None)
    if out_at is not None:  # back to an outer level (a table's next item) with no blank line between
        _flush(group[:out_at], out)  # no line of it is back at the outer level: one more call at most
        return group[out_at:]
    term: list[tuple[str, int]] = []
    deeper = next((k for k, (raw, _) in enumerate(group) if _indent(raw) != first), None)
    if _DEFINITION.match(group[0][0]):  # " -- Function: int f (int A,\n          int B)": the term
        k = 1
        while k < len(group) and _indent(group[k][0]) > first + INDENT:
            k += 1
        term, group = group[:k], group[k:]
    elif (deeper and _indent(group[deeper][0]) == first + INDENT and not _BULLET.match(group[0][0])
            and all(_indent(raw) == first for raw, _ in group[:deeper])
            and (deeper == 1 or all(_term_line(raw) for raw, _ in group[:deeper]))):
        term, group = group[:deeper], group[deeper:]
        after = next((k for k, (raw, _) in enumerate(group) if _indent(raw) <= first), None)
        if after is not None:  # the table's next item, with no blank line between: "'-ok'" after "'-print0'…"
            _flush(term + group[:after], out)  # one item: split no further
            return group[after:]
    if not group:  # a definition's header alone
        _joined(term, out)
        return []
    margin = min(_indent(raw) for raw, _ in group)
    runs = _examples(_runs(group), margin)
    opens = _prose(runs[0]) and not _deep(runs[0], margin) and not _BULLET.match(runs[0][0][0])
    if term and opens and opens_definition(" ".join(raw.strip() for raw, _ in term)):
        runs[0] = term + runs[0]  # "'-t' '--sort=time' Sort by modification time…"
    elif term and _DEFINITION.match(term[0][0]):
        _joined(term, out)  # a long header: a line of its own
    elif term:
        _lines(term, out)
    for k, run in enumerate(runs):
        if (k == 0 and term and run[0] is term[0]) or _prose(run) and not _deep(run, margin):
            _joined(run, out)
        else:
            _lines(run, out)
    return []


def _examples(runs: list[list[tuple[str, int]]], margin: int) -> list[list[tuple[str, int]]]:
    """Runs that are one example's lines, as one: a line or lines not wrapped prose followed by
    lines indented as deep or deeper ("define NAME ( PARAMETERS ) {" / "    AUTO_LIST }"), and
    runs indented an example's depth past ``margin`` (``_deep``), one after the other."""
    merged: list[list[tuple[str, int]]] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and not _BULLET.match(run[0][0]) and (
                _deep(run, margin) and _deep(last, margin)
                or not _BULLET.match(last[0][0]) and (len(last) == 1 or not _prose(last))
                and _indent(run[0][0]) >= _indent(last[0][0])):
            merged[-1] = last + run
        else:
            merged.append(run)
    return merged


def _deep(run: list[tuple[str, int]], margin: int) -> bool:
    """Is ``run`` an example's lines: indented ``INDENT`` columns past the text around it?"""
    return not _BULLET.match(run[0][0]) and min(_indent(raw) for raw, _ in run) >= margin + INDENT


def _runs(lines: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """``lines`` cut where a bullet or a numbered item starts, or where the indentation changes
    (not after a paragraph's indented first line, nor under an item's marker)."""
    runs: list[list[tuple[str, int]]] = []
    for raw, n in lines:
        at = _indent(raw)
        if runs and not _BULLET.match(raw) and not (at and _NUMBERED.match(raw)):
            run = runs[-1]
            head = _indent(run[0][0])
            marker = _BULLET.match(run[0][0]) or (head and _NUMBERED.match(run[0][0]))
            if (abs(at - _indent(run[-1][0])) < 2 and (not marker or len(run) > 1 or at > head)
                    or len(run) == 1 and (at == marker.end() if marker else head == at + 3)):
                run.append((raw, n))
                continue
        runs.append([(raw, n)])
    return runs


def _joined(run: list[tuple[str, int]], out: TextBuilder) -> None:
    """Lines of wrapped prose as one line, its cross references read as words."""
    text, anchors = _references(*clean_pieces(_pieces(run)))
    out.block(text, line=run[0][1], anchors=anchors)


def _references(text: str, anchors: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with its cross references read as words (``_reference``), after the block is laid
    out (a reference is longer than its words: it must not make a filled line look short), and the
    line anchors moved with the text."""
    if "ote" not in text:
        return text, anchors
    parts: list[str] = []
    moves: list[tuple[int, int, int]] = []  # (start, end, change of length) of each reference
    at = 0
    for m in _NOTE.finditer(text):
        words = _reference(m)
        parts += [text[at:m.start()], words]
        moves.append((m.start(), m.end(), len(words) - (m.end() - m.start())))
        at = m.end()
    if not moves:
        return text, anchors
    parts.append(text[at:])
    moved = []
    for pos, n in anchors:
        shift = sum(change for _, end, change in moves if end <= pos)
        inside = next((start for start, end, _ in moves if start < pos < end), None)
        moved.append(((inside if inside is not None else pos) + shift, n))
    out = "".join(parts)
    return out, [(pos, n) for pos, n in moved if pos < len(out)]


def _pieces(item: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``clean_pieces``' input: each line with its line break (a space once joined), the bullet dropped."""
    pieces = [(raw + "\n", n) for raw, n in item]
    pieces[0] = (_BULLET.sub(r"\1", pieces[0][0], count=1), pieces[0][1])
    return pieces


def _lines(item: list[tuple[str, int]], out: TextBuilder) -> None:
    """Lines kept as they are (an example, a table's rows), less the block's common indentation."""
    margin = min(_indent(raw) for raw, _ in item)
    kept = [clean_code_line(raw[margin:]) for raw, _ in item]
    anchors = []
    at = 0
    for (_, n), text in zip(item, kept):
        anchors.append((at, n))
        at += len(text) + 1
    text, anchors = _references("\n".join(kept), anchors[1:])
    out.block(text, sep="\n\n", line=item[0][1], anchors=anchors)


def _term_line(raw: str) -> bool:
    """Can ``raw`` be one of a table item's several term lines: short, or quoted whole
    ("'Warning: filesystem /path/foo has recently been mounted'")?"""
    term = raw.strip()
    return len(term) < WRAPPED or (term[:1] in _QUOTES and term[-1:] in _QUOTES)


def _prose(item: list[tuple[str, int]]) -> bool:
    """Wrapped prose: one line, or every line but the last filled: the next line's first word would
    not have fitted on it (makeinfo fills to 72 columns; ``FILLED`` leaves room for a manual made
    with a narrower fill).  An example's lines are shorter than that ("sed -n '45p' file.txt")."""
    return all(len(raw.rstrip()) + 1 + len(nxt.split()[0]) > FILLED for (raw, _), (nxt, _) in zip(item, item[1:]))


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" \t"))
