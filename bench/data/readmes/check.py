"""Check the readmes set's questions.jsonl against the documents in corpus/ (no index, no
answering), with the checks of ``../quote_check.py`` (whose docstring says what is checked): Markdown
quotes also against markdown-it's rendering, reStructuredText ones against docutils' plain text.
Its own: each document is corpus/<package>/README.md or README.rst, the body of an installed wheel's
``*.dist-info/METADATA`` (everything after the header block's blank line), byte-for-byte, for
exactly the packages and versions of ``build.py``'s ``PACKAGES``; when the site-packages folder
(default: the running Python's, or the one given) holds those versions, every corpus file is checked
against its METADATA, else (another environment) with a note the quotes are checked in the corpus
files as written.

    python bench/data/readmes/check.py [--questions FILE] [--site-packages DIR]   # exits 1 and lists the failures
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import build  # noqa: E402
import quote_check  # noqa: E402


def check_files(corpus: Path, site: Path) -> list[str]:
    """corpus/ holds exactly build.py's READMEs, each byte-for-byte its METADATA's body."""
    want = {f"{name}/README.{suffix}" for name, _, suffix in build.PACKAGES}
    have = {str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.is_file()}
    problems = [f"{rel}: missing from corpus/" for rel in sorted(want - have)]
    problems += [f"{rel}: not one of build.py's packages" for rel in sorted(have - want)]
    try:
        bodies = build.readmes(site)
    except ValueError as e:
        print(f"note: {e}: the corpus files are checked as they are, not against their METADATA", file=sys.stderr)
        return problems
    for rel in sorted(want & have):
        if (corpus / rel).read_bytes() != bodies[rel]:
            problems.append(f"{rel}: not byte-for-byte the body of its package's METADATA")
    return problems


def main() -> int:
    parser = quote_check.arguments(__doc__, HERE)
    parser.add_argument("--site-packages", type=Path, default=Path(sysconfig.get_paths()["purelib"]),
                        help="where the packages' *.dist-info/METADATA are (default: %(default)s)")
    args = parser.parse_args()
    corpus = HERE / "corpus"
    problems = check_files(corpus, args.site_packages)
    return quote_check.report(problems + quote_check.check(args.questions, corpus))


if __name__ == "__main__":
    sys.exit(main())
