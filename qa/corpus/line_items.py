"""Lines of a hard-wrapped text that are items of a list written one a line, never wrapped.

A changelog or a credits file inside a text wrapped at a fixed width holds lists of one-line items:
git's shortlog ("Jeff King (5):" and five subjects), a log of short hashes and subjects
("1b989874 Merge changes …"), bug numbers and titles ("327238  Callgrind assertion …"), an
AUTHORS list ("Timo Schulz <twoaday at gnutls.org>"), Debian copyright holders
("2002-2004 The Trustees of …"), "o " bullets.  Such a line ends near the width as often as a
wrapped one does, so the plain-text reader joined the items into run-on "sentences" of 100 words and
more (1,608 such units in git's changelog alone).  The items are recognised by how they open, not by
where they end:

- ``kind``: a line opens an item when it opens with a lower-case ``area: `` as git subjects do
  ("send-email: drop …", "t/lib-httpd: …"), a hash or a number of three or more digits before a
  word ("1b989874 Merge …", "commit 1b98…", "327238  Callgrind …"), a year or years before a name
  ("2007, Peter …"), a name and nothing but its e-mail address ("Timo Schulz <…>", "Copyright
  2001 by Michael G Schwern <…>."), or an "o " bullet.  Two lines of one kind are two items: prose
  wrapped at a width hardly ever starts two lines in a row with such an opener, and an item that
  does wrap goes on in a line that does not (``parallel``).
- ``counted_items``: the lines under a header that counts them ("Jeff King (5):") are that many
  items: git's shortlog, whose subjects open with any word ("Fix …", "Add …").
- a git commit header ("commit <40 hex digits>") is a line of its own (``record_header``).
"""

from __future__ import annotations

import re

# "2007", "1998-2004", "2005, 2006,2008", never a date ("1992-03-29 at 02:00 and …" in wrapped prose)
_YEARS = r"(?!\d{4}-\d\d-\d\d)(?:19|20)\d\d(?:\s?[-,]\s?(?:19|20)?\d\d)*"
_OPENERS = (
    ("area", re.compile(r"[a-z0-9_][\w.+/{},*\[\]-]*: \S")),  # "send-email: ", "t/lib-httpd: ", "diff.c: "
    # "1b989874 Merge …", "commit 1b98… …", "327238  Callgrind …", "#544 …", "2575  9.0.0667 …", "2007, Peter …";
    # never a hash quoted in a sentence, "69d1b3fc… (2022-03-29),"
    ("id", re.compile(rf"(?:commit )?(?=[a-f]*\d)[0-9a-f]{{7,40}}\s+[^\s(]"
                      rf"|#?\d{{3,}}(?::?\s+[^\s\d,.;:]|\s{{2,}}\S)"
                      rf"|{_YEARS},?\s+[^\W\d_]")),
    # "Timo Schulz <twoaday at gnutls.org>", "Copyright © 2008 Damien Miller <djm@openbsd.org>": a name of at
    # most four words and its address, nothing after it; never a sentence ("It was created by X <x@y> and")
    ("person", re.compile(
        rf"(?:(?:Copyright|\(C\)|\u00a9)\s*)*(?:{_YEARS},?\s+(?:by\s+)?)?"
        r"(?!(?:\S+\s+){0,3}(?i:and|by|was|were|is|are|the|to|of|from|with|for|or|thanks|written|see)\s)"
        r"[^\W\d_][^\s<>,;:]*(?:\s+[^\s<>,;:]+){0,3}\s+<[^<>]*(?:@|\bat\b)[^<>]*>[,.;]?\s*$")),
    ("o", re.compile(r"o\s+\S")),  # "o XML_SetElementDeclHandler" (libexpat's Changes)
)
_COMMIT = re.compile(r"\s*commit [0-9a-f]{40}\b")  # "commit a3e98…" of `git log`, "Author: …" under it
_GOES_ON = re.compile(r"[^\W\d_],\s*$")  # "… indicators: KB_INDICATORMASK nRadioGroups,": a list filled into lines
_COUNTED = re.compile(r"\S.*\((\d{1,4})\):\s*$")  # "Jeff King (5):": a shortlog's author and count


def kind(line: str) -> str:
    """The kind of item ``line`` opens with ("area", "id", "person", "o"), or "" for none."""
    s = line.lstrip()
    for name, opener in _OPENERS:
        if opener.match(s):
            return name
    return ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def parallel(line: str, nxt: str, after: str = "", room: bool = False) -> bool:
    """Is ``nxt`` an item of its own after ``line``: both open with one kind of item; or ``nxt``
    opens like the line ``after`` it, at the same indentation, and ``line`` had ``room`` for its
    first word (the first item of a list: "o " items under "- Merged in features from perl-expat";
    never a sentence that goes on into a list, "… introduced by commits" / "69d1b3fc… (2022-03-29),")?
    Never after a word and a comma: fields filled into lines, "… nRadioGroups," / "nKeyAliases: CARD8 …";
    two "area: " lines only when ``line`` had room for the next one's first word (the filler did not
    break there)."""
    k = kind(nxt)
    if not k or _GOES_ON.search(line) or (k == "area" and not room):
        return False  # "word: " also opens a line of fields filled to the width ("nTypes: CARD8 …"): only with room
    return kind(line) == k or (room and kind(after) == k and _indent(after) == _indent(nxt))


def record_header(line: str) -> bool:
    """Is ``line`` a git commit's first line ("commit <40 hex digits>"), never joined to the next?"""
    return _COMMIT.match(line) is not None


def counted_items(lines: list[str]) -> set[int]:
    """Indices of the lines (all but the first) of every list under a header that counts them:
    "Jeff King (5):" over exactly five lines, alike indented, then a blank line or the end."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        m = _COUNTED.match(line)
        if not m:
            continue
        n = int(m.group(1))
        items = lines[i + 1 : i + 1 + n]
        if len(items) < 2 or len(items) != n or not all(s.strip() for s in items):
            continue
        if len({_indent(s) for s in items}) != 1 or _indent(items[0]) <= _indent(line):
            continue
        if i + 1 + n < len(lines) and lines[i + 1 + n].strip():
            continue
        out.update(range(i + 2, i + 1 + n))
    return out


def item_at(lines: list[str], i: int, counted: set[int], width: int = 0) -> bool:
    """Is line ``i`` (not blank, after a line that is not blank) an item of a list written one a line,
    never joined to the line before however near the width that one ends?  ``counted``: the
    ``counted_items`` of ``lines``; ``width``: the text's wrap width, which the rules that need room
    on the line before read (0: none known, those rules left out: the units of a text the reader
    already laid out)."""
    line, prev = lines[i], lines[i - 1]
    if i in counted or record_header(prev):
        return True
    room = bool(width) and len(prev.rstrip()) + 1 + len(line.split()[0]) < width  # its first word would have fit
    return parallel(prev, line, lines[i + 1] if i + 1 < len(lines) else "", room)
