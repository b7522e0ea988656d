"""Saved e-mail: one message (.eml, stdlib ``email``) or a mailbox of them (.mbox, stdlib ``mailbox``).

A message's text is what its reader sees: a ``From:`` and a ``Date:`` line (its metadata, kept in
the text so a question about who wrote when finds it), a blank line, then its text/plain part (or,
when it has none, its HTML part as running text, ``html.read_html``), and last a line naming its
attachments, which are listed, never read.  The subject is the title and a section.

An .mbox holds one document per message, id ``file.mbox#N`` (N from 1, in file order); a message
that cannot be read, or is larger than ``MAX_MESSAGE_BYTES``, is skipped on its own (reported as
``file.mbox#N``) and the others are read.  The mailbox file is only read, never locked or written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from .document import Document
from .extracted import Extracted, ReadError, TextBuilder, clean_line
from .skips import DAMAGED, EMPTY, TOO_LARGE, UNREADABLE, SkipHandler, Skipped

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
MBOX_SUFFIXES = (".mbox",)
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
    return _message(msg)


def _message(msg) -> Extracted:
    subject = _header(msg, "subject")
    out = TextBuilder()
    if subject:
        out.block(subject, heading=True)
    meta = [f"{label}: {value}" for label, value in (("From", _header(msg, "from")), ("Date", _header(msg, "date")))
            if value]
    if meta:
        out.block("\n".join(meta))
    body = _body(msg)
    if body is not None:
        for para in re.split(r"\n[ \t]*\n", body):
            lines = [_CONTROL.sub("", ln).rstrip() for ln in para.split("\n")]
            out.block("\n".join(lines))
    names = _attachments(msg)
    if names:
        out.block("Attachments (not read): " + ", ".join(names))
    return Extracted(text=out.text(), title=subject or None, sections=tuple(out.sections))


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


def _body(msg) -> str | None:
    """The text/plain body, else the HTML body as running text (None when there is neither)."""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001 - a malformed MIME structure
        part = None
    if part is None:
        return None
    text = _content(part)
    if part.get_content_subtype() == "html":
        from .html import read_html

        return read_html(text).text
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def read_mbox(file: Path, rel: str, on_skip: SkipHandler) -> Iterator[Document]:
    """One document per message of a mailbox file (ids ``rel#N``); see the module doc."""
    import email
    import mailbox
    from email import policy

    try:
        box = mailbox.mbox(str(file), create=False)
        keys = box.keys()
    except OSError as exc:
        on_skip(Skipped(rel, UNREADABLE, f"unreadable: {exc.strerror or exc}"))
        return
    except Exception as exc:  # noqa: BLE001 - a file mailbox cannot parse
        on_skip(Skipped(rel, DAMAGED, f"not a readable mailbox: {type(exc).__name__}"))
        return
    if not keys:
        on_skip(Skipped(rel, EMPTY, "no messages in the mailbox"))
        return
    try:
        for n, key in enumerate(keys, 1):
            doc_id = f"{rel}#{n}"
            try:
                with box.get_file(key) as fh:
                    data = fh.read(MAX_MESSAGE_BYTES + 1)
                if len(data) > MAX_MESSAGE_BYTES:
                    on_skip(Skipped(doc_id, TOO_LARGE, f"message too large (the limit is "
                                                       f"{MAX_MESSAGE_BYTES // (1024 * 1024)} MiB)"))
                    continue
                extracted = _message(email.message_from_bytes(data, policy=policy.default))
            except OSError as exc:
                on_skip(Skipped(doc_id, UNREADABLE, f"unreadable: {exc.strerror or exc}"))
                continue
            except Exception as exc:  # noqa: BLE001 - one damaged message: the others are read
                on_skip(Skipped(doc_id, DAMAGED, f"not a readable message: {type(exc).__name__}"))
                continue
            if not extracted.text.strip():
                on_skip(Skipped(doc_id, EMPTY, "no text"))
                continue
            yield Document(id=doc_id, title=extracted.title or f"Message {n}", text=extracted.text,
                           source=f"{file}#{n}", sections=extracted.sections)
    finally:
        box.close()
