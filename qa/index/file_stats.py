"""What each corpus file was when the index was built: an unchanged folder is re-indexed by ``stat``.

A version keeps ``files.json``: for every file read, its size, modification time (ns), the sha256
of its bytes, the ids of the documents it gave and the skips it caused.  On the next build a file
whose size and time are unchanged is not opened: its documents are taken from the old version
(text, title, format, pages, sections, line anchors, header rows, verbatim blocks), its skips repeated.  When the time differs but the
size does not (a ``touch``, a checkout), the bytes are hashed and compared with the stored hash:
equal, the file is still not parsed.  Anything else is read as usual.

Guards: the table is used only by the qa version and readers that wrote it (``READERS``: bump it
when a reader's output changes); a file modified within ``RACY_NS`` of being read is stored with
no time, so the next build hashes it (a change within the same clock tick is not missed).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from qa import __version__
from qa.corpus import Document, Skipped
from qa.safe_text import json_text

FILE = "files.json"
READERS = 31  # bump when any reader's output (text, title, format, sections, lines, skips) changes
RACY_NS = 2_000_000_000


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class FileStats:
    """The old version's table (``lookup``) and the new one being gathered (``record``)."""

    def __init__(self, old=None):
        self.old = old
        self.table: dict[str, list] = {}  # rel -> [size, mtime_ns, sha256, [doc ids], [skip dicts]]
        self.new: dict[str, list] = {}
        self.reused = 0
        self.hashed = 0
        if old is not None:
            try:
                data = json.loads((Path(old.version) / FILE).read_text(encoding="utf-8"))
                if data.get("qa") == __version__ and data.get("readers") == READERS:
                    self.table = data["files"]
            except (OSError, ValueError, KeyError, TypeError):
                self.table = {}

    def lookup(self, rel: str, path: Path, st: os.stat_result) -> tuple[list[Document], list[Skipped]] | None:
        """The documents and skips of an unchanged file, from the old version (None: read it)."""
        entry = self.table.get(rel)
        if entry is None or entry[0] != st.st_size:
            return None
        if entry[1] != st.st_mtime_ns:
            self.hashed += 1
            try:
                if file_sha256(path) != entry[2]:
                    return None
            except OSError:
                return None
        docs = []
        store = self.old.docs
        for doc_id in entry[3]:
            pos = store.position.get(doc_id)
            if pos is None:
                return None
            m = store.meta[pos]
            if not m.read_as:  # a version from before formats were stored: read it to learn its format
                return None
            docs.append(Document(id=m.id, title=m.title, text=store.text(pos), source=str(path),
                                 pages=m.pages, sections=m.sections, slides=m.slides, lines=m.lines,
                                 tables=m.tables, code=m.code, format=m.format))
        skipped = [Skipped.from_dict(d) for d in entry[4]]
        self._keep(rel, st, entry[2], entry[3], entry[4])
        self.reused += 1
        return docs, skipped

    def record(self, rel: str, path: Path, st: os.stat_result, docs: list[Document], skipped: list[Skipped]) -> None:
        """A file read now: remember what it gave (its bytes hashed once)."""
        try:
            digest = file_sha256(path)
        except OSError:
            return
        self._keep(rel, st, digest, [d.id for d in docs], [s.to_dict() for s in skipped])

    def _keep(self, rel, st, digest, ids, skips) -> None:
        racy = time.time_ns() - st.st_mtime_ns < RACY_NS
        self.new[rel] = [st.st_size, None if racy else st.st_mtime_ns, digest, list(ids), list(skips)]

    def save(self, folder: Path) -> None:
        data = {"qa": __version__, "readers": READERS, "files": self.new}
        # json_text: a file name that is not valid UTF-8 (surrogate-escaped) is written as a \udcXX escape
        (Path(folder) / FILE).write_text(json_text(data), encoding="utf-8")
