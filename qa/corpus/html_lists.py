"""The number a web browser shows before each item of an HTML ordered list: "1.", "c.", "iv.".

An ``<ol>`` counts the ``<li>`` elements it owns (those whose nearest enclosing list is it, so a
nested list counts its own) from ``start`` (default 1), down from the number of its items when it is
``reversed``; ``<li value=N>`` gives that item N and the next ones N+1, N+2 (N-1, N-2 reversed).
The style is the list's ``type`` (``1 a A i I``; an item's own ``type`` wins, as browsers still do),
else an inline ``list-style-type`` or a docutils/Sphinx class ("loweralpha", "upperroman"), which
their style sheets turn into one; ``list-style-type: none`` (or a style this module does not know,
such as "disc") shows no number.  The label is the number and a full stop, as browsers draw it.

One pass over the tree, a loop (never recursion): deeply nested markup is common.  And whether a
definition list is one (``has_definitions``): a book's index is a ``<dl>`` of terms alone.
"""

from __future__ import annotations

import re

from .docx_numbering import as_int, format_number

_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
_CSS = {"decimal": "decimal", "lower-alpha": "lowerLetter", "lower-latin": "lowerLetter",
        "upper-alpha": "upperLetter", "upper-latin": "upperLetter", "lower-roman": "lowerRoman",
        "upper-roman": "upperRoman", "decimal-leading-zero": "decimalZero"}
_CLASSES = {"arabic": "decimal", "loweralpha": "lowerLetter", "upperalpha": "upperLetter",
            "lowerroman": "lowerRoman", "upperroman": "upperRoman"}  # docutils' html writers
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:([^;]*)", re.I)
_SHAPES = {"disc", "circle", "square", "none"}  # no number
_LISTS = ("ol", "ul", "menu", "dir")


def _style(tag, default: str | None) -> str | None:
    """The numbering style of an ``<ol>`` or ``<li>`` (``format_number``'s names), ``default`` when it
    names none, None when it shows no number (``list-style-type: none``, a bullet)."""
    for found in _LIST_STYLE.finditer(str(tag.get("style") or "")):
        for word in found.group(1).lower().split():  # "list-style: lower-alpha inside"
            if word in _CSS:
                return _CSS[word]
            if word in _SHAPES:
                return None
    kind = str(tag.get("type") or "").strip()
    if kind in _TYPES:
        return _TYPES[kind]
    for name in tag.get("class") or ():
        if name.lower() in _CLASSES:
            return _CLASSES[name.lower()]
    return default


def _number(n: int, kind: str) -> str:
    """``n`` as a browser writes it: letters go z, aa, ab (Word's z, aa, bb is not the web's); a
    number a style cannot write (0 as a letter, 4000 in Roman) is decimal."""
    if kind in ("lowerLetter", "upperLetter") and n > 0:
        letters = ""
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if kind == "lowerLetter" else letters.upper()
    return format_number(n, kind)


def _owned_items(ol) -> list:
    """The ``<li>`` elements ``ol`` numbers, in order: not those of a list inside it."""
    from bs4 import Tag

    out = []
    stack = [iter(ol.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, Tag):
            if child.name == "li":
                out.append(child)
            if child.name not in _LISTS:  # an item's own text may hold a nested list: not ours
                stack.append(iter(child.children))
    return out


def list_labels(root) -> dict[int, str]:
    """``id(li) -> "3."`` for every numbered item of every ``<ol>`` in ``root``."""
    from bs4 import Tag

    labels: dict[int, str] = {}
    stack = [root]
    while stack:
        tag = stack.pop()
        stack.extend(c for c in tag.children if isinstance(c, Tag))
        if tag.name != "ol":
            continue
        items = _owned_items(tag)
        reversed_ = tag.has_attr("reversed")
        step = -1 if reversed_ else 1
        n = as_int(tag.get("start"), len(items) if reversed_ else 1)
        style = _style(tag, "decimal")
        for li in items:
            if li.has_attr("value"):
                n = as_int(li.get("value"), n)
            kind = _style(li, style)
            if kind is not None:
                labels[id(li)] = _number(n, kind) + "."
            n += step
    return labels


def has_definitions(dl, seen: dict[int, bool]) -> bool:
    """Is ``dl`` a list of definitions, one ``<dd>`` at least for every two ``<dt>`` of its own (looked
    at once per list)?  Terms one after another wait for a definition there ("-v" "--verbose" "Be
    verbose."); in a list of terms alone, or nearly (a book's index: a few entries with sub-entries
    among hundreds), each term is a line of its own."""
    from bs4 import Tag

    if dl is None:
        return True
    if id(dl) not in seen:
        names = [c.name for c in dl.children if isinstance(c, Tag)]
        seen[id(dl)] = 2 * names.count("dd") >= names.count("dt")
    return seen[id(dl)]
