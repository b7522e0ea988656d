"""Check the news set's questions.jsonl against the documents in corpus/ (no index, no answering),
with the checks of ``../quote_check.py`` (whose docstring says what is checked); its own: each
document is corpus/<nnn>.txt, made from line <nnn> (1-based) of the Lee background corpus
``lee_background.cor`` (one ABC news article a line, from gensim 4.4.0's wheel), holding exactly
that line's text and a newline. So the independent text of a quote is the raw line itself (read
from the source file, not from corpus/); every corpus file must be byte-for-byte its line plus a
newline (so no document was edited), the files must be exactly the lines ``build.py`` chooses, and
the source file must be the one the set was built from (sha256). The source defaults to
$QA_BENCH_LEE or /tmp/gensim_x/gensim/test/test_data/lee_background.cor (unzip gensim's wheel; sha256
in README.md); without it (a fresh clone) the quotes are checked in qa's text and in the corpus files as written.

    python bench/data/news/check.py [--questions FILE] [path/to/lee_background.cor]   # exits 1 and lists the failures
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import build  # noqa: E402
import quote_check  # noqa: E402

CORPUS = HERE / "corpus"
LEE = Path(os.environ.get("QA_BENCH_LEE", "/tmp/gensim_x/gensim/test/test_data/lee_background.cor"))
LEE_SHA256 = "5d78d6dafd953bbf65797bef09a9ffb9ec430583381be705f8fd460000f370fb"


def check_files(lee: Path, lines: list[str]) -> list[str]:
    """The source is the set's, corpus/ holds exactly build.py's lines, each byte-for-byte."""
    problems = []
    if hashlib.sha256(lee.read_bytes()).hexdigest() != LEE_SHA256:
        problems.append(f"{lee}: not the lee_background.cor this set was built from")
    want = {f"{n:03d}.txt" for n in build.chosen(len(lines))}
    have = {p.name for p in CORPUS.glob("*.txt")}
    problems += [f"{name}: missing from corpus/" for name in sorted(want - have)]
    problems += [f"{name}: not one of build.py's lines" for name in sorted(have - want)]
    for name in sorted(want & have):
        if (CORPUS / name).read_bytes() != (lines[int(name[:3]) - 1] + "\n").encode("utf-8"):
            problems.append(f"{name}: not byte-for-byte its line of lee_background.cor")
    return problems


def main() -> int:
    parser = quote_check.arguments(__doc__, HERE)
    parser.add_argument("lee", nargs="?", type=Path, default=LEE,
                        help="gensim's lee_background.cor (default: %(default)s)")
    args = parser.parse_args()
    if not args.lee.is_file():  # a fresh clone: qa's text is still checked, against the corpus file as written
        print(f"note: {args.lee} not found: the corpus files are checked as they are, not against the Lee corpus "
              "(give its path, or $QA_BENCH_LEE)", file=sys.stderr)
        as_written = lambda path: [path.read_text(encoding="utf-8")] if path.is_file() else None  # noqa: E731
        return quote_check.report(quote_check.check(args.questions, CORPUS, as_written, "the corpus file"))
    lines = build.lines(args.lee)

    def line(path: Path) -> list[str] | None:  # None: no such line, so no such document
        stem = path.stem
        if not (stem.isdigit() and 1 <= int(stem) <= len(lines)):
            return None
        return [lines[int(stem) - 1]]

    problems = check_files(args.lee, lines)
    return quote_check.report(problems + quote_check.check(args.questions, CORPUS, line, "the Lee corpus line"))


if __name__ == "__main__":
    sys.exit(main())
