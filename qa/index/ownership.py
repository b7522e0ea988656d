"""Which folders under an index directory are qa's, and removing only those.

The index folder is qa's when it holds ``.qa-index`` (or, for an index of an older qa, a
``CURRENT`` naming a version with a qa manifest); a version or temp folder is qa's when it holds
``.qa-version`` or a qa manifest.  Nothing else is ever deleted.  A reader holds a shared lock
on its version's manifest (a lease) until it is done; a writer removes an old version only when
it can lock it exclusively, so a version still being read is removed by a later build.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import time
from pathlib import Path

from qa.errors import CorpusError, IndexWriteError, UsageError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: versions are not leased
    fcntl = None

FORMAT = "qa-index"
_VERSION_NAME = re.compile(r"^v-[0-9A-Za-z-]+$")
INDEX_MARKER, VERSION_MARKER = ".qa-index", ".qa-version"
LOCK = ".lock"  # the writer lock's file (``versions.lock``)
_MARK = "qa-index: made by qa; qa removes only folders holding this file\n"
POINTER_TMP = ".CURRENT.qa-{pid}"  # the new pointer, written beside CURRENT, then renamed over it
_POINTER_TMP = re.compile(r"^\.CURRENT\.qa-\d+$")


def current_version(index_dir: Path) -> Path | None:
    """The live version folder named by ``CURRENT`` (None when there is none or it is garbled)."""
    pointer = index_dir / "CURRENT"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return index_dir / name if _VERSION_NAME.match(name) else None


def write_error(index_dir: Path, exc: OSError) -> IndexWriteError:
    """One line for a failed write under the index folder (full disk, read-only, permissions)."""
    why = exc.strerror or exc.__class__.__name__
    return IndexWriteError(f"cannot write the index in {index_dir}: {why}",
                           hint="free some space" if exc.errno == errno.ENOSPC else "check the folder")


def _marked(folder: Path, marker: str) -> bool:
    try:
        with open(folder / marker, encoding="utf-8") as fh:
            return fh.read(len(_MARK)) == _MARK
    except (OSError, UnicodeDecodeError):
        return False


def _has_qa_manifest(folder: Path) -> bool:
    try:
        with open(folder / "manifest.json", encoding="utf-8") as fh:
            return json.load(fh).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def is_own_version(folder: Path) -> bool:
    """A ``v-*`` or ``.tmp-*`` folder qa made (its marker, or a manifest of an older qa)."""
    return folder.is_dir() and not folder.is_symlink() and (
        _marked(folder, VERSION_MARKER) or _has_qa_manifest(folder))


def is_qa_index(index_dir: Path) -> bool:
    """The folder holds qa's marker, or (an older qa's index) a CURRENT naming a qa version."""
    if _marked(index_dir, INDEX_MARKER):
        return True
    live = current_version(index_dir)
    return live is not None and _has_qa_manifest(live)


# entries that leave a folder as good as empty: a placeholder that keeps an empty folder in git (this
# repository's own index/.gitkeep), a Finder file, or what a failed first build of an older qa left
_AS_EMPTY = frozenset({".gitkeep", ".keep", ".DS_Store", ".lock", ".onnx-cache"})


def check_index_dir(index_dir: Path) -> None:
    """Refuse a folder qa could harm: one that is not a folder, or holds things and is not a qa index."""
    if index_dir.exists() and not index_dir.is_dir():
        raise UsageError(f"the index folder {index_dir} is a file", hint="choose another --index-dir")
    try:
        empty = not index_dir.exists() or all(e.name in _AS_EMPTY for e in os.scandir(index_dir))
    except OSError as exc:
        raise UsageError(f"cannot read the index folder {index_dir}: {exc.strerror or exc}") from None
    if not empty and not is_qa_index(index_dir):
        raise UsageError(f"{index_dir} is not empty and is not a qa index; qa will not write into it",
                         hint="choose a new or empty --index-dir")


def make_index_dir(index_dir: Path) -> None:
    """Create the index folder (if need be) and mark it as qa's."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except (NotADirectoryError, FileExistsError) as exc:
        raise UsageError(f"cannot create the index folder {index_dir}: {exc.strerror or exc}",
                         hint="a part of the path is a file; choose another --index-dir") from None
    except OSError as exc:
        raise write_error(index_dir, exc) from None
    if not _marked(index_dir, INDEX_MARKER):
        try:
            (index_dir / INDEX_MARKER).write_text(_MARK, encoding="utf-8")
        except OSError as exc:
            raise write_error(index_dir, exc) from None


class FirstBuild:
    """What a build is about to create in the index folder, noted before it creates anything, so a
    failed first build leaves the folder as it found it: ``undo`` removes the marker and the lock
    file if this build made them, and the folders it made (the index folder, parents it had to
    create) if they are empty again.  Nothing that was there before, and no file of anyone else."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self.folders: list[Path] = []  # made by this build, deepest first
        folder = index_dir
        while not os.path.lexists(folder) and folder.parent != folder:
            self.folders.append(folder)
            folder = folder.parent
        self.marker = not os.path.lexists(index_dir / INDEX_MARKER)
        self.lock = not os.path.lexists(index_dir / LOCK)

    def undo(self) -> None:
        """After a build that failed (call it holding the lock): nothing published, so nothing
        stays of what this build made.  An index that is there (CURRENT) is left whole."""
        d = self.index_dir
        if os.path.lexists(d / "CURRENT") or not d.is_dir():
            return
        try:
            if self.marker and _marked(d, INDEX_MARKER):
                (d / INDEX_MARKER).unlink()
            if self.lock and (d / LOCK).is_file() and not (d / LOCK).is_symlink():
                (d / LOCK).unlink()  # a writer waiting on it takes the lock again (``versions.lock``)
            for folder in self.folders:
                folder.rmdir()  # only when empty: a file anyone put there since keeps it
        except OSError:
            pass


def new_build_dir(index_dir: Path) -> Path:
    """A fresh ``.tmp-*`` folder, marked as qa's; leftovers of killed builds are removed first
    (call under the lock)."""
    make_index_dir(index_dir)
    clean_stale(index_dir)
    tmp = index_dir / f".tmp-{os.getpid()}-{time.time_ns()}"
    try:
        tmp.mkdir()
        (tmp / VERSION_MARKER).write_text(_MARK, encoding="utf-8")
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise write_error(index_dir, exc) from None
    return tmp


def clean_stale(index_dir: Path) -> list[str]:
    """Remove what killed builds leave (qa's ``.tmp-*`` folders and ``.CURRENT.qa-<pid>`` files) and
    qa's versions not named by ``CURRENT``; nothing else, and no version a reader still holds."""
    live = current_version(index_dir)
    removed = []
    for stale in sorted(index_dir.glob(".tmp-*")):
        if is_own_version(stale) and _remove_version(stale):
            removed.append(stale.name)
    for stale in sorted(index_dir.glob(".CURRENT.*")):
        if _own_pointer_tmp(stale):
            stale.unlink(missing_ok=True)
            removed.append(stale.name)
    if live is not None and live.is_dir():  # a version never named by CURRENT (killed mid-publish)
        removed += drop_old_versions(index_dir, live.name)
    return removed


def _own_pointer_tmp(path: Path) -> bool:
    """A pointer qa was writing when it was killed: ``.CURRENT.qa-<pid>`` holding a version name."""
    if not _POINTER_TMP.match(path.name) or not path.is_file() or path.is_symlink() or path.stat().st_size > 64:
        return False
    try:
        return bool(_VERSION_NAME.match(path.read_text(encoding="utf-8").strip()))
    except (OSError, UnicodeDecodeError):
        return False


def drop_old_versions(index_dir: Path, keep: str) -> list[str]:
    removed = []
    for old in sorted(index_dir.glob("v-*")):
        if old.name != keep and _VERSION_NAME.match(old.name) and is_own_version(old) and _remove_version(old):
            removed.append(old.name)
    return removed


def _remove_version(folder: Path) -> bool:
    """Delete one of qa's version folders unless a reader holds it (False: kept for now)."""
    try:
        fh = open(folder / "manifest.json", "rb")
    except OSError:  # no manifest: nothing can be reading it
        shutil.rmtree(folder, ignore_errors=True)
        return True
    with fh:
        if fcntl is not None:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # a reader is using it; a later build removes it
        shutil.rmtree(folder, ignore_errors=True)
    return True


def lease(manifest_file: Path):
    """Open a version's manifest with a shared lock: the writer keeps the version while it is held.
    None when the version is being removed (or is gone)."""
    try:
        fh = open(manifest_file, "rb")
    except FileNotFoundError:
        return None
    if fcntl is not None:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return None
        if os.fstat(fh.fileno()).st_nlink == 0:  # removed before we locked it
            fh.close()
            return None
    return fh


def check_build_paths(corpus: Path, index_dir: Path) -> None:
    """Before anything is created: the corpus exists, neither folder is inside the other (a build
    would index its own files, or delete the corpus), and the index folder is new, empty or qa's.
    An index folder in a hidden folder of the corpus (``notes/.qa``) is allowed: hidden names are
    never read (``corpus.files``) nor watched (``watch.Relevant``), and the walk leaves the index
    folder out even when a symlink leads into it."""
    if not corpus.exists():
        raise CorpusError(f"corpus path does not exist: {corpus}", hint="pass --corpus PATH")
    c, i = corpus.resolve(), index_dir.resolve()
    if c.is_dir() and (i == c or i.is_relative_to(c)) and not hidden_below(i, c):
        raise UsageError(f"the index folder {index_dir} is inside the corpus {corpus}",
                         hint="choose an --index-dir outside the corpus, or a hidden one in it (.qa)")
    if c.is_relative_to(i):
        raise UsageError(f"the corpus {corpus} is inside the index folder {index_dir}",
                         hint="choose another --index-dir")
    check_index_dir(index_dir)


def hidden_below(path: Path, root: Path) -> bool:
    """Is a folder on the way from real folder ``root`` down to real path ``path`` (itself
    included) hidden, its name starting with "."?  The corpus walk never enters one."""
    return path != root and any(part.startswith(".") for part in path.relative_to(root).parts)
