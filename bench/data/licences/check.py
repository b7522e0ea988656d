"""Check the licences set's questions.jsonl against the documents in corpus/ (no index, no
answering), with the checks of ``../quote_check.py`` (whose docstring says what is checked); its
own: a file of no format the shared extraction knows (the licence texts kept under their Debian
names without a suffix, ``licenses/GPL-3``, ``licenses/MPL-1.1``, and the manual pages' roff
source) is plain text to the independent extraction, as to qa, and every file in corpus/ must be
one that ``qa index`` reads (``qa.corpus.readers.supported``), not only one ``read_file`` reads.

    python bench/data/licences/check.py [--questions FILE]   # exits 1 and lists the failures
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import quote_check  # noqa: E402


def indexed(corpus: Path) -> list[str]:
    """Every document must be one that `qa index` reads, not only one read_file can read when asked."""
    from qa.corpus.readers import supported

    return [f"{p.relative_to(corpus)}: qa index would skip it (unsupported name)"
            for p in sorted(corpus.rglob("*")) if p.is_file() and not supported(p)]


if __name__ == "__main__":
    sys.exit(quote_check.run(__doc__, HERE, other=quote_check.plain_text, corpus_check=indexed))
