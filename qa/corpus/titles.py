"""Titles of plain-text documents: the article's headline, never a photo caption or a promoted
link to another article (news pages saved as text start with such lines)."""

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


def headline(text: str) -> str:
    """The article's headline: an early short title-like line, never a photo caption or a
    promoted link to another article."""
    lines = text[:HEAD_CHARS].splitlines()[:15]
    for i, line in enumerate(lines):
        line = line.strip()
        words = line.split()
        if not (3 <= len(words) <= 16) or _CAPTION.match(line) or _DATELINE.match(line):
            continue
        if line.endswith((".", ",", ";", ":")) or line.isupper() or _LINK_LINE.match(line):
            continue
        capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
        if capitalised / len(words) >= 0.5 and not _is_promo(lines, i):
            return line
    return ""
