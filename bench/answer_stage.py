"""The answer stage's time in a warm ``qa ask`` on the seeds (issue 25 target: median under 10 ms).

For each seed question, on a loaded index with every question asked once first: a whole
``qa.answer.answer`` is timed, and so are the steps before the answer stage as ``answer`` runs them
(clean, rewrite, analyse, encode the question, retrieve passages: ``qa.answer.pipeline``).  The
answer stage is the difference (candidates, features, model, compose, trace, locate); its median over
questions and rounds is reported with the whole ask's.

    python bench/answer_stage.py [--rounds 3] [--index-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(index, questions: list[str], rounds: int) -> dict:
    from qa.answer import answer
    from qa.answer.analysis import analyse
    from qa.answer.pipeline import embed_step, rewrite_step, search_step
    from qa.answer.question import clean_question
    from qa.search import SearchConfig

    config = SearchConfig()

    def before(question):
        text = clean_question(question)
        q = analyse(index, text, rewrite_step(text, []))
        search_step(index, q, embed_step(index, q, config), config, 5, None)

    for q in questions:  # warm: ONNX session, mapped pages, caches
        answer(index, q)
        before(q)
    whole, stage = [], []
    for _ in range(rounds):
        for q in questions:
            t0 = time.perf_counter()
            answer(index, q)
            t1 = time.perf_counter()
            before(q)
            t2 = time.perf_counter()
            whole.append(t1 - t0)
            stage.append(max((t1 - t0) - (t2 - t1), 0.0))
    return {"questions": len(questions), "rounds": rounds,
            "ask_ms_median": round(1000 * statistics.median(whole), 2),
            "answer_stage_ms_median": round(1000 * statistics.median(stage), 2),
            "answer_stage_ms_p90": round(1000 * sorted(stage)[int(0.9 * (len(stage) - 1))], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--index-dir", type=Path, default=ROOT / "bench" / ".work" / "seed-index")
    args = ap.parse_args()
    from qa.index import open_or_build

    index = open_or_build(ROOT / "seeds", args.index_dir)
    questions = [json.loads(line)["question"] for line in (ROOT / "seeds" / "questions.jsonl").read_text().splitlines()
                 if line.strip()]
    print(json.dumps(measure(index, questions, args.rounds), indent=1))


if __name__ == "__main__":
    main()
