"""A node's lines as blocks of running text: how makeinfo lays out a blank-line-separated group
of lines, read back (``info.py`` reads the file's structure: nodes, headings, menus).

makeinfo fills paragraphs to 72 columns, indents a paragraph's first line 3, a table item's
definition, an ``@example`` and a ``@display`` 5 columns past the text around them, a wrapped
``@deffn`` header 10.  So: a group's lines are prose when each is filled (the next line's first word
would not have fitted: ``FILLED``) and become one line; other lines (an example) are kept; a
table's term lines ("'-t'" / "'--sort=time'", or " -- Function: …") open their definition when
short (``extracted.opens_definition``); a bullet ("*", "•") starts an item and is no text; a
return to an outer indentation starts the next part.  Cross references are read as their words
once the block is laid out (``_reference``), the line anchors moved with them.
"""

from __future__ import annotations

import re

from .extracted import TextBuilder, clean_code_line, clean_pieces, opens_definition

_BULLET = re.compile(r"\A([ \t]*)(?:[*\u2022][ \t]+)(?=\S)")
_NUMBERED = re.compile(r"[ \t]*(?:[0-9]{1,3}|[a-zA-Z])\.[ \t]+(?=\S)")  # "  1. Install", "  b. Run"
_DEFINITION = re.compile(r" -- [A-Z][\w ]{0,40}: \S")  # " -- Function: …", " -- Command: …": @deffn
_QUOTES = "'‘’\"“”`"
FILLED = 62  # a wrapped line and the next line's first word pass this column (makeinfo fills to 72)
WRAPPED = 45  # a table's term lines are shorter than this (a longer line is a paragraph's)
INDENT = 5  # makeinfo indents a table item's definition, an @example, @lisp, @display… 5 columns

# a cross reference: "*Note Name::" or "*note Label: (file)Node." (the node ends at ".", ",", a tab
# or the line's end; a name with those characters is quoted with \x7f)
_NOTE = re.compile(r"\*([Nn])ote[ \t\n]+(\x7f[^\x7f]*\x7f|[^:\x7f]{1,200}?)"
                   r"(?:::|:[ \t\n]+(?:\([^)\n]*\))?(?:\x7f[^\x7f]*\x7f|[^.,\t\x7f]{0,200}?)([.,]|\t|(?=\n\n)|$))")


def _reference(m: re.Match) -> str:
    """A cross reference's words: "See Name" (``*Note``), "(see Name)" (``(*note``), else "Name";
    a "Label: (file)Node." keeps its label and the punctuation that ends it."""
    label = m.group(2).strip("\x7f")
    end = m.group(3) or ""
    lead = "See " if m.group(1) == "N" else "see " if m.string[m.start() - 1:m.start()] == "(" else ""
    return lead + label + (" " if end == "\t" else end)


def flush(group: list[tuple[str, int]], out: TextBuilder) -> None:
    """A blank-line-separated group of lines as blocks: a definition's header line ("-- Function:
    …", wrapped), a table's term lines and their indented definition, then runs of lines (a bullet,
    or a change of indentation, starts one), each wrapped prose joined into a line or kept lines.
    A table's items with no blank line between them are read one after the other (no recursion)."""
    rest = list(group)
    while rest:
        rest = _first_part(rest, out)


def _first_part(group: list[tuple[str, int]], out: TextBuilder) -> list[tuple[str, int]]:
    """``_flush`` of ``group``'s first part (all of it, or up to a return to an outer level or a
    table's next item); the lines left."""
    first = _indent(group[0][0])
    base = first - 3 if len(group) > 1 and _indent(group[1][0]) == first - 3 else first  # a paragraph's
    out_at = next((k for k, (raw, _) in enumerate(group) if k and _indent(raw) < base), None)
    if out_at is not None:  # back to an outer level (a table's next item) with no blank line between
        flush(group[:out_at], out)  # no line of it is back at the outer level: one more call at most
        return group[out_at:]
    term: list[tuple[str, int]] = []
    deeper = next((k for k, (raw, _) in enumerate(group) if _indent(raw) != first), None)
    if _DEFINITION.match(group[0][0]):  # " -- Function: int f (int A,\n          int B)": the term
        k = 1
        while k < len(group) and _indent(group[k][0]) > first + INDENT:
            k += 1
        term, group = group[:k], group[k:]
    elif (deeper and _indent(group[deeper][0]) == first + INDENT and not _BULLET.match(group[0][0])
            and all(_indent(raw) == first for raw, _ in group[:deeper])
            and (deeper == 1 or all(_term_line(raw) for raw, _ in group[:deeper]))):
        if _CODE.search(group[deeper - 1][0]):  # "wget -p … \\" over its continued line: an example
            _lines(group, out)
            return []
        term, group = group[:deeper], group[deeper:]
        after = next((k for k, (raw, _) in enumerate(group) if _indent(raw) <= first), None)
        if after is not None:  # the table's next item, with no blank line between: "'-ok'" after "'-print0'…"
            flush(term + group[:after], out)  # one item: split no further
            return group[after:]
        if _CODE.search(group[0][0]):  # "Typical usage" over "$ sort -k 1b,1 file1": a line, then code
            _lines(term, out)
            _lines(group, out)
            return []
    if not group:  # a definition's header alone
        _joined(term, out)
        return []
    margin = min(_indent(raw) for raw, _ in group)
    runs = _examples(_runs(group), margin)
    opens = _prose(runs[0]) and not _deep(runs[0], margin) and not _BULLET.match(runs[0][0][0])
    if term and opens and opens_definition(" ".join(raw.strip() for raw, _ in term)):
        runs[0] = term + runs[0]  # "'-t' '--sort=time' Sort by modification time…"
    elif term and _DEFINITION.match(term[0][0]):
        _joined(term, out)  # a long header: a line of its own
    elif term:
        _lines(term, out)
    for k, run in enumerate(runs):
        if (k == 0 and term and run[0] is term[0]) or _prose(run) and not _deep(run, margin):
            _joined(run, out)
        else:
            _lines(run, out)
    return []


def _examples(runs: list[list[tuple[str, int]]], margin: int) -> list[list[tuple[str, int]]]:
    """Runs that are one example's lines, as one: a line or lines not wrapped prose followed by
    lines indented as deep or deeper ("define NAME ( PARAMETERS ) {" / "    AUTO_LIST }"), and
    runs indented an example's depth past ``margin`` (``_deep``), one after the other."""
    merged: list[list[tuple[str, int]]] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and not _BULLET.match(run[0][0]) and (
                _deep(run, margin) and _deep(last, margin)
                or not _BULLET.match(last[0][0]) and (len(last) == 1 or not _prose(last))
                and _indent(run[0][0]) >= _indent(last[0][0])):
            merged[-1] = last + run
        else:
            merged.append(run)
    return merged


def _deep(run: list[tuple[str, int]], margin: int) -> bool:
    """Is ``run`` an example's lines: indented ``INDENT`` columns past the text around it?"""
    return not _BULLET.match(run[0][0]) and min(_indent(raw) for raw, _ in run) >= margin + INDENT


def _runs(lines: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """``lines`` cut where a bullet or a numbered item starts, or where the indentation changes
    (not after a paragraph's indented first line, nor under an item's marker)."""
    runs: list[list[tuple[str, int]]] = []
    for raw, n in lines:
        at = _indent(raw)
        if runs and not _bullet(raw, runs[-1][-1][0]) and not (at and _NUMBERED.match(raw)):
            run = runs[-1]
            head = _indent(run[0][0])
            marker = _BULLET.match(run[0][0]) or (head and _NUMBERED.match(run[0][0]))
            if (abs(at - _indent(run[-1][0])) < 2 and (not marker or len(run) > 1 or at > head)
                    or len(run) == 1 and (at == marker.end() if marker else head == at + 3)):
                run.append((raw, n))
                continue
        runs.append([(raw, n)])
    return runs


def _bullet(raw: str, before: str) -> bool:
    """Does ``raw`` start a bulleted item?  Not when it is a filled paragraph's next line that opens
    with "*": the line above is text as deep (or a paragraph's first line, 3 deeper) and filled, so
    the "*" did not fit on it ("…equals FIRST + (N" / "* STEP).  Thus, one…").  makeinfo's bullets
    come after a blank line or a short line ("Please submit corrections" / "• by e-mail"), and a
    "•" is always one."""
    if not _BULLET.match(raw):
        return False
    return (raw.lstrip()[0] != "*" or _BULLET.match(before) is not None
            or _indent(before) - _indent(raw) not in (0, 3)
            or len(before.rstrip()) + 2 <= FILLED)  # "*" would have fitted on the line above


def _joined(run: list[tuple[str, int]], out: TextBuilder) -> None:
    """Lines of wrapped prose as one line, its cross references read as words."""
    text, anchors = _references(*clean_pieces(_pieces(run)))
    out.block(text, line=run[0][1], anchors=anchors)


def _references(text: str, anchors: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with its cross references read as words (``_reference``), after the block is laid
    out (a reference is longer than its words: it must not make a filled line look short), and the
    line anchors moved with the text."""
    if "ote" not in text:
        return text, anchors
    parts: list[str] = []
    moves: list[tuple[int, int, int]] = []  # (start, end, change of length) of each reference
    at = 0
    for m in _NOTE.finditer(text):
        words = _reference(m)
        parts += [text[at:m.start()], words]
        moves.append((m.start(), m.end(), len(words) - (m.end() - m.start())))
        at = m.end()
    if not moves:
        return text, anchors
    parts.append(text[at:])
    moved = []
    for pos, n in anchors:
        shift = sum(change for _, end, change in moves if end <= pos)
        inside = next((start for start, end, _ in moves if start < pos < end), None)
        moved.append(((inside if inside is not None else pos) + shift, n))
    out = "".join(parts)
    return out, [(pos, n) for pos, n in moved if pos < len(out)]


def _pieces(item: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``clean_pieces``' input: each line with its line break (a space once joined), the bullet dropped."""
    pieces = [(raw + "\n", n) for raw, n in item]
    pieces[0] = (_BULLET.sub(r"\1", pieces[0][0], count=1), pieces[0][1])
    return pieces


def _lines(item: list[tuple[str, int]], out: TextBuilder) -> None:
    """Lines kept as they are (an example, a table's rows), less the block's common indentation."""
    margin = min(_indent(raw) for raw, _ in item)
    kept = [clean_code_line(raw[margin:]) for raw, _ in item]
    anchors = []
    at = 0
    for (_, n), text in zip(item, kept):
        anchors.append((at, n))
        at += len(text) + 1
    text, anchors = _references("\n".join(kept), anchors[1:])
    out.block(text, sep="\n\n", line=item[0][1], anchors=anchors)


# a line of code: a shell prompt ("$ seq 3"), a URL or path alone, or an end that continues code: "\\",
# "{", "}", ");", "\\;" (a sentence's ";" is prose: "start of header;").  A table's term and its
# definition are text; a line like this where either stands is an example's.
_CODE = re.compile(r"\A[ \t]*(?:[$#][ \t]+\S|(?:https?|ftp)://\S+[ \t]*\Z|\.{0,2}/[\w.~-]+/\S*[ \t]*\Z)"
                   r"|(?:[\\{}]|[)\\];)[ \t]*\Z")


def _term_line(raw: str) -> bool:
    """Can ``raw`` be one of a table item's several term lines: short, or quoted whole
    ("'Warning: filesystem /path/foo has recently been mounted'")?"""
    term = raw.strip()
    return len(term) < WRAPPED or (term[:1] in _QUOTES and term[-1:] in _QUOTES)


def _prose(item: list[tuple[str, int]]) -> bool:
    """Wrapped prose: one line, or every line but the last filled: the next line's first word would
    not have fitted on it (makeinfo fills to 72 columns; ``FILLED`` leaves room for a manual made
    with a narrower fill).  An example's lines are shorter than that ("sed -n '45p' file.txt")."""
    return all(len(raw.rstrip()) + 1 + len(nxt.split()[0]) > FILLED for (raw, _), (nxt, _) in zip(item, item[1:]))


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" \t"))
