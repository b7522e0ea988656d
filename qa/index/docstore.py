"""The documents of an index version: metadata in ``docs.jsonl``, texts concatenated in ``texts.bin``.

A line of ``docs.jsonl`` holds id, title, source, hash, chars and format (what its reader read it
as: "text", "manual page", ``qa.corpus.Document.format``), plus ``pages`` (where each page
starts: PDFs), ``sections`` (``[offset, heading]`` pairs) and ``lines`` (``[offset, line]`` anchors
into the source file: text formats), ``tables`` (where header rows start) and ``code`` (``[start,
end]`` of each verbatim block, which the chunking reads: ``Document.code``) when the document has them; lines of indexes built before
they existed simply have none (a missing format is what the source's name says: ``format_of``).

Texts are memory-mapped when a version is opened and decoded on demand, so an open index keeps
reading its own version even after a writer has published a newer one and deleted this folder.
"""

from __future__ import annotations

import json
import os
import sys
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.corpus import context_at, line_at, page_at, section_at
from qa.safe_text import json_text


@dataclass(frozen=True)
class DocMeta:
    id: str
    title: str
    source: str
    hash: str
    chars: int
    pages: tuple[int, ...] = field(default=(), repr=False)  # offset where 1-based page i + 1 starts
    sections: tuple[tuple[int, str], ...] = field(default=(), repr=False)  # (offset, heading)
    slides: tuple[int, ...] = field(default=(), repr=False)  # offset where 1-based slide i + 1 starts
    lines: tuple[tuple[int, int], ...] = field(default=(), repr=False)  # (offset, 1-based line of the file)
    tables: tuple[int, ...] = field(default=(), repr=False)  # where each table's header row starts
    code: tuple[tuple[int, int], ...] = field(default=(), repr=False)  # verbatim blocks (``Document.code``)
    # what its reader read it as (``Document.format``), "" in an index written before it was stored
    # (``format``: the name's word then).  Not compared: a document read as another format than the
    # old version's is a changed one (``incremental.old_positions``), never an equal DocMeta
    read_as: str = field(default="", repr=False, compare=False)

    @property
    def format(self) -> str:
        """The format its reader read it as ("text", "manual page", "PDF"...); in an index written
        before formats were stored, what its source's name says (``qa.corpus.format_of``: what
        that qa chunked it as)."""
        if self.read_as:
            return self.read_as
        from qa.corpus import format_of  # only then: answering never loads the readers' tables

        return format_of(self.source)

    @classmethod
    def of(cls, doc, hash_: str) -> "DocMeta":
        """The metadata of a ``Document`` whose content hash is ``hash_``."""
        return cls(doc.id, doc.title, doc.source, hash_, len(doc.text), doc.pages, doc.sections,
                   getattr(doc, "slides", ()), getattr(doc, "lines", ()), getattr(doc, "tables", ()),
                   getattr(doc, "code", ()), getattr(doc, "format", ""))

    def slide_at(self, offset: int) -> int | None:
        return page_at(self.slides, offset)

    def page_at(self, offset: int) -> int | None:
        return page_at(self.pages, offset)

    def section_at(self, offset: int) -> str | None:
        return section_at(self.sections, offset)

    def line_at(self, text: str, offset: int) -> int | None:
        """1-based line of the source file holding ``text[offset]`` (``text``: this document's)."""
        return line_at(self.lines, text, offset)

    def context_at(self, text: str, offset: int) -> str | None:
        """A table row's header row (``qa.corpus.context_at``; ``text``: this document's)."""
        return context_at(text, offset, self.tables)

    def to_json(self) -> dict:
        d = {"id": self.id, "title": self.title, "source": self.source, "hash": self.hash, "chars": self.chars,
             "format": self.format}
        if self.pages:
            d["pages"] = list(self.pages)
        if self.sections:
            d["sections"] = [[at, heading] for at, heading in self.sections]
        if self.slides:
            d["slides"] = list(self.slides)
        if self.lines:
            d["lines"] = [[at, line] for at, line in self.lines]
        if self.tables:
            d["tables"] = list(self.tables)
        if self.code:
            d["code"] = [[s, e] for s, e in self.code]
        return d

    @classmethod
    def from_json(cls, d: dict) -> "DocMeta":
        return cls(d["id"], d["title"], d["source"], d["hash"], d["chars"],
                   tuple(int(p) for p in d.get("pages", ())),
                   tuple((int(at), str(h)) for at, h in d.get("sections", ())),
                   tuple(int(s) for s in d.get("slides", ())),
                   tuple((int(at), int(n)) for at, n in d.get("lines", ())),
                   tuple(int(t) for t in d.get("tables", ())),
                   tuple((int(s), int(e)) for s, e in d.get("code", ())), _label(d.get("format")))


def _label(stored) -> str:
    """A stored format (``DocMeta.read_as``): "" when none was stored; one shared string per format,
    however many documents."""
    return sys.intern(str(stored)) if stored else ""


class DocStore:
    """Documents of an index: metadata in memory, texts memory-mapped and decoded on demand."""

    def __init__(self, folder: Path):
        self.meta: list[DocMeta] = []
        with open(folder / "docs.jsonl", encoding="utf-8") as fh:
            for line in fh:
                self.meta.append(DocMeta.from_json(json.loads(line)))
        self.position = {m.id: i for i, m in enumerate(self.meta)}
        self._offsets = np.load(folder / "text_offsets.npy")
        # opened now: the texts stay readable even after a writer replaces this version.  Read with
        # pread, not mapped: a mapping's page faults map 64 KB around each text read, so a long-running
        # process would count most of texts.bin in its RSS (docs/speed.md, "Session 10")
        self._fd, self._mm = None, np.zeros(0, np.uint8)
        if hasattr(os, "pread"):
            self._fd = os.open(folder / "texts.bin", os.O_RDONLY)
            weakref.finalize(self, os.close, self._fd)
        elif (folder / "texts.bin").stat().st_size:
            self._mm = np.asarray(np.memmap(folder / "texts.bin", dtype=np.uint8, mode="r"))  # a view: no copy
        self._cache: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.meta)

    def text(self, i: int) -> str:
        cached = self._cache.get(i)
        if cached is not None:
            return cached
        a, b = int(self._offsets[i]), int(self._offsets[i + 1])
        text = self._read(a, b).decode("utf-8", "surrogatepass")
        if len(self._cache) > 256:
            self._cache.clear()
        self._cache[i] = text
        return text

    def _read(self, a: int, b: int) -> bytes:
        if self._fd is None:
            return bytes(self._mm[a:b])
        parts = []
        while a < b:  # one read unless the text is larger than a read returns at once
            part = os.pread(self._fd, b - a, a)
            if not part:
                raise OSError("texts.bin is shorter than its offsets")
            parts.append(part)
            a += len(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)  # b"" for an empty text

    @staticmethod
    def write(folder: Path, metas: list[DocMeta], texts) -> None:
        offsets = [0]
        with open(folder / "docs.jsonl", "w", encoding="utf-8") as meta_fh, open(folder / "texts.bin", "wb") as fh:
            for m, text in zip(metas, texts):
                meta_fh.write(json_text(m.to_json()) + "\n")  # surrogate-escaped names as \udcXX escapes
                n = 0
                for at in range(0, len(text), 1 << 20):  # no second full copy of a huge text
                    n += fh.write(text[at : at + (1 << 20)].encode("utf-8", "surrogatepass"))
                offsets.append(offsets[-1] + n)
        np.save(folder / "text_offsets.npy", np.asarray(offsets, dtype=np.int64))
