"""Check the vignettes set's questions.jsonl against the PDFs in corpus/ (no index, no answering),
with the checks of ``../quote_check.py`` (whose docstring says what is checked): every quote in qa's
text and in pypdfium2's page text, on the stated 1-based physical page, where qa also places it.
Its own: corpus/ holds exactly ``FILES``, each with its sha256 and, when this machine has the Debian
package installed (``/usr/lib/R/site-library/<package>/doc/``), byte-for-byte the installed file
(else a note says the installed copies were not compared).

    python bench/data/vignettes/check.py [--questions FILE]   # exits 1 and lists the failures
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import quote_check  # noqa: E402

INSTALLED = Path("/usr/lib/R/site-library")
# corpus path: (Debian 12 package and version it was extracted from, sha256 of the file)
FILES = {
    "coin/Implementation.pdf": ("r-cran-coin 1.4-2-1+b1", "abfc4f61cb2b75bfa3b963f89a7eea1bc345d033f201d82c5f5d8ae79c1d82b5"),
    "flexmix/flexmix-intro.pdf": ("r-cran-flexmix 2.3-18-1", "df4ce7cb00ab723134b2d8b9f34168cf7e6a8705bfefef3b6524230270172469"),
    "flexmix/mixture-regressions.pdf": ("r-cran-flexmix 2.3-18-1", "84dcf5c676716a9c76526bab96edba5c3cb9a6fe5f4fa9fbe7f27addf9087aaa"),
    "lme4/Theory.pdf": ("r-cran-lme4 1.1-31-1", "4a516509401c2f9d5e088d5b0f76d4d058d9843e586baa6f7b36488509487200"),
    "multcomp/generalsiminf.pdf": ("r-cran-multcomp 1.4-22-1", "261ba9e67d6b237891ccd8338f8b3e28b31f51b78b4fbe1fa5b392f998bef5e2"),
    "party/MOB.pdf": ("r-cran-party 1.3-11-1", "e513d3a843555becac92adb7ee39d49cc24f0fdc8cc1a0a1b5ebef5f6dc7c6de"),
    "partykit/ctree.pdf": ("r-cran-partykit 1.2-16-1", "5763d9a1d4653a4cef64c04a8cf6bf1dc9d47c1709b1bef122317be83b3129d0"),
    "pscl/countreg.pdf": ("r-cran-pscl 1.5.5-1+b1", "8ff9cb8331837ff2d21c4a840efbe4e5bdc10a1008edc0c39b8ba47d145cea04"),
    "quantreg/rq.pdf": ("r-cran-quantreg 5.94-1", "7cced1efe41449cf450b24b9eff5974b83f0a56eb5a40ad58b7d8247993afa3b"),
    "sandwich/sandwich-CL.pdf": ("r-cran-sandwich 3.0-2-1", "f3a765482a629c8c9369020d13632ec5c37520df17e22266eb9e2928270e94bb"),
    "sandwich/sandwich.pdf": ("r-cran-sandwich 3.0-2-1", "ab762c22ff2d6b0c26e6e642171f116a11ec4dcfe58821148bdf41856f293a1b"),
    "strucchange/strucchange-intro.pdf": ("r-cran-strucchange 1.5-3-1", "56587481ea07ff51645290c24e328d4461656bcbf19d6e9426056e7559a4a198"),
    "vcd/residual-shadings.pdf": ("r-cran-vcd 1:1.4-11-1", "936f618b11c4bb4948246079649df8a6786a9146721f70784e9b5c154fbd9051"),
    "zoo/zoo.pdf": ("r-cran-zoo 1.8-11-1", "fd63de7b0dc3122272339ff49e6ceeb47ea71a89a9cb5b7c411c78a7d6c8c332"),
}


def corpus_check(corpus: Path) -> list[str]:
    """corpus/ holds exactly FILES, each with its sha256 (and the installed file's bytes)."""
    return quote_check.pinned_files(corpus, FILES, lambda rel: INSTALLED / rel.split("/")[0] / "doc" / rel.split("/")[1], str(INSTALLED))


if __name__ == "__main__":
    sys.exit(quote_check.run(__doc__, HERE, corpus_check=corpus_check))
