"""roff's inline escapes turned into the characters they print, in one pass over a line.

``\\fB``, ``\\f(CW``, ``\\f[I]`` (fonts), ``\\s-1`` (sizes), ``\\m[red]`` (colours), ``\\&``, ``\\|``,
``\\c`` and other zero-width escapes print nothing; ``\\-`` is "-", ``\\e`` "\\\\", ``\\ `` and ``\\~`` a
space; ``\\(em``, ``\\[em]``, ``\\[u00E9]``, ``\\C'em'`` a special character (``SPECIAL``: the common
ones; an unknown one nothing); ``\\*(lq``, ``\\*[R]`` a string (``STRINGS``, or one the page defined
with ``.ds``); ``\\"`` starts a comment (the rest of the line); ``\\w'…'``, ``\\h'…'``, ``\\n(xx``
and other escapes that measure, move or read registers print nothing.  Each escape is read once
and the scan only moves forward: linear in the line, whatever the input.
"""

from __future__ import annotations

SPECIAL = {
    "em": "\u2014", "en": "\u2013", "hy": "-", "mi": "-", "-": "-", "aq": "'", "dq": '"', "bu": "\u2022",
    "lq": "\u201c", "rq": "\u201d", "oq": "\u2018", "cq": "\u2019", "Fo": "\u00ab", "Fc": "\u00bb",
    "fo": "\u2039", "fc": "\u203a", "co": "\u00a9", "rg": "\u00ae", "tm": "\u2122", "pl": "+", "mu": "\u00d7",
    "di": "\u00f7", "<=": "\u2264", ">=": "\u2265", "!=": "\u2260", "==": "\u2261", "->": "\u2192",
    "<-": "\u2190", "<>": "\u2194", "de": "\u00b0", "sc": "\u00a7", "ga": "`", "aa": "\u00b4", "ha": "^",
    "ti": "~", "a~": "~", "a^": "^", "rs": "\\", "sl": "/", "ba": "|", "br": "|", "bv": "|", "ul": "_",
    "ru": "_", "lB": "[", "rB": "]", "lC": "{", "rC": "}", "la": "\u27e8", "ra": "\u27e9", "ps": "\u00b6",
    "dg": "\u2020", "dd": "\u2021", "ct": "\u00a2", "Eu": "\u20ac", "eu": "\u20ac", "Po": "\u00a3",
    "Ye": "\u00a5", "+-": "\u00b1", "12": "\u00bd", "14": "\u00bc", "34": "\u00be", "sq": "\u25a1",
    "ci": "\u25cb", "**": "*", "at": "@", "sh": "#", "Do": "$", "pc": "\u00b7", "md": "\u22c5",
    "ss": "\u00df", "'e": "\u00e9", "`e": "\u00e8", "'a": "\u00e1", "`a": "\u00e0", ":a": "\u00e4",
    ":o": "\u00f6", ":u": "\u00fc", ":A": "\u00c4", ":O": "\u00d6", ":U": "\u00dc", "~n": "\u00f1",
    ",c": "\u00e7", "'E": "\u00c9", "'o": "\u00f3", "'i": "\u00ed", "'u": "\u00fa", "^o": "\u00f4",
    "ua": "\u2191", "da": "\u2193", "OK": "\u2713", "if": "\u221e", "no": "\u00ac", "AN": "\u2227",
    "OR": "\u2228", "mo": "\u2208", "fa": "\u2200", "te": "\u2203", "ap": "~", "~~": "\u2248",
}
# Strings every man page may use (man(7), groff's an.tmac, pod2man's preamble)
STRINGS = {"lq": "\u201c", "rq": "\u201d", "R": "\u00ae", "Tm": "\u2122", "S": "", "Aq": "'", "C+": "C++",
           'L"': "\u201c", 'R"': "\u201d", "C`": '"', "C'": '"', "PI": "\u03c0", "Q": "\u201c",
           "U": "\u201d", "HF": "", "Ba": "|", "Le": "\u2264", "Ge": "\u2265", "Lq": "\u201c", "Rq": "\u201d",
           "Pi": "\u03c0", "Ne": "\u2260", "Am": "&", "Na": "NaN", "If": "infinity", "Gt": ">", "Lt": "<"}
_SIMPLE = {"e": "\\", "E": "\\", "\\": "\\", "-": "-", " ": " ", "~": " ", "0": " ", "t": "\t", ".": ".",
           "'": "'", "`": "`", "_": "_", "%": "", "&": "", "|": "", "^": "", ")": "", ":": "", ",": "",
           "/": "", "a": "", "c": "", "d": "", "u": "", "r": "", "p": "", "z": "", "{": "", "}": "", "!": "",
           "\n": ""}
_DELIMITED = set("whvlLoDXZbxSHRNAB")  # \w'text' and the like: an argument between two delimiters, no output
_NAMED = set("fsmMnFgkVYO*$j")  # \fX, \f(XX, \f[XXX]: a name, then either dropped or looked up (\*)
_MAX_NAME = 64  # a bracketed name longer than this is no name (so an unclosed "[" costs no long scan)


def unescape(line: str, strings: dict[str, str] | None = None, escape: str = "\\") -> str:
    """The text ``line`` prints (see the module doc); ``strings`` are the page's ``.ds`` strings."""
    if escape not in line:
        return line
    out: list[str] = []
    i, n = 0, len(line)
    while i < n:
        j = line.find(escape, i)
        if j < 0:
            out.append(line[i:])
            break
        out.append(line[i:j])
        i = j + 1
        if i >= n:
            break
        c = line[i]
        i += 1
        if c == '"' or c == "#":  # a comment: the rest of the line
            break
        if c in _SIMPLE:
            out.append(_SIMPLE[c])
        elif c == "(":
            out.append(SPECIAL.get(line[i:i + 2], ""))
            i += 2
        elif c == "[":
            name, i = _bracketed(line, i)
            out.append(special(name))
        elif c == "C" and i < n:
            end = line.find(line[i], i + 1)
            end = end if end >= 0 else n
            out.append(special(line[i + 1:end]))
            i = end + 1
        elif c in _NAMED:
            name, i = _name(line, i)
            if c == "*":
                out.append((strings or {}).get(name, STRINGS.get(name, "")))
            elif c == "s" and name and name in "+-":  # \s+2: a sign, then the size
                name, i = _name(line, i)
            if c == "s" and name[:1] in "123" and name and i < n and line[i].isdigit():
                i += 1  # \s12: two digits
        elif c in _DELIMITED:
            if i < n and line[i] in "'\"|+^":
                end = line.find(line[i], i + 1)
                end = end if end >= 0 else n - 1
                if c == "h" and line[i + 1:i + 2] not in ("-", "0", line[i]):
                    out.append(" ")  # \h'+03': a move to the right is a space on a terminal
                i = end + 1
            elif i < n:
                i += 1
        else:  # an unknown escape prints its character
            out.append(c)
    return "".join(out)


def _name(line: str, i: int) -> tuple[str, int]:
    """The name after \\f, \\*, \\n...: one character, "(" and two, or "[" up to "]"."""
    if i >= len(line):
        return "", i
    if line[i] == "(":
        return line[i + 1:i + 3], i + 3
    if line[i] == "[":
        return _bracketed(line, i + 1)
    return line[i], i + 1


def _bracketed(line: str, i: int) -> tuple[str, int]:
    """The name up to the "]" that closes the "[" before ``i``; a name may hold bracketed names of
    its own (``\\F[\\n[.fam]]``, as a page's ``.ds T> \\\\F[\\n[.fam]]`` reads in copy mode: the reader
    ended it at the first "]" and printed the second)."""
    depth, j, stop = 0, i, min(len(line), i + _MAX_NAME)
    while j < stop:
        if line[j] == "[":
            depth += 1
        elif line[j] == "]":
            if not depth:
                return line[i:j], j + 1
            depth -= 1
        j += 1
    return "", i


def special(name: str) -> str:
    """A special character by its groff name ("em", "u00E9", "u0041_0301"); unknown: ""."""
    if name in SPECIAL:
        return SPECIAL[name]
    if name.startswith("u") and 5 <= len(name) <= 12:
        try:
            chars = [int(part, 16) for part in name[1:].split("_")]
            return "".join(chr(c) for c in chars if 32 <= c < 0x110000 and not 0xD800 <= c < 0xE000)
        except (ValueError, OverflowError):
            return ""
    if name.startswith("char") and name[4:].isdigit() and len(name) <= 7:
        return chr(int(name[4:])) if int(name[4:]) >= 32 else ""
    return ""
