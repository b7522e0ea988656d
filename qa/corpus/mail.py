"""Saved e-mail (stdlib ``email``): one message (.eml), or one message of a mailbox (.mbox, ``mbox.py``).

A message's text is what its reader sees: a ``From:`` and a ``Date:`` line (its metadata, kept in
the text so a question about who wrote when finds it), a blank line, then its text/plain part (or,
when it has none, its HTML part as running text, ``html.read_html``), and last a line naming its
attachments, which are listed, never read.  The subject is the title and a section.

Each block of text keeps the line of the file it sits on (``lines``, as in text formats): the
Subject, From and Date header lines, and the body's own lines when the body is stored verbatim
(text/plain without a transfer encoding); a message whose body is HTML, quoted-printable or
base64 has no lines.  An .mbox holds one document per message (``mbox.py`` splits it; each
message is read here, ``read_part``, in the reader process).
"""

from __future__ import annotations

import os
import re

from .extracted import Extracted, ReadError, TextBuilder, clean_line
from .skips import EMPTY

MESSAGE = ".mbox-message"  # what a reader process is asked to read: one message of a mailbox

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_eml(data: bytes, name: str = "") -> Extracted:
    """Text, title (the subject) and sections of one message; ReadError when it holds no message."""
    import email
    from email import policy

    if not data.strip():
        raise ReadError("empty message", kind=EMPTY)
    msg = email.message_from_bytes(data, policy=policy.default)
    if msg.defects and not msg.keys():
        raise ReadError(f"not a readable e-mail message: {type(msg.defects[0]).__name__}")
    return _message(msg, data)


def read_message(data: bytes, name: str = "") -> Extracted:
    """One message of a mailbox (its "From " line first): as ``read_eml``, lines counted from
    that "From " line (line 1), never an error for want of headers."""
    import email
    from email import policy

    return _message(email.message_from_bytes(data, policy=policy.default), data)


def _message(msg, raw: bytes = b"") -> Extracted:
    subject = _header(msg, "subject")
    out = TextBuilder()
    lines = _Lines(msg, raw)
    if subject:
        out.block(subject, heading=True, line=lines.header("subject"))
    meta, anchors, size = [], [], 0
    for label, value in (("From", _header(msg, "from")), ("Date", _header(msg, "date"))):
        if value:
            line = lines.header(label)
            if line is not None:
                anchors.append((size, line))
            meta.append(f"{label}: {value}")
            size += len(meta[-1]) + 1
    if meta:
        out.block("\n".join(meta), anchors=anchors)
    body, plain = _body(msg)
    if body is not None:
        pos, line = 0, lines.body(body, plain)
        for sep in (*re.finditer(r"\n[ \t]*\n", body), None):
            end = sep.start() if sep else len(body)
            para = "\n".join(_CONTROL.sub("", ln).rstrip() for ln in body[pos:end].split("\n"))
            lead = len(para) - len(para.lstrip("\n"))
            out.block(para, line=None if line is None else line + lead)
            if sep is not None:
                if line is not None:
                    line += body.count("\n", pos, sep.end())
                pos = sep.end()
    names = _attachments(msg)
    if names:
        out.block("Attachments (not read): " + ", ".join(names), line=lines.attachment(names[0]))
    return Extracted(text=out.text(), title=subject or None, sections=tuple(out.sections),
                     lines=tuple(out.lines) if lines.whole else ())


class _Lines:
    """Where a message's parts sit in its file (``raw``): 1-based lines of the subject, From and
    Date headers, of a body stored verbatim (no transfer encoding: 7bit, 8bit, binary) and of the
    first attachment's name.  ``whole`` turns False when a block has none: then the message gets no
    lines at all (``line_at`` would count a line for it from the block before)."""

    def __init__(self, msg, raw: bytes):
        self.msg, self.raw, self.whole = msg, raw, bool(raw)
        head_end = min((i for i in (raw.find(b"\n\n"), raw.find(b"\n\r\n")) if i >= 0), default=len(raw))
        self.head = raw[:head_end].split(b"\n")
        self.body_end = head_end

    def header(self, name: str) -> int | None:
        key = name.lower().encode("ascii") + b":"
        for n, line in enumerate(self.head, 1):
            if line[:len(key)].lower() == key:
                return n
        self.whole = False
        return None

    def body(self, text: str, part) -> int | None:
        """The line where the body ``text`` (as ``_body`` gives it, from the text/plain ``part``;
        None for an HTML body) starts, when it is the file's own bytes: found at a line start
        after the headers, with as many lines."""
        try:
            verbatim = (part is not None and str(part.get("content-transfer-encoding", "7bit")).strip().lower()
                        in ("7bit", "8bit", "binary"))
            payload = part.get_payload(decode=True) if verbatim else None
        except Exception:  # noqa: BLE001 - a malformed MIME structure: no lines, the text is still read
            payload = None
        if (not payload or b"\r" in payload.replace(b"\r\n", b"")
                or payload.count(b"\n") != text.count("\n")):
            self.whole = False
            return None
        at = self.raw.find(payload, self.body_end)
        while at > 0 and self.raw[at - 1:at] != b"\n":
            at = self.raw.find(payload, at + 1)
        if at <= 0:
            self.whole = False
            return None
        self.body_end = at + len(payload)
        return self.raw.count(b"\n", 0, at) + 1

    def attachment(self, name: str) -> int | None:
        at = self.raw.find(name.encode("utf-8", "replace"), self.body_end)
        if at < 0:
            self.whole = False
            return None
        return self.raw.count(b"\n", 0, at) + 1


def _header(msg, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - a malformed header (bad encoded word, bad address)
        value = None
        for key, raw in msg.raw_items() if hasattr(msg, "raw_items") else ():
            if key.lower() == name:
                value = raw
                break
    return clean_line(str(value).replace("\n", " ")) if value is not None else ""


def _body(msg) -> tuple[str | None, object]:
    """The text/plain body, else the HTML body as running text (None when there is neither), and
    the text/plain part it is (None for an HTML body)."""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001 - a malformed MIME structure
        part = None
    if part is None:
        return None, None
    text = _content(part)
    if part.get_content_subtype() == "html":
        from .html import read_html

        return read_html(text).text, None
    return text.replace("\r\n", "\n").replace("\r", "\n"), part


def _content(part) -> str:
    try:
        content = part.get_content()
        if isinstance(content, bytes):
            return content.decode("utf-8", "replace")
        return content
    except (LookupError, UnicodeError, ValueError, AssertionError):  # an unknown or lying charset
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def _attachments(msg) -> list[str]:
    names = []
    try:
        for part in msg.iter_attachments():
            names.append(clean_line(part.get_filename() or part.get_content_type()))
    except Exception:  # noqa: BLE001 - a malformed MIME structure: the text is still worth reading
        pass
    return [n for n in names if n]


def read_part(fd: int, offset: int, size: int, rel: str) -> Extracted:
    """The message at ``[offset, offset + size)`` of the mailbox open as ``fd`` (``read_message``): what the
    reader process runs for a mailbox's message (``mbox.py``)."""
    data = bytearray()
    while len(data) < size:
        more = os.pread(fd, size - len(data), offset + len(data))
        if not more:
            break
        data += more
    return read_message(bytes(data), rel)
