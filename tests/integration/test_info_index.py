"""A folder of GNU Info manuals (as /usr/share/info holds them) through a whole index: a gzipped
manual and a split one read, answered and cited with exact slices of the produced text in the
node's section; the split manual's list of parts and the "dir" file not read as documents.
Made-up manuals in makeinfo's format; real gzip files."""

from __future__ import annotations

import gzip
import json

from qa.answer import answer

from ..conftest import build_fake, open_fake

HEAD = ("This is {name}, produced by makeinfo version 6.8 from {stem}.texi.\n\n"
        "INFO-DIR-SECTION Pottery\nSTART-INFO-DIR-ENTRY\n* {stem}: ({stem}).   A made-up manual.\n"
        "END-INFO-DIR-ENTRY\n\n")
KILN = HEAD.format(name="kiln.info", stem="kiln") + """\x1f
File: kiln.info,  Node: Top,  Next: Firing,  Up: (dir)

The Harbour Kiln
****************

* Menu:

* Firing::              How to fire it.

\x1f
File: kiln.info,  Node: Firing,  Prev: Top,  Up: Top

1.1 Firing the kiln
===================

   The harbour kiln reaches its working heat after four hours of slow
firing.  *Note Cooling::, for what comes after.

\x1f
Tag Table:
Node: Top\x7f200
\x1f
End Tag Table
"""
PUMP_1 = HEAD.format(name="pump.info", stem="pump") + """\x1f
File: pump.info,  Node: Top,  Next: Oiling,  Up: (dir)

Glimmer Pumps
*************

This manual is about glimmer pumps.

"""
PUMP_2 = HEAD.format(name="pump.info", stem="pump") + """\x1f
File: pump.info,  Node: Oiling,  Prev: Top,  Up: Top

2 Oiling
********

The glimmer pump must be oiled every third Tuesday by the harbour crew.

"""
PUMP = HEAD.format(name="pump.info", stem="pump") + "\x1f\nIndirect:\npump.info-1: 200\npump.info-2: 400\n"


def _corpus(tmp_path):
    corpus = tmp_path / "info"
    corpus.mkdir()
    for name, text in (("kiln.info.gz", KILN), ("pump.info-1.gz", PUMP_1), ("pump.info-2.gz", PUMP_2),
                       ("pump.info.gz", PUMP)):
        (corpus / name).write_bytes(gzip.compress(text.encode(), mtime=0))
    (corpus / "dir").write_text("File: dir\tNode: Top\tThis is the top of the INFO tree\n\n* Menu:\n")
    return corpus


def test_info_manuals_are_indexed_answered_and_cited_in_their_node(tmp_path, run_cli):
    corpus = _corpus(tmp_path)
    report, _ = build_fake(corpus, tmp_path / "i")
    assert report.documents == 3
    assert {s.path: s.kind for s in report.skipped} == {"pump.info.gz": "stub", "dir": "unsupported"}
    idx = open_fake(tmp_path / "i")
    for question, doc, section, words in (
            ("When does the harbour kiln reach its working heat?", "kiln.info.gz", "1.1 Firing the kiln",
             "four hours of slow firing"),
            ("How often must the glimmer pump be oiled?", "pump.info-2.gz", "2 Oiling", "every third Tuesday")):
        result = answer(idx, question)
        first = result.citations[0]
        assert first.doc == doc and first.section == section and words in first.text, question
        for c in result.citations:
            text = idx.doc_text(idx.docs.position[c.doc])
            assert text[c.start:c.end] == c.text and text[c.passage_start:c.passage_end] == c.passage
            assert "\x1f" not in c.passage and "Node:" not in c.passage

    code, out, _ = run_cli("docs", "--index-dir", str(tmp_path / "i"), "--json")
    docs = {d["id"]: d for d in json.loads(out)["documents"]}
    assert code == 0 and {i: (d["format"], d["title"]) for i, d in docs.items()} == {
        "kiln.info.gz": ("Info manual", "The Harbour Kiln"),
        "pump.info-1.gz": ("Info manual", "Glimmer Pumps"),
        "pump.info-2.gz": ("Info manual", "pump: A made-up manual (part 2)")}
