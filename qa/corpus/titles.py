"""Titles from a document's own structure, and the headline of a plain-text article.

``best_title`` picks the first candidate that names the document (an HTML ``<title>`` before its
first ``<h1>``, which is often a section: "1. Overview"); ``is_generic`` says which do not ("1.",
"Contents", "Introduction", "Abstract").  ``plain_title`` reads a text file's first line when it
is centred (with the centred line under it: "Version 2, June 1991") or underlined (``===``), or
when it is a paragraph of its own above a longer one (``lone_title``: an abstract's "Title in
sentence case."); else ``headline``: an article's headline, never a photo caption, a list item
or a promoted link to another article (news pages saved as text start with such lines).
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


# a list item's marker: "- ", "* ", "+ ", "• ", "1. ", "(2) ", "a) " (a hg help text's first item was its title)
_LIST_MARK = re.compile(r"^\s*(?:[-*+\u2022\u25aa\u2013]\s|\(?[0-9]{1,3}[.)]\s|\(?[a-z][.)]\s)")


def is_list_item(line: str) -> bool:
    """Does ``line`` open with a list marker ("- ", "* ", "1. ", "a) ")?  Such a line is an item, or a
    numbered section ("1. Changes to Bash"), never a title."""
    return _LIST_MARK.match(line) is not None


def _not_a_title(line: str, words: list[str]) -> bool:
    """What no title line is: a caption, a dateline, a separator or a row of repeated words (not
    ``_wordy``), a table row ("Name | Room", as readers write rows), a list item, a byline."""
    return (_CAPTION.match(line) is not None or _DATELINE.match(line) is not None or not _wordy(words)
            or " | " in line or is_list_item(line) or is_byline(line))


def headline(text: str) -> str:
    """The article's headline: an early short title-like line, never a photo caption or a
    promoted link to another article, a separator ("- - -"), a table row, a list item or a row of
    repeated words."""
    lines = text[:HEAD_CHARS].splitlines()[:15]
    for i, line in enumerate(lines):
        line = without_modeline(line.strip())
        words = line.split()
        if not (3 <= len(words) <= 16) or _not_a_title(line, words):
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
_UNDERLINE = re.compile(r"^\s*([=\-~^*#])\1{2,}\s*$")


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


def about_folder(folder: str, title: str, name: str) -> str:
    """The title of a file named by convention (README, LICENSE, copyright…), which is about the folder
    it is in: "fastapi-0.165.0.dist-info: The MIT License (MIT)", "gettext: README" (nothing else in
    such a file may name what it is about; the title is searched with every passage)."""
    if not folder or folder.strip(".") == "":
        return title
    return f"{folder}: {title or name}"


_DEBIAN_ENTRY = re.compile(r"^[a-z0-9][a-z0-9+.~-]*[ \t]+\([^()\s]+\)[ \t]+[^;\n]+;[ \t]*urgency=", re.I)


def one_line(title: str, text: str, anchors: tuple[tuple[int, int], ...] = ()) -> str:
    """``title``, a line of ``text``, cut to its first line of the file when the reader joined it
    to the next (``anchors``: ``plaintext.read_plain``'s) and that line is a headline by itself:
    "GNU tar NEWS - User visible changes. 2021-02-13", not that and "Please send bug reports to …"."""
    at = text.find(title, 0, HEAD_CHARS) if title and len(anchors) > 1 else -1
    if at < 0:
        return title
    cut = next((o for o, _ in anchors if at < o < at + len(title)), None)
    if cut is None:
        return title
    first = text[at:cut].rstrip()
    return first if headline(first) == first else title


LONE_WORDS, LONE_CHARS = 30, 240  # a lone first line longer than this is a paragraph (SciFact: 99.7% of titles fit)
_NO_TITLE_END = (",", ";", ":")  # "Dear Ana,", "Some commands allow a date, e.g.:": it runs on into what follows


def lone_title(lines: list[str], first: int, anchors: tuple[tuple[int, int], ...] = ()) -> str:
    """Line ``first`` of ``lines`` when the layout makes it a title: a paragraph of one line (2 to
    ``LONE_WORDS`` words) with a blank line under it and a longer paragraph after (at least twice its
    words and 15), whatever its case or its end ("Results of screening for aneurysms in adults.", an
    abstract's title; "USING THE JPEG LIBRARY").  Never the first line of a wrapped paragraph (no blank
    line under it; nor a paragraph the reader joined from lines of the file: ``anchors``), a line that
    runs on (``_NO_TITLE_END``), a list item, a byline, a caption."""
    line = without_modeline(lines[first].strip())
    words = line.split()
    if not (2 <= len(words) <= LONE_WORDS and len(line) <= LONE_CHARS) or line.endswith(_NO_TITLE_END):
        return ""
    at = sum(len(ln) + 1 for ln in lines[:first])
    if any(at < o < at + len(lines[first]) for o, _ in anchors):
        return ""  # "Version 1.1 ratified on …" was two lines of the file: a wrapped paragraph
    if first + 1 >= len(lines) or lines[first + 1].strip() or is_generic(line) or _not_a_title(line, words):
        return ""
    start = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), len(lines))
    body = 0
    for ln in lines[start:]:
        if not ln.strip():
            break
        body += len(ln.split())
    return line if body >= max(2 * len(words), 15) else ""


def _subtitle(lines: list[str], first: int, indent: int) -> str:
    """The centred line right under a centred title, when it is short and no byline, address or
    copyright ("Version 2, June 1991", which tells GPL-2 from GPL-3), else ""."""
    if first + 1 >= len(lines):
        return ""
    line = lines[first + 1].rstrip()
    sub = line.strip()
    if not sub or len(line) - len(sub) < indent or not 1 <= len(sub.split()) <= 8 or len(sub) > 60:
        return ""
    if is_byline(sub) or "://" in sub or "@" in sub or _COPYRIGHT.match(sub) or not any(c.isalpha() for c in sub):
        return ""
    return sub


_COPYRIGHT = re.compile(r"\s*(copyright\b|\(c\)|\u00a9)", re.I)


def plain_title(text: str, anchors: tuple[tuple[int, int], ...] = ()) -> str:
    """A text file's title: the name a header block gives ("Title:", "Subject:", "Name:"), else its
    first line when centred (indented well past the text's margin, as licences and old READMEs set
    it; with the centred line under it, ``_subtitle``) or underlined with ``===``/``---``, else when
    it stands alone above a longer paragraph (``lone_title``), else ``headline`` (of the text after
    a header block, ``one_line`` of the file); a Vim help file's as Vim shows it (``vim_help``); none
    for a Debian changelog ("pkg (1.2-1) unstable; urgency=low" first: its file name names it)."""
    from .vim_help import vim_title

    vim = vim_title(text)
    if vim:
        return vim  # "*usr_07.txt*<Tab>For Vim version 9.0 …" first: the title below its banner
    lines = text[:HEAD_CHARS].split("\n")[:40]
    if _DEBIAN_ENTRY.match(next((ln for ln in lines if ln.strip()), "")):
        return ""  # a Debian changelog or NEWS.Debian: no line names it (a signature, a bullet); its name does
    fields, after = header_fields(lines)
    if fields:
        named = next((fields[k] for k in _NAME_FIELDS if k in fields), "")
        return named[:200] or one_line(headline("\n".join(lines[after:])), text, anchors)
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return ""
    line = without_modeline(lines[first].rstrip())
    stripped = line.strip()
    margin = min((len(ln) - len(ln.lstrip()) for ln in lines[first + 1:] if ln.strip()), default=0)
    under = first + 1 < len(lines) and _UNDERLINE.match(lines[first + 1])
    indent = max(8, margin + 6)
    centred = len(line) - len(line.lstrip()) >= indent and len(stripped) <= 70
    if (under or centred) and 1 <= len(stripped.split()) <= 16 and not is_generic(stripped) and \
            not is_byline(stripped) and not is_list_item(stripped):
        sub = _subtitle(lines, first, indent) if centred else ""
        return f"{stripped} {sub}" if sub else stripped
    return lone_title(lines, first, anchors) or one_line(headline(text), text, anchors)


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
