"""Bytes to text: empty or binary files told apart, BOMs honoured, other encodings detected.

``read_text`` looks at the first block only to decide (a binary file is never read further),
then reads the file once and decodes it once.  Detection uses charset-normalizer, with a
preference for Windows-1252 when it decodes as cleanly as the best guess (short Western
texts are otherwise ambiguous between a dozen code pages).
"""

from __future__ import annotations

import re
from pathlib import Path

SNIFF_BYTES = 8192  # read first: empty? binary? which encoding?
DETECT_BYTES = 1 << 20  # sample given to the encoding detector
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def read_text(file: Path) -> tuple[str | None, str]:
    """(text, note) of a text file, or (None, why it was skipped).

    The first block decides: empty, binary (never read further), BOM or encoding.  The file
    is then read once and decoded once; no second full copy of the bytes is made.
    """
    with open(file, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
        if not head or (len(head) < SNIFF_BYTES and head.isspace()):
            return None, "empty file"
        encoding = bom_encoding(head) or utf16_without_bom(head)
        if (encoding is None and b"\x00" in head) or _mostly_controls(head.decode(encoding or "utf-8", "ignore")):
            return None, "binary file"
        fh.seek(0)
        raw = fh.read()
    if raw.isspace():
        return None, "empty file"
    if encoding is None:
        try:
            return _clean(raw.decode("utf-8")), ""
        except UnicodeDecodeError as exc:
            encoding = detect_encoding(raw, exc.start)
            if encoding is None:
                return None, "unknown text encoding"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        encoding = "latin_1" if encoding == "cp1252" else encoding
        text = raw.decode(encoding, errors="replace")
    except LookupError:
        return None, "unknown text encoding"
    del raw
    if text.startswith("\ufeff"):
        text = text[1:]
    return _clean(text), "" if encoding == "utf-8-sig" else f"not UTF-8: read as {encoding}"


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _mostly_controls(sample: str) -> bool:
    """Text has few control characters; more than 1 in 20 means a binary file."""
    return bool(sample) and len(_CONTROLS.findall(sample)) > len(sample) / 20


def _clean(text: str) -> str:
    return text.replace("\x00", " ") if "\x00" in text else text


def bom_encoding(head: bytes) -> str | None:
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM: one byte of each pair is (almost always) zero."""
    if len(head) < 64:
        return None
    even, odd = head[0::2], head[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd > 0.7 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.7 and z_odd < 0.05:
        return "utf-16-be"
    return None


def detect_encoding(raw: bytes, bad_at: int = 0) -> str | None:
    """The most likely encoding of non-UTF-8 bytes, judged on a sample around the first bad byte.

    Short Western texts are ambiguous between many code pages; when Windows-1252 decodes the
    sample about as cleanly as the best guess, it wins (the common case for English corpora).
    """
    from charset_normalizer import from_bytes

    lo = max(0, bad_at - DETECT_BYTES // 2)
    results = from_bytes(raw[lo : lo + DETECT_BYTES])
    best = results.best()
    if best is None:
        return None
    for match in results:
        if match.chaos <= best.chaos + 0.1 and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return best.encoding
