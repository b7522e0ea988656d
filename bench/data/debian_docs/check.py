"""Check the debian_docs set's questions.jsonl against the documents in corpus/ (no index, no
answering), with the checks of ``../quote_check.py`` (whose docstring says what is checked): HTML,
Markdown, reStructuredText, plain text and PDF documents also against an independent extraction,
manual pages by qa's roff reader only (when the set was made there was no second roff reader here).

    python bench/data/debian_docs/check.py [--questions FILE]   # exits 1 and lists the failures
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import quote_check  # noqa: E402

if __name__ == "__main__":
    sys.exit(quote_check.run(__doc__, HERE))
