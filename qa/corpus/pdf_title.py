"""A PDF's title when its metadata gives none: the large line of its first page (a title page), or a
reference page's name line under its "Name" heading.  ``lines`` are ``pdf.Line``s: text and geometry
(``height``: font height, 0 when unknown)."""

from __future__ import annotations

import re

from .extracted import clean_line


TOP = 4  # a title page's lines above its title: a journal's name, volume, DOI, a paper number


def large_first_line(lines: list, look: int = 15, usual: list | None = None) -> str | None:
    """The title a first page shows: its largest line among the first ``look`` (from the line above
    it when that is set in the same size, within 5 %, else with the next one so set: a title on two
    lines), when clearly larger than the usual text
    (1.3 times the median height of the lines of ``usual``, the first pages: a title page has little
    else; 1.15 times for a line of two words or more among the page's first ``TOP``, where a title
    stands: REVTeX and the AMS set a 12 pt title over 10 pt text, under at most a journal's small
    header lines; a reference page's 12 pt "frob-conf" is its name, not its title) and
    not a generic heading or a byline; None without geometry."""
    from .titles import is_byline, is_generic

    sized = [ln for ln in lines if ln.height > 0 and ln.text.strip()]
    if len(sized) < 2:
        return None
    usual = _usual(usual or sized)
    head = sized[:look]
    i = max(range(len(head)), key=lambda k: head[k].height)
    big = head[i].height
    near = i < TOP and len(head[i].text.split()) >= 2  # one word only a little larger: a name, a label
    if big < (1.15 if near else 1.3) * usual:
        return None
    while i > 0 and abs(head[i - 1].height - big) <= 0.05 * big:  # a title on two lines whose second
        i -= 1  # measures a hair larger ("Everything we know about CRC but afraid to" / "forget")
    parts = [head[i].text.strip()]
    if i + 1 < len(head) and abs(head[i + 1].height - big) <= 0.05 * big:
        parts.append(head[i + 1].text.strip())
    title = clean_line(" ".join(parts))
    if not any(c.isalpha() for c in title) or len(title.split()) > 16 or is_generic(title) or is_byline(title):
        return None
    return title


def _usual(lines: list) -> float:
    """The usual text's height: the median of the sized lines' (0 without any)."""
    from statistics import median

    heights = [ln.height for ln in lines if ln.height > 0 and ln.text.strip()]
    return median(heights) if heights else 0.0


def printed_small(title: str, lines: list, usual: list) -> bool:
    """Does the first page (``lines``) set the metadata ``title``, its first four words at a line's
    start, smaller than the usual text (of ``usual``)?  Then it is a journal's citation line that a
    class wrote as the PDF's Title ("Electron. Commun. Probab. 0 (2020), article no. 0, …"): no
    title is set below the text it heads."""
    words = title.split()[:4]
    size = _usual(usual)
    if len(words) < 4 or not size:
        return False
    key = " ".join(words)
    return any(0 < ln.height < size and " ".join(ln.text.split()).startswith(key) for ln in lines)


_NAME_ENTRY = re.compile(r"\S.{0,80}?\s[\u2014\u2013-]\s\S.{0,120}")  # "fonts.conf — Font configuration files"


def name_entry(lines: list, look: int = 8) -> str | None:
    """A reference page's name line under its "Name" heading, as a manual page is titled: a DocBook
    ``refentry`` or a manual page printed to PDF ("Name" / "fonts.conf — Font configuration files")."""
    texts = [ln.text.strip() for ln in lines[:look]]
    for heading, line in zip(texts, texts[1:]):
        if heading.lower() == "name" and _NAME_ENTRY.fullmatch(line):
            return clean_line(line)
    return None
