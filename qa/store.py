"""The on-disk index: named files, a manifest with checksums, atomic versions, a writer lock.

Layout of an index directory (default ``index/``)::

    index/CURRENT            name of the live version (replaced atomically)
    index/.lock              writer lock (``qa index`` holds it while building)
    index/v-<stamp>/         one complete version:
        manifest.json        format version, model, dimensions, chunking, BM25, doc hashes, checksums
        docs.jsonl           one line per document: id, title, source, hash, chars
        texts.bin            the documents' original texts, UTF-8, concatenated
        text_offsets.npy     byte offsets of each text in texts.bin (n_docs + 1)
        chunks.npy           int64 rows: doc, start, end, first sentence, end sentence
        sentences.npy        int64 rows: start, end (offsets into the document text)
        bm25/                vocab.txt, BM25 weights (term-major) and term counts (chunk-major)
        dense/vectors.npy    float16 unit vectors, one row per chunk
        onnx/                the query encoder exported from the index's model (if exportable)

A new build is written to ``.tmp-*`` beside the versions and published by replacing
``CURRENT``: a crash at any moment leaves the previous version loadable.  No pickle anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import IndexInvalidError, IndexLockedError, IndexMissingError

FORMAT = "qa-index"
FORMAT_VERSION = 1
FULL_HASH_LIMIT = 64 * 1024 * 1024  # larger files: size + sampled hash on load
FIX = "rebuild it with: qa index --rebuild"


@dataclass(frozen=True)
class DocMeta:
    id: str
    title: str
    source: str
    hash: str
    chars: int


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


def current_version(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return index_dir / name if name else None


def lock(index_dir: Path, timeout: float):
    """The writer lock; released by the OS if the process dies."""
    from filelock import FileLock, Timeout

    index_dir.mkdir(parents=True, exist_ok=True)
    lk = FileLock(str(index_dir / ".lock"))
    try:
        lk.acquire(timeout=timeout)
    except Timeout:
        raise IndexLockedError(
            f"another qa index is writing {index_dir}",
            hint="wait for it to finish, or pass --wait SECONDS",
        ) from None
    return lk


def new_build_dir(index_dir: Path) -> Path:
    index_dir.mkdir(parents=True, exist_ok=True)
    for stale in index_dir.glob(".tmp-*"):  # left by a killed build
        shutil.rmtree(stale, ignore_errors=True)
    tmp = index_dir / f".tmp-{os.getpid()}-{time.time_ns()}"
    tmp.mkdir()
    return tmp


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def write_manifest(build_dir: Path, manifest: dict) -> None:
    files = {}
    for path in sorted(build_dir.rglob("*")):
        if path.is_file() and path.name != "manifest.json":
            rel = path.relative_to(build_dir).as_posix()
            files[rel] = {"bytes": path.stat().st_size, "sha256": file_digest(path)}
    manifest = {**manifest, "files": files}
    (build_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")


def publish(index_dir: Path, build_dir: Path) -> Path:
    """Make ``build_dir`` the live version atomically, then drop older versions."""
    _fsync_tree(build_dir)
    version = index_dir / f"v-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}"
    os.replace(build_dir, version)
    pointer_tmp = index_dir / f".CURRENT.{os.getpid()}"
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
    for old in index_dir.glob("v-*"):
        if old.name != version.name:
            shutil.rmtree(old, ignore_errors=True)
    return version


def read_manifest(index_dir: Path) -> tuple[Path, dict]:
    """The live version folder and its manifest, or a clear error."""
    if not index_dir.exists():
        raise IndexMissingError(f"no index at {index_dir}", hint="build it with: qa index")
    version = current_version(index_dir)
    if version is None:
        raise IndexMissingError(f"no index at {index_dir}", hint="build it with: qa index")
    try:
        manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexInvalidError(f"index at {index_dir} has no manifest.json", hint=FIX) from None
    except (OSError, ValueError) as exc:
        raise IndexInvalidError(f"index manifest is unreadable ({exc.__class__.__name__})", hint=FIX) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexInvalidError(f"{index_dir} is not a qa index", hint=FIX)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexInvalidError(
            f"index format version {manifest.get('format_version')} is not {FORMAT_VERSION} (built by another qa)",
            hint=FIX,
        )
    return version, manifest


def verify_files(version: Path, manifest: dict, full: bool = False) -> None:
    """Every file the manifest lists exists with its size and checksum."""
    for rel, meta in manifest.get("files", {}).items():
        path = version / rel
        if not path.is_file():
            raise IndexInvalidError(f"index file missing: {rel}", hint=FIX)
        if path.stat().st_size != meta["bytes"]:
            raise IndexInvalidError(f"index file corrupt (size differs): {rel}", hint=FIX)
        big = meta["bytes"] > FULL_HASH_LIMIT
        if big and not full:
            continue  # size checked; `qa index --verify` hashes everything
        if file_digest(path) != meta["sha256"]:
            raise IndexInvalidError(f"index file corrupt (checksum differs): {rel}", hint=FIX)


class DocStore:
    """Documents of an index: metadata in memory, texts memory-mapped and decoded on demand."""

    def __init__(self, folder: Path):
        self.meta: list[DocMeta] = []
        with open(folder / "docs.jsonl", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                self.meta.append(DocMeta(d["id"], d["title"], d["source"], d["hash"], d["chars"]))
        self.position = {m.id: i for i, m in enumerate(self.meta)}
        self._offsets = np.load(folder / "text_offsets.npy")
        self._texts_path = folder / "texts.bin"
        self._mm = None
        self._cache: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.meta)

    def text(self, i: int) -> str:
        cached = self._cache.get(i)
        if cached is not None:
            return cached
        if self._mm is None:
            size = self._texts_path.stat().st_size
            self._mm = np.memmap(self._texts_path, dtype=np.uint8, mode="r") if size else np.zeros(0, np.uint8)
        a, b = int(self._offsets[i]), int(self._offsets[i + 1])
        text = bytes(self._mm[a:b]).decode("utf-8", "surrogatepass")
        if len(self._cache) > 256:
            self._cache.clear()
        self._cache[i] = text
        return text

    @staticmethod
    def write(folder: Path, metas: list[DocMeta], texts) -> None:
        offsets = [0]
        with open(folder / "docs.jsonl", "w", encoding="utf-8") as meta_fh, open(folder / "texts.bin", "wb") as fh:
            for m, text in zip(metas, texts):
                meta_fh.write(json.dumps(m.__dict__, ensure_ascii=False) + "\n")
                data = text.encode("utf-8", "surrogatepass")
                fh.write(data)
                offsets.append(offsets[-1] + len(data))
        np.save(folder / "text_offsets.npy", np.asarray(offsets, dtype=np.int64))
