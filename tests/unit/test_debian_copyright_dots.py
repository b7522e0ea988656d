"""A Debian machine-readable copyright file (DEP-5) writes a blank line inside a field as " .": a
paragraph break, never a paragraph or the tail of a sentence (session 18); made-up text.  The
document text keeps the "." (every citation an exact slice of it)."""

from __future__ import annotations

from qa.corpus.chunking import chunk_document
from qa.corpus.paragraphs import paragraph_spans
from qa.corpus.readers import Document

COPYRIGHT = ("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
             "Upstream-Name: quillpack\n\n"
             "Files: *\n"
             "Copyright: 2031 Orla Quince and the other people who folded the first paper boats\n"
             " .\n"
             " The boats may be sailed on any pond, lake or harbour without asking first.\n"
             " .\n"
             " Folding instructions are kept in the workshop by the old mill on the river.\n"
             "License: Pond-1\n")


def test_a_dot_line_is_a_paragraph_break():
    for join in (True, False):
        spans = [COPYRIGHT[s:e] for s, e in paragraph_spans(COPYRIGHT, join, True)]
        assert all(p.strip() != "." and "\n ." not in p for p in spans)
        assert "The boats may be sailed on any pond, lake or harbour without asking first." in spans


def test_no_sentence_holds_a_dot_line_and_citations_are_slices():
    doc = Document("copyright", "", COPYRIGHT, "copyright", format="text")
    for c in chunk_document(doc):
        assert c.text == COPYRIGHT[c.start:c.end]
        for s, e in c.sentences:
            assert COPYRIGHT[s:e].strip() != "." and "\n ." not in COPYRIGHT[s:e]
