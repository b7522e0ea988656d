"""A definition list's short term opens its definition's first sentence, in every reader that knows
terms from markup (HTML <dt>, roff tags, reST definition / option / field lists): made-up pages."""

from __future__ import annotations

from qa.corpus.chunking import chunk_document
from qa.corpus.extracted import TERM_WORDS, line_at, opens_definition
from qa.corpus.html import read_html
from qa.corpus.man import read_man
from qa.corpus.readers import Document
from qa.corpus.rst import read_rst

LONG = " ".join(["word"] * (TERM_WORDS + 1))


def _sentences(text: str, name: str) -> list[str]:
    doc = Document(name, "", text, name)
    return [text[s:e] for c in chunk_document(doc) for s, e in c.sentences]


def test_opens_definition_is_for_short_terms_only():
    assert opens_definition("-h file") and opens_definition("%T") and opens_definition("HIST_IGNORE_DUPS (-h)")
    assert not opens_definition("") and not opens_definition("   ") and not opens_definition(LONG)


def test_an_html_term_opens_the_first_sentence_of_its_definition():
    page = ("<html><body><h2>Tests</h2><dl>"
            "<dt>-q file</dt><dd><p>true if file exists and is a quorp.</p><p>A second paragraph.</p></dd>"
            "<dt>-a</dt><dt>--all</dt><dd>Pump every barrel.</dd>"
            f"<dt>{LONG}</dt><dd>Does things.</dd>"
            "<dt>lonely</dt></dl><p>After the list.</p>"
            "<dl><dt>x</dt><dd><h3>A heading first</h3><p>y</p></dd></dl></body></html>")
    got = read_html(page)
    sentences = _sentences(got.text, "t.html")
    assert "-q file true if file exists and is a quorp." in sentences
    assert "-a --all Pump every barrel." in sentences  # two terms of one definition
    assert "A second paragraph." in sentences
    assert f"{LONG}\nDoes things." in got.text  # a long term: a line of its own, as before
    assert "lonely\n\nAfter the list." in got.text  # no definition: the term is not glued to what follows
    assert "x\n\nA heading first" in got.text


def test_an_html_term_and_its_definition_keep_their_source_lines():
    page = "<html><body><dl>\n<dt>-q</dt>\n<dd>\n<p>Quorp quietly.</p></dd></dl></body></html>"
    got = read_html(page)
    assert got.text == "-q Quorp quietly."
    assert line_at(got.lines, got.text, 0) == 2 and line_at(got.lines, got.text, 3) == 4


def test_rst_option_definition_and_field_lists():
    source = ("Options\n=======\n\n"
              "-a, --all     Pump every barrel, even the cold ones.\n"
              "-w DEGREES    Warm the oil to DEGREES.\n\n"
              "frobnicate\n    To adjust a quorp until it works.\n\n    A second paragraph.\n\n"
              ":param x: the width of the quorp.\n")
    got = read_rst(source, "o.rst")
    text = got.text
    assert "-a, --all Pump every barrel, even the cold ones." in text  # the options were lost before
    assert "-w DEGREES Warm the oil to DEGREES." in text
    assert "frobnicate To adjust a quorp until it works.\nA second paragraph." in text  # a list's lines
    assert "param x the width of the quorp." in text
    at = text.index("Warm the oil")
    assert line_at(got.lines, text, at) == 5 and line_at(got.lines, text, text.index("To adjust")) == 8


def test_a_man_page_tag_opens_its_paragraph():
    page = ".TH Q 1\n.SH OPTIONS\n.TP\n.BR \\-i \", \" \\-\\-ignore\\-case\nIgnore case in\npatterns.\n"
    got = read_man(page, "q.1")
    assert "-i, --ignore-case Ignore case in patterns." in _sentences(got.text, "q.1")


def test_permalinks_of_headings_and_definitions_are_no_words():
    page = ('<html><body><section id="x"><h1>Quorp API<a class="headerlink" href="#x">\u00b6</a></h1>'
            '<dl class="py function"><dt id="quorp.pump"><span>pump</span>(<em>barrels</em>)'
            '<a class="headerlink" href="#quorp.pump" title="Link to this definition">\u00b6</a></dt>'
            '<dd><p>Pump the given barrels of glimmer oil into the harbour engines, one at a time, and '
            'return how many were pumped. <a href="#s">\u00a7</a> <a href="#x">The API</a> says more.</p></dd>'
            '</dl></section></body></html>')
    got = read_html(page)
    assert got.text.startswith("Quorp API\n\npump(barrels) Pump the given barrels")
    assert "\u00b6" not in got.text and "\u00a7" not in got.text and "The API says more." in got.text


def test_a_list_of_terms_alone_is_a_line_each():
    """A book's index (DocBook's: terms with links, a few with sub-entries in a <dd>) is a list of
    terms: each is a line of its own, never run into the next; a list of definitions still lets
    terms wait for theirs ("-a" "--all" "Pump every barrel.").  Its entries link to whole pages here:
    one whose entries link to anchors elsewhere is an index of names, skipped (``html_index``)."""
    entries = "".join(f'<dt>{w}, <a href="x.html">Frobbing {w}s</a></dt>' for w in
                      ("quorp", "glimmer", "barrel", "crate", "widget"))
    page = ('<html><body><h2>Index</h2><dl>' + entries +
            '<dt>pump</dt><dd><dl><dt>hand, <a href="p.html">Pumps</a></dt></dl></dd></dl>'
            "<dl><dt>-a</dt><dt>--all</dt><dd>Pump every barrel.</dd><dt>-q</dt><dd>Pump quietly.</dd></dl></body></html>")
    text = read_html(page).text
    assert "quorp, Frobbing quorps\nglimmer, Frobbing glimmers\nbarrel" in text
    assert "widget, Frobbing widgets\npump" in text and "hand, Pumps" in text
    assert "-a --all Pump every barrel." in text and "-q Pump quietly." in text
