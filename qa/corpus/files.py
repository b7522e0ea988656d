"""Walking a corpus folder: every file is either yielded for reading or reported as skipped.

Stable order (sorted names; symlinked folders after the real tree, symlinks to files after every
other file, so the real path names a document, and a file reached again through a symlink is
skipped as a duplicate, as a folder is).  Hidden files and folders (".git/", ".DS_Store") are not
part of the corpus and are not reported.  A symlink whose real path leaves the corpus root is skipped ("outside the
corpus") unless ``follow_symlinks``; loops and broken links are reported, never followed.
Errors of the walk itself (a folder or link that changes while it is walked) are reported too.

What the walk checked is what gets read: ``walk_files`` gives each file's identity (device and
inode) as checked, and ``open_checked`` opens it without following a last-component symlink the
walk did not see, then checks the open file (``fstat``: a regular file, the same identity; on Linux
its real path, from ``/proc/self/fd``, still inside the corpus).  A file swapped for a symlink to
``/etc/shadow`` between the walk and the read is refused ("changed while being read").
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .extracted import ReadError
from .skips import BROKEN_LINK, CHANGED, DUPLICATE, LOOP, OUTSIDE, SPECIAL, UNREADABLE, Skipped, unsupported

# called with the path as found (under the root) and a Skipped whose path is that same string
RawSkip = Callable[[Skipped], None]


def inside(real: str, root: str) -> bool:
    """Is the real path ``real`` the real folder ``root`` or below it?"""
    try:
        return os.path.commonpath([real, root]) == root
    except ValueError:  # different drives
        return False


@dataclass(frozen=True)
class Found:
    """A file the walk checked: ``ident`` is its (device, inode) then, ``link`` whether the corpus
    holds a symlink to it, ``root`` the real corpus folder it must be in (None: anywhere)."""

    path: Path
    ident: tuple[int, int] | None = None
    link: bool = False
    root: str | None = None


def realpath(path) -> str | None:
    """``os.path.realpath``, or None when the path changes under it (a swapped link: OSError)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return None


def iter_files(
    root: Path,
    on_skip: RawSkip,
    supported: Callable[[str], bool],
    exclude: tuple[str, ...] = (),
    follow_symlinks: bool = False,
) -> Iterator[Path]:
    """Files under ``root`` that ``supported(name)`` accepts, in a stable order; see the module doc.

    ``exclude`` holds paths of folders to leave out silently (the index folder inside a corpus), with
    what is in them, however reached (a symlink to the folder, to a folder or file in it).
    """
    for found in walk_files(root, on_skip, supported, exclude, follow_symlinks):
        yield found.path


LOGSEQ_BACKUPS = ("bak", "version-files")  # in a Logseq graph's "logseq/" beside "pages/", "journals/"


def logseq_folder(folder: Path) -> bool:
    """Is ``folder`` a Logseq graph's ``logseq/`` (beside its ``pages/`` or ``journals/``)?  Its
    ``LOGSEQ_BACKUPS`` folders hold older copies of the graph's pages: never read, never watched."""
    return folder.name == "logseq" and any((folder.parent / d).is_dir() for d in ("pages", "journals"))


def walk_files(
    root: Path,
    on_skip: RawSkip,
    supported: Callable[[str], bool],
    exclude: tuple[str, ...] = (),
    follow_symlinks: bool = False,
) -> Iterator[Found]:
    """``iter_files``, each file with what was checked of it (``Found``)."""
    if root.is_file():  # the corpus is this one file (a symlink to it, maybe): the user named it
        yield Found(root, link=root.is_symlink())
        return
    real_root = realpath(root)
    if real_root is None:
        on_skip(Skipped(str(root), UNREADABLE, "unreadable folder: it changed while being read"))
        return
    seen: set[str] = set()
    skip_dirs = {r for r in map(realpath, exclude) if r is not None}
    deferred: list[tuple[Path, tuple[str, ...]]] = []  # symlinked folders: after the real tree
    linked: list[Found] = []  # symlinks to files: after every other file
    files_seen: set[tuple[int, int]] = set()
    fence = None if follow_symlinks else real_root

    def skip(path: Path, kind: str, reason: str) -> None:
        on_skip(Skipped(str(path), kind, reason))

    def left_out(real: str | None) -> bool:  # in an ``exclude`` folder (through a symlink, maybe)
        return real is not None and any(inside(real, d) for d in skip_dirs)

    def walk(folder: Path, ancestors: tuple[str, ...]) -> Iterator[Found]:
        real = realpath(folder)
        if real is None:
            skip(folder, UNREADABLE, "unreadable folder: it changed while being read")
            return
        if real in ancestors:
            skip(folder, LOOP, "symlink loop (points back to a folder above it)")
            return
        if real in seen:
            skip(folder, DUPLICATE, "already read through another path (symlink)")
            return
        if left_out(real):
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skip(folder, UNREADABLE, f"unreadable folder: {exc.strerror or exc}")
            return
        backups = logseq_folder(folder)
        for entry in entries:
            if entry.name.startswith(".") or (backups and entry.name in LOGSEQ_BACKUPS):
                continue  # hidden (".obsidian/", ".git/"), or a Logseq graph's older copies of its pages
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=True)
                st = None if is_dir else entry.stat(follow_symlinks=is_link)
                mode = None if st is None else st.st_mode
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    skip(path, LOOP, "symlink loop")
                elif exc.errno == errno.ENOENT and entry.is_symlink():
                    skip(path, BROKEN_LINK, "broken symlink")
                else:
                    skip(path, UNREADABLE, f"unreadable: {exc.strerror or exc}")
                continue
            if is_link and skip_dirs and not is_dir and left_out(realpath(path)):
                continue  # a symlink to a file of the index folder: no document, as the folder is none
            if is_link and not follow_symlinks:
                target = realpath(path)
                if target is None:
                    skip(path, UNREADABLE, "unreadable: the link changed while being read")
                    continue
                if not inside(target, real_root):
                    what = "folder" if is_dir else "file"
                    skip(path, OUTSIDE, f"outside the corpus (a symlink to the {what} {target}; "
                                        "--follow-symlinks reads it)")
                    continue
            if is_dir and is_link:
                deferred.append((path, ancestors + (real,)))  # the real path wins the document id
            elif is_dir:
                yield from walk(path, ancestors + (real,))
            elif stat.S_ISLNK(mode) and not is_link:
                skip(path, CHANGED, "changed while being read (a file became a symlink)")
            elif not stat.S_ISREG(mode):  # a pipe or device would block or never end
                skip(path, SPECIAL, "not a regular file")
            elif not supported(entry.name):
                on_skip(unsupported(str(path)))
            elif is_link:
                linked.append(Found(path, (st.st_dev, st.st_ino), True, fence))  # after every real file
            else:
                files_seen.add((st.st_dev, st.st_ino))
                yield Found(path, (st.st_dev, st.st_ino), False, fence)

    yield from walk(root, ())
    while deferred:
        path, ancestors = deferred.pop(0)
        yield from walk(path, ancestors)
    for found in linked:  # a symlink to a file the walk reads anyway is that file: the real path names it
        if found.ident in files_seen:
            skip(found.path, DUPLICATE, "already read through another path (symlink)")
            continue
        files_seen.add(found.ident)
        yield found


def open_checked(found: Found) -> tuple[int, os.stat_result]:
    """An open file descriptor of ``found.path`` and its ``fstat``, after checking the open file is
    what the walk checked (see the module doc).  Raises ReadError (kind "changed", "not a regular
    file", "outside the corpus") or OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if not found.link:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(found.path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not found.link:
            raise ReadError("changed while being read (the file became a symlink)", kind=CHANGED) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError("not a regular file", kind=SPECIAL)
        if found.ident is not None and (st.st_dev, st.st_ino) != found.ident:
            raise ReadError("changed while being read (replaced after it was checked)", kind=CHANGED)
        if found.root is not None:
            where = _opened_path(fd)
            if where is not None and not inside(where, found.root):
                raise ReadError("changed while being read (it now leads outside the corpus)", kind=CHANGED)
        if flags & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return fd, st
    except BaseException:
        os.close(fd)
        raise


def _opened_path(fd: int) -> str | None:
    """The real path of an open file (Linux: ``/proc/self/fd``); None where it cannot be known."""
    try:
        where = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None
    return where if where.startswith("/") and not where.endswith(" (deleted)") else None
