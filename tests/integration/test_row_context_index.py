"""Issue 28 through an index: a table row's header row travels beside the row (citation, ``--json``,
/search) and is read by BM25 with a long table's later passages; the cited text stays the row."""

from __future__ import annotations

import json

from qa.answer import Citation, answer
from qa.serve.service import search

from ..conftest import build_fake, open_fake

ROWS = [("ferrule", "clamps the quorp hose to the pump"), ("grommet", "seals the glimmer port"),
        ("sprocket", "drives the winch chain"), ("bushing", "lines the rudder bearing"),
        ("cotter pin", "locks the propeller nut"), ("shackle", "joins the anchor chain"),
        ("cleat", "holds the mooring line"), ("thimble", "protects the rope eye"),
        ("turnbuckle", "tensions the stay wire"), ("gudgeon", "carries the rudder pintle"),
        ("bilge pump", "empties the hull of water"), ("fairlead", "guides the sheet to the winch"),
        ("windlass", "hauls the anchor aboard"), ("stanchion", "holds up the guard rail"),
        ("painter", "ties the dinghy to the stern"), ("chock", "stops the keel from sliding")]


def _corpus(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    table = "\n".join(f"| {part} | {use} |" for part, use in ROWS)
    (corpus / "parts.md").write_text(
        "# Boat parts\n\nEvery part aboard the barge and its purpose, as the yard lists them.\n\n"
        f"| Fitting | Purpose |\n|---|---|\n{table}\n\nThe yard checks them each spring.\n", encoding="utf-8")
    (corpus / "other.txt").write_text("The harbour master keeps a log of every barge that enters.\n"
                                      "Tides are posted at the quay each morning.\n", encoding="utf-8")
    return corpus


def _indexed(tmp_path):
    """The made-up corpus indexed with the fake embedder: (corpus, index, parts.md's position, its text)."""
    corpus = _corpus(tmp_path)
    build_fake(corpus, tmp_path / "i")
    idx = open_fake(tmp_path / "i")
    pos = idx.docs.position["parts.md"]
    return corpus, idx, pos, idx.doc_text(pos)


def test_row_citations_carry_the_header_row_and_stay_exact_slices(tmp_path):
    corpus, idx, pos, text = _indexed(tmp_path)
    row = "painter | ties the dinghy to the stern"
    at = text.index(row)
    [c] = idx.locate([Citation(1, "parts.md", "", at, at + len(row), row, 1.0, at, at + len(row), row)])
    assert c.context == "Fitting | Purpose" and c.text == row == text[c.start:c.end]
    assert c.line == 1 + next(n for n, ln in enumerate((corpus / "parts.md").read_text().split("\n")) if "painter" in ln)

    result = answer(idx, "What ties the dinghy to the stern?")
    cited = [c for c in result.to_dict()["citations"] if "painter" in c["text"]]
    assert cited and cited[0]["context"] == "Fitting | Purpose"
    for c in result.citations:
        assert idx.doc_text(idx.docs.position[c.doc])[c.start:c.end] == c.text
        assert "Fitting | Purpose" not in c.text or c.text.startswith("Fitting")

    found = search(idx, "chock keel sliding", k=3)
    first = found["results"][0]
    assert first["doc"] == "parts.md" and "chock" in first["text"]
    assert first["context"] == ("Fitting | Purpose" if not first["text"].startswith("Fitting") else None)


def test_bm25_reads_the_header_row_with_a_long_tables_later_passages(tmp_path):
    from qa.search import tokenize
    from qa.index.prepare import chunk_context

    corpus, idx, pos, text = _indexed(tmp_path)
    chunks = [idx.chunk(i) for i in idx.doc_chunks(pos)]
    later = [c for c in chunks if "Fitting | Purpose" not in c.text and " | " in c.text]
    assert later, "the table should span more than one passage"
    for c in later:
        assert chunk_context(text, c, idx.docs.meta[pos].tables) == "Fitting | Purpose"
    # "fitting" is a word of the header only: the later passages are found by it too
    hits = idx.bm25_top(tokenize("fitting"), 10)
    got = {idx.chunk(i).id for i, _ in hits}
    assert {c.id for c in later} <= got
    assert json.loads(json.dumps(search(idx, "fitting", k=5)))  # the /search object serialises


def test_qa_ask_prints_the_header_row_beside_the_row(tmp_path, capsys):
    from qa.cli.render import print_answer

    _corpus_dir, idx, _pos, _text = _indexed(tmp_path)
    result = answer(idx, "What ties the dinghy to the stern?")
    assert any(c.context for c in result.citations)
    print_answer(result)
    out = capsys.readouterr().out
    assert "(Fitting | Purpose)" in out and "parts.md:" in out
