"""Mailboxes (.mbox): one document per message, each read like an .eml in the reader process.

An .mbox holds one document per message, id ``file.mbox#N`` (N from 1, in file order).  The
build's process only finds where messages start (a line beginning "From ", the rule of the stdlib
``mailbox.mbox``), a block at a time (``message_spans``: our own linear code, memory bounded
whatever the file's size or line lengths); each message is then parsed by the stdlib ``email``
package in the reader process (``isolate.py``: the same time and memory budget per message as
per file, a crash costing that message only), handed the mailbox's descriptor and the message's
place in it.  A message that cannot be read, or is larger than ``MAX_MESSAGE_BYTES``, is skipped
on its own (reported as ``file.mbox#N``) and the others are read; after ``MAX_OVER_BUDGET``
messages over their budget, or ``MAX_SKIPPED`` skipped for any reason, the rest of the mailbox
is skipped (a hostile mailbox costs a build a few budgets, not one per message, and a bounded
skip report).  The mailbox is only read, never locked or written.  A
message's lines are lines of the .mbox file (``mail.py``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from .budget import Budget, limit_text
from .document import Document
from .extracted import Extracted, ReadError
from .formats import FORMATS
from .mail import MESSAGE, read_part
from .skips import DAMAGED, EMPTY, OVER_BUDGET, TOO_LARGE, UNREADABLE, SkipHandler, Skipped

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
MAX_OVER_BUDGET = 3
MAX_SKIPPED = 1000  # messages skipped (any reason) before the rest of a mailbox is: a bounded report
_START = b"\nFrom "
_BLOCK = 1 << 20


def message_spans(fd: int, block: int = _BLOCK) -> Iterator[tuple[int, int, int]]:
    """``(start, end, line)`` of each message of the mailbox open as ``fd``: its bytes
    ``[start, end)`` (its "From " line first) and the 1-based line it starts on.  Read with
    ``os.pread`` a block at a time: the descriptor's offset is left alone and memory stays at
    one block, however long the file or its lines."""
    pos, line, tail = 0, 1, b"\n"  # the file's start counts as a line start
    counted = 0  # newlines counted up to this offset
    start = start_line = None
    while True:
        chunk = os.pread(fd, block, pos)
        if not chunk:
            break
        buf = tail + chunk
        base = pos - len(tail)  # the file offset of buf[0]
        at = buf.find(_START)
        while at >= 0:
            offset = base + at + 1
            line += chunk.count(b"\n", max(0, counted - pos), max(0, offset - pos))
            counted = max(counted, offset)
            if start is not None:
                yield start, offset, start_line
            start, start_line = offset, line
            at = buf.find(_START, at + 1)
        line += chunk.count(b"\n", max(0, counted - pos))
        counted = pos + len(chunk)
        pos += len(chunk)
        tail = buf[-(len(_START) - 1):]
    if start is not None:
        yield start, pos, start_line


def read_mbox(fd: int, file: Path, rel: str, on_skip: SkipHandler, budget: Budget,
              isolated: bool) -> Iterator[Document]:
    """One document per message of the mailbox open as ``fd`` (ids ``rel#N``); see the module doc."""
    n = over = skipped = 0

    def skip(s: Skipped) -> None:
        nonlocal skipped
        skipped += 1
        on_skip(s)

    for n, (start, end, line) in enumerate(message_spans(fd), 1):
        doc_id = f"{rel}#{n}"
        if over >= MAX_OVER_BUDGET:
            on_skip(Skipped(rel, OVER_BUDGET, f"{over} messages over the budget for one message: the rest of the "
                                              f"mailbox (from message {n}) is skipped"))
            return
        if skipped >= MAX_SKIPPED:
            on_skip(Skipped(rel, DAMAGED, f"{skipped} messages could not be read: the rest of the mailbox (from "
                                          f"message {n}) is skipped"))
            return
        if end - start > MAX_MESSAGE_BYTES:
            skip(Skipped(doc_id, TOO_LARGE, f"message too large (the limit is {limit_text(MAX_MESSAGE_BYTES)})"))
            continue
        try:
            extracted = _read(fd, start, end - start, doc_id, budget, isolated)
        except ReadError as exc:
            over += exc.kind == OVER_BUDGET
            skip(Skipped(doc_id, exc.kind, str(exc)))
            continue
        except OSError as exc:
            skip(Skipped(doc_id, UNREADABLE, f"unreadable: {exc.strerror or exc}"))
            continue
        except MemoryError:
            skip(Skipped(doc_id, OVER_BUDGET, "not enough memory to read it"))
            continue
        except Exception as exc:  # noqa: BLE001 - one damaged message: the others are read
            skip(Skipped(doc_id, DAMAGED, f"not a readable message: {type(exc).__name__}"))
            continue
        if not extracted.text.strip():
            skip(Skipped(doc_id, EMPTY, "no text"))
            continue
        yield Document(id=doc_id, title=extracted.title or f"Message {n}", text=extracted.text,
                       source=f"{file}#{n}", sections=extracted.sections,
                       lines=tuple((at, k + line - 1) for at, k in extracted.lines), format=FORMATS[".mbox"])
    if not n:
        on_skip(Skipped(rel, EMPTY, "no messages in the mailbox"))


def _read(fd: int, offset: int, size: int, rel: str, budget: Budget, isolated: bool) -> Extracted:
    if isolated:
        from .isolate import read_isolated

        return read_isolated(fd, MESSAGE, rel, size, budget, offset=offset)
    return read_part(fd, offset, size, rel)
