"""A document's format is the one its reader read it as (``Document.format``), not its name's word
again: a licence named like a manual page ("FOO-2.1") that holds no roff is plain text, and is
chunked as plain text.  Made-up texts."""

from __future__ import annotations

import gzip

import pytest

from qa.corpus import Document, chunk_document, format_of, read_corpus
from qa.corpus.chunking import document_units

from .test_man_pages import QUORP

# lines of many lengths (not hard-wrapped), one long line stopping mid-sentence: plain text joins it
# to the line that goes on with it, other formats keep them apart (``paragraphs.paragraph_spans``)
LICENCE = """The Orchard Keepers' Sharing Licence, version 2.1.
Everyone may copy this licence.
Changing it is not allowed.
A keeper who tends a tree from the shared nursery may pass its cuttings on to a neighbour without asking first, and
the neighbour may do the same for the next gardener down the lane.
A keeper who sells cuttings tells the buyer where the tree came from.
Every cutting carries the same freedoms it came with.
No keeper may add a condition that takes one of them away.
The nursery keeps a ledger of every tree it has grown.
Disputes go to the autumn meeting of the keepers.
The meeting decides by a show of hands.
This licence ends when the last tree of the nursery is felled.
"""


def units(doc: Document) -> list[list[tuple[int, int]]]:
    return document_units(doc)


@pytest.fixture(params=["reader process", "in process"])
def where(request, monkeypatch):
    """Parsed formats (a manual page's name) are read in a reader process: the format comes back too."""
    if request.param == "in process":
        monkeypatch.setenv("QA_READ_IN_PROCESS", "1")
    return request.param


def test_a_versioned_name_holding_prose_is_read_and_chunked_as_plain_text(tmp_path, where):
    (tmp_path / "FOO-2.1").write_text(LICENCE, encoding="utf-8")
    (tmp_path / "foo.txt").write_text(LICENCE, encoding="utf-8")
    (tmp_path / "BAR-1.1.gz").write_bytes(gzip.compress(LICENCE.encode()))
    docs = {d.id: d for d in read_corpus(tmp_path)}
    assert format_of(str(tmp_path / "FOO-2.1")) == "manual page"  # what the name alone says
    assert docs["FOO-2.1"].format == docs["BAR-1.1.gz"].format == docs["foo.txt"].format == "text"
    assert docs["FOO-2.1"].text == docs["foo.txt"].text
    plain = units(docs["foo.txt"])
    assert units(docs["FOO-2.1"]) == units(docs["BAR-1.1.gz"]) == plain
    as_page = split_as(docs["FOO-2.1"], "manual page")
    assert sum(map(len, as_page)) == sum(map(len, plain)) + 1  # the text tells them apart
    chunks = [(c.start, c.end, c.sentences) for c in chunk_document(docs["foo.txt"])]
    assert [(c.start, c.end, c.sentences) for c in chunk_document(docs["FOO-2.1"])] == chunks


def split_as(doc: Document, format_: str):
    from dataclasses import replace

    return units(replace(doc, format=format_))


def test_a_real_manual_page_is_still_a_manual_page(tmp_path, where):
    (tmp_path / "quorp.1").write_text(QUORP, encoding="utf-8")
    (tmp_path / "QUORP-2.1").write_text(QUORP, encoding="utf-8")  # versioned name, roff inside
    docs = {d.id: d for d in read_corpus(tmp_path)}
    assert docs["quorp.1"].format == docs["QUORP-2.1"].format == "manual page"
    assert docs["quorp.1"].sections


def test_every_reader_says_what_it_read(tmp_path):
    (tmp_path / "notes.md").write_text("# Pumps\n\nThe glimmer pump runs in winter.\n", encoding="utf-8")
    (tmp_path / "README").write_text("The quorp engine hums at night.\n", encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text('{"_id": "r1", "title": "Row", "text": "A row of the file."}\n',
                                         encoding="utf-8")
    docs = {d.id: d for d in read_corpus(tmp_path)}
    assert {i: d.format for i, d in docs.items()} == {"notes.md": "Markdown", "README": "text", "r1": "JSON Lines"}


def test_a_document_made_without_a_reader_has_its_names_word():
    assert Document("a", "", "x", "/c/guide.html").format == "HTML"
    assert Document("a", "", "x", "/c/rows.jsonl:3").format == "JSON Lines"
    assert Document("a", "", "x", "/c/LGPL-2.1", format="text").format == "text"


def test_a_cluster_worker_chunks_a_shipped_document_as_a_local_build_does(tmp_path):
    """``--cluster-files ship``: the client sends what the chunking reads, its sections and format
    too (before: neither, so a Markdown file's headings did not open passages and every
    document was chunked as plain text)."""
    pytest.importorskip("distributed")
    from dataclasses import replace

    from qa.index.cluster.tasks import shipped

    rules = "\n\n".join(f"Rule {i}: keep the {w} dry." for i, w in enumerate("valve pipe barrel lid gauge crank".split()))
    steps = " ".join(f"Step {i} of the glimmer pump's winter service is done by hand." for i in range(4))
    code = ("```\nthe pump keeper opens the brass valve on the northern side of the engine and\n"
            "then waits for the oil to warm before the first barrel goes in\n```")
    (tmp_path / "pump.md").write_text(f"# Winter\n\n{rules}\n\n{steps}\n\n## What the pump needs in spring, and why "
                                      f"it rests.\n\n{steps}\n\n{code}\n\nThe pump rests in spring.\n", encoding="utf-8")
    (tmp_path / "FOO-2.1").write_text(LICENCE, encoding="utf-8")
    docs = {d.id: d for d in read_corpus(tmp_path)}
    md = docs["pump.md"]
    for other in (replace(md, sections=()), replace(md, format="text")):  # each one tells them apart here
        assert spans(other) != spans(md)
    for doc in docs.values():
        again, _was = shipped(doc)
        assert again.format == doc.format and again.sections == doc.sections
        assert spans(again) == spans(doc), doc.id


def spans(doc: Document) -> list:
    return [(c.start, c.end, c.sentences) for c in chunk_document(doc)]
