"""Session 17: reader defects seen on real handbooks (Sphinx, Publican/DocBook HTML, a plain-text FAQ),
made up small."""

from __future__ import annotations

from qa.corpus.html import read_html
from qa.corpus.plaintext import read_plain

SPHINX = """<!DOCTYPE html><html><head><title>Quorp HOWTO &#8212; Frob 2.1 documentation</title></head><body>
<div class="related" role="navigation" aria-label="related navigation"><h3>Navigation</h3><ul>
<li><a href="../index.html">Frob 2.1 documentation</a> &#187;</li></ul></div>
<div class="document"><div class="documentwrapper"><div class="bodywrapper">
<div class="body" role="main">
<section id="quorp-howto">
<h1>Quorp HOWTO<a class="headerlink" href="#quorp-howto" title="Permalink to this heading">\u00b6</a></h1>
<p>A quorp is warmed before it is pumped, or its glimmer oil sets hard in the pipes of the harbour.</p>
<aside class="topic"><p class="topic-title">Overview</p>
<p>This note tells a new harbour hand how the quorp is warmed and pumped.</p></aside>
<section id="warming"><h2>Warming<a class="headerlink" href="#warming" title="Link to this heading">\u00b6</a></h2>
<p>Warm the quorp for nine minutes<a class="footnote-reference brackets" href="#f1" id="r1">1</a>.</p>
<aside class="footnote-list brackets"><aside class="footnote brackets" id="f1" role="note">
<span class="label"><span class="fn-bracket">[</span><a role="doc-backlink" href="#r1">1</a>
<span class="fn-bracket">]</span></span><p>Eleven minutes when the harbour is frozen over.</p></aside></aside>
</section></section></div></div></div>
<div class="sphinxsidebar" role="navigation" aria-label="main navigation"><div class="sphinxsidebarwrapper">
<h3><a href="../contents.html">Table of Contents</a></h3><h3>This Page</h3><ul><li><a href="#">Show Source</a></li></ul>
<div id="searchbox" role="search"><h3>Quick search</h3></div></div></div></div>
<aside class="sidebar"><h3>Recent posts</h3><ul><li><a href="/a">Our new quay</a></li></ul></aside>
<div class="footer">&copy; Copyright 2001-2023, Frob Foundation. Last updated on Mar 01, 2023.
<a href="/bugs.html">Found a bug</a>?</div></body></html>"""


def test_a_sphinx_pages_title_and_headings_have_no_permalink_mark_and_its_notes_are_read():
    got = read_html(SPHINX)
    assert got.title == "Quorp HOWTO"  # was "Quorp HOWTO¶": the <h1> was read before its permalink was dropped
    assert [s for _, s in got.sections] == ["Quorp HOWTO", "Warming"]
    assert "\u00b6" not in got.text
    # docutils' <aside> holds the page's own topic and footnotes (they were dropped with every <aside>)
    assert "This note tells a new harbour hand" in got.text
    assert "Eleven minutes when the harbour is frozen over." in got.text
    for furniture in ("Navigation", "Table of Contents", "Show Source", "Quick search", "Copyright",
                      "Found a bug", "Recent posts", "Our new quay"):
        assert furniture not in got.text


PUBLICAN = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>4.2. Quorps</title></head><body>
<div id="banner"><a href="http://frob.example/get/"><span class="text">Download the ebook</span></a></div>
<p id="title"><a class="left" href="http://frob.example"><img alt="Product Site" src="l.png" /></a>
<a class="right" href="index.html"><img alt="Documentation Site" src="r.png" /></a></p>
<ul class="docnav top"><li class="previous"><a accesskey="p" href="a.html"><strong>Prev</strong></a></li>
<li class="home">The Frob Handbook</li><li class="next"><a accesskey="n" href="b.html"><strong>Next</strong></a></li></ul>
<div class="section"><div class="titlepage"><div><div><h2 class="title"><a id="sect.quorps"></a>4.2. Quorps</h2></div></div></div>
<div class="para">A quorp is warmed before it is pumped, or its glimmer oil sets hard in the pipes.</div>
<div class="sidebar"><a id="sidebar.oil"></a><div class="titlepage"><div><div><p class="title"><strong>
<span class="emphasis"><em>GOING FURTHER</em></span> Frozen harbours</strong></p></div></div></div>
<div class="para">In a frozen harbour the quorp is warmed for eleven minutes.</div></div>
<div class="para">Pump one barrel at a time.</div>
<p>See <a href="a.png"><img alt="the quorp" /></a> and <a href="b.png"><img alt="its pump" /></a>.</p></div>
<div id="sidebar"><p class="title">Links</p><p>Our friends at the quay</p></div>
<ul class="docnav"><li class="previous"><a accesskey="p" href="a.html"><strong>Prev</strong>4.1. Barrels</a></li>
<li class="up"><a accesskey="u" href="#"><strong>Up</strong></a></li><li class="home"><a accesskey="h" href="index.html">
<strong>Home</strong></a></li><li class="next"><a accesskey="n" href="b.html"><strong>Next</strong>4.3. Pumps</a></li></ul>
</body></html>"""


def test_a_publican_pages_navigation_is_furniture_and_its_sidebars_are_text():
    got = read_html(PUBLICAN)
    assert got.text.startswith("4.2. Quorps\n\nA quorp is warmed")  # not "Download the ebook … Prev … Next"
    for furniture in ("Download the ebook", "Product Site", "Documentation Site", "Prev", "Next", "Home",
                      "The Frob Handbook"):
        assert furniture not in got.text
    # DocBook's <sidebar> (a titled box of the text) was dropped as a site's sidebar
    assert "GOING FURTHER Frozen harbours\n\nIn a frozen harbour the quorp is warmed for eleven minutes." in got.text
    assert "Pump one barrel at a time.\n\nSee the quorp and its pump" in got.text  # images in a sentence: no logo row
    assert "Our friends" not in got.text  # the site's sidebar (by id), titled or not


FAQ = """The Frob FAQ

Table of Contents

1. Definitions and overview
    1.1. What is this FAQ about, and who wrote it for the harbour?
    1.2. What is a quorp, and why is it warmed before it is pumped?
    1.3. How long does a quorp take to warm in the morning of a cold day?
    1.4. What is the difference between a quorp and a pump, and which
    one should a harbour hand warm first in the morning of a day?
2. Getting a quorp
    2.1. Where can I get a quorp for the harbour of a small town?
    2.2. Are there quorps in `stable', and are they warmed already?

1. Definitions and overview

The quorp was first described in the harbour notes of version
2.1. Since then every harbour hand has warmed it before pumping it,
and the glimmer oil no longer sets hard in the pipes of the harbour
on a cold morning, when the wind comes in from the sea and the quay
is white with frost until the sun is high over the old lighthouse.
A harbour hand who forgets to warm the quorp has to wait for noon,
when the oil runs again, and the barrels that were to be pumped in
the morning stay on the quay until the evening tide comes back in
and the boats that wait for them have to sail without their load.
"""


def test_a_plain_texts_contents_entries_stay_lines_and_its_prose_is_joined():
    got = read_plain(FAQ)
    lines = got.text.split("\n")
    for entry in ("    1.1. What is this FAQ about, and who wrote it for the harbour?",
                  "    1.2. What is a quorp, and why is it warmed before it is pumped?",
                  "    1.3. How long does a quorp take to warm in the morning of a cold day?",
                  "    2.1. Where can I get a quorp for the harbour of a small town?",
                  "2. Getting a quorp"):
        assert entry in lines
    # a version number that a wrapped sentence puts at a line's start is still joined
    assert ("The quorp was first described in the harbour notes of version 2.1. Since then every harbour hand "
            "has warmed it before pumping it, and the glimmer oil no longer sets hard in the pipes of the harbour on") \
        in got.text
