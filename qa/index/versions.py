"""The on-disk index: named files, a manifest with checksums, atomic versions, a writer lock.

Layout of an index directory (default ``index/``)::

    index/CURRENT            name of the live version (replaced atomically)
    index/.qa-index          marks the folder as qa's (each version and temp folder holds a .qa-version)
    index/.lock              writer lock (``qa index`` holds it while building)
    index/v-<stamp>/         one complete version:
        manifest.json        format version, model, dimensions, chunking, BM25, doc hashes, file checksums
                             and a checksum of itself
        docs.jsonl           one line per document: id, title, source, hash, chars
        texts.bin            the documents' original texts, UTF-8, concatenated
        text_offsets.npy     byte offsets of each text in texts.bin (n_docs + 1)
        chunks.npy           int64 rows: doc, start, end, first sentence, end sentence
        sentences.npy        int64 rows: start, end (offsets into the document text)
        bm25/                vocab.txt, BM25 weights (term-major) and term counts (chunk-major)
        dense/vectors.npy    int8 codes of the unit vectors, one row per chunk (format 1: float16 rows),
                             with vectors.scale.npy; sentences.npy (+ .scale.npy): one per sentence row
        onnx/                the query encoder exported from the index's model (if exportable)

A new build is written to ``.tmp-*`` beside the versions and published by replacing
``CURRENT``: a crash at any moment leaves the previous version loadable.  No pickle anywhere.

qa deletes only what it made, and never a version a reader still holds (``ownership.py``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from pathlib import Path


from .docstore import DocMeta, DocStore  # noqa: F401  (part of this module's interface)
from qa.errors import Fix, IndexInvalidError, IndexLockedError, IndexMissingError
from qa.safe_text import json_text
from .ownership import (FORMAT, INDEX_MARKER, LOCK, POINTER_TMP, VERSION_MARKER,  # noqa: F401  (interface)
                        FirstBuild, drop_old_versions, check_index_dir, clean_stale, current_version, is_qa_index,
                        lease, make_index_dir, new_build_dir, write_error)


FORMAT_VERSION = 2  # 2: vectors stored as int8 codes + scales (qa.search.quantized); 1: float16
VECTORS = "vectors"  # dense/vectors.npy (int8 codes) and dense/vectors.scale.npy
READABLE_VERSIONS = (1, 2)  # format 1 opens as it is (its float16 vectors are read as they are)
FULL_HASH_LIMIT = 64 * 1024 * 1024  # larger files: size + sampled hash on load
REBUILD = Fix("rebuild it", "qa index --rebuild")
CHECKSUM_KEY = "manifest_sha256"


def index_fix(index_dir: Path | None = None, manifest: dict | None = None, model: str | None = None,
              build: bool = False, corpus: str | Path | None = None) -> Fix:
    """The command that (re)builds this index (its corpus and folder spelled out when known)."""
    parts = ["qa index" if build else "qa index --rebuild"]
    if corpus is None and isinstance(manifest, dict):
        corpus = manifest.get("corpus")
    corpus = str(corpus) if corpus is not None else None
    if isinstance(corpus, str) and corpus:
        parts.append(f"--corpus {_quote(corpus)}")
    elif build:  # outside a project a build needs --corpus: never suggest one that fails "no corpus given"
        from qa.config import default_corpus

        if default_corpus() is None:
            parts.append("--corpus FOLDER")
    if index_dir is not None:
        parts.append(f"--index-dir {_quote(str(index_dir))}")
    if model:
        parts.append(f"--model {_quote(model)}")
    return Fix("build it" if build else "rebuild it", " ".join(parts))


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def file_digest(path: Path, full: bool = True) -> str:
    h = hashlib.sha256()
    size = path.stat().st_size
    with open(path, "rb") as fh:
        if full or size <= FULL_HASH_LIMIT:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        else:  # sampled: first, middle and last MiB
            for at in (0, size // 2, max(0, size - (1 << 20))):
                fh.seek(at)
                h.update(fh.read(1 << 20))
            return "sampled:" + h.hexdigest()
    return h.hexdigest()


def lock(index_dir: Path, timeout: float):
    """The writer lock; released by the OS if the process dies.  A failed first build removes the
    lock file it made (``ownership.FirstBuild``): a writer that was waiting on it takes a new one."""
    for _ in range(10):
        lk = _lock(index_dir, timeout)
        if (index_dir / LOCK).is_file():
            return lk
        lk.release()  # we hold a removed file's lock, which no later writer sees: take the lock anew
    raise IndexLockedError(f"the lock of {index_dir} keeps being removed", hint="try again")


def _lock(index_dir: Path, timeout: float):
    from filelock import FileLock, Timeout

    make_index_dir(index_dir)
    lk = FileLock(str(index_dir / LOCK))
    try:
        try:
            lk.acquire(timeout=0)
        except Timeout:
            if not timeout:
                raise
            logging.getLogger("qa").warning("another qa index is writing %s; waiting up to %g s", index_dir, timeout)
            lk.acquire(timeout=timeout)
    except Timeout:  # (a TimeoutError, so an OSError: first)
        waited = f" (waited {timeout:g} s)" if timeout else ""
        raise IndexLockedError(
            f"another qa index is writing {index_dir}{waited}",
            hint="wait for it to finish, or pass --wait SECONDS",
        ) from None
    except OSError as exc:
        raise write_error(index_dir, exc) from None
    return lk


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def manifest_checksum(manifest: dict) -> str:
    """sha256 of the manifest's canonical JSON without its own checksum field."""
    body = {k: v for k, v in manifest.items() if k != CHECKSUM_KEY}
    data = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def seal(manifest: dict) -> dict:
    """The manifest with its own checksum, so a flipped byte in it is detected too."""
    return {**manifest, CHECKSUM_KEY: manifest_checksum(manifest)}


def write_manifest(build_dir: Path, manifest: dict) -> None:
    files = {}
    for path in sorted(build_dir.rglob("*")):
        if path.is_file() and path.name not in ("manifest.json", VERSION_MARKER):
            rel = path.relative_to(build_dir).as_posix()
            st = path.stat()
            # the time too: a file past FULL_HASH_LIMIT whose time differs is hashed on load
            files[rel] = {"bytes": st.st_size, "sha256": file_digest(path), "mtime_ns": st.st_mtime_ns}
    manifest = seal({**manifest, "files": files})
    # json_text: a file name that is not valid UTF-8 (surrogate-escaped) is written as a \udcXX escape
    (build_dir / "manifest.json").write_text(json_text(manifest, indent=1), encoding="utf-8")


def publish(index_dir: Path, build_dir: Path) -> Path:
    """Make ``build_dir`` the live version atomically, then drop older versions."""
    _fsync_tree(build_dir)
    version = index_dir / f"v-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}"
    os.replace(build_dir, version)
    pointer_tmp = index_dir / POINTER_TMP.format(pid=os.getpid())
    with open(pointer_tmp, "w", encoding="utf-8") as fh:
        fh.write(version.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(pointer_tmp, index_dir / "CURRENT")
    dfd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)
    drop_old_versions(index_dir, version.name)
    return version


def read_manifest(index_dir: Path) -> tuple[Path, dict]:
    """The live version folder and its checked manifest, or one clear error."""
    version, manifest, held = open_version(index_dir)
    held.close()
    return version, manifest


def open_version(index_dir: Path, attempts: int = 20):
    """(live version, checked manifest, lease): the lease (an open file) keeps the version on disk
    until it is closed, so every file of it can be opened later."""
    for attempt in range(attempts):  # a writer may publish (and delete our version) while we read
        version = current_version(index_dir) if index_dir.is_dir() else None
        if version is None:
            if index_dir.is_dir() and (index_dir / "CURRENT").exists():
                raise IndexInvalidError(f"index pointer {index_dir / 'CURRENT'} is corrupt", fix=index_fix(index_dir))
            raise IndexMissingError(f"no index at {index_dir}", fix=index_fix(index_dir, build=True))
        try:
            held = lease(version / "manifest.json")
            if held is not None:
                try:
                    text = held.read().decode("utf-8")
                except BaseException:
                    held.close()
                    raise
                break
        except (OSError, UnicodeDecodeError) as exc:
            raise IndexInvalidError(f"index manifest is unreadable ({exc.__class__.__name__})",
                                    fix=index_fix(index_dir)) from None
        if current_version(index_dir) == version and not (version / "manifest.json").exists():
            what = "manifest.json" if version.is_dir() else "its live version"
            raise IndexInvalidError(f"index at {index_dir} is missing {what} ({version.name})",
                                    fix=index_fix(index_dir))
        time.sleep(0.01 * (attempt + 1))  # a writer is removing the version we read: read CURRENT again
    else:
        raise IndexInvalidError(f"index at {index_dir} keeps changing while it is read", hint="try again")
    try:
        manifest = json.loads(text)
        return version, check_manifest(index_dir, manifest), held
    except ValueError:
        held.close()
        raise IndexInvalidError("index manifest is corrupt (not valid JSON)", fix=index_fix(index_dir)) from None
    except BaseException:
        held.close()
        raise


def check_manifest(index_dir: Path, manifest) -> dict:
    """Format, version, own checksum and the fields a loader relies on."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexInvalidError(f"{index_dir} is not a qa index", fix=index_fix(index_dir))
    fix = index_fix(index_dir, manifest)
    found = manifest.get("format_version")
    if found not in READABLE_VERSIONS:
        by = manifest.get("qa_version")
        raise IndexInvalidError(
            f"index format version {found} is not {FORMAT_VERSION}"
            + (f" (built by qa {by})" if by else " (built by another qa)"),
            fix=fix,
        )
    if manifest.get(CHECKSUM_KEY) != manifest_checksum(manifest):
        raise IndexInvalidError("index manifest is corrupt (checksum differs)", fix=fix)
    try:
        model, dim, counts = manifest["model"], manifest["model"]["dim"], manifest["counts"]
        ok = isinstance(model["name"], str) and isinstance(dim, int) and dim > 0
        ok = ok and all(isinstance(counts[k], int) for k in ("documents", "chunks", "sentences"))
        ok = ok and isinstance(manifest["files"], dict)
    except (KeyError, TypeError):
        ok = False
    if not ok:
        raise IndexInvalidError("index manifest is incomplete", fix=fix)
    return manifest
