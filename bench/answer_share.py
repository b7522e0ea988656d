"""The answer stage's share of a warm ``qa ask``: with sentence vectors stored at build time, against
embedding the scored sentences at answer time (the way qa answered before), in the same run.

For each question of the seed set (a warm, loaded index; every question asked once first), a full
``qa.answer.compose.answer`` is timed, and so is what comes before the answer stage (encoding the
question, with a who-said question's topic in the same encoder call as ``answer`` makes it, and
retrieving passages).  The answer stage is the difference; its share of the whole is
reported for both ways, alternating question by question so both see the same machine load.
Who-said statements are found once per (document, speaker) on the loaded index
(``qa.answer.who_said._statements``), so in both ways a warm ask reuses them.
Lower is better; the issue 14 target is a share at least 3x smaller (ratio >= 3).

    python bench/answer_share.py [--rounds 3] [--work DIR]
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
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def measure(index, questions: list[str], rounds: int) -> dict:
    from qa.answer.compose import answer
    from qa.answer.evidence import PASSAGES
    from qa.answer.intent import parse
    from qa.search.retrieve import SearchConfig, search

    stored = index.sentence_vectors
    if stored is None:
        raise SystemExit("this index has no sentence vectors: rebuild it with qa index")
    config = SearchConfig()
    before = {"stored": [], "embedded": []}
    total = {"stored": [], "embedded": []}

    def retrieve(q):
        # the question's encoding as answer() makes it: with the topic of a who-said question in the
        # same encoder call (one call, before retrieval: encoding the question, not the answer stage)
        intent = parse(q)
        texts = [q, intent.topic] if intent.kind == "said" and intent.topic else [q]
        qvec = index.query_embedder().embed(texts)[0]
        search(index, q, k=PASSAGES, config=config, qvec=qvec)

    for q in questions:  # warm everything (ONNX session, caches, mapped pages)
        answer(index, q)
        retrieve(q)
    for _ in range(rounds):
        for q in questions:
            for way, vectors in (("stored", stored), ("embedded", None)):
                index.sentence_vectors = vectors
                total[way].append(_timed(lambda: answer(index, q)))
                before[way].append(_timed(lambda: retrieve(q)))
    index.sentence_vectors = stored
    out = {}
    for way in total:
        t, b = sum(total[way]), sum(before[way])
        out[way] = {"ask_ms_median": round(1000 * statistics.median(total[way]), 2),
                    "answer_stage_ms_mean": round(1000 * max(t - b, 0.0) / len(total[way]), 2),
                    "answer_share": round(max(t - b, 0.0) / t, 4)}
    out["share_ratio"] = round(out["embedded"]["answer_share"] / max(out["stored"]["answer_share"], 1e-9), 2)
    return out


def ensure_seed_index(work: Path) -> Path:
    """The seed index under ``work``, built or brought up to date (an old one lacks sentence vectors)."""
    import subprocess

    index_dir = work / "seed-index"
    subprocess.run([sys.executable, "-m", "qa", "index", "-q", "--corpus", str(ROOT / "seeds"), "--index-dir",
                    str(index_dir)], check=True, cwd=ROOT, capture_output=True)
    return index_dir


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / ".work")
    args = ap.parse_args()
    from qa.index.loaded import load_index

    index = load_index(ensure_seed_index(args.work))
    questions = [json.loads(line)["question"] for line in (ROOT / "seeds" / "questions.jsonl").read_text().splitlines()
                 if line.strip()]
    result = measure(index, questions, args.rounds)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
