"""Re-indexing a folder: unchanged (decided by ``stat``), and after one file changed (issue 28).

A synthetic folder of ``--files`` small text files (made-up sentences, 60-200 words each, a few
sub-folders) is indexed once; then timed:

* ``unchanged_s``: ``build_index`` again with nothing changed (target <= 2 s for 1,000 files);
* ``touched_s``: every file's time changed, bytes the same (each file hashed, none parsed);
* ``one_changed_s``: one file rewritten; ``one_changed_embed_s`` is the embedding part of it
  (with ``--real``: the model's loading and its ``embed`` calls);
* ``cli_unchanged_s``: ``python -m qa index -q`` as a fresh process (start-up and imports
  included), only with ``--real`` (the index must be built with the default model for that).

The embedder is a deterministic hashing fake unless ``--real`` (the same code path; an unchanged
build embeds nothing).  Prints one JSON object; ``--out`` also writes it.

    python bench/reindex.py --files 1000 [--real] [--out bench/results/reindex.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("quorp glimmer engine pump hull winter ship crew river valley stone bridge lantern harbour "
         "measure survey report captain signal keeper field meadow orchard clock tower market").split()


class HashEmbedder:
    name = "bench-hash-64"
    dim = 64
    embedded = 0
    seconds = 0.0

    def embed(self, texts):
        t0 = time.perf_counter()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for w in text.split():
                out[i, int(hashlib.blake2b(w.encode(), digest_size=4).hexdigest(), 16) % self.dim] += 1
            out[i] /= max(1e-9, float(np.linalg.norm(out[i])))
        self.embedded += len(texts)
        self.seconds += time.perf_counter() - t0
        return out


def _time_real_encoder() -> dict:
    """Time the default model's passage encoder: loading it (``load_s``) and its ``embed*`` calls
    (``embed_s``), so ``one_changed_embed_s`` is the changed file's own embedding, model load included."""
    from qa.index import passages

    timing = {"load_s": 0.0, "embed_s": 0.0}
    load = passages.passage_encoder

    class Timed:
        def __init__(self, inner):
            self._inner = inner

        def __getattr__(self, name):
            value = getattr(self._inner, name)
            if not (name.startswith("embed") and callable(value)):
                return value

            def timed(*a, **kw):
                t0 = time.perf_counter()
                try:
                    return value(*a, **kw)
                finally:
                    timing["embed_s"] += time.perf_counter() - t0
            return timed

    def timed_load(*a, **kw):
        t0 = time.perf_counter()
        embedder, onnx_dir = load(*a, **kw)
        timing["load_s"] += time.perf_counter() - t0
        return Timed(embedder), onnx_dir

    passages.passage_encoder = timed_load
    return timing


def make_folder(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rnd = random.Random(seed)
    paths = []
    for i in range(n):
        sub = folder / f"part{i % 10}"
        sub.mkdir(parents=True, exist_ok=True)
        sentences = [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 20))).capitalize() + "."
                     for _ in range(rnd.randint(5, 12))]
        path = sub / f"note{i:05d}.txt"
        path.write_text(f"Note {i}\n\n" + " ".join(sentences) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--real", action="store_true", help="the default model (and time the CLI too)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from qa.index.build import build_index

    work = Path(tempfile.mkdtemp(prefix="qa-reindex-"))
    try:
        corpus, index = work / "corpus", work / "index"
        paths = make_folder(corpus, args.files)
        emb = None if args.real else HashEmbedder()
        timing = _time_real_encoder() if args.real else None

        def build():
            t0 = time.perf_counter()
            report = build_index(corpus, index, embedder=emb, export_onnx=args.real)
            return time.perf_counter() - t0, report

        first_s, _ = build()
        unchanged_s, rep = build()
        assert rep.up_to_date, rep
        now = time.time()
        for p in paths:
            os.utime(p, (now - 3600, now - 3600))
        touched_s, rep = build()
        assert rep.up_to_date, rep
        again_s, _ = build()  # the touched times are not stored (no new version): hashed again
        paths[len(paths) // 2].write_text("Note changed\n\nThe quorp engine was rebuilt in the winter.\n",
                                          encoding="utf-8")
        before = emb.seconds if emb else timing["embed_s"] + timing["load_s"]
        one_s, rep = build()
        assert rep.changed == 1 and rep.unchanged == args.files - 1, rep
        result = {"files": args.files, "embedder": "default model" if args.real else HashEmbedder.name,
                  "first_build_s": round(first_s, 3), "unchanged_s": round(unchanged_s, 3),
                  "touched_s": round(touched_s, 3), "touched_again_s": round(again_s, 3),
                  "one_changed_s": round(one_s, 3),
                  "one_changed_embed_s": round((emb.seconds if emb else timing["embed_s"] + timing["load_s"]) - before, 3),
                  "load_average": [round(x, 2) for x in os.getloadavg()]}
        if args.real:
            env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "qa", "index", "--corpus", str(corpus), "--index-dir", str(index),
                            "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
            result["cli_unchanged_s"] = round(time.perf_counter() - t0, 3)
        print(json.dumps(result))
        if args.out:
            args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
