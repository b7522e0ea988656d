"""Where a cold ``qa ask`` spends its time: the steps of the main thread and of the encoder prefetch's threads.

    python bench/cold_timeline.py [--index-dir DIR] [--runs 5]
    python bench/cold_timeline.py --compare OTHER_TREE OTHER_INDEX   # e.g. a /tmp copy of the tree before a change

Each run is a fresh process that wraps a few functions (``prefetch_query_encoder``, ``OnnxEmbedder``,
``load_tokenizer``, ``take``, ``open_index``, the answer stage's import, ``echo``) and prints when each
step ended, in ms since the process started running qa (Python's own start-up, ~50 ms, not included),
and the main thread's CPU time.  The medians over the runs are printed; with ``--compare`` the other
tree's runs alternate with this one's.  What the critical path is: if ``take`` returns well after it is
called, the main thread waited for the encoder's session; if they coincide, the main thread's own work
(imports, opening the index) is the path.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What did Zarif say about the US?"

# Runs inside the measured process: argv = tree, index dir, question.
DRIVER = r'''
import importlib.abc, json, os, sys, threading, time
T0 = time.perf_counter()
tree, index, question = sys.argv[1:4]
sys.path.insert(0, tree)
events = {}

def mark(what):
    events.setdefault(what, ((time.perf_counter() - T0) * 1e3, time.thread_time() * 1e3))

def wrap(mod, name, label):
    f = getattr(mod, name)
    def g(*a, **k):
        mark("> " + label)
        try:
            return f(*a, **k)
        finally:
            mark(label)
    setattr(mod, name, g)

class AfterImport(importlib.abc.MetaPathFinder):  # marks the end of the answer stage's import
    def find_spec(self, name, path, target=None):
        if name != "qa.answer.pipeline":
            return None
        for finder in sys.meta_path:
            if finder is not self and (spec := finder.find_spec(name, path, target)) is not None:
                run = spec.loader.exec_module
                def exec_module(module):
                    run(module)
                    mark("answer stage imported")
                spec.loader.exec_module = exec_module
                return spec
        return None

sys.meta_path.insert(0, AfterImport())
import qa.cli
mark("qa.cli imported")
import qa.cli.ask as ask
import qa.embedding.onnx_encoder as enc
import qa.index.prefetch as prefetch
wrap(prefetch, "prefetch_query_encoder", "encoder and tokenizer threads start")
wrap(prefetch, "take", "take() returns")
wrap(enc, "load_tokenizer", "tokenizer loaded (its thread)")
wrap(ask, "open_index", "index open")
wrap(ask, "echo", "answer printed")
init = enc.OnnxEmbedder.__init__
def created(self, *a, **k):
    init(self, *a, **k)
    mark("session created (encoder thread)")
enc.OnnxEmbedder.__init__ = created
import qa.index
qa.index.prefetch_query_encoder = prefetch.prefetch_query_encoder
out, sys.stdout = sys.stdout, open(os.devnull, "w")
try:
    qa.cli.main(["ask", "--json", "--index-dir", index, question])
except SystemExit:
    pass
sys.stdout = out
mark("end (main thread)")
events["take() called"] = events.pop("> take() returns", (float("nan"), 0.0))
print(json.dumps({k: v for k, v in events.items() if not k.startswith("> ")}))
'''

STEPS = ("qa.cli imported", "encoder and tokenizer threads start", "tokenizer loaded (its thread)",
         "answer stage imported", "index open", "take() called", "session created (encoder thread)",
         "take() returns", "answer printed", "end (main thread)")


def one_run(tree: Path, index_dir: Path) -> dict:
    res = subprocess.run([sys.executable, "-c", DRIVER, str(tree), str(index_dir), QUESTION], capture_output=True,
                         text=True, cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, timeout=600)
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-800:])
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index-dir", type=Path, default=None, help="default: bench/.work/seed-index (built if missing)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--compare", nargs=2, metavar=("TREE", "INDEX"), help="another tree and its index, alternated")
    args = ap.parse_args()
    if args.index_dir is None:
        sys.path.insert(0, str(ROOT / "bench"))
        import cold

        args.index_dir = cold.ensure_seed_index(ROOT / "bench" / ".work")
    trees = {"this tree": (ROOT, args.index_dir)}
    if args.compare:
        trees["other"] = (Path(args.compare[0]).resolve(), Path(args.compare[1]).resolve())
    for tree, _ in trees.values():  # compiled bytecode, as an installed qa has
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "qa")], check=True, capture_output=True)
    runs: dict[str, list[dict]] = {k: [] for k in trees}
    loads = [os.getloadavg()[0]]
    for _ in range(args.runs):
        for name, (tree, index_dir) in trees.items():
            runs[name].append(one_run(tree, index_dir))
    loads.append(os.getloadavg()[0])
    print(f"ms since qa starts, median of {args.runs} runs; load average {min(loads):.1f}-{max(loads):.1f}")
    print(f"{'step':40s}" + "".join(f"{name:>12s}" for name in trees))
    for step in STEPS:
        row = [statistics.median(r[step][0] for r in runs[name] if step in r) if any(step in r for r in runs[name])
               else float("nan") for name in trees]
        print(f"{step:40s}" + "".join(f"{v:12.0f}" for v in row))
    cpu = [statistics.median(r["end (main thread)"][1] for r in runs[name]) for name in trees]
    print(f"{'main thread CPU (incl. start-up)':40s}" + "".join(f"{v:12.0f}" for v in cpu))


if __name__ == "__main__":
    main()
