"""The title of a Vim help file (``doc/*.txt``), as its own opening shows it.

A help file opens with its tag line, ``*usr_07.txt*<Tab>For Vim version 9.0.  Last change: …``
(``VIM_HELP``): a file name and a version, no title.  Below it come a banner ("VIM USER MANUAL - by
Bram Moolenaar", "VIM REFERENCE MANUAL    by …", ruled lines) and then, in the user manual and most
of the reference manual, the title: centred ("Editing more than one file") or followed by its tags
("Automatic commands<Tab>*autocommand* *autocommands*").  A file whose first line after the banner is
prose ("This file describes …"), a table of contents ("1. Introduction |intro|") or tags only
(``*quotes*``) has no title line: it is named by its tag, "change.txt", as ``:help change.txt`` names it.

Measured over Vim 9.0's 152 help files (docs/robustness.md, session 18).  The text itself stays as
written: ``*tag*``, ``|link|`` and the ``>`` / ``<`` example markers are part of each line a
citation quotes.
"""

from __future__ import annotations

import re

VIM_HELP = re.compile(r"\A\ufeff?\*([^*\s]+\.txt)\*\s+For Vim version\b", re.I)
_BANNER = re.compile(r"^\s*(?:\S.*\bREFERENCE MANUAL\b.*|VIM USER MANUAL\b.*|(?:updated\s+)?by\s.*|and\s.*"
                     r"|[-=+|~\s]*)$")  # blank, "VIM USER MANUAL - by …", "and Matt …", a rule
_TAGS_AFTER = re.compile(r"(?:\s+\*[^*\s]+\*)+\s*$")
_TAGS_ONLY = re.compile(r"^\s*(?:\*[^*\s]+\*\s*)+$")
_LINK = re.compile(r"\|[^|\s]+\|")
_HEAD_LINES = 12  # the title comes within the first dozen lines when there is one
_MAX_WORDS = 12


def is_vim_help(text: str) -> bool:
    """Whether ``text`` is a Vim help file: its first line is the tag line ``*name.txt* For Vim version``."""
    return VIM_HELP.match(text[:200]) is not None


def vim_title(text: str) -> str | None:
    """The title of a Vim help file, None when ``text`` is not one (``is_vim_help``)."""
    found = VIM_HELP.match(text[:200])
    if found is None:
        return None
    lines = text[:4000].split("\n")[1:_HEAD_LINES]
    for line in lines:
        if _BANNER.match(line):
            continue  # blank, a banner, a rule
        if _TAGS_ONLY.match(line) or _LINK.search(line):
            break
        bare = _TAGS_AFTER.sub("", line).rstrip().removesuffix("~").strip()
        bare = bare.strip("|").strip()  # "| Tar File Interface |", boxed
        tagged = bare != line.strip()
        centred = line.startswith("\t") or len(line) - len(line.lstrip()) >= 8
        if bare and (tagged or centred) and len(bare.split()) <= _MAX_WORDS:
            return re.sub(r"(?<!\.)\.$", "", re.sub(r"\s+", " ", bare))  # "Development of Vim." (not "How to ...")
        break  # prose: no title line
    return found.group(1)
