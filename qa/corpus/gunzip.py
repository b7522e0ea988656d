"""Gzip-compressed documents ("README.gz", "changelog.Debian.gz", "guide.html.gz"), read as the file
inside them under the budget's limit on decompressed bytes.

Package documentation folders (Debian's /usr/share/doc) hold most of their text gzipped.  A
``name.<ext>.gz`` is the document ``name.<ext>`` (``formats.py`` picks its reader by the inner
suffix; a text file named by convention, "NEWS.Debian.gz", by its inner name).  ``Gunzipped`` is
the stream those readers read instead of the file: the stdlib ``gzip`` module inflating as it is
read (never the whole archive at once), counting what it gives, so a decompression bomb is refused
once it passes ``limit`` bytes (kind "over budget") having cost no more memory or time than that
many bytes; nothing is written to disk.  A stream cut short or damaged is a ``ReadError`` of kind
"damaged" (as ``jsonl.py`` reports a broken .jsonl.gz).
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

from .budget import OVER_BUDGET, Budget, limit_text
from .extracted import ReadError
from .skips import DAMAGED

GZ = ".gz"


def limit(budget: Budget) -> int:
    """The most bytes a gzipped document may inflate to: what a plain file may hold, and no more
    than a zip-based document may unzip to."""
    return min(budget.max_file_bytes, budget.max_unzipped)


def inner_name(name: str) -> str | None:
    """"README" for "README.gz", "guide.html" for "guide.html.GZ"; None when ``name`` is no
    ``.gz`` or nothing is left (".gz")."""
    if not name.lower().endswith(GZ) or len(name) <= len(GZ) or name[: -len(GZ)].endswith("."):
        return None
    return name[: -len(GZ)]


class Gunzipped(io.RawIOBase):
    """The decompressed bytes of the gzip stream ``fh`` (read from its current position; ``fh`` is
    left open), readable and seekable as a file, refusing to give more than ``limit`` bytes."""

    def __init__(self, fh: BinaryIO, limit: int):
        super().__init__()
        self._gz = gzip.GzipFile(fileobj=fh, mode="rb")
        self.limit = limit
        self.inflated = 0  # the most bytes given so far (a rewind does not lower it)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        room = self.limit + 1 - self.tell()  # one byte past the limit tells "more" from "exactly"
        data = self._call(self._gz.read, max(0, min(len(view), room)))
        view[: len(data)] = data
        self._count()
        return len(data)

    def _count(self) -> None:
        self.inflated = max(self.inflated, self.tell())
        if self.inflated > self.limit:
            raise ReadError(f"decompresses to more than {limit_text(self.limit)} (the limit for one file): "
                            "a decompression bomb, or a document too large", kind=OVER_BUDGET)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:  # all of it: in blocks, so the limit applies as it grows
            parts = []
            while True:
                block = super().read(1 << 20)
                if not block:
                    return b"".join(parts)
                parts.append(block)
        return super().read(size)

    def readall(self) -> bytes:
        return self.read(-1)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET and offset > self.limit:
            offset = self.limit + 1  # never inflate further than the limit to get there
        at = self._call(self._gz.seek, offset, whence)
        self._count()
        return at

    def tell(self) -> int:
        return self._gz.tell()

    def close(self) -> None:
        if not self.closed:
            self._gz.close()  # leaves the underlying file open (its owner closes it)
        super().close()

    @staticmethod
    def _call(method, *args):
        try:
            return method(*args)
        except EOFError:  # the stream ends before its end marker: a copy cut short
            raise ReadError("truncated gzip stream (a copy cut short?)", kind=DAMAGED) from None
        except (gzip.BadGzipFile, zlib.error) as exc:
            raise ReadError(f"not a valid gzip file ({exc})", kind=DAMAGED) from None


def gunzipped(fh: BinaryIO, budget: Budget) -> Gunzipped:
    """``fh``'s decompressed bytes under ``budget`` (see the module doc)."""
    return Gunzipped(fh, limit(budget))
