"""Check the papers set's questions.jsonl against the documents in corpus/ (no index, no
answering), with the checks of ``../quote_check.py`` (whose docstring says what is checked); its
own: each document is corpus/<folder>/<_id>.txt, made from one record of the BEIR SciFact corpus
(its ``title`` field, a blank line, its ``text`` field and a newline), so the independent text of a
quote is the JSONL record itself (title and text fields, read with ``json``); every corpus file must
be byte-for-byte its record's fields as above (so no document was edited), every file's record must
exist, and the SciFact file must be the one the set was built from (sha256). The SciFact corpus
defaults to ../shared/beir/scifact/corpus.jsonl.gz beside the repository (or $QA_BENCH_SCIFACT/corpus.jsonl.gz) (sha256 in README.md).

    python bench/data/papers/check.py [--questions FILE] [path/to/scifact/corpus.jsonl.gz]   # exits 1 and lists the failures
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import quote_check  # noqa: E402

CORPUS = HERE / "corpus"
# ../shared beside the repository (as CI has it), or QA_BENCH_SCIFACT (a folder holding corpus.jsonl.gz)
SCIFACT = Path(os.environ.get("QA_BENCH_SCIFACT", HERE.parents[3] / "shared" / "beir" / "scifact")) / "corpus.jsonl.gz"
SCIFACT_SHA256 = "7062adb7fd2931f40c846cf0215f4b8ba877bac94dc3d334bb9c4d714fb6fc33"


def records(path: Path) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return {r["_id"]: r for r in map(json.loads, f)}


def check_files(scifact: Path, recs: dict[str, dict]) -> list[str]:
    """The SciFact file is the set's, and every corpus file is byte-for-byte its record."""
    problems = []
    if hashlib.sha256(scifact.read_bytes()).hexdigest() != SCIFACT_SHA256:
        problems.append(f"{scifact}: not the SciFact corpus.jsonl.gz this set was built from")
    for path in sorted(CORPUS.rglob("*.txt")):
        r = recs.get(path.stem)
        if r is None:
            problems.append(f"{path.relative_to(CORPUS)}: no SciFact record {path.stem}")
        elif path.read_bytes() != f"{r['title']}\n\n{r['text']}\n".encode("utf-8"):
            problems.append(f"{path.relative_to(CORPUS)}: not byte-for-byte its record's title and text")
    return problems


def main() -> int:
    parser = quote_check.arguments(__doc__, HERE)
    parser.add_argument("scifact", nargs="?", type=Path, default=SCIFACT,
                        help="the SciFact corpus.jsonl.gz (default: %(default)s)")
    args = parser.parse_args()
    scifact = args.scifact
    if not scifact.is_file():
        print(f"{scifact}: the SciFact corpus is needed for the independent check (give its path)", file=sys.stderr)
        return 2
    recs = records(scifact)

    def record(path: Path) -> list[str] | None:  # None: no such record, so no such document
        r = recs.get(path.stem)
        return None if r is None else [r["title"] + "\n" + r["text"]]

    problems = check_files(scifact, recs)
    return quote_check.report(problems + quote_check.check(args.questions, CORPUS, record, "the SciFact record"))


if __name__ == "__main__":
    sys.exit(main())
