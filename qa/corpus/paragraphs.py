"""Lines into paragraphs before sentence splitting: which lines of a text are one logical line.

Hard-wrapped text (a fixed width, ``plaintext.wrap_width``) and short texts have their wrapped lines
joined; Markdown, HTML and Word text already holds one paragraph, list item or row a line.  A list
item, a one-line item of a list written one a line (``line_items``: a shortlog's subject, a hash and
its subject) and a table row are never joined; an indented "." line (a Debian copyright file's blank
line in a field) is a blank line.  In plain text that is not found hard-wrapped, a long line
that stops mid-sentence is still joined to the lower-case line that goes on with it (issue 26:
util-linux's "…and we keep them in source tree for" / "backward compatibility only." was two units).

Given ``verbatim`` (the verbatim blocks of a Markdown, HTML, reST... document: ``Document.code``),
only lines inside one such block may be joined: the reader wrote every other line as a logical
line, however wrapped the text looks (a changelog's long list items without full stops), while a
code block's or ``<pre>``'s lines are the source's, which may be wrapped prose or an option's
help going on under it.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from . import units
from .line_items import counted_items, item_at
from .plaintext import LOG_RECORD, head_lines, log_records, wrap_width


def paragraph_spans(text: str, join: bool = True, mid_sentence: bool = False,
                    verbatim: tuple[tuple[int, int], ...] | None = None) -> list[tuple[int, int]]:
    """Spans of logical lines: hard-wrapped lines are joined, short/standalone lines stay alone.
    A list item ("• ", "- ", "* ") starts a span of its own; with ``join`` False no line is joined
    (a text whose lines are already logical lines: ``lines_are_wrapped``) but, with
    ``mid_sentence`` (plain text), a long line that stops mid-sentence ("…in source tree for") and
    the line under it, which goes on in lower case and is no field ("why: …").  With ``verbatim``
    (``(start, end)`` spans in order, not overlapping), a line is joined to the span before only
    when both lie inside the same verbatim span; ``None``: no such constraint (plain text).

    Linear in the text: the joined span's last line is tracked by its start (``last``), never
    found again by searching the span (which made long wrapped paragraphs quadratic)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    lines = text.split("\n")
    counted = counted_items(lines)
    cur_start = cur_end = last = None
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped or _DOT_LINE.fullmatch(line):  # " ." in a Debian copyright or control file: a blank line
            if cur_start is not None:
                spans.append((cur_start, cur_end))
                cur_start = None
            continue
        lead = len(line) - len(line.lstrip())
        s, e = start + lead, start + len(line.rstrip())
        if cur_start is not None and mid_sentence and not join and _goes_on(text[last:cur_end], stripped) \
                and not item_at(lines, i, counted):
            cur_end, last = e, start
            continue
        if cur_start is not None and verbatim is not None and not _same_block(verbatim, cur_start, e):
            spans.append((cur_start, cur_end))  # a logical line of a Markdown, HTML... document: never joined
            cur_start, cur_end, last = s, e, s
            continue
        if cur_start is not None and (not join or units.ROW_SEPARATOR in line or units.is_item(stripped)
                                      or units.ROW_SEPARATOR in text[last:cur_end]):
            spans.append((cur_start, cur_end))  # a table row is a line of its own: never joined
            cur_start, cur_end, last = s, e, s
            continue
        if cur_start is not None:
            last_line = text[last:cur_end]  # the span's last line (from its newline when joined)
            wrapped = len(last_line) >= 50 and not last_line.rstrip().endswith(
                (".", "!", "?", ":", '"', "\u201d", "'", "\u2019", ")")
            )
            goes_on = wrapped and stripped[:1].islower() or (wrapped and len(last_line) >= 60)
            if goes_on and not item_at(lines, i, counted):
                cur_end, last = e, start
                continue
            spans.append((cur_start, cur_end))
        cur_start, cur_end, last = s, e, s
    if cur_start is not None:
        spans.append((cur_start, cur_end))
    return spans


# An indented line holding only "." is how a Debian control file (a machine-readable copyright file, DEP-5)
# writes a blank line inside a field: a paragraph break, never a paragraph (the text keeps the "."; it is
# in no unit, only inside a passage that runs over it, as a blank line is)
_DOT_LINE = re.compile(r"[ \t]+\.[ \t]*")
_OPEN_END = re.compile(r"[^\W_][,]?\s*$")  # a line that stops on a word (or a comma): no sentence end
_FIELD_LINE = re.compile(r"^[\w-]+:(\s|$)")  # "why: renamed to …"


def _same_block(verbatim: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    """Do ``start`` and ``end`` lie inside one of the ``verbatim`` spans?"""
    i = bisect_right(verbatim, (start, float("inf"))) - 1
    return i >= 0 and verbatim[i][0] <= start and end <= verbatim[i][1]


def _goes_on(last_line: str, line: str) -> bool:
    """Does ``line`` continue the sentence ``last_line`` (a long line, no sentence end) left open?"""
    return (len(last_line) >= 60 and bool(_OPEN_END.search(last_line)) and line[:1].islower()
            and not _FIELD_LINE.match(line) and not LOG_RECORD.match(line) and not units.is_item(line) and units.ROW_SEPARATOR not in line
            and units.ROW_SEPARATOR not in last_line)


def lines_are_wrapped(text: str) -> bool:
    """May a line of ``text`` continue on the next?  Yes for a short text and for one hard-wrapped
    at a fixed width (``plaintext.wrap_width``); no when its lines are logical lines already
    (Markdown, HTML and Word text: one paragraph, list item or row a line)."""
    lines = head_lines(text)
    if sum(1 for ln in lines[:16] if ln.strip()) < 8:
        return not log_records(lines)  # a short text, unless it is a log's few records
    return wrap_width(lines) > 0
