"""Check the techdocs set's questions.jsonl against the documents in corpus/ (no index, no
answering), with the checks of ``../quote_check.py`` (whose docstring says what is checked); its
own: manual pages are also checked against groff's rendering (``-mandoc -Tutf8``, one very long
line, no hyphenation), or, with a note, against qa's reader only when groff is not installed.

    python bench/data/techdocs/check.py [--questions FILE]   # exits 1 and lists the failures
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import quote_check  # noqa: E402


def groff(name: str, data: bytes) -> list[str]:
    """A manual page's text as groff renders it: no line breaks inside paragraphs, no hyphenation,
    no overstriking; nothing for another file, or when groff is missing (then only qa's reader
    checks the quote)."""
    import shutil
    import subprocess

    if not re.search(r"\.\d\w*$", name):  # a manual page (rsync.1, hgignore.5)
        return []
    if not shutil.which("groff"):
        print("note: groff is not installed; manual pages are checked against qa's reader only", file=sys.stderr)
        return []
    out = subprocess.run(
        ["groff", "-t", "-mandoc", "-Tutf8", "-rLL=20000n", "-rHY=0", "-P", "-cbou"],
        input=data, capture_output=True, check=True,
    ).stdout.decode("utf-8")
    return [out]


if __name__ == "__main__":
    sys.exit(quote_check.run(__doc__, HERE, other=groff))
