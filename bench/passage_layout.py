"""Passages before/after a chunking change, passage by passage (issue 26: passages worth ranking).

    PYTHONPATH=<old tree> python bench/passage_layout.py dump old.pkl.gz [--sets seeds,...] [--folder DIR]
    PYTHONPATH=<new tree> python bench/passage_layout.py dump new.pkl.gz [...]
    python bench/passage_layout.py compare old.pkl.gz new.pkl.gz

``dump`` chunks every document of each set (the shared sets, or ``--folder``: any folder, e.g. a
sample of /usr/share/doc) with the code on PYTHONPATH and stores ``(doc, start, end)`` per passage;
``compare`` prints per set: passages before/after, how many of the new ones are not a passage of the
old layout (same document, same span: same text), and the length in characters (median, p99, max).
"""

from __future__ import annotations

import argparse
import gzip
import os
import pickle
import sys
from pathlib import Path

SHARED = Path(os.environ.get("QA_SHARED", "/work/shared"))
SETS = {"seeds": SHARED / "seeds", "squad2": SHARED / "squad2" / "corpus", "manuals": SHARED / "manuals" / "corpus",
        "policyqa": SHARED / "policyqa" / "corpus", "emanual": SHARED / "emanual" / "corpus",
        "scifact": SHARED / "beir" / "scifact" / "corpus.jsonl.gz"}


def dump(out: Path, sets: list[str], folders: list[str]) -> None:
    from qa.corpus import chunk_document, load_corpus

    got = {}
    for name in sets + folders:
        path = SETS.get(name, Path(name))
        rows, texts = [], {}
        for doc in load_corpus(path, on_skip=lambda *a, **k: None):
            texts[doc.id] = doc.text
            rows.extend((doc.id, c.start, c.end, len(c.sentences)) for c in chunk_document(doc))
        got[name] = (rows, texts)
        print(f"{name}: {len(texts)} documents, {len(rows)} passages", file=sys.stderr)
    out.write_bytes(gzip.compress(pickle.dumps(got)))


def _q(values: list[int], q: float) -> int:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0


def compare(old_path: Path, new_path: Path, show: int = 0) -> None:
    old, new = (pickle.loads(gzip.decompress(p.read_bytes())) for p in (old_path, new_path))
    print(f"{'set':<22} {'before':>7} {'after':>7} {'new spans':>9} {'gone':>6}   chars before p50/p99/max"
          f"   after p50/p99/max")
    for name in new:
        if name not in old:
            continue
        (a_rows, a_texts), (b_rows, b_texts) = old[name], new[name]
        a = {(d, s, e) for d, s, e, _ in a_rows if a_texts.get(d) == b_texts.get(d)}
        b = {(d, s, e) for d, s, e, _ in b_rows}
        fresh, gone = b - a, a - b
        la = [e - s for _, s, e, _ in a_rows]
        lb = [e - s for _, s, e, _ in b_rows]
        print(f"{name[-22:]:<22} {len(a_rows):>7} {len(b_rows):>7} {len(fresh):>9} {len(gone):>6}   "
              f"{_q(la, .5):>5}/{_q(la, .99):>5}/{max(la, default=0):>6}   {_q(lb, .5):>5}/{_q(lb, .99):>5}/{max(lb, default=0):>6}")
        for d, s, e, _ in sorted(b_rows, key=lambda r: r[1] - r[2])[:show]:
            print(f"    {e - s:>6} {d}: {b_texts[d][s:e][:160]!r}")


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--sets", default="seeds,squad2,manuals,policyqa,emanual,scifact")
    d.add_argument("--folder", action="append", default=[])
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--show", type=int, default=0, help="print the N longest passages after")
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out, [s for s in args.sets.split(",") if s], args.folder)
    else:
        compare(args.old, args.new, args.show)


if __name__ == "__main__":
    main()
