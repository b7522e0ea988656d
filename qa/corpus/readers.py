"""Files to documents: one reader per file type, and the corpus read as a whole.

Plain text (.txt) is kept exactly as decoded (every offset in qa refers to it); Markdown, HTML,
PDF, Word, EPUB, OpenDocument, PowerPoint, reStructuredText, manual pages and e-mail are turned
into running text by their readers (``formats.py`` picks one by suffix: ``markdown.py``, ``html.py``,
``pdf.py``, ``docx.py``, ``epub.py``, ``odt.py``, ``pptx.py``, ``rst.py``, ``man.py``, ``mail.py``), which also give pages
(PDF), slides (PowerPoint) and section headings.  BEIR-style .jsonl(.gz) files and .mbox mailboxes
hold many documents (``jsonl.py``, ``mbox.py``).  Every file is read under a budget (``budget.py``:
size, time, memory, decompressed bytes, line length, nesting), parsed formats and each message of
a mailbox in a reader process (``isolate.py``).  A file that cannot be read, or is over a budget, is reported through ``on_skip``
as a ``Skipped`` (one line why) and the rest of the corpus is read.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from qa.errors import CorpusError
from . import skips
from .budget import Budget, default_budget, limit_text, size_text
from .charset import read_text  # noqa: F401  (part of this module's interface)
from .document import Document, content_hash  # noqa: F401  (part of this module's interface)
from .extracted import ReadError
from .files import Found, iter_files, open_checked, walk_files  # noqa: F401  (iter_files: interface)
from .formats import (FORMATS, GZIPPED, MARKDOWN, PARSED, PLAIN, READS, extract, inner_suffix,  # noqa: F401  (READS:
                      names_a_document, names_a_licence, text_by_name, text_name_about)  # interface)
from .gunzip import inner_name
from .jsonl import read_jsonl
from .generated import copy_of_page, maybe_copy
from .languages import language_variant, other_language, rechecked
from .mdbook import PRINT_PAGE, copy_of_chapters
from .naming import format_of, read_suffix  # noqa: F401  (format_of: part of this module's interface)
from .site_nav import page_title
from .skips import SkipHandler, Skipped
from .text_title import plain_title  # noqa: F401  (part of this module's interface)
from .titles import about_folder, headline, note_name  # noqa: F401  (part of this module's interface)

MAX_FILE_BYTES = Budget().max_file_bytes  # larger files are skipped with a warning
log = logging.getLogger("qa")


def supported(path: Path | str) -> bool:
    suffix = read_suffix(os.path.basename(str(path)))
    return suffix in PLAIN or suffix in PARSED or suffix in GZIPPED or suffix in (".jsonl", ".mbox")


def load_corpus(
    path: str | os.PathLike,
    on_skip: SkipHandler | None = None,
    exclude: tuple[str, ...] = (),
    follow_symlinks: bool = False,
    files=None,
    budget: Budget | None = None,
) -> Iterator[Document]:
    """Yield every readable document under ``path`` (a folder or a single file); every other
    file (except hidden ones) is reported to ``on_skip``, its path relative to the corpus.
    ``files`` (``qa.index.file_stats.FileStats``) gives unchanged files' documents without reading.
    Each file is read under ``budget`` (default: ``budget.default_budget()``)."""
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

    budget = budget or default_budget()
    for found in walk_files(root, skip_rel, supported, exclude, follow_symlinks):
        rel = found.path.relative_to(base).as_posix()
        yield from read_file(found.path, rel, skip, files, found=found, budget=budget)


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


def read_file(file: Path, rel: str, on_skip: SkipHandler, files=None, found: Found | None = None,
              budget: Budget | None = None) -> Iterator[Document]:
    """The document(s) of one file; a file that cannot be read is one ``on_skip`` call.  With
    ``files`` (stats of the last build), an unchanged file is not read: ``files.lookup``.

    A file is opened and checked first (``files.open_checked``: what ``found`` says the walk
    checked; without it, that it is a regular file reached without a symlink unless ``file`` is
    one), then read under ``budget``: plain text here, parsed formats in a reader process
    (``isolate.py``) that a file cannot stall or swamp."""
    if files is None:
        yield from _read_file(file, rel, on_skip, found, budget)
        return
    try:
        st = file.stat()
    except OSError:
        st = None
    got = files.lookup(rel, file, st) if st is not None and stat.S_ISREG(st.st_mode) else None
    if got is not None and file.name == PRINT_PAGE and not got[0]:
        got = None  # a print page skipped as a copy of its chapters: are they still there?
    if got is not None and rechecked(rel) and bool(other_language(file, rel)) == bool(got[0]):
        got = None  # a page's copy in another language: its English copy came or went
    if got is not None and maybe_copy(rel, file):
        got = None  # a generated page's source or listing: is the page read instead still there?
    if got is not None:
        for s in got[1]:
            on_skip(s)
        yield from got[0]
        return
    docs, skipped = [], []

    def note(s: Skipped) -> None:
        skipped.append(s)
        on_skip(s)

    for doc in _read_file(file, rel, note, found, budget):
        docs.append(doc)
        yield doc
    if st is not None and stat.S_ISREG(st.st_mode):
        files.record(rel, file, st, docs, skipped)


def _read_file(file: Path, rel: str, on_skip: SkipHandler, found: Found | None,
               budget: Budget | None) -> Iterator[Document]:
    suffix = read_suffix(file.name)
    budget = budget or default_budget()
    found = found or Found(file, link=file.is_symlink())
    try:
        fd, st = open_checked(found)
        with os.fdopen(fd, "rb") as fh:
            if suffix == ".jsonl":
                yield from read_jsonl(file, rel, on_skip, fh, budget)
                return
            if suffix == ".mbox":  # a message at a time: a mailbox may be larger than a file may be
                from .mbox import read_mbox

                yield from read_mbox(fh.fileno(), file, rel, on_skip, budget, isolate_readers())
                return
            copy = copy_of_chapters(fh, file) or other_language(file, rel) or copy_of_page(fh, file, rel)
            if copy:
                on_skip(Skipped(rel, skips.DUPLICATE, copy))
                return
            limit = min(budget.max_file_bytes, MAX_FILE_BYTES)
            if st.st_size > limit:
                on_skip(Skipped(rel, skips.TOO_LARGE, f"file too large ({size_text(st.st_size)}; "
                                                      f"the limit is {limit_text(limit)})"))
                return
            doc = _read_one(fh, file, rel, suffix, st.st_size, budget)
    except ReadError as exc:
        on_skip(Skipped(rel, exc.kind, str(exc)))
        return
    except OSError as exc:
        on_skip(Skipped(rel, skips.UNREADABLE, f"unreadable: {exc.strerror or exc}"))
        return
    except MemoryError:
        on_skip(Skipped(rel, skips.OVER_BUDGET, "not enough memory to read it"))
        return
    except Exception as exc:  # noqa: BLE001 - a damaged file tripping a parser (lxml, python-docx...)
        first = (str(exc).splitlines() or [""])[0][:120]
        on_skip(Skipped(rel, skips.DAMAGED, f"not readable: {type(exc).__name__}" + (f": {first}" if first else "")))
        return
    if doc is not None:
        yield doc


def _read_one(fh, file: Path, rel: str, suffix: str, size: int, budget: Budget) -> Document | None:
    kind = inner_suffix(suffix)  # what the file is, gzipped or not
    if kind in PARSED and isolate_readers():
        from .isolate import read_isolated

        extracted = read_isolated(fh.fileno(), suffix, rel, size, budget)
    else:
        extracted = extract(fh, suffix, rel, size, budget)
    text = extracted.text
    if not text or text.isspace():
        raise ReadError("no text", kind=skips.EMPTY)
    name = (inner_name(file.name) or file.name) if kind != suffix else file.name  # "NEWS.Debian" for "NEWS.Debian.gz"
    name = (language_variant(name) or (name,))[0]  # "license.html.en" is named as "license.html" is
    stem, ext = os.path.splitext(name)
    conventional = ext.lower() not in FORMATS and text_by_name(name)  # a README's "This is…" is no title
    own = extracted.title
    if kind == suffix and kind in MARKDOWN and (not own or own == note_name(name)):
        own = page_title(file, rel) or own  # a MkDocs page without a heading: its nav entry's title
    title = own or (plain_title(text, extracted.lines, sentence=not conventional) if kind in PLAIN
                                else headline(text))
    if ext.lower() not in FORMATS and names_a_licence(name):  # "GPL-2", "BSD": a licence, not about its folder
        title = title or name
    elif conventional:
        title = about_folder(os.path.basename(os.path.dirname(os.path.abspath(file))), title, name)
    elif not own and kind not in PLAIN and text_by_name(stem):  # "README.md" without a heading:
        title = about_folder(os.path.basename(os.path.dirname(os.path.abspath(file))), "", name)  # not a badge row
    elif not title and (text_name_about(stem) or kind in PLAIN and names_a_document(name)):
        title = name  # "zstd-README.md" whose only heading is a logo, an untitled "ChangeLog-2013": its name
    return Document(id=rel, title=title, text=text, source=str(file), pages=extracted.pages,
                    sections=extracted.sections, slides=extracted.slides, lines=extracted.lines,
                    tables=extracted.tables, code=extracted.code, format=extracted.format or FORMATS.get(kind, "text"))


def isolate_readers() -> bool:
    """Parsed formats in a reader process: yes where descriptors can be handed over (POSIX), unless
    ``QA_READ_IN_PROCESS=1`` (no time or memory budget then; for debugging a reader)."""
    from .isolate import available

    return available() and os.environ.get("QA_READ_IN_PROCESS", "") not in ("1", "true", "yes")
