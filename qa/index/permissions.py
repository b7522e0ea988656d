"""Index files get the permissions of ordinary user files, never wider than their sources.

Files are 0666 and folders 0777 less the umask (0644/0755 usually); when a source document is
not readable by its group (or by others), nothing of the index is either: the index holds the
documents' text (``texts.bin``) and words (``bm25/vocab.txt``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable


def umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:  # read without changing it
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def hidden_bits(sources: Iterable[str]) -> int:
    """Group/other bits the index must not grant: those of any source not readable by them."""
    hide, seen = 0, set()
    for source in sources:
        if hide == 0o077:
            break
        path = source if os.path.exists(source) else source.rpartition(":")[0]  # "file.jsonl:LINE"
        if not path or path in seen:
            continue
        seen.add(path)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            continue
        if not mode & stat.S_IRGRP:
            hide |= 0o070
        if not mode & stat.S_IROTH:
            hide |= 0o007
    return hide


def set_modes(folder: Path, hide: int = 0) -> None:
    """Ordinary modes for ``folder`` and everything in it (hard-linked files included)."""
    mask = umask() | hide
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~mask)
