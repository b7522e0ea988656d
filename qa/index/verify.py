"""Checking a loaded index version against its manifest: file sizes, checksums, array shapes.

Cheap checks (sizes, .npy headers, checksums of files up to ``LOAD_HASH_LIMIT``) run on every
load.  A bigger file (``onnx/model.onnx``, 90 MB for MiniLM; the int8 passage encoder, 23 MB) is
hashed on load only when its modification time differs from the one the build recorded (a file
changed in place, or a copy made without keeping times); ``qa index --verify`` hashes every file
however big.  (Hashing the seed index's 40 MB on every ``qa ask`` was 85% of opening it.)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from qa.errors import IndexInvalidError
from qa.search import ANN_IDS
from .versions import file_digest, index_fix

LOAD_HASH_LIMIT = 1 << 20  # bytes; bigger files are hashed on load only when their time changed


def _npy_shape(path: Path) -> tuple[int, ...]:
    """The shape in a .npy header (the data is not read)."""
    with open(path, "rb") as fh:
        major, _minor = np.lib.format.read_magic(fh)
        read = np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0
        return tuple(read(fh)[0])


def check_shapes(version: Path, manifest: dict, index_dir: Path | None = None) -> None:
    """Array shapes agree with the manifest: documents, chunks, and the model's dimension."""
    fix = index_fix(index_dir, manifest)
    counts, dim = manifest["counts"], manifest["model"]["dim"]
    expect = {
        "text_offsets.npy": (counts["documents"] + 1,),
        "chunks.npy": (counts["chunks"], 5),
        "sentences.npy": (counts["sentences"], 2),
    }
    try:
        for rel, shape in expect.items():
            if _npy_shape(version / rel) != shape:
                raise IndexInvalidError(f"index file {rel} does not match the manifest", fix=fix)
        vec = _npy_shape(version / "dense" / "vectors.npy")
        ann_ids = version / "dense" / ANN_IDS  # the graph's entries -> passages (when it has copies)
        if ann_ids.exists() and _npy_shape(ann_ids) != (counts["chunks"],):
            raise IndexInvalidError(f"index file dense/{ANN_IDS} does not match the manifest", fix=fix)
    except (OSError, ValueError) as exc:
        raise IndexInvalidError(f"index is unreadable ({exc.__class__.__name__}: {exc})", fix=fix) from None
    if len(vec) != 2 or vec[0] != counts["chunks"]:
        raise IndexInvalidError("index file dense/vectors.npy does not match the manifest", fix=fix)
    if vec[1] != dim:
        raise IndexInvalidError(
            f"index vectors have {vec[1]} dimensions but its model {manifest['model']['name']!r} has {dim}",
            fix=fix,
        )
    onnx_cfg = version / "onnx" / "onnx_config.json"
    if onnx_cfg.exists():
        try:
            onnx_dim = json.loads(onnx_cfg.read_text(encoding="utf-8")).get("dimension")
        except (OSError, ValueError):
            onnx_dim = None
        if onnx_dim is not None and onnx_dim != dim:
            raise IndexInvalidError(
                f"index query encoder has {onnx_dim} dimensions, the index vectors {dim}", fix=fix
            )


def _unchanged(path: Path, rel: str, meta: dict) -> bool:
    """A big file not worth hashing on every load: its time is the build's (an index of an older
    qa recorded no time: its big data files are trusted by size, its ONNX model always hashed)."""
    if "mtime_ns" in meta:
        return path.stat().st_mtime_ns == meta["mtime_ns"]
    return not rel.endswith(".onnx")


def verify_files(version: Path, manifest: dict, full: bool = False, index_dir: Path | None = None) -> None:
    """Every file the manifest lists exists with its size and checksum; shapes agree with it."""
    fix = index_fix(index_dir if index_dir is not None else version.parent, manifest)
    for rel, meta in manifest.get("files", {}).items():
        path = version / rel
        if not path.is_file():
            raise IndexInvalidError(f"index file missing: {rel}", fix=fix)
        if path.stat().st_size != meta["bytes"]:
            raise IndexInvalidError(f"index file corrupt (size differs): {rel}", fix=fix)
        if meta["bytes"] > LOAD_HASH_LIMIT and not full and _unchanged(path, rel, meta):
            continue  # size and time checked; `qa index --verify` hashes everything
        if file_digest(path) != meta["sha256"]:
            raise IndexInvalidError(f"index file corrupt (checksum differs): {rel}", fix=fix)
    check_shapes(version, manifest, index_dir if index_dir is not None else version.parent)
