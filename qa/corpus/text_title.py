"""A plain-text file's title, from its layout: a header block's name field, a first line boxed
between rules (``boxed_title``), centred (with the centred line under it: "Version 2, June 1991")
or underlined (``===``), or a paragraph of its own above a longer one (``lone_title``: an abstract's
"Title in sentence case."), else ``titles.headline`` (never of a header's "Field: value" stanzas);
none for a Debian or GNU ChangeLog or a saved ``git log``; a program's help ("usage: yq …") by its
description (``usage_title``).  A list item ("- ", "1. ") is never one."""

from __future__ import annotations

import re

from .plaintext import UNDERLINE
from .titles import (HEAD_CHARS, has_mailbox, headline, is_byline, is_entry_head, is_generic, is_list_item,
                     looks_like_code, not_a_title, notice_lines, without_modeline)

_FIELD_LINE = re.compile(r"^([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*):[ \t]+(\S.*)$")  # "Upstream-Name: qa"
_NAME_FIELDS = ("title", "subject", "name", "upstream-name")


def header_fields(lines: list[str]) -> tuple[dict[str, str], int]:
    """The header block a text opens with ("Name: qa" / "Version: 1.0" / "Summary: ..." as in package
    metadata, Debian copyright files, notes and saved e-mail): its fields (lower-case names, first
    value) and the index of the line after it; no fields unless at least two lines are fields."""
    fields: dict[str, str] = {}
    i = next((k for k, ln in enumerate(lines) if ln.strip()), len(lines))
    while i < len(lines):
        m = _FIELD_LINE.match(lines[i].rstrip())
        if m:
            fields.setdefault(m.group(1).lower(), m.group(2).strip())
        elif not (fields and lines[i][:1] in (" ", "\t") and lines[i].strip()):  # a folded value goes on
            break
        i += 1
    return (fields, i) if len(fields) >= 2 else ({}, 0)


def outside_stanzas(lines: list[str]) -> list[str]:
    """``lines`` less those of "Field: value" stanzas (a field line and the indented lines that go on
    with its value), as a Debian copyright file's "Files: *" / "Copyright: 2020 Jane Doe" / " 2021 Ana"
    after its header: no such line is a title.  Other lines (an e-mail's body) stay."""
    kept, in_field = [], False
    for ln in lines:
        if _FIELD_LINE.match(ln.rstrip()):
            in_field = True
        elif in_field and ln[:1] in (" ", "\t") and ln.strip():
            pass  # the field's value goes on
        else:
            in_field = False
            kept.append(ln)
    return kept


BOX_WORDS = 20  # a boxed title of more words is a boxed paragraph (a notice)


def boxed_title(lines: list[str], first: int) -> str:
    """The title set between two rules at the top of a file (one to three lines, joined; border
    characters of a drawn box dropped): "-----" / "libpfm-4.x:" / "a helper library to program the
    performance monitoring events" / "-----".  Not a boxed notice (a sentence, or over ``BOX_WORDS``),
    nor a line that runs on ("For UnZip 6.1/who knows:", a TODO list's heading)."""
    if not UNDERLINE.match(lines[first]):
        return ""
    inside = []
    for ln in lines[first + 1:first + 5]:
        if UNDERLINE.match(ln):
            break
        inside.append(ln.strip().strip("*|#").strip())
    else:
        return ""
    title = " ".join(inside)
    words = title.split()
    if not inside or not all(inside) or not 1 <= len(words) <= BOX_WORDS or not _lettered(title):
        return ""
    if title.endswith(_NO_TITLE_END) or title.endswith((".", "!", "?")) and len(words) > 8 or is_byline(title) \
            or _COPYRIGHT.match(title):
        return ""
    return "" if is_generic(title) or is_list_item(title) or looks_like_code(title) else title


_GIT_LOG = re.compile(r"commit [0-9a-f]{40}\b")
_DEBIAN_ENTRY = re.compile(r"^[a-z0-9][a-z0-9+.~-]*[ \t]+\([^()\s]+\)[ \t]+[^;\n]+;[ \t]*urgency=", re.I)


def one_line(title: str, text: str, anchors: tuple[tuple[int, int], ...] = ()) -> str:
    """``title``, a line of ``text``, cut to its first line of the file when the reader joined it
    to the next (``anchors``: ``plaintext.read_plain``'s) and that line is a headline by itself:
    "GNU tar NEWS - User visible changes. 2021-02-13", not that and "Please send bug reports to …".
    A title joined across lines of the file never takes a copyright line or a licence's words
    (``notice_lines`` of those lines): it is the lines above them ("des - fast & portable DES
    encryption." / "Copyright (C) 1992  Dana L. How" is titled by the first), or none."""
    at = text.find(title, 0, HEAD_CHARS) if title and len(anchors) > 1 else -1
    if at < 0:
        return title
    cuts = [o for o, _ in anchors if at < o < at + len(title)]
    if not cuts:
        return title
    first = text[at:cuts[0]].rstrip()
    if headline(first) == first:
        return first
    ends = [*cuts, at + len(title)]
    notice = notice_lines([first, *(text[a:b].strip() for a, b in zip(ends, ends[1:]))])
    if not notice:
        return title
    above = text[at:cuts[min(notice) - 1]].rstrip() if min(notice) else ""
    words = above.split()
    return above if 1 <= len(words) <= 16 and _lettered(above) and not not_a_title(above, words) else ""


LONE_WORDS, LONE_CHARS = 30, 240  # a lone first line longer than this is a paragraph (SciFact: 99.7% of titles fit)
_NO_TITLE_END = (",", ";", ":")  # "Dear Ana,", "Some commands allow a date, e.g.:": it runs on into what follows
_COMMENT = re.compile(r"(#|//|;|%|\.\.(\s|$))")  # a comment or markup line: "# Generated by …", ".. note"
_COPYRIGHT = re.compile(r"\s*(copyright\b|\(c\)|\u00a9)", re.I)


def lone_title(lines: list[str], first: int, anchors: tuple[tuple[int, int], ...] = (),
               sentence: bool = True) -> str:
    """Line ``first`` of ``lines`` when the layout makes it a title: a paragraph of one line (2 to
    ``LONE_WORDS`` words) with a blank line under it and a longer paragraph after (at least twice its
    words and 15; any, for a program's "name - what it is" line), whatever its case or its end
    ("Results of screening for aneurysms in adults.", an abstract's title; "USING THE JPEG
    LIBRARY"); one that ends as a sentence (. ! ?) only when ``sentence``.  Never the first line of a
    wrapped paragraph (no blank line under it; nor a paragraph the reader joined from lines of the
    file: ``anchors``), a line that runs on
    (``_NO_TITLE_END``), a list item, a byline, a caption, a copyright notice, a lone "Field: value"
    or a comment ("# Generated by configure", ".. note")."""
    line = without_modeline(lines[first].strip())
    words = line.split()
    if not (2 <= len(words) <= LONE_WORDS and len(line) <= LONE_CHARS) or line.endswith(_NO_TITLE_END):
        return ""
    if not sentence and line.rstrip("\"'\u201d)]").endswith((".", "!", "?")):
        return ""
    at = sum(len(ln) + 1 for ln in lines[:first])
    if any(at < o < at + len(lines[first]) for o, _ in anchors):
        return ""  # "Version 1.1 ratified on …" was two lines of the file: a wrapped paragraph
    if first + 1 >= len(lines) or lines[first + 1].strip() or is_generic(line) or not_a_title(line, words):
        return ""
    if _COPYRIGHT.match(line) or _FIELD_LINE.match(line) or _COMMENT.match(line) or has_mailbox(line):
        return ""
    start = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), len(lines))
    body = 0
    for ln in lines[start:]:
        if not ln.strip():
            break
        body += len(ln.split())
    return line if body >= max(2 * len(words), 15) or body and _WHATIS.fullmatch(line) else ""


# a program's help saved as text opens with its usage: "usage: yq [options] <jq filter> [input file...]"
# (argparse), "Usage: /usr/bin/ls [OPTION]... [FILE]..." (GNU): the program's name is the path's last part
_USAGE = re.compile(r"usage:[ \t]+(?:[^\s/]*/)*([\w.+-]*[A-Za-z][\w.+-]*)(?:\s|$)", re.I)


def usage_title(lines: list[str], first: int, sentence: bool = True, anchors: tuple[tuple[int, int], ...] = ()) -> str:
    """The title of a program's help output saved as text (``lines[first]`` is its "usage: prog …"
    line, at the margin): its description, with the program's name before it unless it opens so.
    GNU's, right under the usage block (its indented lines): its first sentence, "ls: List information
    about the FILEs (the current directory by default)."; argparse's, a paragraph after a blank line:
    when it is one line or one sentence, "yq: Command-line YAML processor - jq wrapper for YAML
    documents".  A sentence only with ``sentence``.  Else "": a heading ("positional arguments:"),
    notes of two sentences (find's "Default path is …. Expression may …")."""
    m = _USAGE.match(lines[first])
    if m is None:
        return ""
    pieces = _file_lines(lines, first, anchors)
    i = 1
    while i < len(pieces) and pieces[i][0] and (pieces[i][1] or pieces[i][1] is None and _USAGE_MARK.match(pieces[i][0])):
        i += 1  # the usage goes on ("          [--in-place] [--version]", "  or:  ls --help")
    under = i
    while i < len(pieces) and not pieces[i][0]:
        i += 1
    end = i
    while end < len(pieces) and pieces[end][0] and not pieces[end][1]:
        end += 1
    para = " ".join(text for text, _ in pieces[i:end])
    stop = _SENTENCE_END.search(para)
    if i == under:  # GNU: the first sentence of the text right under the usage
        line = para[:stop.end()] if stop else ""
    else:  # argparse: the description, a paragraph of its own
        line = para if stop is None or stop.end() == len(para) else ""
    words = line.split()
    if not (2 <= len(words) <= LONE_WORDS and len(line) <= LONE_CHARS) or line.endswith(_NO_TITLE_END):
        return ""
    if stop and not sentence or is_generic(line) or not_a_title(line, words) or _USAGE.match(line):
        return ""
    prog = m.group(1)
    return line if line.lower().startswith(prog.lower()) else f"{prog}: {line}"


def _file_lines(lines: list[str], first: int, anchors: tuple[tuple[int, int], ...]) -> list[tuple[str, bool | None]]:
    """``lines`` from ``first`` on as the file's lines: (stripped text, indented), cut where the reader
    joined lines (``anchors``); a joined line's indent is not known (None)."""
    at = sum(len(ln) + 1 for ln in lines[:first])
    cuts = sorted(o for o, _ in anchors if o > at)
    out: list[tuple[str, bool | None]] = []
    for ln in lines[first:]:
        inner = [o - at for o in cuts if at < o < at + len(ln)]
        bounds = [0, *inner, len(ln)]
        for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
            out.append((ln[a:b].strip(), ln[:1] in (" ", "\t") if k == 0 else None))
        at += len(ln) + 1
    return out


# a joined line that goes on with a usage: "[--upgrade] …", "ENV_DIR [ENV_DIR ...]", "-t DIR", "<file>", "or:  ls"
_USAGE_MARK = re.compile(r".*[\[\]]|[-<{|]|or:")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(?=\s|$)")


# a program's name and what it is, as a manual's NAME line: "libquorp - a library to tune pumps"
_WHATIS = re.compile(r"[a-z][\w.+-]* - [A-Za-z].*[^.:]")


def _lettered(line: str) -> bool:
    """Does ``line`` hold a letter (not a rule of "-----", nor an ASCII-art logo "_   _ ____  _")?"""
    return any(ch.isalpha() for ch in line)


def _subtitle(lines: list[str], first: int, indent: int) -> str:
    """The centred line right under a centred title, when it is short and no byline, address or
    copyright ("Version 2, June 1991", which tells GPL-2 from GPL-3), else ""."""
    if first + 1 >= len(lines):
        return ""
    line = lines[first + 1].rstrip()
    sub = line.strip()
    if not sub or len(line) - len(sub) < indent or not 1 <= len(sub.split()) <= 8 or len(sub) > 60:
        return ""
    if is_byline(sub) or "://" in sub or "@" in sub or _COPYRIGHT.match(sub) or not _lettered(sub):
        return ""
    return sub


def plain_title(text: str, anchors: tuple[tuple[int, int], ...] = (), sentence: bool = True) -> str:
    """A text file's title: the name a header block gives ("Title:", "Subject:", "Name:"), else its
    first line (after a licence or copyright notice: ``titles.notice_lines``) when centred (indented well past the text's margin, as licences and old READMEs set
    it; with the centred line under it, ``_subtitle``) or underlined with ``===``/``---``, else when
    it stands alone above a longer paragraph (``lone_title``; a sentence only when ``sentence``: a
    README's "This directory contains…" is titled by its folder instead), else ``headline`` (of the
    text after a header block, ``one_line`` of the file); a Vim help file's as Vim shows it
    (``vim_help``); a program's help output by its description (``usage_title``); none for a Debian
    changelog ("pkg (1.2-1) unstable; urgency=low" first: its file name names it)."""
    from .vim_help import vim_title

    vim = vim_title(text)
    if vim:
        return vim  # "*usr_07.txt*<Tab>For Vim version 9.0 …" first: the title below its banner
    lines = text[:HEAD_CHARS].split("\n")[:40]
    if _DEBIAN_ENTRY.match(next((ln for ln in lines if ln.strip()), "")):
        return ""  # a Debian changelog or NEWS.Debian: no line names it (a signature, a bullet); its name does
    opening = next((ln for ln in lines if ln.strip()), "")
    if _GIT_LOG.match(opening) or is_entry_head(opening):
        return ""  # a GNU ChangeLog or a saved ``git log``: an entry's words name no file ("Fix typo in README")
    start = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    usage = usage_title(lines, start, sentence, anchors)  # a program's help: "usage: yq …" first
    if usage:
        return usage
    fields, after = header_fields(lines)
    if fields:
        named = next((fields[k] for k in _NAME_FIELDS if k in fields), "")
        return named[:200] or _no_mailbox(one_line(headline("\n".join(outside_stanzas(lines[after:]))), text, anchors))
    notice = notice_lines(lines)  # a licence paragraph first ("Copyright …" / "This file is part of …"): after it
    first = next((i for i, ln in enumerate(lines) if ln.strip() and i not in notice), None)
    if first is None:
        return ""
    boxed = boxed_title(lines, first)
    if boxed:
        return boxed
    line = without_modeline(lines[first].rstrip())
    stripped = line.strip()
    margin = min((len(ln) - len(ln.lstrip()) for ln in lines[first + 1:] if ln.strip()), default=0)
    under = first + 1 < len(lines) and UNDERLINE.match(lines[first + 1])
    indent = max(8, margin + 6)
    centred = len(line) - len(line.lstrip()) >= indent and len(stripped) <= 70 and _lettered(stripped)  # no logo
    rule = UNDERLINE.match(line) is not None  # "=====" is no title, underlined or not
    if (under or centred) and 1 <= len(stripped.split()) <= 16 and not rule and not is_generic(stripped) and \
            not is_byline(stripped) and not is_list_item(stripped) and not looks_like_code(stripped):
        sub = _subtitle(lines, first, indent) if centred else ""
        return f"{stripped} {sub}" if sub else stripped
    return lone_title(lines, first, anchors, sentence) or _no_mailbox(one_line(headline(text), text, anchors))


def _no_mailbox(title: str) -> str:
    """``title`` unless it is an author's line ("It was put together by … <debian-glibc@…>")."""
    return "" if has_mailbox(title) else title
