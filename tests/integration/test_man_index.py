"""A folder of manual pages (as /usr/share/man holds them) through a whole index: plain and gzipped
pages read, answered and cited with exact slices of the produced text in the right section; link
pages and files only named like pages skipped.  Made-up pages; real gzip files."""

from __future__ import annotations

import gzip
import json

from qa.answer import answer

from ..conftest import build_fake, open_fake

KILN = r""".\" A made-up page.
.TH KILN 8 "March 2025" "kiln 3.0" "System Administration"
.SH NAME
kiln \- fire the harbour kiln
.SH SYNOPSIS
.B kiln
[\fB\-\-slow\fR] \fIHOURS\fR
.SH DESCRIPTION
.B kiln
heats the harbour kiln for the number of hours given.
The kiln reaches its working heat after four hours of slow firing.
.SH OPTIONS
.TP
.BR \-s ", " \-\-slow
Fire the kiln slowly, so the glaze of the \fBamber pots\fP never cracks.
.SH EXAMPLES
.nf
kiln \-\-slow 4
.fi
"""
PUMP = r""".TH QUORP 1 2025 "quorp 2.1"
.SH NAME
quorp \- pump glimmer oil
.SH DESCRIPTION
The \fIglimmer pump\fR must be oiled every third Tuesday by the harbour crew.
"""


def _corpus(tmp_path):
    corpus = tmp_path / "man"
    (corpus / "man1").mkdir(parents=True)
    (corpus / "man8").mkdir()
    (corpus / "man8" / "kiln.8").write_text(KILN, encoding="utf-8")
    (corpus / "man1" / "quorp.1.gz").write_bytes(gzip.compress(PUMP.encode(), mtime=0))
    (corpus / "man1" / "pump.1.gz").write_bytes(gzip.compress(b".so man1/quorp.1\n", mtime=0))
    (corpus / "notes.1").write_text("Monday: the ferry was late again.\n", encoding="utf-8")
    return corpus


def test_man_pages_are_indexed_answered_and_cited_in_their_section(tmp_path, run_cli):
    corpus = _corpus(tmp_path)
    report, _ = build_fake(corpus, tmp_path / "i")
    assert report.documents == 2
    assert {s.path: s.kind for s in report.skipped} == {"man1/pump.1.gz": "stub", "notes.1": "unsupported"}
    idx = open_fake(tmp_path / "i")
    for question, doc, section, words in (
            ("When does the kiln reach its working heat?", "man8/kiln.8", "DESCRIPTION", "four hours of slow firing"),
            ("Why fire the kiln slowly?", "man8/kiln.8", "OPTIONS", "glaze of the amber pots never cracks"),
            ("How often must the glimmer pump be oiled?", "man1/quorp.1.gz", "DESCRIPTION", "every third Tuesday")):
        result = answer(idx, question)
        first = result.citations[0]
        assert first.doc == doc and first.section == section and words in first.text, question
        for c in result.citations:
            text = idx.doc_text(idx.docs.position[c.doc])
            assert text[c.start:c.end] == c.text and text[c.passage_start:c.passage_end] == c.passage
            assert "\\f" not in c.passage

    code, out, _ = run_cli("docs", "--index-dir", str(tmp_path / "i"), "--json")
    docs = {d["id"]: d for d in json.loads(out)["documents"]}
    assert code == 0 and {i: (d["format"], d["title"]) for i, d in docs.items()} == {
        "man8/kiln.8": ("manual page", "kiln - fire the harbour kiln"),
        "man1/quorp.1.gz": ("manual page", "quorp - pump glimmer oil")}
