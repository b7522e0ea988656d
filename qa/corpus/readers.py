"""Files to documents: one reader per file type, and the corpus read as a whole.

Plain text (.txt) is kept exactly as decoded (every offset in qa refers to it); Markdown, HTML,
PDF, Word, EPUB, OpenDocument, PowerPoint, reStructuredText and e-mail are turned into running
text by their readers (``markdown.py``, ``html.py``, ``pdf.py``, ``docx.py``, ``epub.py``,
``odt.py``, ``pptx.py``, ``rst.py``, ``mail.py``), which also give pages (PDF), slides (PowerPoint)
and section headings.  BEIR-style .jsonl(.gz) files and .mbox mailboxes hold many documents
(``jsonl.py``, ``mail.py``).  A file that cannot be read is reported
through ``on_skip`` as a ``Skipped`` (one line why) and the rest of the corpus is read.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import threading
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from qa.errors import CorpusError
from . import skips
from .charset import read_text
from .document import Document, content_hash  # noqa: F401  (part of this module's interface)
from .extracted import Extracted, ReadError
from .files import iter_files
from .jsonl import JSONL_SUFFIXES, read_jsonl
from .skips import SkipHandler, Skipped
from .titles import headline, plain_title  # noqa: F401  (part of this module's interface)

MAX_FILE_BYTES = 200 * 1024 * 1024  # larger files are skipped with a warning
log = logging.getLogger("qa")


def _markdown(text: str, name: str) -> Extracted:
    from .markdown import read_markdown

    return read_markdown(text, name)


def _plain(text: str, name: str) -> Extracted:
    from .plaintext import read_plain

    return read_plain(text, name)


def _html(text: str, name: str) -> Extracted:
    from .html import read_html

    return read_html(text, name)


_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one PDF at a time in this process


def _pdf(data: bytes, name: str) -> Extracted:
    from .pdf import read_pdf

    with _PDFIUM:
        return read_pdf(data, name)


def _docx(data: bytes, name: str) -> Extracted:
    from .docx import read_docx

    return read_docx(data, name)


def _epub(data: bytes, name: str) -> Extracted:
    from .epub import read_epub

    return read_epub(data, name)


def _odt(data: bytes, name: str) -> Extracted:
    from .odt import read_odt

    return read_odt(data, name)


def _pptx(data: bytes, name: str) -> Extracted:
    from .pptx import read_pptx

    return read_pptx(data, name)


def _rst(text: str, name: str) -> Extracted:
    from .rst import read_rst

    return read_rst(text, name)


def _eml(data: bytes, name: str) -> Extracted:
    from .mail import read_eml

    return read_eml(data, name)


# suffix -> (reader, takes bytes?); text readers get the str charset.read_text decoded
READERS: dict[str, tuple[Callable[..., Extracted] | None, bool]] = {
    ".txt": (_plain, False), ".text": (_plain, False),
    ".md": (_markdown, False), ".markdown": (_markdown, False),
    ".html": (_html, False), ".htm": (_html, False),
    ".pdf": (_pdf, True),
    ".docx": (_docx, True),
    ".epub": (_epub, True),
    ".odt": (_odt, True),
    ".pptx": (_pptx, True),
    ".rst": (_rst, False), ".rest": (_rst, False),
    ".eml": (_eml, True),
}
READS = ".txt .md .html .htm .pdf .docx .epub .odt .pptx .rst .eml .mbox .jsonl .jsonl.gz"
FORMATS = {".txt": "text", ".text": "text", ".md": "Markdown", ".markdown": "Markdown", ".html": "HTML",
           ".htm": "HTML", ".pdf": "PDF", ".docx": "Word", ".epub": "EPUB", ".odt": "OpenDocument",
           ".pptx": "PowerPoint", ".rst": "reStructuredText", ".rest": "reStructuredText", ".eml": "e-mail",
           ".mbox": "mailbox", ".jsonl": "JSON Lines"}
_TEXT_PROBLEMS = {"empty file": skips.EMPTY, "binary file": skips.BINARY, "unknown text encoding": skips.ENCODING}


def _suffix(name: str) -> str:
    name = name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return ".jsonl"
    return os.path.splitext(name)[1]


def supported(path: Path | str) -> bool:
    suffix = _suffix(os.path.basename(str(path)))
    return suffix in READERS or suffix in (".jsonl", ".mbox")


def format_of(source: str) -> str:
    """The format a document was read as, from its source ("PDF", "e-mail", "mailbox"...): the
    file's path, with a mailbox message's "#N" or a JSON Lines line's ":N" after it."""
    name = re.sub(r"(#|:)\d+$", "", os.path.basename(str(source)))
    return FORMATS.get(_suffix(name), "text")


def load_corpus(
    path: str | os.PathLike,
    on_skip: SkipHandler | None = None,
    exclude: tuple[str, ...] = (),
    follow_symlinks: bool = False,
    files=None,
) -> Iterator[Document]:
    """Yield every readable document under ``path`` (a folder or a single file); every other
    file (except hidden ones) is reported to ``on_skip``, its path relative to the corpus.
    ``files`` (``qa.index.file_stats.FileStats``) gives unchanged files' documents without reading."""
    root = Path(path)
    if not root.exists():
        raise CorpusError(f"corpus path does not exist: {root}", hint="pass --corpus PATH")
    skip = on_skip or (lambda _s: None)
    if root.is_file() and not supported(root):
        raise CorpusError(f"unsupported file type: {root.name}", hint=f"qa reads {READS}")
    base = root if root.is_dir() else root.parent

    def skip_rel(s: Skipped) -> None:  # reports name files relative to the corpus
        try:
            s = replace(s, path=Path(s.path).relative_to(base).as_posix())
        except ValueError:
            pass
        skip(s)

    for file in iter_files(root, skip_rel, supported, exclude, follow_symlinks):
        rel = file.relative_to(base).as_posix()
        yield from read_file(file, rel, skip, files)


def read_corpus(corpus, on_skip: SkipHandler | None = None, progress=None, exclude: tuple[str, ...] = (),
                follow_symlinks: bool = False, files=None) -> list[Document]:
    """All documents of ``corpus`` in id order (a repeated id is reported, the first one kept);
    raises CorpusError when nothing is readable.  ``progress(stage, done, total)`` is told."""
    progress = progress or (lambda _s, _d, _t: None)
    skip = on_skip or (lambda _s: None)
    progress("reading", 0, 0)
    by_id: dict[str, Document] = {}
    reasons: list[str] = []

    def note(s: Skipped) -> None:
        if len(reasons) < 3 and not s.quiet:
            reasons.append(f"{s.path}: {s.reason}")
        skip(s)

    for doc in load_corpus(corpus, note, exclude=exclude, follow_symlinks=follow_symlinks, files=files):
        if doc.id in by_id:
            skip(Skipped(doc.source, skips.DUPLICATE, f"duplicate document id {doc.id!r} (first one kept)"))
            continue
        by_id[doc.id] = doc
        progress("reading", len(by_id), 0)
    if not by_id:  # say why when files were skipped (a truncated archive, unreadable files)
        raise CorpusError(f"no readable documents in {corpus}",
                          hint="; ".join(reasons) if reasons else f"qa reads {READS}")
    progress("reading", len(by_id), len(by_id))
    return [by_id[k] for k in sorted(by_id)]


def read_file(file: Path, rel: str, on_skip: SkipHandler, files=None) -> Iterator[Document]:
    """The document(s) of one file; a file that cannot be read is one ``on_skip`` call.  With
    ``files`` (stats of the last build), an unchanged file is not read: ``files.lookup``."""
    if files is None:
        yield from _read_file(file, rel, on_skip)
        return
    try:
        st = file.stat()
    except OSError:
        st = None
    got = files.lookup(rel, file, st) if st is not None and stat.S_ISREG(st.st_mode) else None
    if got is not None:
        for s in got[1]:
            on_skip(s)
        yield from got[0]
        return
    docs, skipped = [], []

    def note(s: Skipped) -> None:
        skipped.append(s)
        on_skip(s)

    for doc in _read_file(file, rel, note):
        docs.append(doc)
        yield doc
    if st is not None and stat.S_ISREG(st.st_mode):
        files.record(rel, file, st, docs, skipped)


def _read_file(file: Path, rel: str, on_skip: SkipHandler) -> Iterator[Document]:
    suffix = _suffix(file.name)
    try:
        st = file.stat()
        if not stat.S_ISREG(st.st_mode):
            on_skip(Skipped(rel, skips.SPECIAL, "not a regular file"))
            return
        if suffix == ".jsonl":
            yield from read_jsonl(file, rel, on_skip)
            return
        if suffix == ".mbox":  # read a message at a time: a mailbox may be larger than a file may be
            from .mail import read_mbox

            yield from read_mbox(file, rel, on_skip)
            return
        if st.st_size > MAX_FILE_BYTES:
            on_skip(Skipped(rel, skips.TOO_LARGE, f"file too large ({st.st_size // (1024 * 1024)} MiB; the "
                                                  f"limit is {MAX_FILE_BYTES // (1024 * 1024)} MiB)"))
            return
        doc = _read_one(file, rel, suffix, st.st_size)
    except ReadError as exc:
        on_skip(Skipped(rel, exc.kind, str(exc)))
        return
    except OSError as exc:
        on_skip(Skipped(rel, skips.UNREADABLE, f"unreadable: {exc.strerror or exc}"))
        return
    except Exception as exc:  # noqa: BLE001 - a damaged file tripping a parser (lxml, python-docx...)
        first = (str(exc).splitlines() or [""])[0][:120]
        on_skip(Skipped(rel, skips.DAMAGED, f"not readable: {type(exc).__name__}" + (f": {first}" if first else "")))
        return
    if doc is not None:
        yield doc


def _read_one(file: Path, rel: str, suffix: str, size: int) -> Document | None:
    reader, binary = READERS.get(suffix, (None, False))
    if binary:
        if size == 0:
            raise ReadError("empty file", kind=skips.EMPTY)
        with open(file, "rb") as fh:
            extracted = reader(fh.read(), rel)
    else:
        text, problem = read_text(file)
        if text is None:
            raise ReadError(problem, kind=_TEXT_PROBLEMS.get(problem, skips.UNREADABLE))
        if problem:
            log.info("%s: %s", rel, problem)
        extracted = reader(text, rel) if reader is not None else Extracted(text)
    text = extracted.text
    if not text or text.isspace():
        raise ReadError("no text", kind=skips.EMPTY)
    title = extracted.title or (plain_title(text) if reader is _plain else headline(text))
    return Document(id=rel, title=title, text=text, source=str(file), pages=extracted.pages,
                    sections=extracted.sections, slides=extracted.slides, lines=extracted.lines)
