"""roff's line syntax for ``man.py``: is this a manual page, logical lines, request arguments,
comments and ``.if`` conditions.  Every function is one forward pass over its input.
"""

from __future__ import annotations

import re

from .roff_escapes import unescape

_REQUEST = re.compile(rb"[.'][ \t]*[A-Za-z][A-Za-z0-9]{0,15}(?=[ \t\r\n\\]|$)")
_PAGE = re.compile(rb"^[.'][ \t]*(TH|Dd|Dt|so)(?=[ \t\r\n]|$)", re.M)
_COMMENTS = (b'.\\"', b"'\\\"", b'\\"', b".\\#", b"\\#", b"'''", b'."')
SNIFF_BYTES = 64 * 1024  # how much of a file ``is_roff`` looks at


def is_roff(head: bytes) -> bool:
    """Do the first bytes of a file begin a manual page: after comment and blank lines, a roff
    request, with a ``.TH``, ``.Dd``, ``.Dt`` or ``.so`` request among those bytes?"""
    for raw in head.split(b"\n"):
        line = raw.strip(b"\r")
        if not line.strip() or line.startswith(_COMMENTS) or line.rstrip() in (b".", b"'"):
            continue
        return _REQUEST.match(line) is not None and _PAGE.search(head) is not None
    return False


def split_args(s: str) -> list[str]:
    """A request's arguments: words, or "quoted words" in which "" is one quote."""
    args, i, n = [], 0, len(s)
    while i < n:
        while i < n and s[i] in " \t":
            i += 1
        if i >= n:
            break
        if s[i] == '"':
            i += 1
            word = []
            while i < n:
                if s[i] == '"':
                    if s[i + 1:i + 2] == '"':
                        word.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                word.append(s[i])
                i += 1
            args.append("".join(word))
        else:
            j = i
            while j < n and s[j] not in " \t":
                j += 2 if s[j] == "\\" else 1
            args.append(s[i:j])
            i = j
    return args


def strip_comment(s: str) -> str:
    """``s`` without its ``\\"`` (or ``\\#``) comment; an escaped backslash (``\\\\"``) starts none."""
    i = s.find("\\")
    while 0 <= i < len(s) - 1:
        if s[i + 1] in '"#':
            return s[:i]
        i = s.find("\\", i + 2)
    return s


def copy_mode(s: str) -> str:
    """A macro's argument (or a string's value) as roff reads it, in copy mode: ``\\\\`` is one
    backslash, so ``.B "\\-\\-show\\\\-limits"`` prints "--show-limits" (read later, ``\\-`` is "-"; the
    reader printed "--show\\-limits")."""
    return s.replace("\\\\", "\\") if "\\\\" in s else s


def logical_lines(text: str):
    """``(line, number)`` pairs: a line ending in an unescaped backslash is joined with the next."""
    parts: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), 1):
        if (len(line) - len(line.rstrip("\\"))) % 2:
            parts.append(line[:-1])
            continue
        parts.append(line)
        yield "".join(parts), start
        parts, start = [], number + 1
    if parts:
        yield "".join(parts), start


def request(line: str) -> tuple[str, str]:
    """The name of the request on control line ``line`` (".SH NAME", "'br\\}") and the rest."""
    rest = line[1:].lstrip(" \t")
    j = 0
    while j < len(rest) and rest[j] not in " \t\\":
        j += 1
    return rest[:j], rest[j:]


def condition(rest: str, strings: dict[str, str]) -> tuple[bool, str]:
    """The truth of the ``.if``/``.ie`` condition at the start of ``rest`` as nroff sees it, and
    what follows it: ``n`` and ``o`` true, ``t``, ``e``, ``v`` false, ``d name`` whether the page
    defined that string, 'a'b' a comparison, groff's ``\\n(.g`` true, any other expression false."""
    rest = rest.lstrip(" \t")
    negate = rest.startswith("!")
    rest = rest[negate:]
    first, after = rest[:1], rest[1:2]
    if first in ("n", "o", "t", "e", "v") and after in (" ", "\t", "\\", ""):
        value, rest = first in ("n", "o"), rest[1:]
    elif first in ("d", "r", "c", "F", "S", "m") and after in (" ", "\t"):
        words = rest[2:].lstrip(" \t").split(None, 1)
        value = first == "d" and bool(words) and words[0] in strings
        rest = words[1] if len(words) > 1 else ""
    elif first in ("'", '"', "|"):
        mid = rest.find(first, 1)
        end = rest.find(first, mid + 1) if mid >= 0 else -1
        if end < 0:
            return False, ""
        value = unescape(rest[1:mid], strings) == unescape(rest[mid + 1:end], strings)
        rest = rest[end + 1:]
    else:
        j = 0
        while j < len(rest) and rest[j] not in " \t":
            j += 1
        expr = rest[:j]
        value = expr.startswith(("\\n(.g", "\\n[.g]")) or (expr.isascii() and expr.isdigit() and int(expr[:9]) > 0)
        rest = rest[j:]
    return value != negate, rest.lstrip(" \t")
