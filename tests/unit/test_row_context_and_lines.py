"""Issue 28: a table row knows its header row (its own field, never glued into the cited text), and a
Markdown / HTML citation's line is the cited sentence's own line in the file, not its block's."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.corpus import Document, context_at, row_header
from qa.corpus.chunking import split_sentences
from qa.corpus.extracted import clean_line, clean_pieces, line_at
from qa.corpus.html import read_html
from qa.corpus.markdown import read_markdown
from qa.corpus.readers import read_file

# -- a table row's header row -------------------------------------------------------------------

TEXT = ("Intro paragraph of the page.\n\n"
        "Command | What it does\nfrob | Frobs the widget.\nglim | Glims twice.\n\n"
        "cat notes | sort\nsort | uniq -c\n\n"
        "Key | Value | Unit\nwidth | 3\n\n"
        "Only | One row")
HEADERS = tuple(TEXT.index(h) for h in ("Command | What", "Key | Value", "Only | One"))  # as a reader declares them


def test_every_row_of_a_table_has_its_header_row_as_an_exact_slice():
    for row in ("frob | Frobs the widget.", "glim | Glims twice."):
        span = row_header(TEXT, TEXT.index(row), HEADERS)
        assert span and TEXT[span[0]:span[1]] == "Command | What it does"
        assert context_at(TEXT, TEXT.index(row) + 3, HEADERS) == "Command | What it does"  # any offset in the row


def test_no_header_for_the_header_itself_prose_a_lone_row_or_a_row_of_another_shape():
    for where in ("Command | What", "Intro paragraph", "Only | One", "Key | Value"):
        assert row_header(TEXT, TEXT.index(where), HEADERS) is None, where
    assert row_header(TEXT, TEXT.index("width | 3"), HEADERS) is None  # 2 cells under a 3-cell header
    # lines with pipes that no reader called a table with a header (code, key/value tables): none
    assert row_header(TEXT, TEXT.index("sort | uniq"), HEADERS) is None
    assert row_header(TEXT, TEXT.index("frob"), ()) is None


def test_a_table_is_walked_once_with_known():
    rows = "\n".join(f"item{i} | value {i}" for i in range(200))
    text = "Name | Value\n" + rows
    known: dict[int, int] = {}
    for m in re.finditer(r"item\d+", text):
        assert row_header(text, m.start(), (0,), known) == (0, len("Name | Value"))
    assert known and set(known.values()) == {0}


def test_the_document_gives_the_context_and_the_citation_text_stays_the_row(tmp_path):
    (tmp_path / "tools.md").write_text(
        "# Tools\n\nThe tools we keep.\n\n| Tool | Use |\n|---|---|\n| spanner | tightens the quorp bolts |\n"
        "| mallet | taps the glimmer pegs |\n", encoding="utf-8")
    [doc] = list(read_file(tmp_path / "tools.md", "tools.md", lambda s: None))
    at = doc.text.index("mallet")
    assert doc.context_at(at) == "Tool | Use"
    rows = [doc.text[s:e] for run in split_sentences(doc.text) for s, e in run if "mallet" in doc.text[s:e]]
    assert rows == ["mallet | taps the glimmer pegs"]  # the unit is the row alone


def test_an_html_table_row_has_its_th_row_as_context_and_a_table_without_one_none(tmp_path):
    (tmp_path / "t.html").write_text(
        "<html><head><title>Pegs</title></head><body><p>Some pegs.</p><table>\n"
        "<tr><th>Peg</th><th>Colour</th></tr>\n<tr><td>glimmer</td><td>blue</td></tr>\n"
        "<tr><td>quorp</td><td>red</td></tr></table>\n<p>Fields of a row:</p>"
        "<table><tr><td>pgno</td><td>The page number.</td></tr><tr><td>nfield</td><td>The fields.</td></tr></table>"
        "<table><thead><tr><td>Size</td><td>Cost</td></tr></thead><tr><td>large</td><td>nine</td></tr></table>"
        "</body></html>", encoding="utf-8")
    [doc] = list(read_file(tmp_path / "t.html", "t.html", lambda s: None))
    assert doc.context_at(doc.text.index("quorp | red")) == "Peg | Colour"
    assert doc.context_at(doc.text.index("Peg | Colour")) is None
    assert doc.context_at(doc.text.index("nfield | The fields.")) is None  # key/value rows: no header row
    assert doc.context_at(doc.text.index("large | nine")) == "Size | Cost"  # <thead>


def test_code_lines_with_pipes_in_markdown_have_no_header(tmp_path):
    (tmp_path / "c.md").write_text("# Shell\n\n```\ncat notes | sort\nsort | uniq -c\n```\n\n"
                                   "| Tool | Use |\n|---|---|\n| awk | columns |\n", encoding="utf-8")
    [doc] = list(read_file(tmp_path / "c.md", "c.md", lambda s: None))
    assert doc.context_at(doc.text.index("sort | uniq")) is None
    assert doc.context_at(doc.text.index("awk | columns")) == "Tool | Use"


# -- a sentence's own line ---------------------------------------------------------------------

MARKDOWN = """---
title: Harbour notes
---
# The harbour

Alpha starts the first paragraph here.
It goes on and Bravo starts on the second line. Then
the wrap moves on and *Charlie starts* on the fourth line.

- Delta is a list item
  that wraps. Echo starts in its second line.
- Foxtrot is the next item.

| Name | Value |
|---|---|
| Golf row | one |
| Hotel row | two |

> India is quoted here.
> Juliet is quoted too.

Kilo follows <span
class="x">inline html</span> and Lima ends it.
"""

HTML = """<!doctype html>
<html><head><title>Harbour</title></head>
<body>
<h1>The harbour</h1>
<p>Alpha starts the first paragraph here.
It goes on and Bravo starts on the second line. Then
the wrap moves on and <b>Charlie starts</b> on the fourth line.</p>
<ul>
<li>Delta is a list item
that wraps. Echo starts in its second line.</li>
<li>Foxtrot is the next item.</li>
</ul>
<table>
<tr><th>Name</th><th>Value</th></tr>
<tr><td>Golf row</td><td>one</td></tr>
<tr>
  <td>Hotel row</td><td>two</td></tr>
</table>
<pre>
India code line
Juliet code line
</pre>
Kilo is loose text after the code.
<p>Lima ends <a
href="x">the page</a>. Mike is here.</p>
</body></html>
"""

WORDS = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet",
         "Kilo", "Lima", "Mike")


def _source_line(source: str, word: str) -> int:
    return next(n for n, line in enumerate(source.split("\n"), 1) if word in line)


def _check_own_lines(tmp_path, name: str, source: str) -> int:
    (tmp_path / name).write_text(source, encoding="utf-8")
    [doc] = list(read_file(tmp_path / name, name, lambda s: None))
    checked = 0
    for run in split_sentences(doc.text):
        for s, e in run:
            sentence = doc.text[s:e]
            word = next((w for w in WORDS if sentence.startswith(w)), None)
            if word:
                assert doc.line_at(s) == _source_line(source, word), (name, sentence)
                checked += 1
    for word in WORDS:  # and any offset: the word's own line, wherever it sits in its block
        at = doc.text.find(word)
        if at >= 0:
            assert doc.line_at(at) == _source_line(source, word), (name, word)
    return checked


def test_markdown_sentences_are_at_their_own_line(tmp_path):
    assert _check_own_lines(tmp_path, "notes.md", MARKDOWN) >= 8


def test_html_sentences_are_at_their_own_line(tmp_path):
    assert _check_own_lines(tmp_path, "page.html", HTML) >= 8


def test_a_blank_line_before_code_and_front_matter_are_counted():
    ex = read_markdown("---\ntitle: x\n---\nPara one.\n\n```\n\ncode here\n```\n")
    assert line_at(ex.lines, ex.text, ex.text.index("code here")) == 8
    ex = read_html("<p>a</p>\n<pre>\n\n  code here\n</pre>")
    assert line_at(ex.lines, ex.text, ex.text.index("  code here")) == 4


_RAW = st.text(alphabet=st.sampled_from(list("ab .,\n\t\u00a0\u2003\x00\x0b\x1c\u200b\ufb01xY")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_RAW, st.one_of(st.none(), st.integers(1, 50))), max_size=6))
def test_clean_pieces_is_clean_line_of_the_joined_text_with_ordered_anchors(pieces):
    text, anchors = clean_pieces(pieces)
    assert text == clean_line(re.sub(r"\s+", " ", "".join(raw for raw, _ in pieces)))
    assert [a for a, _ in anchors] == sorted(a for a, _ in anchors)
    assert all(0 <= a < len(text) for a, _ in anchors)


def test_a_document_without_declared_tables_has_no_context():
    doc = Document(id="a.txt", title="A", text="Plain | words here\nMore | words", source="a.txt")
    assert doc.context_at(0) is None and doc.context_at(20) is None
    assert Document(id="a.txt", title="A", text=doc.text, source="a.txt", tables=(0,)).context_at(20) == "Plain | words here"


RST = """=========
Top Title
=========

Alpha para one line one.
Bravo starts line two. Charlie
follows on line three.

* Delta item a
  Echo continues.
* Foxtrot item b

Section Golf
------------

::

   Hotel code x
   India code y

========  =====
Name      Value
========  =====
Juliet    one
Kilo      two
========  =====

Lima ends *the
file* here. Mike too.
"""


def test_rst_sentences_rows_and_titles_are_at_their_own_line(tmp_path):
    assert _check_own_lines(tmp_path, "guide.rst", RST) >= 8
    [doc] = list(read_file(tmp_path / "guide.rst", "guide.rst", lambda s: None))
    assert doc.context_at(doc.text.index("Kilo")) == "Name | Value"
    assert doc.line_at(doc.text.index("Top Title")) == 2 and doc.line_at(doc.text.index("Section Golf")) == 13


def test_word_and_opendocument_tables_take_their_first_row_as_header(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("The fittings of the barge are listed below for the yard.")
    t = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Fitting", "Purpose"), ("cleat", "holds the line"), ("chock", "stops the keel")]):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    d.save(tmp_path / "f.docx")
    from .test_formats_more import make_odt

    make_odt(tmp_path / "n.odt")
    [doc] = list(read_file(tmp_path / "f.docx", "f.docx", lambda s: None))
    assert doc.context_at(doc.text.index("chock | stops")) == "Fitting | Purpose"
    [odt] = list(read_file(tmp_path / "n.odt", "n.odt", lambda s: None))
    rows = [ln for ln in odt.text.split("\n") if " | " in ln]
    assert len(rows) == 2 and odt.context_at(odt.text.index(rows[1])) == rows[0]  # make_odt's table
