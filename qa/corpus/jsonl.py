"""BEIR-style JSON Lines corpora (``_id``, ``title``, ``text`` per line; optionally gzipped).

A file of questions (``question`` and no ``text``, e.g. seeds/questions.jsonl) holds no documents
and is passed over; lines that are not documents are counted and reported once per file, and so
are lines longer than the budget's ``max_record_bytes`` (never held in memory whole).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from .budget import OVER_BUDGET, Budget, limit_text
from .document import Document
from .formats import FORMATS
from .naming import JSONL_SUFFIXES  # noqa: F401  (part of this module's interface)
from .skips import BAD_LINES, DAMAGED, UNREADABLE, SkipHandler, Skipped

JSON_LINES = FORMATS[".jsonl"]  # each row's format
BLANK, BAD, QUESTIONS, NO_TEXT, DOC = "blank", "bad", "questions", "no text", "doc"


def parse_line(line: bytes | str) -> tuple[str, tuple[str, str, str] | None]:
    """What one line holds: ``(DOC, (id, title, text))``, or ``(BLANK | BAD | QUESTIONS | NO_TEXT,
    None)``; QUESTIONS: a question-set row, so the file holds no documents from here on.  The one
    parser of corpus lines (whole files here; byte ranges of a file in cluster builds)."""
    if not line.strip():
        return BLANK, None
    try:
        row = json.loads(line)
    except ValueError:
        return BAD, None
    if not isinstance(row, dict):
        return BAD, None
    if "text" not in row and "question" in row:
        return QUESTIONS, None  # a question set (e.g. seeds/questions.jsonl), not documents
    text = row.get("text")
    doc_id = row.get("_id", row.get("id"))
    if not isinstance(text, str) or doc_id is None:
        return BAD, None
    title = row.get("title") or ""
    if not text.strip() and not str(title).strip():
        return NO_TEXT, None
    return DOC, (str(doc_id), str(title), text)


def bad_lines(rel: str, n: int) -> Skipped:
    return Skipped(rel, BAD_LINES, f"{n} line(s) not BEIR documents ({{'_id', 'title', 'text'}})")


def _lines(fh: BinaryIO, limit: int, too_long: list[int]) -> Iterator[bytes]:
    """The lines of ``fh``; a line longer than ``limit`` bytes is read past in pieces, counted in
    ``too_long`` and given as b"" (so line numbers stay right)."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = fh.readline(1 << 20)
            too_long[0] += 1
            line = b""
        yield line


def _open(file: Path, fh: BinaryIO | None, gz: bool):
    """A binary stream of the file's lines (``fh`` is left open: its owner closes it)."""
    if fh is None:
        return gzip.open(file, "rb") if gz else open(file, "rb")
    return gzip.GzipFile(fileobj=fh, mode="rb") if gz else contextlib.nullcontext(fh)


def read_jsonl(file: Path, rel: str, on_skip: SkipHandler, fh: BinaryIO | None = None,
               budget: Budget = Budget()) -> Iterator[Document]:
    """The documents of one .jsonl(.gz) file (read from ``fh`` when given: the file opened and
    checked by the caller); bad lines are counted, a broken file reported."""
    gz = file.name.lower().endswith(".gz")
    bad = read = 0
    too_long = [0]
    try:
        with _open(file, fh, gz) as stream:
            for lineno, line in enumerate(_lines(stream, budget.max_record_bytes, too_long), 1):
                kind, doc = parse_line(line)
                if kind == QUESTIONS:
                    return
                bad += kind == BAD
                if kind != DOC:
                    continue
                read += 1
                doc_id, title, text = doc
                yield Document(id=doc_id, title=title, text=text, source=f"{file}:{lineno}", format=JSON_LINES)
    except EOFError:  # the archive ends before its end marker: a copy cut short
        on_skip(Skipped(rel, DAMAGED, f"truncated gzip stream (after {read} documents)" if read
                        else "truncated gzip stream"))
    except (gzip.BadGzipFile, zlib.error) as exc:
        on_skip(Skipped(rel, DAMAGED, f"not a valid gzip file ({exc})"))
    except OSError as exc:
        on_skip(Skipped(rel, UNREADABLE, f"unreadable: {exc.strerror or exc}"))
    if bad:
        on_skip(bad_lines(rel, bad))
    if too_long[0]:
        on_skip(Skipped(rel, OVER_BUDGET, f"{too_long[0]} line(s) longer than {limit_text(budget.max_record_bytes)} "
                                          "left out (the limit for one document)"))
