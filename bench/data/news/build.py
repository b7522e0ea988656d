"""Rebuild the news set's corpus/ from gensim's Lee background corpus (``lee_background.cor``, one
ABC news article a line, as shipped in gensim 4.4.0's wheel under ``gensim/test/test_data/``).

    python bench/data/news/build.py path/to/lee_background.cor    # into an empty corpus/

90 of the 299 lines, chosen with ``random.Random(18).sample(range(299), 90)``; line n (1-based) is
written to ``corpus/<nnn>.txt`` holding exactly that line's text and a newline (UTF-8, no title, no
other change).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
COUNT = 90
SEED = 18


def lines(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8")
    out = text.split("\n")
    if out and out[-1] == "":
        out.pop()
    return out


def chosen(n_lines: int) -> list[int]:
    """The 1-based line numbers taken, sorted."""
    return sorted(i + 1 for i in random.Random(SEED).sample(range(n_lines), COUNT))


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    arts = lines(Path(sys.argv[1]))
    CORPUS.mkdir(exist_ok=True)
    for n in chosen(len(arts)):
        (CORPUS / f"{n:03d}.txt").write_bytes((arts[n - 1] + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
