"""Whole builds: ``qa index --rebuild`` of 1,000 SciFact abstracts vs plain sentence-transformers.

The corpus: the first ``n`` SciFact documents as .txt files (title, blank line, abstract), written
once under <work>/scifact-<n>-txt.  Each contender is a fresh process timed from start to exit:

* ``sentence_transformers``: import it, load the model, ``encode`` the same n texts (title +
  abstract, batch 32, normalised) -- the obvious baseline of issue 19;
* ``qa_int8`` / ``qa_fp32``: ``python -m qa index --rebuild --precision int8|fp32 -q`` (reading,
  chunking, BM25, embedding, writing, checksums), the ONNX export already in the cache
  (made once per model per machine; its one-time cost is reported apart as ``export_s``).
Rounds alternate the contenders (a burst of load hits all alike); each figure is its best round.
Besides wall time, each process's CPU time (user + system, from ``getrusage``) and the load
averages between runs are recorded: on a shared machine CPU time is the steadier figure.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from indexing import ROOT, SCIFACT

_ST = """
import sys, pathlib
from sentence_transformers import SentenceTransformer
from qa.embedding.torch_encoder import resolve_model
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
SentenceTransformer(resolve_model(None), device="cpu").encode(texts, batch_size=32, normalize_embeddings=True,
                                                              show_progress_bar=False)
"""


def corpus(work: Path, n: int) -> Path:
    from qa.corpus.readers import load_corpus

    folder = work / f"scifact-{n}-txt"
    if len(list(folder.glob("*.txt"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i, doc in enumerate(load_corpus(SCIFACT / "corpus.jsonl.gz")):
        if i >= n:
            break
        (folder / f"{i:04d}.txt").write_text(f"{doc.title}\n\n{doc.text}\n", encoding="utf-8")
    return folder


def _timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child): on a shared machine the CPU time is the steadier."""
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t
    if res.returncode != 0:
        raise RuntimeError(f"{cmd[:4]} failed: {res.stderr[-2000:]}")
    d = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (d.ru_utime - c.ru_utime) + (d.ru_stime - c.ru_stime)


def loadavg() -> list[float]:
    return list(os.getloadavg())


def run(work: Path, n: int = 1000, rounds: int = 2) -> dict:
    work = Path(work).resolve()
    folder = corpus(work, n)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "QA_CACHE_DIR": os.environ.get("QA_CACHE_DIR") or str(work / "user-cache"), "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()  # the once-per-machine export (+ int8), outside the timed builds
    subprocess.run([sys.executable, "-c", "from qa.embedding.onnx_export import cached_export; "
                    "from qa.embedding.torch_encoder import resolve_model; cached_export(resolve_model(None), int8=True)"],
                   check=True, env=env, cwd=ROOT, capture_output=True)
    export_s = time.perf_counter() - t
    cmds = {"sentence_transformers": [sys.executable, "-c", _ST, str(folder)]}
    for p in ("int8", "fp32"):
        cmds[f"qa_{p}"] = [sys.executable, "-m", "qa", "index", "--corpus", str(folder), "--index-dir",
                           str(work / f"build-{n}-{p}"), "--rebuild", "--precision", p, "-q"]
    secs: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    load = [loadavg()]
    for _ in range(rounds):
        for name, cmd in cmds.items():
            wall, used = _timed(cmd, env)
            secs[name].append(wall)
            cpu[name].append(used)
            load.append(loadavg())
    manifest = json.loads(next((work / f"build-{n}-int8").glob("v-*/manifest.json")).read_text())
    passages = manifest["counts"]["chunks"]
    mb = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
    best = {k: min(v) for k, v in secs.items()}
    out = {"documents": n, "passages": passages, "text_mb": mb, "rounds": rounds, "seconds": secs,
           "cpu_seconds": cpu, "loadavg": load, "export_s": export_s}
    for name, s in best.items():
        out[f"{name}_s"] = s
        out[f"{name}_passages_per_s"] = passages / s
        out[f"{name}_mb_per_s"] = mb / s
    out["int8_vs_st"] = best["sentence_transformers"] / best["qa_int8"]
    out["fp32_vs_st"] = best["sentence_transformers"] / best["qa_fp32"]
    out["int8_vs_fp32"] = best["qa_fp32"] / best["qa_int8"]
    cpu_best = {k: min(v) for k, v in cpu.items()}
    out["int8_vs_st_cpu"] = cpu_best["sentence_transformers"] / cpu_best["qa_int8"]
    out["fp32_vs_st_cpu"] = cpu_best["sentence_transformers"] / cpu_best["qa_fp32"]
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    w = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / ".work"
    print(json.dumps(run(w, int(sys.argv[2]) if len(sys.argv) > 2 else 1000, rounds=1), indent=1))
