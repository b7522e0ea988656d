"""BEIR-style JSON Lines corpora (``_id``, ``title``, ``text`` per line; optionally gzipped).

A file of questions (``question`` and no ``text``, e.g. seeds/questions.jsonl) holds no documents
and is passed over; lines that are not documents are counted and reported once per file.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Iterator

from .document import Document
from .skips import BAD_LINES, DAMAGED, UNREADABLE, SkipHandler, Skipped

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


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


def read_jsonl(file: Path, rel: str, on_skip: SkipHandler) -> Iterator[Document]:
    """The documents of one .jsonl(.gz) file; bad lines are counted, a broken file reported."""
    opener = gzip.open if file.name.lower().endswith(".gz") else open
    bad = read = 0
    try:
        with opener(file, "rb") as fh:
            for lineno, line in enumerate(io.BufferedReader(fh) if opener is gzip.open else fh, 1):
                kind, doc = parse_line(line)
                if kind == QUESTIONS:
                    return
                bad += kind == BAD
                if kind != DOC:
                    continue
                read += 1
                doc_id, title, text = doc
                yield Document(id=doc_id, title=title, text=text, source=f"{file}:{lineno}")
    except EOFError:  # the archive ends before its end marker: a copy cut short
        on_skip(Skipped(rel, DAMAGED, f"truncated gzip stream (after {read} documents)" if read
                        else "truncated gzip stream"))
    except (gzip.BadGzipFile, zlib.error) as exc:
        on_skip(Skipped(rel, DAMAGED, f"not a valid gzip file ({exc})"))
    except OSError as exc:
        on_skip(Skipped(rel, UNREADABLE, f"unreadable: {exc.strerror or exc}"))
    if bad:
        on_skip(bad_lines(rel, bad))
