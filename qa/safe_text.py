"""Text from documents, file names and ids made safe to show on a terminal: the one place for it.

A document (or a file name, or a JSONL id) may hold escape sequences: ``ESC ] 0;title BEL`` sets
the window title, ``ESC ] 52;c;…`` writes the clipboard, ``ESC [2J`` clears the screen,
``ESC [8m`` hides text; C1 controls (``U+009B`` is a one-character CSI) and bidi overrides
(``U+202E``) reorder or hide what is shown.  Every human output passes data through
:func:`safe_text` (multi-line text such as a passage or a notice) or :func:`safe_line` (one-line
fields: file names, ids, titles, table cells), which show each such character visibly as an
escape (``ESC`` -> ``\\x1b``, ``U+202E`` -> ``\\u202e``, a newline in a file name -> ``\\n``).
Printable text is left exactly as it is, and the functions are idempotent.

JSON output keeps the exact text: :func:`json_text` writes the same characters as JSON escapes,
so a program reading it gets the original string back and a terminal showing it sees no controls.
"""

from __future__ import annotations

import json
import re
import unicodedata

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Arabic letter mark, LRM/RLM, the embeddings and overrides (LRE…RLO) and isolates (LRI…PDI)."""

LINE_SEPARATORS = frozenset("\u2028\u2029")
MULTILINE_ALLOWED = frozenset("\n\t")
"""Kept in multi-line text; in one-line fields they are escaped too (a tab or newline there would
break the line or its columns)."""

_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_CANDIDATES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def is_unsafe(ch: str, *, multiline: bool = True) -> bool:
    """True when the character ``ch`` must not reach a terminal as it is."""
    if multiline and ch in MULTILINE_ALLOWED:
        return False
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cs") or ch in BIDI_CONTROLS or ch in LINE_SEPARATORS


def escape_char(ch: str) -> str:
    """The visible form of one unsafe character: ``\\n``, ``\\x1b``, ``\\u202e``; a byte of a file
    name that is not valid UTF-8 (U+DC80..U+DCFF, Python's surrogate escape) as that byte: ``\\xff``."""
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: object, *, multiline: bool = True) -> str:
    """``text`` with every control, escape, surrogate and bidi-override character shown as an escape.

    ``multiline``: newlines and tabs are kept (a passage, a notice); else they are escaped too.
    """
    s = text if isinstance(text, str) else str(text)

    def repl(m: re.Match) -> str:
        ch = m.group(0)
        return escape_char(ch) if is_unsafe(ch, multiline=multiline) else ch

    return _CANDIDATES.sub(repl, s)


def safe_line(text: object) -> str:
    """``text`` for a one-line field (a file name, an id, a title, a table cell, a log line)."""
    return safe_text(text, multiline=False)


def json_text(obj, **kwargs) -> str:
    """``json.dumps(obj, ensure_ascii=False, **kwargs)`` with unsafe characters as ``\\uXXXX`` escapes.

    The JSON decodes to exactly the same strings; only the bytes on the terminal change.  (JSON
    itself escapes C0 controls; C1 controls, bidi overrides and lone surrogates it would write raw.)
    """
    raw = json.dumps(obj, ensure_ascii=False, **kwargs)  # newlines and tabs here are JSON's own layout
    return _CANDIDATES.sub(lambda m: f"\\u{ord(m.group(0)):04x}" if is_unsafe(m.group(0)) else m.group(0), raw)


_SURROGATES = re.compile("[\ud800-\udfff]")


def name_encoding(key: str, name: str) -> dict:
    """JSON fields saying how ``name`` is written when it is not valid Unicode: a file name whose
    bytes are not UTF-8 holds them as U+DC80..U+DCFF (Python's "surrogateescape", PEP 383), so
    ``{key}_encoding`` says so and ``{key}_bytes`` gives the real name percent-encoded
    (``caf%E9.txt``).  ``{}`` for every other name."""
    if not _SURROGATES.search(name):
        return {}
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte (a JSON "\ud800")
        return {f"{key}_encoding": "unpaired surrogates (not valid Unicode)"}
    from urllib.parse import quote_from_bytes

    return {f"{key}_encoding": "utf-8 with surrogateescape (U+DC80..U+DCFF stand for the bytes 0x80..0xFF)",
            f"{key}_bytes": quote_from_bytes(raw, safe="/ !$&'()*+,;=:@~")}


def safe_text_with_offsets(text: str, *, multiline: bool = True) -> tuple[str, list[int]]:
    """``safe_text(text)`` and where each position of ``text`` lands in it.

    ``offsets[i]`` is the position in the safe text of ``text[i]`` (``offsets[len(text)]`` is its
    length), so a span ``[a, b)`` of the original is ``[offsets[a], offsets[b])`` of the safe text.
    """
    parts: list[str] = []
    offsets: list[int] = []
    at = last = 0
    for m in _CANDIDATES.finditer(text):
        ch = m.group(0)
        if not is_unsafe(ch, multiline=multiline):
            continue
        i = m.start()
        offsets.extend(range(at, at + i - last))
        parts.append(text[last:i])
        at += i - last
        shown = escape_char(ch)
        offsets.append(at)
        parts.append(shown)
        at += len(shown)
        last = i + 1
    offsets.extend(range(at, at + len(text) - last + 1))
    parts.append(text[last:])
    return "".join(parts), offsets
