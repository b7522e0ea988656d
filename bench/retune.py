"""What today's tuning would choose for an index's ANN graph, without rebuilding or writing anything.

    python bench/retune.py INDEX_DIR [--coarse]       (e.g. bench/.work/hybrid-1000000)

``--coarse``: the sqrt-2 steps only, without the bisection builds now do (``qa.search.dense.tune``).

The build tunes the graph's search setting (efSearch / nprobe) on probe queries made from the data
(``qa.search.dense.build_ann``); an index keeps the setting its build chose in ``dense/ann.json``.
This runs today's tuning (its probes, the build's seed, the same re-scoring) over the index's existing graph
and prints the setting and probe recall a build by this code would record, so a change to the
tuning can be measured on a large index without rebuilding it (``bench/scale_ab.py ...:EF``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    import faiss

    from qa.index.loaded import load_index
    from qa.search import dense
    from qa.search.ann_copies import CopyMap

    index = load_index(Path(sys.argv[1]))
    folder = index.version / "dense"
    meta = json.loads((folder / dense.ANN_META).read_text(encoding="utf-8"))
    kind = meta["kind"].split("-")[0]
    faiss.omp_set_num_threads(1)
    ann = faiss.read_index(str(folder / meta["file"]), faiss.IO_FLAG_MMAP_IFC if kind == "hnsw" else faiss.IO_FLAG_MMAP)
    t = time.perf_counter()
    copies = CopyMap.load(folder, meta)  # a graph over the distinct rows is tuned over them, as the build did
    rows = dense.as_codes(index.vectors) if copies is None else copies.graph_rows(index.vectors)
    value, recall = dense.tune_setting(ann, kind, rows, dense.search_steps(kind, len(rows)),
                                       meta["target_recall"], seed=0,  # the build's seed
                                       log=lambda v, r: print(f"  {v}: probe recall@10 {r:.4f}", flush=True),
                                       finer="--coarse" not in sys.argv)
    print(json.dumps({"recorded": meta["search"], "recorded_probe_recall@10": meta["probe_recall@10"],
                      "tuned_now": value, "probe_recall@10": round(recall, 4), "seconds": round(time.perf_counter() - t, 1)}))


if __name__ == "__main__":
    main()
