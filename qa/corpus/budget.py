"""What one file may cost to read: the budgets every reader runs under (docs/robustness.md).

A file over a budget is skipped with its reason (kind "over budget") and the build goes on:

* ``max_file_bytes``: bigger files are not opened (kind "too large");
* ``seconds`` and ``memory``: a parsed format (PDF, Word, EPUB, HTML, Markdown...) is read in a reader
  process (``qa.corpus.isolate``) that is stopped past ``seconds`` and cannot allocate more than
  ``memory`` bytes, so no parser can stall or swamp a build, whatever the file holds;
* ``max_unzipped`` / ``max_ratio``: a zip-based format (.docx, .epub, .odt, .pptx) may unzip to
  at most ``max_unzipped`` bytes, and a member may not inflate more than ``max_ratio`` times its
  packed size past ``ratio_after`` bytes (``unzip.check_zip``: a zip bomb is refused unread);
* a gzipped document ("README.gz", "guide.html.gz") may inflate to at most ``max_file_bytes`` (and
  ``max_unzipped``) bytes: it is decompressed as it is read and refused once past that
  (``gunzip.py``: a decompression bomb costs no more than the limit);
* ``max_line_chars``: a plain-text line longer than this is data, not prose (a minified dump, a
  base64 blob): the file is skipped after reading that line's first ``max_line_chars`` characters,
  so a huge one-line file costs no more memory than that;
* ``max_record_bytes``: a .jsonl line (one document) longer than this is left out, read past in
  pieces;
* ``max_depth``: HTML elements nested deeper than this are read as if they were siblings (what web
  browsers do past 512 levels), so deep markup costs time in proportion to its size.

The defaults can be changed with environment variables (``QA_READ_SECONDS``, ``QA_READ_MEMORY_MB``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .skips import OVER_BUDGET  # noqa: F401  (the skip report's kind; part of this module's interface)

MiB = 1024 * 1024


@dataclass(frozen=True)
class Budget:
    max_file_bytes: int = 200 * MiB
    seconds: float = 60.0
    memory: int = 1024 * MiB
    max_unzipped: int = 512 * MiB
    max_ratio: int = 100
    ratio_after: int = 8 * MiB
    max_line_chars: int = 4 * MiB
    max_record_bytes: int = 64 * MiB
    max_depth: int = 512

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, d: dict) -> "Budget":
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def default_budget() -> Budget:
    """The defaults, with ``QA_READ_SECONDS`` and ``QA_READ_MEMORY_MB`` when set."""
    base = Budget()
    return Budget(seconds=_env_number("QA_READ_SECONDS", base.seconds),
                  memory=int(_env_number("QA_READ_MEMORY_MB", base.memory / MiB) * MiB))


def size_text(n: int) -> str:
    """A byte count as people read it, never rounded onto a limit: "210.0 MB = 200.3 MiB"."""
    if n < 1000:
        return f"{n} bytes"
    if n < 1000 * 1000:
        return f"{n / 1000:.1f} kB"
    mb, mib = n / 1e6, n / MiB
    if mib < 1:
        return f"{mb:.1f} MB"
    if mb >= 1000:
        return f"{n / 1e9:.2f} GB = {mib / 1024:.2f} GiB" if mib >= 1024 else f"{mb:.1f} MB = {mib:.1f} MiB"
    digits = 1
    while digits < 6 and f"{mib:.{digits}f}" == f"{round(mib):.{digits}f}" and n % MiB:
        digits += 1  # 200.0001 MiB is not "200.0 MiB"
    return f"{mb:.1f} MB = {mib:.{digits}f} MiB"


def limit_text(n: int) -> str:
    """A limit: "200 MiB" when it is a whole number of MiB."""
    return f"{n // MiB} MiB" if n % MiB == 0 else size_text(n)
