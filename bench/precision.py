"""int8 vs fp32 passages: what the default precision costs in quality (slow: full builds per precision).

Each index is built the way ``qa index --precision P`` builds it (``build_index(precision=P)``: int8
passages one per run, sentence vectors late-chunked from the passage runs; the question encoder is
the same fp32 ONNX export for both), then:

* ``scifact``: BEIR SciFact nDCG@10 (test split, all 5,183 abstracts), bm25 / dense / hybrid-convex /
  hybrid-rrf (issue 19's bar: int8 within 0.005 of fp32);
* ``squad2``: ``qa eval ../shared/squad2/questions.jsonl --json`` run as the CLI in a fresh process on
  the prebuilt index: answer-hit, first citation, abstentions (bar: within 0.5 point), retrieval;
* ``seeds``: every seed question answered on both indexes; the answers (text, citations, abstention)
  compared, the differing ones listed.
Each (part, precision) is cached in <work>/precision-<part>-<precision>.json (delete it to measure
again), so an interrupted run keeps what it measured.
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


def _cached(work: Path, part: str, precision: str, measure) -> dict:
    path = work / f"precision-{part}-{precision}.json"
    if not path.exists():
        path.write_text(json.dumps({"load_before": _load(), **measure(), "load_after": _load()}, indent=1))
    return json.loads(path.read_text())


def scifact(work: Path) -> dict:
    from qa.evaluation.beir import default_cache, evaluate_beir, load_beir
    from qa.index.loaded import load_index
    from qa.search.retrieve import SearchConfig

    data = load_beir(SCIFACT)

    def measure(p):
        index_dir = default_cache(data, work / f"precision-scifact-{p}")  # where `qa eval --beir` looks
        build_s = _build(data.corpus, index_dir, p)
        index = load_index(index_dir)
        report, _ = evaluate_beir(index, data, SearchConfig(depth=1000),
                                  labels=["bm25", "dense", "hybrid-convex", "hybrid-rrf"])
        out = {"chunks": index.n_chunks, "build_s": build_s, "passages": index.manifest["model"].get("passages"),
               "ndcg10": {r.label: r.metrics["nDCG@10"] for r in report.runs}}
        index.release()
        return out

    out = {p: _cached(work, "scifact", p, lambda p=p: measure(p)) for p in PRECISIONS}
    out["int8_minus_fp32"] = {k: out["int8"]["ndcg10"][k] - out["fp32"]["ndcg10"][k] for k in out["fp32"]["ndcg10"]}
    return out


ANSWER_FIGURES = ("answer_hit", "first_citation", "unanswerable_abstained", "answerable_abstained",
                  "quote_in_answer")


def squad2(work: Path) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}

    def measure(p):
        index_dir = work / f"precision-squad2-{p}"
        build_s = _build(SQUAD2 / "corpus", index_dir, p)
        res = subprocess.run([sys.executable, "-m", "qa", "eval", str(SQUAD2 / "questions.jsonl"), "--corpus",
                              str(SQUAD2 / "corpus"), "--index-dir", str(index_dir), "--json", "-q"],
                             capture_output=True, text=True, env=env, cwd=ROOT)
        if res.returncode != 0:
            raise RuntimeError(res.stderr[-2000:])
        report = json.loads(res.stdout)
        answers = report["answers"]
        return {"build_s": build_s, "figures": answers["figures"],
                "counts": {k: answers[k] for k in ("answerable", "unanswerable", "with_answers", "answer_hit",
                                                   "first_citation", "abstained_answerable",
                                                   "abstained_unanswerable", "quote_in_answer")},
                "retrieval": {r["label"]: r["metrics"] for r in report["runs"]},
                "answers": {r["id"]: [r["abstained"], r["answer"]] for r in answers["rows"]}}

    out = {p: _cached(work, "squad2", p, lambda p=p: measure(p)) for p in PRECISIONS}
    out["int8_minus_fp32_points"] = {k: round(100 * (out["int8"]["figures"][k] - out["fp32"]["figures"][k]), 2)
                                     for k in ANSWER_FIGURES if out["fp32"]["figures"].get(k) is not None}
    same = sum(out["int8"]["answers"][q] == a for q, a in out["fp32"]["answers"].items())
    out["identical_answers"] = f"{same}/{len(out['fp32']['answers'])}"
    for p in PRECISIONS:
        out[p] = {k: v for k, v in out[p].items() if k != "answers"}
    return out


def seeds(work: Path) -> dict:
    from qa.answer import answer
    from qa.evaluation.questionset import load_questions
    from qa.index.loaded import load_index

    questions = load_questions(SEEDS / "questions.jsonl")

    def measure(p):
        index_dir = work / f"precision-seeds-{p}"
        _build(SEEDS, index_dir, p)
        index = load_index(index_dir)
        return {"answers": {q.id: answer(index, q.question).to_dict() for q in questions}}

    answers = {p: _cached(work, "seeds", p, lambda p=p: measure(p))["answers"] for p in PRECISIONS}
    diff = [{"id": q, "question": answers["fp32"][q]["question"],
             "fp32": _shown(answers["fp32"][q]), "int8": _shown(answers["int8"][q])}
            for q in answers["fp32"] if _shown(answers["fp32"][q]) != _shown(answers["int8"].get(q, {}))]
    same_text = sum(d["fp32"]["answer"] == d["int8"]["answer"] for d in diff)  # same text, other citations
    return {"questions": len(questions), "identical": len(questions) - len(diff),
            "same_text_other_citations": same_text, "differences": diff}


def _shown(a: dict) -> dict:
    """What a reader sees of an answer: its text, whether it abstained, and what it cites (document
    and exact span); the scores beside the citations are left out (they move with any vector)."""
    return {"answer": a.get("answer"), "abstained": a.get("abstained"),
            "citations": [[c["doc"], c["start"], c["end"]] for c in a.get("citations", [])]}


PARTS = {"scifact": scifact, "squad2": squad2, "seeds": seeds}


def run(work: Path, parts=tuple(PARTS)) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    return {part: PARTS[part](work) for part in parts}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    w = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / ".work"
    print(json.dumps(run(w, sys.argv[2].split(",") if len(sys.argv) > 2 else tuple(PARTS)), indent=1))
