"""Documents and the readers that turn files into them.

A ``Document`` keeps the text exactly as read: every offset anywhere in qa refers to it.
Readers: .txt/.md (encoding detected), .html/.htm (BeautifulSoup), .jsonl/.jsonl.gz in BEIR's
form (``_id``, ``title``, ``text``).  Bad files are skipped with a reason, never fatal.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import io
import json
import logging
import os
import re
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .charset import read_text
from qa.errors import CorpusError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
MAX_FILE_BYTES = 200 * 1024 * 1024  # larger files are skipped with a warning
HEAD_CHARS = 20_000  # where titles are looked for (never split a huge text into lines)
log = logging.getLogger("qa")


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str
    source: str

    @property
    def hash(self) -> str:
        return content_hash(self.title, self.text)


def content_hash(title: str, text: str) -> str:
    h = hashlib.sha256()
    h.update(title.encode("utf-8", "surrogatepass"))
    h.update(b"\x00")
    for at in range(0, len(text), 1 << 20):  # in slices: no second full copy of a huge text
        h.update(text[at : at + (1 << 20)].encode("utf-8", "surrogatepass"))
    return h.hexdigest()


SkipHandler = Callable[[str, str], None]


def supported(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES)


def iter_files(root: Path, on_skip: SkipHandler, exclude: tuple[str, ...] = ()) -> Iterator[Path]:
    """Supported files under ``root`` in a stable order; follows symlinks, never loops.

    ``exclude`` holds real paths of folders to leave out (the index folder inside a corpus).
    """
    if root.is_file():
        yield root
        return
    seen: set[str] = set()
    skip_dirs = {os.path.realpath(p) for p in exclude}
    deferred: list[tuple[Path, tuple[str, ...]]] = []  # symlinked folders: after the real tree

    def walk(folder: Path, ancestors: tuple[str, ...]) -> Iterator[Path]:
        real = os.path.realpath(folder)
        if real in ancestors:
            on_skip(str(folder), "symlink loop (points back to a folder above it)")
            return
        if real in seen:
            on_skip(str(folder), "already read through another path (symlink)")
            return
        if real in skip_dirs:
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            on_skip(str(folder), f"unreadable folder: {exc.strerror or exc}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                mode = None if is_dir or not supported(path) else entry.stat(follow_symlinks=True).st_mode
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    on_skip(str(path), "symlink loop")
                elif exc.errno == errno.ENOENT and entry.is_symlink():
                    on_skip(str(path), "broken symlink")
                else:
                    on_skip(str(path), f"unreadable: {exc.strerror or exc}")
                continue
            if is_dir and entry.is_symlink():
                deferred.append((path, ancestors + (real,)))  # the real path wins the document id
            elif is_dir:
                yield from walk(path, ancestors + (real,))
            elif mode is not None:
                if not stat.S_ISREG(mode):
                    on_skip(str(path), "not a regular file")  # a pipe or device would block or never end
                    continue
                yield path

    yield from walk(root, ())
    while deferred:
        path, ancestors = deferred.pop(0)
        yield from walk(path, ancestors)


def load_corpus(
    path: str | os.PathLike, on_skip: SkipHandler | None = None, exclude: tuple[str, ...] = ()
) -> Iterator[Document]:
    """Yield every readable document under ``path`` (a folder or a single file)."""
    root = Path(path)
    if not root.exists():
        raise CorpusError(f"corpus path does not exist: {root}", hint="pass --corpus PATH")
    skip = on_skip or (lambda _p, _r: None)
    if root.is_file() and not supported(root):
        raise CorpusError(
            f"unsupported file type: {root.name}",
            hint="qa reads .txt, .md, .html, .htm, .jsonl and .jsonl.gz",
        )
    base = root if root.is_dir() else root.parent

    def skip_rel(p: str, reason: str) -> None:  # warnings name files relative to the corpus
        try:
            p = Path(p).relative_to(base).as_posix()
        except ValueError:
            pass
        skip(p, reason)

    for file in iter_files(root, skip_rel, exclude):
        rel = file.relative_to(base).as_posix()
        yield from read_file(file, rel, skip)


def read_file(file: Path, rel: str, on_skip: SkipHandler) -> Iterator[Document]:
    name = file.name.lower()
    try:
        st = file.stat()
        if not stat.S_ISREG(st.st_mode):
            on_skip(rel, "not a regular file")
            return
        if name.endswith(JSONL_SUFFIXES):
            yield from read_jsonl(file, rel, on_skip)
            return
        if st.st_size > MAX_FILE_BYTES:
            on_skip(rel, f"file too large ({st.st_size // (1024 * 1024)} MiB; the limit is "
                         f"{MAX_FILE_BYTES // (1024 * 1024)} MiB)")
            return
        text, problem = read_text(file)
    except OSError as exc:
        on_skip(rel, f"unreadable: {exc.strerror or exc}")
        return
    if text is None:
        on_skip(rel, problem)
        return
    if name.endswith(HTML_SUFFIXES):
        title, text = html_to_text(text)
    elif name.endswith((".md", ".markdown")):
        title = markdown_title(text)
    else:
        title = headline(text)
    if not text or text.isspace():
        on_skip(rel, "no text")
        return
    if problem:
        log.info("%s: %s", rel, problem)
    yield Document(id=rel, title=title, text=text, source=str(file))


def read_jsonl(file: Path, rel: str, on_skip: SkipHandler) -> Iterator[Document]:
    opener = gzip.open if file.name.lower().endswith(".gz") else open
    bad = read = 0
    try:
        with opener(file, "rb") as fh:
            for lineno, line in enumerate(io.BufferedReader(fh) if opener is gzip.open else fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError:
                    bad += 1
                    continue
                if not isinstance(row, dict):
                    bad += 1
                    continue
                if "text" not in row and "question" in row:
                    return  # a question set (e.g. seeds/questions.jsonl), not documents
                text = row.get("text")
                doc_id = row.get("_id", row.get("id"))
                if not isinstance(text, str) or doc_id is None:
                    bad += 1
                    continue
                title = row.get("title") or ""
                if not text.strip() and not str(title).strip():
                    continue
                read += 1
                yield Document(id=str(doc_id), title=str(title), text=text, source=f"{file}:{lineno}")
    except EOFError:  # the archive ends before its end marker: a copy cut short
        on_skip(rel, f"truncated gzip stream (after {read} documents)" if read else "truncated gzip stream")
    except (gzip.BadGzipFile, zlib.error) as exc:
        on_skip(rel, f"not a valid gzip file ({exc})")
    except OSError as exc:
        on_skip(rel, f"unreadable: {exc.strerror or exc}")
    if bad:
        on_skip(rel, f"{bad} line(s) not BEIR documents ({{'_id', 'title', 'text'}})")


def html_to_text(html: str) -> tuple[str, str]:
    """Text of an HTML page (a real parser, block elements on their own lines) and its title."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
        if tag.name == "head":
            continue
        tag.decompose()
    title = ""
    if soup.title and soup.title.get_text(strip=True):
        title = soup.title.get_text(" ", strip=True)
    h1 = soup.find("h1")
    if h1 and h1.get_text(strip=True):
        title = h1.get_text(" ", strip=True)
    if soup.head:
        soup.head.decompose()
    body = soup.body or soup
    text = body.get_text("\n")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return title, text


def markdown_title(text: str) -> str:
    for line in text[:HEAD_CHARS].splitlines()[:50]:
        m = re.match(r"\s{0,3}#\s+(.+?)\s*#*\s*$", line)
        if m:
            return m.group(1)
    return headline(text)


_CAPTION = re.compile(r"^\s*(photo|image|picture|caption|video|file photo)\s*[:|-]", re.I)
_DATELINE = re.compile(r"^\s*(update|original entry|latest)\b", re.I)


# labels of link lists only: "LATEST", "FEATURE", "NEWS" may head the page's own headline too
_PROMO_LABEL = re.compile(r"\b(related|read more|more stories|also read|see also|recommended|most popular|"
                          r"trending|top stories|editor'?s picks?|don'?t miss)\b", re.I)
_LINK_LINE = re.compile(r"^\s*(jump to original|read more|continue reading|read the full (story|article)|"
                        r"full (story|article)|click here)\s*$", re.I)


def _is_promo(lines: list[str], i: int) -> bool:
    """A headline of *another* article: under an all-caps link-list label ("RELATED", "READ
    MORE") or followed by a link line ("Jump to Original", "Read more")."""
    before = next((ln.strip() for ln in reversed(lines[:i]) if ln.strip()), "")
    after = next((ln.strip() for ln in lines[i + 1:] if ln.strip()), "")
    label = before.isupper() and len(before.split()) <= 4 and bool(_PROMO_LABEL.search(before))
    return label or bool(_LINK_LINE.match(after))


def headline(text: str) -> str:
    """The article's headline: an early short title-like line, never a photo caption or a
    promoted link to another article."""
    lines = text[:HEAD_CHARS].splitlines()[:15]
    for i, line in enumerate(lines):
        line = line.strip()
        words = line.split()
        if not (3 <= len(words) <= 16) or _CAPTION.match(line) or _DATELINE.match(line):
            continue
        if line.endswith((".", ",", ";", ":")) or line.isupper() or _LINK_LINE.match(line):
            continue
        capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
        if capitalised / len(words) >= 0.5 and not _is_promo(lines, i):
            return line
    return ""
