"""Page furniture a manual's generator puts around every page, read as text before (session 23):
a breadcrumb trail and a language switch (a row of short links between separators), a site band by
id ("page-header", "footer"), a box holding the page's own contents list and other links, and a layout
table (columns of headings and link lists) read as one run-on row.  Made-up pages.
"""

from __future__ import annotations

from qa.corpus.html import read_html

BODY = ("<h1>Frobbing Widgets</h1><p>The frobnicator turns each widget twice before it is packed into the "
        "cold store, and the packer stacks nine widgets to a crate.</p>"
        "<p>Packed crates wait in the cold store until the quorp engine moves them at night.</p>")


def _page(before: str = "", after: str = "", body: str = BODY) -> str:
    return f"<html><head><title>Frobbing Widgets</title></head><body>{before}<div id='content'>{body}</div>{after}</body></html>"


def test_a_breadcrumb_trail_and_a_language_switch_are_not_text():
    crumbs = ('<div id="path"><a href="/">Frobco</a> &gt; <a href="/docs/">Documentation</a> &gt; '
              '<a href="../">Version 3</a> &gt; <a href="./">Guides</a></div>')
    langs = ('<div class="langs"><p><span>Available Languages: </span><a href="x.de">&nbsp;de&nbsp;</a> |\n'
             '<a href="x.en">&nbsp;en&nbsp;</a> |\n<a href="x.fr">&nbsp;fr&nbsp;</a></p></div>')
    menu = '<p class="top">Go: <a href="/a">Home</a> · <a href="/b">Download</a> · <a href="/c">FAQ</a></p>'
    text = read_html(_page(crumbs + langs + menu)).text
    for words in ("Frobco", "Version 3", "Available Languages", "de | en", "Download"):
        assert words not in text, words
    assert text.startswith("Frobbing Widgets") and "quorp engine" in text


def test_links_in_a_sentence_or_between_commas_stay():
    body = BODY + ('<p>See also: <a href="a.html">Crating</a>, <a href="b.html">Cold storage</a></p>'
                   '<p>Use <a href="a.html">crates</a> or <a href="b.html">pallets</a> for long trips.</p>'
                   '<p><a href="a.html">Crating</a> | <a href="b.html">A very long link to the cold storage guide page</a></p>')
    text = read_html(_page(body=body)).text
    assert "See also: Crating, Cold storage" in text and "Use crates or pallets for long trips." in text
    assert "Crating | A very long link" in text  # a link of more than five words: no menu


def test_a_site_band_by_id_is_furniture_unless_it_holds_the_title():
    band = ('<div id="page-header"><p class="brand">Frobco Server Version 3</p><img alt="" src="logo.png"></div>')
    foot = '<div id="footer"><p>Copyright 2031 The Frobco Foundation.</p></div>'
    text = read_html(_page(band, foot)).text
    assert "Frobco Server Version 3" not in text and "Copyright 2031" not in text
    titled = _page(body='<div class="page-header"><h1>Frobbing Widgets</h1></div>' + BODY.split("</h1>", 1)[1])
    got = read_html(titled)
    assert got.text.startswith("Frobbing Widgets") and got.sections[0][1] == "Frobbing Widgets"


def test_a_box_around_the_pages_contents_goes_with_it():
    box = ('<div id="quickview"><h3>Topics</h3><ul id="toc"><li><a href="#a">Frobbing</a></li>'
           '<li><a href="#b">Packing</a></li></ul><h3>Bug reports</h3><ul class="seealso">'
           '<li><a href="https://bugs.example/">Known issues</a></li></ul></div>')
    text = read_html(_page(body=BODY.replace("</h1>", "</h1>" + box, 1))).text
    assert "Topics" not in text and "Known issues" not in text and "Bug reports" not in text
    kept = box.replace("<h3>Bug reports</h3>", "<p>Report bugs by mail to the packing team.</p>")
    text = read_html(_page(body=BODY.replace("</h1>", "</h1>" + kept, 1))).text
    assert "Report bugs by mail" in text  # a box with a sentence of its own is the page's


def test_a_layout_table_is_read_as_headings_and_lines():
    layout = ('<table id="index"><tr><td><h2>Guides</h2><ul><li><a href="a">Frobbing</a></li>'
              '<li><a href="b">Packing</a></li></ul></td><td><h2>Reference</h2><ul><li><a href="c">Crates</a></li>'
              '<li><a href="d">Engines</a></li></ul><table><tr><th>Size</th><th>Widgets</th></tr>'
              '<tr><td>small</td><td>9</td></tr></table></td></tr></table>')
    got = read_html(_page(body="<h1>Frob Manual</h1>" + layout))
    assert [s[1] for s in got.sections] == ["Frob Manual", "Guides", "Reference"]
    assert "Frobbing\nPacking" in got.text and "Crates\nEngines" in got.text
    assert "Size | Widgets\nsmall | 9" in got.text  # a data table inside a cell is still rows
    data = read_html(_page(body="<table><tr><th>Size</th><th>Widgets</th></tr><tr><td>small</td><td>9</td></tr></table>"))
    assert "Size | Widgets\nsmall | 9" in data.text and data.tables


def test_a_comments_section_is_not_the_pages_text():
    anchored = ('<div class="section"><h2><a id="comments_section" name="comments_section">Comments</a></h2>'
                '<div class="warning"><strong>Notice:</strong><br>This is no help desk; ask on the mailing list.</div>'
                "<script>loadComments('frob');</script></div>")
    by_id = '<div id="disqus_thread"><p>Loading the readers\' remarks about widgets…</p></div>'
    text = read_html(_page(body=BODY + anchored + by_id)).text
    assert "help desk" not in text and "Comments" not in text and "readers' remarks" not in text
    assert "quorp engine" in text
    code = ('<h2 id="comment-syntax">Comment syntax</h2><p>A line that opens with a hash sign is a comment '
            'and the frobnicator skips it.</p><pre><span class="comment"># skipped</span>\nturn 2</pre>')
    text = read_html(_page(body=BODY + code)).text  # a section about comments, a comment in code: text
    assert "Comment syntax" in text and "hash sign is a comment" in text and "# skipped" in text
