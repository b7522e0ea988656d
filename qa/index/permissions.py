"""Index files get the permissions of ordinary user files, never wider than their sources.

Files are 0666 and folders 0777 less the umask (0644/0755 usually); when a source document is
not readable by its group (or by others), nothing of the index is either: the index holds the
documents' text (``texts.bin``) and words (``bm25/vocab.txt``).  Modes follow the sources on every
build, also one that finds the index up to date (``follow_sources``): a source made private makes
the index private at the next ``qa index``.  A hard-linked file (the model's ONNX files, linked from
the user's cache) that needs another mode is replaced by a copy with that mode, so its other
names (the cache, other indexes) keep theirs.
"""

from __future__ import annotations

import os
import shutil
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
    """Ordinary modes for ``folder`` and everything in it, less the ``hide`` bits; a hard-linked
    file whose mode must change is copied (its other names keep their mode)."""
    mask = umask() | hide
    for path in [folder, *folder.rglob("*")]:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            continue
        is_dir = stat.S_ISDIR(st.st_mode)
        want = (0o777 if is_dir else 0o666) & ~mask
        if stat.S_IMODE(st.st_mode) == want:
            continue
        if not is_dir and st.st_nlink > 1:
            _unshare(path, want)
        else:
            os.chmod(path, want)


def follow_sources(folder: Path, sources: Iterable[str]) -> None:
    """The modes of an index version ``folder`` made to follow its ``sources`` now (see the module
    doc); raises IndexWriteError ("No space left on device", "Operation not permitted")."""
    from .ownership import write_error

    try:
        set_modes(folder, hidden_bits(sources))
    except OSError as exc:
        raise write_error(folder.parent, exc) from None


def _unshare(path: Path, mode: int) -> None:
    """Replace the hard-linked file ``path`` by a copy of it with ``mode`` (atomically)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.copy")
    try:
        shutil.copyfile(path, tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
