"""Walking a corpus folder: every file is either yielded for reading or reported as skipped.

Stable order (sorted names; symlinked folders after the real tree, so the real path names a
document).  Hidden files and folders (".git/", ".DS_Store") are not part of the corpus and are
not reported.  A symlink whose real path leaves the corpus root is skipped ("outside the
corpus") unless ``follow_symlinks``; loops and broken links are reported, never followed.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Callable, Iterator

from .skips import BROKEN_LINK, DUPLICATE, LOOP, OUTSIDE, SPECIAL, UNREADABLE, Skipped, unsupported

# called with the path as found (under the root) and a Skipped whose path is that same string
RawSkip = Callable[[Skipped], None]


def inside(real: str, root: str) -> bool:
    """Is the real path ``real`` the real folder ``root`` or below it?"""
    try:
        return os.path.commonpath([real, root]) == root
    except ValueError:  # different drives
        return False


def iter_files(
    root: Path,
    on_skip: RawSkip,
    supported: Callable[[str], bool],
    exclude: tuple[str, ...] = (),
    follow_symlinks: bool = False,
) -> Iterator[Path]:
    """Files under ``root`` that ``supported(name)`` accepts, in a stable order; see the module doc.

    ``exclude`` holds paths of folders to leave out silently (the index folder inside a corpus).
    """
    if root.is_file():
        yield root
        return
    real_root = os.path.realpath(root)
    seen: set[str] = set()
    skip_dirs = {os.path.realpath(p) for p in exclude}
    deferred: list[tuple[Path, tuple[str, ...]]] = []  # symlinked folders: after the real tree

    def skip(path: Path, kind: str, reason: str) -> None:
        on_skip(Skipped(str(path), kind, reason))

    def walk(folder: Path, ancestors: tuple[str, ...]) -> Iterator[Path]:
        real = os.path.realpath(folder)
        if real in ancestors:
            skip(folder, LOOP, "symlink loop (points back to a folder above it)")
            return
        if real in seen:
            skip(folder, DUPLICATE, "already read through another path (symlink)")
            return
        if real in skip_dirs:
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skip(folder, UNREADABLE, f"unreadable folder: {exc.strerror or exc}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                mode = None if is_dir else entry.stat(follow_symlinks=True).st_mode
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    skip(path, LOOP, "symlink loop")
                elif exc.errno == errno.ENOENT and entry.is_symlink():
                    skip(path, BROKEN_LINK, "broken symlink")
                else:
                    skip(path, UNREADABLE, f"unreadable: {exc.strerror or exc}")
                continue
            if entry.is_symlink() and not follow_symlinks:
                target = os.path.realpath(path)
                if not inside(target, real_root):
                    what = "folder" if is_dir else "file"
                    skip(path, OUTSIDE, f"outside the corpus (a symlink to the {what} {target}; "
                                        "--follow-symlinks reads it)")
                    continue
            if is_dir and entry.is_symlink():
                deferred.append((path, ancestors + (real,)))  # the real path wins the document id
            elif is_dir:
                yield from walk(path, ancestors + (real,))
            elif not stat.S_ISREG(mode):  # a pipe or device would block or never end
                skip(path, SPECIAL, "not a regular file")
            elif not supported(entry.name):
                on_skip(unsupported(str(path)))
            else:
                yield path

    yield from walk(root, ())
    while deferred:
        path, ancestors = deferred.pop(0)
        yield from walk(path, ancestors)
