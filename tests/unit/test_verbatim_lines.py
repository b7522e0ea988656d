"""Lines of a Markdown, HTML or reST document are joined into one unit only inside a verbatim block
(a code block, a ``<pre>``, lines broken by ``<br>``, a literal block): a changelog's long list items
without full stops, whose lines look hard-wrapped, stay units of their own (``paragraphs.paragraph_spans``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.corpus import load_corpus
from qa.corpus.chunking import document_units
from qa.corpus.paragraphs import lines_are_wrapped, paragraph_spans

SUBJECTS = ["add debugging output for the handshake states of every open connection",
            "check the certificate chain length before it is handed to the verifier",
            "make the session cache evict entries in the order they were last used in",
            "expose the negotiated protocol version on every socket that asks for it",
            "warn once when a deprecated cipher suite is picked by the default list",
            "keep the keylog callback alive while the secure context is still in use",
            "document the new option for the minimum version in the main reference",
            "stop reading from a socket that the peer has already closed in a hurry",
            "move the renegotiation limits into the shared constants of the module"]
ITEMS = [f"[{n:03d}ab] - tls: {s}" for n, s in enumerate(SUBJECTS)]
# an argparse help screen: an option's help goes on, indented, on the line under it
HELP = ["usage: glimmer [-h] [-v] [-r] file [file ...]",
        "  -v, --verbose         Display complementary information about the pump if any is",
        "                        available in the logs of the station.",
        "  -r, --replace         Replace the lantern file when trying to normalize it instead of",
        "                        creating a new one next to it in the harbour folder"]
# wrapped prose, as DocBook writes a plain-text README into a page
PROSE = ["The quorp engine is a framework for building harbour lanterns. There are",
         "several lantern kinds that can automatically detect many tidal patterns",
         "and storm warnings, and report on their keepers in great detail. You can",
         "also use the engine to build new kinds of lanterns for other harbours",
         "that the original authors of the engine never thought of in the first",
         "place, which is how the glimmer pump and the quorp horn came to exist",
         "in the old harbour of the northern coast, long before the new station",
         "was built out of the stones of the first lighthouse on the cliff side"]


def _units(tmp_path, name: str, text: str) -> list[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    doc = next(d for d in load_corpus(tmp_path) if d.id == name)
    return [doc.text[s:e] for run in document_units(doc) for s, e in run]


def _item_units(units: list[str]) -> None:
    for item in ITEMS:
        assert any(u.startswith(item.split(" - ", 1)[1][:20]) or u.startswith(item) for u in units), item
    assert not any("\n" in u for u in units if "tls:" in u), [u for u in units if "\n" in u]


def test_markdown_list_items_without_full_stops_are_units_of_their_own(tmp_path):
    units = _units(tmp_path, "CHANGELOG.md", "# Changes\n\n" + "\n".join(f"* {i}" for i in ITEMS) + "\n")
    _item_units(units)


def test_markdown_code_block_keeps_an_options_help_going_on_under_it(tmp_path):
    text = "# Glimmer\n\n" + "\n".join(f"* {i}" for i in ITEMS) + "\n\n```\n" + "\n".join(HELP) + "\n```\n"
    units = _units(tmp_path, "README.md", text)
    _item_units(units)
    assert any(u.startswith("-r, --replace") and u.endswith("harbour folder") for u in units), units


def test_html_pre_and_br_lines_of_wrapped_prose_still_join(tmp_path):
    page = ("<html><body><h1>Quorp</h1><pre>" + "\n".join(PROSE) + "</pre><h2>Again</h2><p>"
            + "<br>\n".join(PROSE) + "<br></p></body></html>")
    units = _units(tmp_path, "readme.html", page)
    joined = [u for u in units if u.startswith("There are\nseveral lantern kinds")]
    assert len(joined) == 2, units  # in the <pre> and in the <br> lines


def test_html_list_of_long_items_is_not_joined(tmp_path):
    page = "<html><body><h1>Changes</h1><ul>" + "".join(f"<li>{i}</li>" for i in ITEMS) + "</ul></body></html>"
    _item_units(_units(tmp_path, "changes.html", page))


def test_rst_literal_block_joins_its_bullet_list_does_not(tmp_path):
    text = ("Changes\n=======\n\n" + "\n".join(f"* {i}" for i in ITEMS) + "\n\nUsage::\n\n"
            + "\n".join("    " + ln for ln in HELP) + "\n")
    units = _units(tmp_path, "NEWS.rst", text)
    _item_units(units)
    assert any(u.startswith("-r, --replace") and u.endswith("harbour folder") for u in units), units


def test_epub_chapters_keep_their_pre_blocks_where_they_are(tmp_path):
    """EPUB joins its chapters' HTML: each <pre> is still a verbatim block where its text now lies."""
    from tests.unit.test_formats_more import make_epub

    pre = "</p><pre>" + "\n".join(PROSE) + "</pre><p>"
    make_epub(tmp_path / "book.epub", [("c2", "Two", ["   A second chapter of the keepers.", pre]),
                                       ("c1", "One", ["The first chapter of the keepers.", pre])])
    doc = next(iter(load_corpus(tmp_path)))
    assert len(doc.code) == 2 and all(doc.text[s:e] == "\n".join(PROSE) for s, e in doc.code), doc.code
    units = [doc.text[s:e] for run in document_units(doc) for s, e in run]
    assert sum(u.startswith("There are\nseveral lantern kinds") for u in units) == 2, units


_LINES = st.lists(st.sampled_from(PROSE + ITEMS + HELP + ["", "* a list item going on", "a | row"]), max_size=30)


@settings(max_examples=60, deadline=None)
@given(_LINES, st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=4))
def test_lines_join_only_inside_one_verbatim_block(lines, cuts):
    """With ``verbatim``, a span never runs over a line break outside one block; one block over the
    whole text joins as no ``verbatim`` does; each span is the same stripped text either way."""
    text = "\n".join(lines)
    starts = [0] + [len("\n".join(lines[:k])) + (k > 0) for k in range(1, len(lines) + 1)]
    blocks = sorted({(starts[min(a, b)], starts[max(a, b)]) for a, b in cuts if a != b and max(a, b) < len(starts)})
    blocks = tuple(b for i, b in enumerate(blocks) if not i or b[0] >= blocks[i - 1][1])  # not overlapping
    wrapped = lines_are_wrapped(text)
    spans = paragraph_spans(text, wrapped, False, blocks)
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and text[s:e]
        if "\n" in text[s:e]:
            assert any(a <= s and e <= b for a, b in blocks), (text[s:e], blocks)
    assert paragraph_spans(text, wrapped, False, ((0, len(text)),)) == paragraph_spans(text, wrapped, False)
    assert all("\n" not in text[s:e] for s, e in paragraph_spans(text, wrapped, False, ()))
