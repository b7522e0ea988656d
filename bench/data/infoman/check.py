"""Check the infoman set's questions.jsonl against the documents in corpus/ (no index, no
answering), with the checks of ``../quote_check.py`` (whose docstring says what is checked). Its
own: the independent text of an Info file (``coreutils.info.gz``, ``find.info-1.gz``) is the
decompressed file itself with the node separators (^_), the node header lines ("File: …, Node: …"),
the tag table, ``Local Variables`` and makeinfo's ``\\0\\b[index\\0\\b]`` markers removed — not qa's
reading of it (no menus dropped, no paragraphs joined: the whitespace-insensitive comparison makes
line breaks no matter, and quotes hold no cross reference, which qa reads as "See X" where the file
says "*Note X::"); and corpus/ holds exactly ``FILES``, each with its sha256 and, when this machine's
/usr/share/info has the file, byte-for-byte that file (else a note says the installed copies were
not compared).

    python bench/data/infoman/check.py [--questions FILE]   # exits 1 and lists the failures
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import quote_check  # noqa: E402

INSTALLED = Path("/usr/share/info")
# corpus path: (Debian package and version, sha256 of the file as installed)
FILES = {
    "coreutils/coreutils.info.gz": ("coreutils 9.1-1", "cc32748f0f102e679239403b9e1f020dbc5ab2737bca75a3448b9892422420c1"),
    "diffutils/diffutils.info.gz": ("diffutils 1:3.8-4", "fdd60b4b72575375cec726abcb350f01d6aa51424ce7c27562c8ee35980ac990"),
    "ed/ed.info.gz": ("ed 1.19-1", "4f951240e39e9c4ac7e08508ab966abbf2c76177ce8404976efd156e5c7e4831"),
    "findutils/find.info.gz": ("findutils 4.9.0-4", "d86bfa26e8064b18bdf8dca47d758f1233cbe361988ab6e171797b8e7d50bbd0"),
    "findutils/find.info-1.gz": ("findutils 4.9.0-4", "1f0dca32c276f26738af7241bcd43120e0462e9586d11642c8d317fab56e2553"),
    "findutils/find.info-2.gz": ("findutils 4.9.0-4", "8918cc57e596f4dd3e28d6e737a7536865dde4824350477e0658c8329b613e28"),
    "gettext/gettext.info.gz": ("gettext 0.21-12", "e05b21168dac707fb81d10f24e8c9505e701ce335d880c5a53286c15c9a2e0d1"),
    "gzip/gzip.info.gz": ("gzip 1.12-1", "ebdf42fa0e7cb8b9f6e712b4f554bac5c06636fe2160d5404b984c229a4baad8"),
    "readline/rluserman.info.gz": ("readline-common 8.2-1.3", "161d3684da4ce2047c416ef67c935711b353f2479da6769f0dc0a73099795f20"),
    "sed/sed.info.gz": ("sed 4.9-1", "ee8b4b7c5d8ee3b4262c0b4c835b8db1958964398496b6a9bf11bae33123f239"),
    "wget/wget.info.gz": ("wget 1.21.3-1+deb12u1", "0589789f27824baa2c709bbdeca8d69e29c1def55945ab5717220c9653d1258e"),
}
_INFO = re.compile(r"\.info(-\d+)?$")
_MARKER = re.compile(r"\x00\x08\[[^\x00\x08\n]*\x00\x08\]")
_HEADER = re.compile(r"^File:[^\n]*Node:[^\n]*\n")


def info_text(name: str, data: bytes) -> list[str]:
    """An Info file's text without separators, node headers, tag table or index markers; nothing
    for a file of another kind."""
    if not _INFO.search(name):
        return []
    text = _MARKER.sub("", data.decode("utf-8"))
    nodes = []
    for chunk in text.split("\x1f")[1:]:
        body = chunk.lstrip("\n")
        if body.startswith(("Tag Table:", "End Tag Table", "Local Variables:", "Indirect:")):
            continue
        nodes.append(_HEADER.sub("", body, count=1))
    return ["\n".join(nodes)]


def corpus_check(corpus: Path) -> list[str]:
    """corpus/ holds exactly FILES, each with its sha256 (and the installed file's bytes)."""
    return quote_check.pinned_files(corpus, FILES, lambda rel: INSTALLED / Path(rel).name, str(INSTALLED))


if __name__ == "__main__":
    sys.exit(quote_check.run(__doc__, HERE, other=info_text, corpus_check=corpus_check))
