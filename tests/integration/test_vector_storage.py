"""Index vectors on disk: int8 codes + scales (format 2); a format-1 index (float16) still opens,
answers from its float16 vectors, and the next ``qa index`` writes format 2 from it."""

from __future__ import annotations

import json
import shutil

import numpy as np

from qa.index.versions import FORMAT_VERSION, write_manifest
from qa.search.quantized import Quantized

from ..conftest import build_fake, open_fake
from ..conftest import is_mapped

QUESTIONS = ("What did Zarif say about the US?", "Aleppo evacuation", "Astana talks ceasefire")


def live(index_dir):
    return index_dir / (index_dir / "CURRENT").read_text().strip()


def as_format_1(index_dir) -> None:
    """Rewrite the live version as qa wrote it before quantization: float16 rows, format_version 1."""
    version = live(index_dir)
    idx = open_fake(index_dir)
    vectors, sentences = idx.vectors[:].astype(np.float16), idx.sentence_vectors[:].astype(np.float16)
    idx.release()
    dense = version / "dense"
    for stem, rows in (("vectors", vectors), ("sentences", sentences)):
        (dense / f"{stem}.scale.npy").unlink()
        np.save(dense / f"{stem}.npy", rows)
    manifest = json.loads((version / "manifest.json").read_text())
    manifest = {k: v for k, v in manifest.items() if k not in ("files", "manifest_sha256")}
    manifest["format_version"] = 1
    (version / "manifest.json").unlink()
    write_manifest(version, manifest)


def test_vectors_are_int8_codes_a_byte_a_dimension(fake_index_dir):
    idx = open_fake(fake_index_dir)
    assert idx.manifest["format_version"] == FORMAT_VERSION == 2
    for stored in (idx.vectors, idx.sentence_vectors):
        assert isinstance(stored, Quantized) and stored.codes.dtype == np.int8
        assert is_mapped(stored.codes)  # mapped, not read into memory
        assert stored.codes.nbytes == stored.shape[0] * stored.shape[1]
        rows = stored[np.arange(min(len(stored), 20))]
        assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=0.02)  # unit vectors, decoded


def test_a_format_1_index_opens_and_searches_like_its_int8_copy(tmp_path, fake_index_dir):
    old_dir = tmp_path / "old"
    shutil.copytree(fake_index_dir, old_dir)
    as_format_1(old_dir)
    old, new = open_fake(old_dir), open_fake(fake_index_dir)
    assert old.manifest["format_version"] == 1 and old.vectors.dtype == np.float16
    for q in QUESTIONS:
        qvec = new.query_embedder().embed([q])[0]
        got, want = old.dense_top(qvec, 5), new.dense_top(qvec, 5)
        assert [i for i, _ in got][:3] == [i for i, _ in want][:3]
        assert np.allclose([s for _, s in got], [s for _, s in want], atol=0.02)


def test_qa_index_on_a_format_1_index_writes_format_2(tmp_path, seed_copy):
    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    before = open_fake(index_dir).vectors[:]
    as_format_1(index_dir)
    (seed_copy / "extra.txt").write_text("A new document about a ceasefire in the north.\n", encoding="utf-8")
    report, _emb = build_fake(seed_copy, index_dir)
    assert report.full_reason == ""  # incremental: the old float16 rows were copied
    idx = open_fake(index_dir)
    assert idx.manifest["format_version"] == 2 and isinstance(idx.vectors, Quantized)
    assert np.array_equal(idx.vectors[: len(before)], before)  # re-quantized to the very same codes

