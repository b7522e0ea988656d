"""Text in a document that no passage covers: every non-blank stretch of a document's text should lie
in some passage (an answer there could never be cited), except what is skipped on purpose: entries
of a reference list (``units.is_reference``) and page furniture (``chunking.is_junk``: "Add new comment").

    python bench/passage_coverage.py bench/data/*/corpus /usr/share/doc [--show N]

Prints, per corpus, the documents read, those with uncovered text (stretches with a word of two
letters or more), and the stretches by kind; ``--show`` prints that many uncovered stretches.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa.corpus import units  # noqa: E402
from qa.corpus.chunking import LEADER, chunk_document, is_junk  # noqa: E402
from qa.corpus.readers import load_corpus  # noqa: E402

_WORD = re.compile(r"[^\W\d_]{2,}")
KINDS = (".md", ".markdown", ".html", ".htm", ".txt", ".rst", ".md.gz", ".txt.gz")


def uncovered(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The non-blank stretches of ``text`` outside every span, each trimmed of whitespace."""
    out, at = [], 0
    for s, e in sorted(spans) + [(len(text), len(text))]:
        if s > at:
            piece = text[at:s]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((at + lead, at + len(piece.rstrip())))
        at = max(at, e)
    return out


def kind_of(text: str, span: tuple[int, int]) -> str:
    """Why a stretch is in no passage, as far as a line of it tells: a reference list, furniture, or not known."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", text[span[0]:span[1]]) if p.strip()]
    before = text[:span[0]]
    heads = [p for p in re.split(r"\n\s*\n", before)[-400:] if units.is_references_heading(p)]
    if heads or all(units.is_reference(p) for p in paras):
        return "reference list"
    if all(is_junk(p) for p in paras):
        return "furniture (is_junk)"
    if not any(_WORD.search(p) for p in paras):
        return "no words"
    if sum(bool(LEADER.search(ln)) for ln in text[span[0]:span[1]].splitlines()) >= 3:
        return "contents lines"
    return "text"


def wanted(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(KINDS) or ("." not in name and not name.endswith(".gz"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--all", action="store_true", help="every file qa reads, not Markdown/HTML/text only")
    args = ap.parse_args()
    os.environ.setdefault("QA_READ_IN_PROCESS", "1")
    shown = 0
    for corpus in args.corpora:
        docs = bad = junk = 0
        kinds: Counter = Counter()
        for doc in load_corpus(corpus):
            if not args.all and not wanted(Path(doc.source)):
                continue
            docs += 1
            gaps = [g for g in uncovered(doc.text, [(c.start, c.end) for c in chunk_document(doc)])
                    if _WORD.search(doc.text[g[0]:g[1]])]
            found = Counter(kind_of(doc.text, g) for g in gaps)
            kinds.update(found)
            if found["text"]:
                bad += 1
            if found["text"] or found["furniture (is_junk)"]:
                junk += 1
            for g in gaps:
                if shown < args.show:
                    shown += 1
                    print(f"  [{kind_of(doc.text, g)}] {doc.id} {g[0]}-{g[1]}: {doc.text[g[0]:g[1]][:120]!r}")
        print(f"{corpus}: {docs} documents, {bad} with uncovered text, {junk} with it or furniture; stretches: {dict(kinds)}", flush=True)


if __name__ == "__main__":
    main()
