"""A page whose own title is generic ("3.1. Introduction", "Overview") is named with the part of the
manual it belongs to, as its generator links it: ``<link rel="up" title=…>`` or the running header's
"Up" link (DocBook's ``accesskey="u"``).  Made-up pages shaped as DocBook XSL and Texinfo write them.
"""

from __future__ import annotations

from qa.corpus.html import read_html

NAVHEADER = ('<div class="navheader"><table width="100%" summary="Navigation header"><tr><th colspan="3">{t}</th></tr>'
             '<tr><td><a accesskey="p" href="frob.html" title="Chapter 3. Frobbing">Prev</a></td>'
             '<td><a accesskey="u" href="frob.html" title="Chapter 3. Frobbing">Up</a></td>'
             '<td><a accesskey="n" href="frob-use.html" title="3.2. Use">Next</a></td></tr></table><hr/></div>')


def _docbook(title: str, head_link: str = "", nav: bool = True) -> str:
    return (f"<html><head><title>{title}</title>{head_link}</head><body>"
            + (NAVHEADER.format(t=title) if nav else "")
            + f'<div class="sect1"><h2 class="title">{title}</h2><p>The frobnicator turns each widget twice '
              "before it is packed into the cold store.</p></div></body></html>")


def test_a_generic_section_page_is_named_with_its_chapter():
    got = read_html(_docbook("3.1. Introduction"))
    assert got.title == "Chapter 3. Frobbing: 3.1. Introduction"
    assert "Prev" not in got.text and "Chapter 3. Frobbing" not in got.text  # the header is still furniture


def test_the_head_link_to_the_part_counts_too():
    got = read_html(_docbook("Overview", '<link rel="up" href="guide.html" title="The Frob Guide">', nav=False))
    assert got.title == "The Frob Guide: Overview"


def test_a_page_with_a_title_of_its_own_keeps_it():
    assert read_html(_docbook("3.1. Packing Widgets")).title == "3.1. Packing Widgets"


def test_no_part_or_a_texinfo_dir_link_leaves_a_generic_page_untitled():
    assert read_html(_docbook("Introduction", nav=False)).title is None
    assert read_html(_docbook("Introduction", '<link rel="up" href="dir.html#Top" title="(dir)">', nav=False)).title is None


def test_the_body_s_classes_never_make_the_heading_navigation():
    """A page whose <body> has a class like "no-sidebar" is titled by its <h1>, as any page whose
    <title> is "Page - Site" is; an <h1> inside a real sidebar still is not the page's."""
    page = ('<html><head><title>Frob Guides - Frobco Server Version 3</title></head><body class="no-sidebar">'
            '<div id="preamble"><h1>Frob Guides</h1><p>The frobnicator turns each widget twice.</p></div></body></html>')
    assert read_html(page).title == "Frob Guides"
    side = page.replace('<div id="preamble"><h1>Frob Guides</h1>', '<div class="sidebar"><h1>Frobco</h1></div><div>')
    assert read_html(side).title == "Frob Guides - Frobco Server Version 3"
