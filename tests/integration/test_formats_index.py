"""The new formats through a whole index: exact citation slices, slides on citations, formats in ``qa docs``."""

from __future__ import annotations

import json

from qa.answer import Citation, answer

from ..conftest import build_fake, open_fake
from ..mail_files import make_message
from ..unit.test_formats_more import RST, make_epub, make_odt, make_pptx


def _corpus(tmp_path):
    import mailbox

    corpus = tmp_path / "c"
    corpus.mkdir()
    make_epub(corpus / "book.epub", [("c1", "Arrival", ["Mara arrived on the island in early spring."]),
                                     ("c2", "The Storm", ["The storm reached the island at midnight."])])
    make_odt(corpus / "notes.odt")
    make_pptx(corpus / "deck.pptx")
    (corpus / "guide.rst").write_text(RST, encoding="utf-8")
    (corpus / "roof.eml").write_bytes(bytes(make_message("Roof repair", "The roofers start on Monday.\n")))
    box = mailbox.mbox(str(corpus / "inbox.mbox"))
    box.add(make_message("Boiler", "The boiler was serviced in May.\n"))
    box.add(make_message("Keys", "Keys are with the neighbour.\n"))
    box.flush()
    box.close()
    return corpus


def test_every_format_answers_with_exact_slices_and_slides(tmp_path, run_cli):
    corpus = _corpus(tmp_path)
    report, _ = build_fake(corpus, tmp_path / "i")
    assert report.documents == 7 and not report.skipped
    idx = open_fake(tmp_path / "i")
    questions = {"When did Mara arrive on the island?": "book.epub", "How much did the river rise?": "notes.odt",
                 "Who should we hire?": "deck.pptx", "How do I run the installer?": "guide.rst",
                 "When do the roofers start?": "roof.eml", "Where are the keys?": "inbox.mbox#2"}
    for question, doc in questions.items():
        result = answer(idx, question)
        assert result.citations, question
        assert doc in {c.doc for c in result.citations} | {h.chunk.doc for h in result.hits}, question
        for c in result.citations:
            text = idx.doc_text(idx.docs.position[c.doc])
            assert text[c.start:c.end] == c.text and text[c.passage_start:c.passage_end] == c.passage
            meta = idx.docs.meta[idx.docs.position[c.doc]]
            assert c.slide == meta.slide_at(c.start) and (c.slide is not None) == (c.doc == "deck.pptx")
    deck = idx.doc_text(idx.docs.position["deck.pptx"])
    at = deck.index("Hire two engineers.")
    [located] = idx.locate([Citation(1, "deck.pptx", "", at, at + 19, "Hire two engineers.", 1.0, 0, 0, "")])
    assert located.slide == 3 and located.section == "Slide 3: Next Steps"
    assert answer(idx, "Who should we hire?").to_dict()["citations"][0].keys() >= {"slide", "page", "section"}

    code, out, _ = run_cli("docs", "--index-dir", str(tmp_path / "i"), "--json")
    docs = {d["id"]: d for d in json.loads(out)["documents"]}
    assert {i: d["format"] for i, d in docs.items()} == {
        "book.epub": "EPUB", "deck.pptx": "PowerPoint", "guide.rst": "reStructuredText", "inbox.mbox#1": "mailbox",
        "inbox.mbox#2": "mailbox", "notes.odt": "OpenDocument", "roof.eml": "e-mail"}
    assert docs["deck.pptx"]["slides"] == 3 and docs["book.epub"]["slides"] is None
    code, out, _ = run_cli("docs", "--index-dir", str(tmp_path / "i"))
    assert code == 0 and "deck.pptx\tBudget Review\tPowerPoint\t" in out and "\t3 slides" in out
