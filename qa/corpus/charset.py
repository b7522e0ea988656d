"""Bytes to text: empty or binary files told apart, BOMs honoured, other encodings detected.

``read_text`` looks at the first block only to decide (a binary file is never read further),
then reads and decodes the file in 1 MiB blocks: the only full copy is the text itself.  When
``max_line`` is given, a line longer than that many characters stops the reading at once (a huge
one-line file is data, not prose, and costs no more memory than that line's first ``max_line``
characters).  Detection uses charset-normalizer, with a preference for Windows-1252 when it decodes
as cleanly as the best guess (short Western texts are otherwise ambiguous between a dozen code pages).
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import BinaryIO

SNIFF_BYTES = 8192  # read first: empty? binary? which encoding?
DETECT_BYTES = 1 << 20  # sample given to the encoding detector
BLOCK = 1 << 20  # read and decoded at a time
LONG_LINE = "long line"  # the note of a file skipped for a line over max_line
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class LineTooLong(Exception):
    pass


class BadByte(Exception):
    """Bytes the encoding cannot decode, at ``offset`` in the file."""

    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset


def read_text(file: Path | str | BinaryIO, max_line: int | None = None) -> tuple[str | None, str]:
    """(text, note) of a text file (a path, or a binary file open at its start), or (None, why it
    was skipped): "empty file", "binary file", "unknown text encoding", or a line over ``max_line``.

    The first block decides: empty, binary (never read further), BOM or encoding.
    """
    if isinstance(file, (str, os.PathLike)):
        with open(file, "rb") as fh:
            return read_text(fh, max_line)
    fh = file
    head = fh.read(SNIFF_BYTES)
    if not head or (len(head) < SNIFF_BYTES and head.isspace()):
        return None, "empty file"
    encoding = bom_encoding(head) or utf16_without_bom(head)
    if (encoding is None and b"\x00" in head) or _mostly_controls(head.decode(encoding or "utf-8", "ignore")):
        return None, "binary file"
    try:
        if encoding is None:
            try:
                text = _decode(fh, "utf-8", "strict", max_line)
                return (None, "empty file") if text.isspace() else (text, "")
            except BadByte as exc:
                encoding = detect_encoding(_sample(fh, exc.offset))
                if encoding is None:
                    return None, "unknown text encoding"
        try:
            text = _decode(fh, encoding, "strict", max_line)
        except BadByte:
            encoding = "latin_1" if encoding == "cp1252" else encoding
            text = _decode(fh, encoding, "replace", max_line)
        except LookupError:
            return None, "unknown text encoding"
    except LineTooLong:
        return None, f"{LONG_LINE}: more than {max_line:,} characters without a line break (data, not prose)"
    if text.isspace():
        return None, "empty file"
    return text, "" if encoding == "utf-8-sig" else f"not UTF-8: read as {encoding}"


def _decode(fh: BinaryIO, encoding: str, errors: str, max_line: int | None) -> str:
    """The whole file decoded block by block (from its start); raises BadByte (strict ``errors``),
    and LineTooLong as soon as a line passes ``max_line``."""
    fh.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    parts: list[str] = []
    at = run = 0  # bytes read before this block; characters since the last line break
    while True:
        raw = fh.read(BLOCK)
        try:
            piece = decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:  # exc.start counts from the decoder's pending bytes
            raise BadByte(max(0, at + exc.start - (len(exc.object) - len(raw)))) from None
        at += len(raw)
        if not parts and piece.startswith("\ufeff"):
            piece = piece[1:]
        if "\x00" in piece:
            piece = piece.replace("\x00", " ")
        if max_line is not None:
            run = _line_run(piece, run, max_line)
        parts.append(piece)
        if not raw:
            break
    text = "".join(parts)
    del parts
    return text


_BREAK = re.compile(r"[\n\r]")


def _line_run(piece: str, run: int, max_line: int) -> int:
    """Characters since the last line break after ``piece``, given ``run`` before it; raises
    LineTooLong when a line passes ``max_line``."""
    first = _BREAK.search(piece)
    if first is None:
        run += len(piece)
    else:
        if run + first.start() > max_line:
            raise LineTooLong
        last = max(piece.rfind("\n"), piece.rfind("\r"))
        if len(piece) > max_line and re.search(r"[^\n\r]{%d}" % (max_line + 1), piece[first.start():last]):
            raise LineTooLong
        run = len(piece) - last - 1
    if run > max_line:
        raise LineTooLong
    return run


def _sample(fh: BinaryIO, bad_at: int) -> bytes:
    """DETECT_BYTES of the file around ``bad_at`` (what the encoding detector judges)."""
    fh.seek(max(0, bad_at - DETECT_BYTES // 2))
    return fh.read(DETECT_BYTES)


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


_OVERSTRIKE = re.compile(r"(?<=[^\x00-\x1f\x7f])\x08(?=[^\x00-\x1f\x7f])")  # "B\bBo\bol\bld\bd": a terminal's bold


def _mostly_controls(sample: str) -> bool:
    """Text has few control characters; more than 1 in 20 means a binary file.  A backspace between
    two characters is text's (a page saved from ``man``, bold as "X\bX"), not one."""
    if "\x08" in sample:
        sample = _OVERSTRIKE.sub("", sample)
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
