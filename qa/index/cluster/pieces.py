"""``--cluster-files shared``: the tasks one file makes, a large JSON-lines file cut into
line-aligned byte ranges so that several workers read it side by side."""

from __future__ import annotations

from pathlib import Path

PIECE_BYTES = 256 * 1024  # JSON-lines files larger than this are read in pieces


def file_pieces(file: Path, rel: str, size: int = PIECE_BYTES) -> list[tuple]:
    """Tasks for one file: the whole file, or a large JSON-lines file's line-aligned byte ranges
    ``("lines", path, shown path, rel, lo, hi, first line number)``."""
    path, shown = str(file.absolute()), str(file)
    try:
        total = file.stat().st_size
    except OSError:
        total = 0
    if not file.name.lower().endswith(".jsonl") or total <= size:
        return [("file", path, shown, rel)]
    pieces, lo, line = [], 0, 1
    with open(file, "rb") as fh:
        while lo < total:
            fh.seek(lo)
            block = fh.read(size)
            if not block:
                break
            rest = b"" if block.endswith(b"\n") else fh.readline()
            pieces.append(("lines", path, shown, rel, lo, lo + len(block) + len(rest), line))
            line += block.count(b"\n") + rest.count(b"\n")
            lo += len(block) + len(rest)
    return pieces
