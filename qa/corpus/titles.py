"""Titles from a document's own structure, and the headline of a plain-text article.

``best_title`` picks the first candidate that names the document (an HTML ``<title>`` before its
first ``<h1>``, which is often a section: "1. Overview"); ``is_generic`` says which do not ("1.",
"Contents", "Introduction", "Abstract").  ``headline``: an article's headline, never a photo
caption, a list item or a promoted link to another article (news pages saved as text start with
such lines); a plain-text file's own title is ``text_title.plain_title``'s.
``stub_reason`` recognises a page that only sends the reader elsewhere (a redirect)."""

from __future__ import annotations

import re

HEAD_CHARS = 20_000  # where titles are looked for (never split a huge text into lines)

_CAPTION = re.compile(r"^\s*(photo|image|picture|caption|video|file photo)\s*[:|-]", re.I)
_DATELINE = re.compile(r"^\s*(update|original entry|latest)\b", re.I)


# labels of link lists only: "LATEST", "FEATURE", "NEWS" may head the page's own headline too
_PROMO_LABEL = re.compile(r"\b(related|read more|more stories|also read|see also|recommended|most popular|"
                          r"trending|top stories|editor'?s picks?|don'?t miss)\b", re.I)
_LINK_LINE = re.compile(r"^\s*(jump to original|read more|continue reading|read the full (story|article)|"
                        r"full (story|article)|click here)\s*$", re.I)


def _is_promo(lines: list[str], i: int) -> bool:
    """A headline of *another* article: under an all-caps link-list label ("RELATED", "READ
    MORE") or followed by a link line ("Jump to Original", "Read more")."""
    before = next((ln.strip() for ln in reversed(lines[:i]) if ln.strip()), "")
    after = next((ln.strip() for ln in lines[i + 1:] if ln.strip()), "")
    label = before.isupper() and len(before.split()) <= 4 and bool(_PROMO_LABEL.search(before))
    return label or bool(_LINK_LINE.match(after))


_MODELINE = re.compile(r"\s*-\*-.*?-\*-\s*")  # Emacs's "-*- outline -*-", "-*-indented-text-*-"


def without_modeline(line: str) -> str:
    """``line`` without an Emacs file-variables mark: "GNU grep NEWS      -*- outline -*-" is titled
    "GNU grep NEWS"; a line that is only the mark is empty."""
    return _MODELINE.sub(" ", line).rstrip() if "-*-" in line else line


def _wordy(words: list[str]) -> bool:
    """Words a title is made of: most hold a letter ("- - - - -" does not), and they do not repeat
    themselves (a row of badges: "Build Status Build status Build status Fuzzing Status")."""
    lettered = [w.lower() for w in words if any(ch.isalpha() for ch in w)]
    return 2 * len(lettered) >= len(words) and 2 * len(set(lettered)) > len(lettered)


# a byline: "by Julian Seward", "By Orla Widget and J. Frob" (a title page's author, never its title)
_BYLINE = re.compile(r"[Bb][Yy]\s+(?:(?:[A-Z][\w.'\u2019-]*|and|&|,|van|von|de)\s*){2,8}")


def is_byline(line: str) -> bool:
    """Is ``line`` an author's byline ("by Julian Seward"), which is no title?"""
    return _BYLINE.fullmatch(line.strip().rstrip(".").replace(",", " , ")) is not None


# a list item's marker: "- ", "* ", "+ ", "• ", "1. ", "(2) ", "a) " (a hg help text's first item was its title);
# an outline heading's: "** Changes in behaviour" (GNU NEWS)
_LIST_MARK = re.compile(r"^\s*(?:(?:[-+\u2022\u25aa\u2013]|\*{1,4})\s|\(?[0-9]{1,3}[.)]\s|\(?[a-z][.)]\s)")


def is_list_item(line: str) -> bool:
    """Does ``line`` open with a list marker ("- ", "* ", "1. ", "a) ")?  Such a line is an item, or a
    numbered section ("1. Changes to Bash"), never a title."""
    return _LIST_MARK.match(line) is not None


# a ChangeLog entry's head: "2023-01-05  Jane Doe  <jane@example.org>", "Tue Jan  5 10:00:00 2003  Jane Doe";
# an author's or maintainer's line: "Jane Doe <jane@example.org>"
_DATE = (r"\s*(?:\d{4}-\d\d-\d\d|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} +\d{1,2} "
         r"\d\d:\d\d(?::\d\d)?(?: [A-Z]{2,5})? \d{4})")
_ENTRY_DATE = re.compile(_DATE + r"(?:\s{2,}|\s*$)")
_DATED = re.compile(_DATE + r"\b")
_MAILBOX = re.compile(r"<[^<>\s@]+@[^<>\s@]+>")


# a command or code, never a title: a shell or batch prompt ("$ make", ">>> run()", "C:\\> setup"), a
# line opening with a sigil on a word ("@python …", "%~d0", "$HOME/bin", "#!/bin/sh", "#Serial: 3"), a
# command and its option, a line of "ls -l", a commit as git cites one, a statement ("if (x < 0)",
# 'run(["a"])', "f(x);"), a shell's operators ("&&", "||", "2>&1", a line continued by "\\"), a
# comparison ("pkg >= 0.2"), a comment or tag ("<!-- … -->"), or nothing but options ("--all --quiet")
_CODE = re.compile(r"""
    ^\s*(?:(?:\$|%|>>>|>|[A-Za-z]:\\\S*>)\s+\S        # a prompt: "$ make", ">>> run()", "C:\\> setup"
      | [@%$][A-Za-z_{(~] | \#[!A-Za-z] | <!-- | <\?       # a sigil on a word, a shebang, a comment or tag
      | (?:if|for|while|switch)\s*\(.*\)\s*\{?\s*$          # a statement: "if (x < 0)", "for (;;) {"
      | [a-z][\w.+-]*\s+--?[A-Za-z]                       # a command and its option: "ls -l /bin", "kill -s USR1 1"
      | [-dlcbps][rwxsStT-]{9}\s                          # a file's line in "ls -l": "-rwsr-xr-x 1 root …"
      | (?=[a-f]*\d)[0-9a-f]{7,40}\s\(                     # a commit cited as git does: "67947c34ae (subject, date)"
      | [A-Za-z_][\w.]*\(\s*[\["'])                       # a call with a list or a string: 'run(["a"])'
    | && | \|\| | \d>&\d | \s\\$                          # a shell's operators, a continued line
    | [;{]\s*$ | \s(?:>=|<=|==|!=)\s                      # a statement's end, a comparison""", re.X)
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_RULES = re.compile(r"^\s*([=*#~_-])\1{2,}\s*|\s*([=*#~_-])\2{2,}\s*$")
_OPTIONS = re.compile(r"\s*(?:\[?-{1,2}[A-Za-z][\w-]*(?:[= ]?<?\w*>?)?\]?\s*)+")


def looks_like_code(line: str) -> bool:
    """Is ``line`` a command or a line of code ("$ faked --debug", '@python "%~d0%~p0git-p4.py" %*',
    "./configure && make", "if (cache_get(&c) < 0)") rather than words naming a document (``_CODE``)?
    Also a line of nothing but "[options]", or with more signs than letters and digits (rules of
    "=====" around it not counted)."""
    line = line.strip()
    if _CODE.search(line) or _OPTIONS.fullmatch(line) and "-" in line[:3]:
        return True
    bare = line
    while (shorter := _BRACKETED.sub("", bare)) != bare:
        bare = shorter
    if line and not bare.strip():
        return True  # nothing but "[options]": a command's synopsis ("[jq_filter] [files [files ...]]")
    line = _RULES.sub("", line)  # "===== Changes in foo-6.03 =====": its rules are no signs of code
    signs = sum(not ch.isalnum() and not ch.isspace() for ch in line)
    return signs > sum(ch.isalnum() for ch in line)


# a link and its label, never a title: "Source Code: https://github.com/fastapi/typer", "Homepage - www.x.org",
# a bare URL (a page's line under its logo; the page's own name is elsewhere)
_LABELLED_URL = re.compile(r"\s*(?:[^:\s][^:]{0,60}?\s*(?::|\s[-\u2013\u2014|]|=>?)\s*)?<?(?:[a-z][a-z0-9+.-]*://|www\.)\S+>?\s*$",
                           re.I)
_CREDIT = re.compile(r"\s*(?:(?:authors?|maintainers?)\s*:|(?:written|contributed|maintained)\s+by\b)", re.I)


def not_a_title(line: str, words: list[str]) -> bool:
    """What no title line is: a caption, a dateline, a separator or a row of repeated words (not
    ``_wordy``), a table row ("Name | Room", as readers write rows, or columns set apart by spaces), a
    list item, a byline or a credit ("Author: Ralph Mor, X Consortium"), a ChangeLog entry's
    date-and-author line ("2023-01-05  Jane Doe  <jane@…>"), a command or code (``looks_like_code``),
    a link and its label ("Source Code: https://…", ``_LABELLED_URL``)."""
    return (_CAPTION.match(line) is not None or _LABELLED_URL.match(line) is not None or _DATELINE.match(line) is not None or not _wordy(words)
            or _CREDIT.match(line) is not None or looks_like_code(line)
            or " | " in line or _COLUMNS.search(line) is not None or is_list_item(line) or is_byline(line)
            or is_entry_head(line))


def is_entry_head(line: str) -> bool:
    """Is ``line`` a ChangeLog entry's head: a date (ISO or ``ctime``) and two spaces ("2023-01-05  Jane
    Doe  <jane@…>"), or a date and a mailbox ("Fri Jul 24 10:16:24 CEST 2009 Daniel Veillard <…>")?"""
    return _ENTRY_DATE.match(line) is not None or (_DATED.match(line) is not None and has_mailbox(line))


def has_mailbox(line: str) -> bool:
    """Does ``line`` hold a mailbox ("Jane Doe <jane@example.org>", "… the GNU Libc Maintainers
    <debian-glibc@…>")?  An author's or maintainer's line, never a plain-text file's title (checked on
    the file's line, not on a headline the reader joined to a "send bug reports to <…>" line)."""
    return _MAILBOX.search(line) is not None


_COLUMNS = re.compile(r"\S(?: {3,}|\t)\s*\S")  # "Num     Type    Disp Enb": a plain-text table's columns


# a licence or copyright paragraph's words: a file's notice ("This file is part of the GNU MPFR Library." /
# "… is free software; you can redistribute it …"), never its title ("GNU LESSER GENERAL PUBLIC LICENSE" is)
_NOTICE = re.compile(r"free software[;,] you can redistribute|without any warranty|is distributed in the hope|"
                     r"you should have received a copy|all rights reserved|permission is hereby granted|"
                     r"permission to use, copy|redistribution and use in source|\blicensed under\b|"
                     r"under the terms of the|spdx-license-identifier|"
                     r"\bthis (?:file|program|library|package|document|manual) is (?:a )?part of\b|"
                     r"this software is provided|merchantability|fitness for a particular purpose", re.I)
_COPYRIGHT_LINE = re.compile(r"\s*(?:[#*;%/]+\s*|dnl\s+)?(?:copyright\b|\(c\)\s*\d|\u00a9)", re.I)


def notice_lines(lines: list[str]) -> set[int]:
    """The indexes of ``lines`` in a licence or copyright notice: in a paragraph (lines between blank
    lines), from a copyright line ("Copyright 2000-2023 Free Software Foundation, Inc.") or the line
    where a licence's words start ("… is free software; you can redistribute it …", "This file is part
    of …", "WITHOUT ANY WARRANTY", read across the paragraph's line ends) to the paragraph's end.  No
    such line is a title ("or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU Lesser General Public"
    was one); a line above it in its paragraph may be ("GNU Foo 1.2" / "Copyright (C) 2020 …")."""
    found: set[int] = set()
    start = 0
    for i in range(len(lines) + 1):
        if i < len(lines) and lines[i].strip():
            continue
        para = [ln.strip() for ln in lines[start:i]]
        first = [k for k, ln in enumerate(para) if _COPYRIGHT_LINE.match(ln)]
        m = _NOTICE.search(" ".join(para))
        if m:  # the line the words start on: the paragraph's lines joined by one space each
            end = -1
            for k, ln in enumerate(para):
                end += len(ln) + 1
                if end >= m.start():
                    first.append(k)
                    break
        if first:
            found.update(range(start + min(first), i))
        start = i + 1
    return found


def headline(text: str) -> str:
    """The article's headline: an early short title-like line, never a photo caption or a
    promoted link to another article, a separator ("- - -"), a table row, a list item, a row of
    repeated words or a line of a licence or copyright paragraph (``notice_lines``)."""
    lines = text[:HEAD_CHARS].splitlines()[:15]
    notice = notice_lines(lines)
    for i, line in enumerate(lines):
        if i in notice:
            continue
        line = without_modeline(line.strip())
        words = line.split()
        if not (3 <= len(words) <= 16) or not_a_title(line, words):
            continue
        if line.endswith((".", ",", ";", ":")) or line.isupper() or _LINK_LINE.match(line):
            continue
        capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
        if capitalised / len(words) >= 0.5 and not _is_promo(lines, i):
            return line
    return ""


_GENERIC = re.compile(
    r"^\s*(?:(?:chapter|section|part|appendix)\s+)?(?:[0-9]+(?:\.[0-9]+)*|[ivxlc]+|[a-z])?[.):]?\s*"
    r"(contents|table of contents|toc|introduction|intro|overview|summary|abstract|preface|foreword|"
    r"index|home|start|main page|untitled|document|syntax|description|synopsis|about|readme|"
    r"background|notes?|references|bibliography|appendix|chapter|section|part|page|welcome)?\s*\.?\s*$",
    re.I)


def is_generic(title: str | None) -> bool:
    """A heading that does not name a document: a section number, "Contents", "1. Overview"."""
    return not title or not title.strip() or bool(_GENERIC.match(title))


_CONTENTS = re.compile(r"^\s*(contents|table of contents|toc)\s*:?\s*$", re.I)


def is_contents(title: str | None) -> bool:
    """A contents heading, which may stand above a document's title ("# Contents" / "# qa")."""
    return bool(title) and bool(_CONTENTS.match(title))


def best_title(*candidates: str | None) -> str | None:
    """The first candidate that names the document (not empty, not generic)."""
    return next((c.strip() for c in candidates if c and not is_generic(c)), None)


def note_name(path: str) -> str | None:
    """The title a file's name gives it, as notes apps show a note ("People/Ana Silva.md": "Ana
    Silva"; "2026-11-02.md": "2026-11-02"); None for a generic one ("index.md", "notes.md").  A
    conventional name ("NEWS.md", "zstd-README.md") is named by ``readers`` (its folder, its whole name)."""
    name = re.split(r"[\\/]", str(path))[-1]
    name = name[:-3] if name.lower().endswith(".gz") else name
    stem = name.rsplit(".", 1)[0].strip() if "." in name.lstrip(".") else name.strip()
    stem = stem[:-len(".excalidraw")] if stem.lower().endswith(".excalidraw") else stem  # "Shed.excalidraw.md"
    return None if is_generic(stem) or not any(ch.isalnum() for ch in stem) else stem


_SITE_SEPARATOR = re.compile(r"\s(\||-|\u2013|\u2014|::|\u00b7)\s")
_NUMBERED = re.compile(r"^\s*\d+(\.\d+)*\.?\s")


def html_order(head: str | None, h1: str | None) -> tuple[str | None, str | None]:
    """The order to try an HTML page's ``<title>`` and first ``<h1>`` in: the ``<title>`` names the
    page, unless it is "Page | Site" style and the ``<h1>`` is not a numbered section ("1. Overview")."""
    if head and h1 and _SITE_SEPARATOR.search(head) and not _NUMBERED.match(h1):
        return h1, head
    return head, h1


_DANGLING = re.compile(r"\s*(?:::|[:|\u2013\u2014\u00b7-])\s*$")  # "libxslt: ", "Site | ": no page named after it


def without_dangling(head: str | None) -> tuple[str | None, bool]:
    """An HTML ``<title>`` without the separator it ends with, and whether it had one: a generator
    wrote "Site: " for a page whose own name it did not have (gtk-doc's "libxslt: "); the page's
    first heading then names it."""
    if not head or not _DANGLING.search(head):
        return head, False
    return _DANGLING.sub("", head) or None, True


def about_folder(folder: str, title: str, name: str) -> str:
    """The title of a file named by convention (README, LICENSE, copyright…), which is about the folder
    it is in: "fastapi-0.165.0.dist-info: The MIT License (MIT)", "gettext: README" (nothing else in
    such a file may name what it is about; the title is searched with every passage)."""
    if not folder or folder.strip(".") == "":
        return title
    return f"{folder}: {title or name}"


_REDIRECT_WORDS = re.compile(r"\b(moved|redirect\w*|is now at|is at|looking for|click here|go to|see)\b", re.I)


def stub_reason(text: str, refresh_to: str | None, links: int) -> str:
    """Why a page is a stub to skip ("" if it is a document): it redirects (``<meta
    http-equiv="refresh">``) or holds only one link and a sentence saying where to go."""
    words = len(text.split())
    if refresh_to is not None and words < 40:
        return f"a redirect page{f' (to {refresh_to[:80]})' if refresh_to else ''}"
    if words < 25 and links == 1 and _REDIRECT_WORDS.search(text):
        return "a stub page: only a link"
    return ""
