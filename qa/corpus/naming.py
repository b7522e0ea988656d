"""What a file is by its name: the suffix it is read by, and the format its name says it holds.

A document's format is the one its reader read it as (``Document.format``); a name says it first
and the content may decide otherwise: "LGPL-2.1" is named like a manual page but holds plain text
(``formats.versioned_name``).  ``format_of`` is the name's word alone, for documents made without
a reader (JSON Lines rows, old callers) and indexes written before the format was stored.
"""

from __future__ import annotations

import os
import re

from .formats import (FORMATS, GZIPPED, INFO, MAN, info_part, inner_suffix, man_suffix, names_a_document, text_by_name,
                      versioned_name)
from .gunzip import GZ, inner_name
from .languages import language_variant

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


def read_suffix(name: str) -> str:
    """The suffix ``name`` is read by (".txt" for "README", ".md.gz" for "notes.md.gz"); the name's own
    case is kept for ``text_by_name`` ("PROBLEMS" is text, "problems" is not)."""
    if name.lower().endswith(JSONL_SUFFIXES):
        return ".jsonl"
    variant = language_variant(name)
    if variant is not None:  # "bind.html.fr.utf8": a page's copy in one language (``languages.py``)
        return os.path.splitext(variant[0].lower())[1]
    inner = inner_name(name)
    if inner is not None:  # "notes.md.gz" is ".md.gz", "readme.gz" ".txt.gz"; "data.csv.gz" just ".gz"
        suffix = read_suffix(inner)
        return suffix + GZ if suffix + GZ in GZIPPED else GZ
    suffix = os.path.splitext(name.lower())[1]
    if info_part(suffix):  # "find.info-2": a part of a split Info manual
        return INFO[0]
    if man_suffix(suffix):  # "ls.1", "ssl.3pm": a manual page if its content says so ("LGPL-2.1": text)
        return MAN[0]
    # "README", "COPYING.LIB", "MPL-2.0", "v2.37-ReleaseNotes": plain text by name (a binary one is
    # "unsupported"); "README.info" too, as before Info manuals were read ("info" a label there)
    if (suffix not in FORMATS or suffix in INFO) and (text_by_name(name) or versioned_name(name)
                                                      or names_a_document(name)):
        return ".txt"
    return suffix


def format_of(source: str) -> str:
    """The format a document's name says ("PDF", "e-mail", "mailbox"...), from its source: the
    file's path, with a mailbox message's "#N" or a JSON Lines line's ":N" after it.  What a reader
    read it as is ``Document.format`` (stored in an index as ``DocMeta.format``): ask that."""
    name = re.sub(r"(#|:)\d+$", "", os.path.basename(str(source)))
    return FORMATS.get(inner_suffix(read_suffix(name)), "text")  # "guide.html.gz": HTML
