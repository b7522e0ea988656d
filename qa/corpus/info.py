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
``.`` is a heading (a section: "1.1 Description"), its underline no text.  Each blank-line
separated group of lines is read by ``info_blocks.py``: paragraphs joined into one line each,
examples keeping their lines, a table's terms opening their definitions, cross references read as
their words ("*Note Name::" is "See Name", as Emacs shows it).

A split manual is the main file ("find.info.gz": the preamble, an ``Indirect:`` list of its parts
and the tag table; no node) and its parts ("find.info-1.gz", "find.info-2.gz": the nodes).  Each
part is a document of its own, read like any file (nothing outside it is opened; re-index by
``stat`` sees each part change); the main file has no text of its own: ``ReadError`` of kind
"stub".  The title is the Top node's heading ("GNU Coreutils"); a file without one (bc's Top node
is a menu, a second part holds no Top node) is named by its ``dir`` entry when one entry names the
whole manual ("bc: An arbitrary precision calculator language", "Finding files: Operating on files
matching certain criteria (part 2)"), else by its node headers' file: "gnupg.info (part 2)".  A file named ``.info`` that holds no node (a Drupal module's
"name = Views" lines) is "unsupported", as it was before Info was read.
"""

from __future__ import annotations

import io
import re
from typing import BinaryIO

from .extracted import Extracted, ReadError, TextBuilder, clean_line
from .info_blocks import flush
from .skips import STUB, UNSUPPORTED

SEPARATOR = "\x1f"
_HEADER = re.compile(r"File:[ \t]*([^,\t\n]*)[,\t][^\n]*?\bNode:[ \t]*([^,\t\n]*)")
_UNDERLINE = re.compile(r"[ \t]*([*=.-])\1{2,}[ \t]*")
_MARKER = re.compile(r"[\x00 ]\x08\[[^\x08\n]{0,200}[\x00 ]\x08\]")  # "\0\b[index\0\b]": makeinfo's own markers
_MARKER_BYTES = re.compile(rb"\x00\x08\[[^\x00\x08\n]{0,200}\x00\x08\]")
_MENU = re.compile(r"\*[ \t]+Menu:", re.I)
_FOOTNOTES = re.compile(r"[ \t]*-{5,} Footnotes -{5,}[ \t]*")
_INDIRECT = re.compile(r"^([^:\n]{1,200}): [0-9]+$", re.M)  # "find.info-1: 1201"
_PART = re.compile(r"-(\d+)$")


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
    preamble = text[:max(text.find(SEPARATOR), 0)]
    return Extracted(text=out.text(), title=title or _named(manual, rel, dir_title(preamble)),
                     sections=tuple(out.sections), lines=tuple(out.lines))


def _named(manual: str, rel: str, entry: str = "") -> str:
    """A manual without a Top heading: its ``dir`` entry ("bc: An arbitrary precision calculator
    language"), else its header's file ("bc.info"); "… (part 2)" for the second part of a split one."""
    name = rel.rsplit("/", 1)[-1]
    name = name[:-3] if name.lower().endswith(".gz") else name
    part = _PART.search(name)
    manual = entry or manual or _PART.sub("", name)
    return f"{manual} (part {int(part.group(1))})" if part and int(part.group(1)) > 1 else manual


_DIR_BLOCK = re.compile(r"^START-INFO-DIR-ENTRY[ \t]*\n(.*?)^END-INFO-DIR-ENTRY", re.M | re.S)
# "* bc: (bc).   An arbitrary precision calculator language." (an entry for the whole manual: no node
# after "(bc)"), its description maybe going on in indented lines (bzip2's)
_WHOLE_ENTRY = re.compile(r"^\* ([^:\n]{1,80}):[ \t]*\([^()\n]+\)\.(.*(?:\n[ \t]+\S.*)*)", re.M)


def dir_title(preamble: str) -> str:
    """The title the ``dir`` menu gives a manual (its preamble's ``START-INFO-DIR-ENTRY`` lines): the
    one entry for the whole manual, its name and description ("bc: An arbitrary precision calculator
    language"; the name alone when the description repeats it: "Time"); "" when no entry, or several
    (gnupg's "gpg2", "gpgsm", "gpg-agent"…: none names the manual), names the whole manual."""
    entries = [m for block in _DIR_BLOCK.findall(preamble[:20_000]) for m in _WHOLE_ENTRY.finditer(block)]
    if len(entries) != 1:
        return ""
    name = clean_line(entries[0].group(1))
    about = clean_line(" ".join(entries[0].group(2).split())).rstrip(".").strip()
    return f"{name}: {about}" if about and about.lower() != name.lower() else name


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
            flush(group, out)
            in_menu = False
            continue
        if raw.strip() and _UNDERLINE.fullmatch(nxt) and abs(len(nxt.strip()) - len(raw.strip())) <= 3:
            flush(group, out)
            out.block(clean_line(raw), heading=True, line=n)
            in_menu = False
            i += 1
            continue
        if _MENU.match(raw):
            flush(group, out)
            in_menu = True
            continue
        if raw.strip():
            group.append((raw, n))
            continue
        if in_menu and group and not _menu_group(group):
            in_menu = False  # a paragraph after the menu: text again
        if not in_menu:
            flush(group, out)
        group.clear()
    if in_menu and group and not _menu_group(group):
        in_menu = False
    if not in_menu:
        flush(group, out)
    group.clear()


def _menu_group(group: list[tuple[str, int]]) -> bool:
    """Is this blank-line-separated group part of a menu: entries ("* Name::"), or one line of a
    menu's own comment ("Indices", "‘ls’:  List directory contents")?"""
    return group[0][0].startswith("* ") or len(group) == 1
