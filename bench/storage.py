"""Vector storage before/after on real indexes: bytes per passage, and the same index requantized.

``python bench/storage.py requantize OLD_INDEX NEW_INDEX`` copies a format-1 index (float16 passage
and sentence vectors) and rewrites its vectors the way a format-2 build stores them (int8 codes:
passages with a scale per dimension, sentences with a scale per vector; any ANN file rebuilt over
the codes), so ``qa eval`` can compare the two on the very same embeddings (re-embedding would add
the passage encoder's run-to-run noise to the comparison).  Quantizing the stored float16 instead
of the float32 the build had costs nothing measurable: float16's error (~3e-4 relative) is 1/20 of
an int8 step.
``python bench/storage.py bytes INDEX...`` prints the vector bytes per passage of each index.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402


def live(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text().strip()


def vector_bytes(index_dir: Path) -> dict:
    version = live(Path(index_dir))
    manifest = json.loads((version / "manifest.json").read_text())
    n = manifest["counts"]["chunks"]
    by = {p.name: p.stat().st_size for p in (version / "dense").iterdir() if p.is_file()}
    vec = sum(v for k, v in by.items() if k.startswith(("vectors", "sentences")))
    ann = sum(v for k, v in by.items() if k.endswith(".faiss"))
    return {"index": str(index_dir), "format_version": manifest["format_version"], "passages": n,
            "sentence_rows": manifest["counts"]["sentences"], "vector_bytes": vec,
            "vector_bytes_per_passage": round(vec / n, 1), "ann_bytes_per_passage": round(ann / n, 1), "files": by}


def requantize(old: Path, new: Path) -> dict:
    from qa.index.sentences import save as save_sentences
    from qa.index.versions import FORMAT_VERSION, write_manifest
    from qa.search.dense import build_ann
    from qa.search.quantized import quantize

    if new.exists():
        shutil.rmtree(new)
    shutil.copytree(old, new)
    version = live(new)
    manifest = json.loads((version / "manifest.json").read_text())
    if manifest["format_version"] != 1:
        raise SystemExit(f"{old} is not a format-1 index")
    dense = version / "dense"
    vectors = np.load(dense / "vectors.npy")
    sents = np.load(dense / "sentences.npy")
    for f in list(dense.iterdir()):
        f.unlink()
    codes, scales = quantize(vectors, 8, per_vector=True)
    np.save(dense / "vectors.npy", codes)
    np.save(dense / "vectors.scale.npy", scales)
    save_sentences(dense, sents)
    build_ann(vectors, dense)
    manifest = {k: v for k, v in manifest.items() if k not in ("files", "manifest_sha256")}
    manifest["format_version"] = FORMAT_VERSION
    (version / "manifest.json").unlink()
    write_manifest(version, manifest)
    return vector_bytes(new)


def main() -> None:
    cmd, *args = sys.argv[1:]
    if cmd == "requantize":
        print(json.dumps(requantize(Path(args[0]), Path(args[1]))))
    else:
        for a in args:
            print(json.dumps(vector_bytes(Path(a))))


if __name__ == "__main__":
    main()
