"""Check the handbooks set's questions.jsonl against the documents in corpus/ (no index, no
answering), with the checks of ``../quote_check.py`` (whose docstring says what is checked): every
document (XHTML pages, reStructuredText, plain text, a PDF) also against an independent extraction.

    python bench/data/handbooks/check.py [--questions FILE]   # exits 1 and lists the failures
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import quote_check  # noqa: E402

if __name__ == "__main__":
    sys.exit(quote_check.run(__doc__, HERE))
