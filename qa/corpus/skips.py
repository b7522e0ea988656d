"""The skip report: every file of the corpus that was not indexed, what kind of skip, and why.

A ``Skipped`` names the file (relative to the corpus), its ``kind`` (what the summary counts:
"unsupported", "empty", "encrypted", "outside the corpus"...) and the one-line ``reason`` shown
in a warning.  Kinds are set where the file is skipped, never parsed back out of the reason.
Hidden files and folders (".git/") are not skipped files: they are not part of the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

UNSUPPORTED = "unsupported"
EMPTY = "empty"
BINARY = "binary"
TOO_LARGE = "too large"
UNREADABLE = "unreadable"
DAMAGED = "damaged"
ENCODING = "unknown encoding"
OUTSIDE = "outside the corpus"
LOOP = "symlink loop"
BROKEN_LINK = "broken symlink"
DUPLICATE = "duplicate"
SPECIAL = "not a regular file"
CHANGED = "changed while read"  # replaced (e.g. by a symlink) between the walk's check and the read
OVER_BUDGET = "over budget"  # a reader's time, memory or size budget (qa.corpus.budget)
STUB = "stub"  # a page that only redirects or links elsewhere (no text of its own)
BAD_LINES = "bad lines"  # a .jsonl with some lines that are not documents (the rest is read)


@dataclass(frozen=True)
class Skipped:
    path: str  # relative to the corpus root, "/"-separated
    kind: str
    reason: str  # one line: "unsupported file type (.png)", "encrypted PDF"

    @property
    def quiet(self) -> bool:
        """Counted in the summary but not warned about one by one (a photo beside the documents
        is not a problem); ``--verbose`` names them too."""
        return self.kind == UNSUPPORTED

    @property
    def extension(self) -> str:
        return extension(self.path)

    def to_dict(self) -> dict:
        """With ``path_encoding`` and ``path_bytes`` when the file's name is not valid UTF-8."""
        from qa.safe_text import name_encoding

        return {"path": self.path, "kind": self.kind, "reason": self.reason, **name_encoding("path", self.path)}

    @classmethod
    def from_dict(cls, d: dict) -> "Skipped":
        return cls(str(d["path"]), str(d["kind"]), str(d["reason"]))


SkipHandler = Callable[[Skipped], None]


def extension(path: str) -> str:
    """".png" for "photos/a.PNG"; "no extension" for "Makefile" or ".profile"; what is compressed too
    for a gzipped file: ".tar.gz", ".csv.gz" (".gz" alone when its name has no other suffix)."""
    name = path.rsplit("/", 1)[-1].lower()
    stem, dot, ext = name.rpartition(".")
    if not (dot and stem):
        return "no extension"
    inner_stem, inner_dot, inner = stem.rpartition(".")
    if ext == "gz" and inner_dot and inner_stem and _INNER.fullmatch(inner):
        return f".{inner}.gz"
    return f".{ext}"


_INNER = re.compile(r"[a-z][a-z0-9]{0,7}|[0-9][a-z]{0,3}")  # "tar", "csv", "1", "3pm" (a man page); never "2020"


def unsupported(path: str) -> Skipped:
    return Skipped(path, UNSUPPORTED, f"unsupported file type ({extension(path)})")


def skip_counts(skipped: Iterable[Skipped]) -> list[tuple[str, int, tuple[str, ...]]]:
    """(kind, count, details) most frequent first; details are the extensions of unsupported files."""
    counts: dict[str, int] = {}
    exts: dict[str, int] = {}
    for s in skipped:
        counts[s.kind] = counts.get(s.kind, 0) + 1
        if s.kind == UNSUPPORTED:
            exts[s.extension] = exts.get(s.extension, 0) + 1
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ext_order = tuple(e for e, _ in sorted(exts.items(), key=lambda kv: (-kv[1], kv[0])))
    return [(kind, n, ext_order if kind == UNSUPPORTED else ()) for kind, n in order]


def skip_summary(skipped: Iterable[Skipped], max_details: int = 5) -> str:
    """"Skipped 3 files: 2 unsupported (.png, .csv), 1 empty" ("" when nothing was skipped)."""
    skipped = list(skipped)
    if not skipped:
        return ""
    parts = []
    for kind, n, details in skip_counts(skipped):
        shown = ", ".join(details[:max_details]) + (", …" if len(details) > max_details else "")
        parts.append(f"{n} {kind}" + (f" ({shown})" if details else ""))
    return f"Skipped {len(skipped)} file{'s' * (len(skipped) != 1)}: " + ", ".join(parts)
