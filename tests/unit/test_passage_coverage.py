"""Every non-blank stretch of a document's text lies in some passage (session 18: a copyright line
of its own was furniture and in no passage, so who holds the rights could not be cited); made-up text."""

from __future__ import annotations

from qa.corpus.chunking import ChunkingConfig, chunk_document
from qa.corpus.markdown import read_markdown
from qa.corpus.readers import Document


def _uncovered(doc: Document) -> list[str]:
    covered = [False] * len(doc.text)
    for c in chunk_document(doc, ChunkingConfig()):
        covered[c.start:c.end] = [True] * (c.end - c.start)
    out, run = [], []
    for ch, ok in zip(doc.text, covered):
        if ok:
            if "".join(run).strip():
                out.append("".join(run).strip())
            run = []
        else:
            run.append(ch)
    if "".join(run).strip():
        out.append("".join(run).strip())
    return out


def test_a_bold_copyright_line_of_its_own_is_in_a_passage():
    source = ("**This tool is offered under two licences, the Walnut Licence and the Pine Licence.**\n\n"
              "# Walnut Licence\n**Copyright (c) 2031 Orla Quince. All rights reserved.**\n\n"
              "Developed by: Orla Quince, at the Lantern Workshop in the old mill by the river.\n\n"
              "Permission is granted to anyone to use this tool for any purpose, including commercial use.\n")
    ex = read_markdown(source)
    doc = Document("l.md", "", ex.text, "l.md", sections=ex.sections)
    assert "Copyright (c) 2031 Orla Quince. All rights reserved." in ex.text
    assert _uncovered(doc) == []
    assert any("Orla Quince. All rights reserved." in c.text for c in chunk_document(doc))


def test_copyright_lines_in_plain_text_are_in_a_passage():
    text = ("The Acorn Font Licence covers the three typefaces drawn for the harbour signs.\n\nCopyright (C) 2030 Birch Type Foundry.\n\nAll rights reserved.\n\n"
            "Permission is hereby granted to embed the fonts in documents of any kind whatsoever.\n")
    doc = Document("f.txt", "", text, "f.txt", format="text")
    assert _uncovered(doc) == []


def test_identifier_lines_are_in_a_passage_and_a_slug_is_not():
    text = ("The folding library reports what went wrong through its return values, listed here.\n\n"
            "Possible return values:\n\nFOLD_PARAM_ERROR\n\nif the sheet is missing or torn\n\nFOLD_OK\n\notherwise\n\n"
            "Allowable next actions:\n\nfold-crease-down\n\n"
            "After launching, the boats drift with the current toward the old mill by the river.\n\n"
            "paper-boats-launch-20-12-31\n")
    doc = Document("f.txt", "", text, "f.txt", format="text")
    assert _uncovered(doc) == ["paper-boats-launch-20-12-31"]  # a web page's slug: still furniture


def test_a_paragraph_that_opens_like_furniture_is_text():
    text = ("The Lantern Workshop explains here how it handles what visitors tell it.\n\n"
            "Cookies We use small cookies to remember which paper boat patterns a visitor has opened, and "
            "nothing else.\n\nCookie settings\n\n"
            "Visitors may ask the workshop to forget them at any time by writing to the mill.\n")
    doc = Document("p.txt", "", text, "p.txt", format="text")
    assert _uncovered(doc) == ["Cookie settings"]
