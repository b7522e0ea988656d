"""onnxruntime session settings for build-time passage encoding, measured (how the defaults were chosen).

The passages: the first ``n`` SciFact abstracts chunked as a build chunks them.  Each setting encodes
them all; rounds alternate the settings (a burst of load from other work hits all alike), and each
figure is the setting's best and median round, in passages per second of wall time, plus CPU time:

* ``int8-b1-spin2``: int8, one passage per run, one session with 2 intra-op threads that spin while
  waiting (onnxruntime's default);
* ``int8-b1-nospin2``: the same with spinning off (``session.intra_op.allow_spinning = 0``);
* ``int8-b1-1thread``: one session, one thread;
* ``int8-b1-2sessions``: two single-threaded sessions, each fed half the passages from its own
  Python thread (``session.run`` releases the GIL);
* ``int8-doc-spin2``: one padded batch per document (2 threads, spinning);
* ``fp32-b8-spin2`` / ``fp32-b8-nospin2`` / ``fp32-b8-2sessions``: fp32, length-sorted batches of 8;
* ``fp32-b1-spin2``: fp32 one passage per run.

Run: ``python bench/onnx_settings.py [N_DOCS] [ROUNDS]`` (defaults 300, 3); prints JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

from indexing import ROOT, SCIFACT

SETTINGS = ("int8-b1-spin2", "int8-b1-nospin2", "int8-b1-1thread", "int8-b1-2sessions", "int8-doc-spin2",
            "fp32-b8-spin2", "fp32-b8-nospin2", "fp32-b8-2sessions", "fp32-b1-spin2")


def passages(n: int) -> list[list[str]]:
    from qa.corpus import chunk_document, load_corpus

    out = []
    for i, doc in enumerate(load_corpus(SCIFACT / "corpus.jsonl.gz")):
        if i >= n:
            break
        out.append([c.text for c in chunk_document(doc)])
    return out


def _session(onnx_dir: Path, model: str, threads: int, spin: bool):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    if not spin:
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(onnx_dir / model), sess_options=opts, providers=["CPUExecutionProvider"])


def _run(sess, encs) -> None:
    import numpy as np

    width = max(len(e.ids) for e in encs)
    ids = np.zeros((len(encs), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, e in enumerate(encs):
        ids[row, :len(e.ids)], mask[row, :len(e.ids)] = e.ids, 1
    sess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})


def _batches(encs, size: int) -> list[list]:
    order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids), reverse=True)
    return [[encs[i] for i in order[b:b + size]] for b in range(0, len(order), size)]


def measure(name: str, onnx_dir: Path, docs: list[list[str]], tok) -> tuple[float, float]:
    """(wall seconds, CPU seconds) to encode every passage with setting ``name``."""
    precision, shape, how = name.split("-")
    model = "model.int8.onnx" if precision == "int8" else "model.onnx"
    encs = tok.encode_batch([p for d in docs for p in d])
    if shape == "doc":
        batches, at = [], 0
        for d in docs:
            batches.append(encs[at:at + len(d)])
            at += len(d)
    else:
        batches = _batches(encs, int(shape[1:]))
    if how == "2sessions":
        sessions = [_session(onnx_dir, model, 1, True) for _ in range(2)]
    else:
        sessions = [_session(onnx_dir, model, 1 if how == "1thread" else 2, how != "nospin2")]
    for s in sessions:
        _run(s, batches[0])  # warm-up
    t, c = time.perf_counter(), time.process_time()
    if len(sessions) == 1:
        for b in batches:
            _run(sessions[0], b)
    else:
        parts = [batches[i::len(sessions)] for i in range(len(sessions))]
        threads = [threading.Thread(target=lambda s, bs: [_run(s, b) for b in bs], args=(s, p))
                   for s, p in zip(sessions, parts)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    return time.perf_counter() - t, time.process_time() - c


def run(n_docs: int = 300, rounds: int = 3, settings=SETTINGS) -> dict:
    from tokenizers import Tokenizer

    from qa.embedding import cached_export, resolve_model

    onnx_dir = cached_export(resolve_model(None), int8=True)
    tok = Tokenizer.from_file(str(onnx_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=int(json.loads((onnx_dir / "onnx_config.json").read_text())["max_seq_length"]))
    docs = passages(n_docs)
    n = sum(len(d) for d in docs)
    wall: dict[str, list[float]] = {s: [] for s in settings}
    cpu: dict[str, list[float]] = {s: [] for s in settings}
    load = [list(os.getloadavg())]
    for _ in range(rounds):
        for s in settings:
            w, c = measure(s, onnx_dir, docs, tok)
            wall[s].append(w)
            cpu[s].append(c)
            print(f"{s:20s} {n / w:6.1f} passages/s  {c:6.2f} CPU-s", file=sys.stderr, flush=True)
        load.append(list(os.getloadavg()))
    out = {"documents": n_docs, "passages": n, "rounds": rounds, "loadavg": load, "settings": {}}
    for s in settings:
        out["settings"][s] = {"best_passages_per_s": n / min(wall[s]),
                              "median_passages_per_s": n / statistics.median(wall[s]),
                              "cpu_s_per_100": 100 * min(cpu[s]) / n, "wall_s": wall[s]}
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = sys.argv[1:]
    print(json.dumps(run(int(args[0]) if args else 300, int(args[1]) if len(args) > 1 else 3,
                         args[2].split(",") if len(args) > 2 else SETTINGS), indent=1))
