"""int8 vs fp32 passages: what the default precision costs in quality (slow: full builds per precision).

Each index is built the way ``qa index --precision P`` builds it (``build_index(precision=P)``; the
question encoder is the same fp32 ONNX export for both), then:

* ``scifact``: BEIR SciFact nDCG@10 (test split), bm25 / dense / hybrid-convex / hybrid-rrf;
* ``squad2``: ``qa eval ../shared/squad2/questions.jsonl --json`` (retrieval and answer figures),
  run as the CLI in a fresh process on the prebuilt index;
* ``seeds``: every seed question answered on both indexes; the answers (text, citations, abstention)
  compared, the differing ones listed.
Each part is cached in <work>/precision-<part>.json (delete it to measure again).
Run alone: ``python bench/precision.py [WORK] [scifact,squad2,seeds]``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from indexing import ROOT, SCIFACT

SQUAD2 = Path(os.environ.get("QA_BENCH_SQUAD2", ROOT.parent / "shared" / "squad2"))
SEEDS = ROOT / "seeds"
PRECISIONS = ("fp32", "int8")


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def _build(corpus, index_dir: Path, precision: str) -> float:
    from qa.index.build import build_index

    t = time.perf_counter()
    build_index(corpus, index_dir, precision=precision, rebuild=True)
    return time.perf_counter() - t


def scifact(work: Path) -> dict:
    from qa.evaluation.beir import default_cache, evaluate_beir, load_beir
    from qa.index.loaded import load_index
    from qa.search.retrieve import SearchConfig

    data = load_beir(SCIFACT)
    out = {"load_before": _load()}
    for p in PRECISIONS:
        index_dir = default_cache(data, work / f"precision-scifact-{p}")  # where `qa eval --beir` looks
        build_s = _build(data.corpus, index_dir, p)
        index = load_index(index_dir)
        report, _ = evaluate_beir(index, data, SearchConfig(depth=1000),
                                  labels=["bm25", "dense", "hybrid-convex", "hybrid-rrf"])
        out[p] = {"chunks": index.n_chunks, "build_s": build_s, "passages": index.manifest["model"].get("passages"),
                  "ndcg10": {r.label: r.metrics["nDCG@10"] for r in report.runs}}
        index.release()
    out["load_after"] = _load()
    out["int8_minus_fp32"] = {k: out["int8"]["ndcg10"][k] - out["fp32"]["ndcg10"][k] for k in out["fp32"]["ndcg10"]}
    return out


def squad2(work: Path) -> dict:
    out = {"load_before": _load()}
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    for p in PRECISIONS:
        index_dir = work / f"precision-squad2-{p}"
        _build(SQUAD2 / "corpus", index_dir, p)
        res = subprocess.run([sys.executable, "-m", "qa", "eval", str(SQUAD2 / "questions.jsonl"), "--corpus",
                              str(SQUAD2 / "corpus"), "--index-dir", str(index_dir), "--json", "-q"],
                             capture_output=True, text=True, env=env, cwd=ROOT)
        if res.returncode != 0:
            raise RuntimeError(res.stderr[-2000:])
        out[p] = json.loads(res.stdout)
    out["load_after"] = _load()
    return out


def seeds(work: Path) -> dict:
    from qa.answer.compose import answer
    from qa.evaluation.questionset import load_questions
    from qa.index.loaded import load_index

    questions = load_questions(SEEDS / "questions.jsonl")
    answers = {}
    for p in PRECISIONS:
        index_dir = work / f"precision-seeds-{p}"
        _build(SEEDS, index_dir, p)
        index = load_index(index_dir)
        answers[p] = {q.id: answer(index, q.question).to_dict() for q in questions}
    diff = [{"id": q, "question": answers["fp32"][q]["question"],
             "fp32": answers["fp32"][q]["answer"], "int8": answers["int8"][q]["answer"]}
            for q in answers["fp32"] if answers["fp32"][q] != answers["int8"][q]]
    same_text = sum(d["fp32"] == d["int8"] for d in diff)  # same answer, other passages cited
    return {"questions": len(questions), "identical": len(questions) - len(diff),
            "same_text_other_citations": same_text, "differences": diff}


PARTS = {"scifact": scifact, "squad2": squad2, "seeds": seeds}


def run(work: Path, parts=tuple(PARTS)) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    out = {}
    for part in parts:
        cache = work / f"precision-{part}.json"
        if not cache.exists():
            cache.write_text(json.dumps(PARTS[part](work), indent=1))
        out[part] = json.loads(cache.read_text())
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    w = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / ".work"
    print(json.dumps(run(w, sys.argv[2].split(",") if len(sys.argv) > 2 else tuple(PARTS)), indent=1))
