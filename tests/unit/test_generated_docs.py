"""Generated API documentation: second copies of pages, index pages of names, signatures set in
tables, a generator's title area, tooltips and "◆" permalinks (``generated.py``, ``html_index.py``,
``html_tables.signature``, ``html_furniture``).

Made-up pages shaped as Sphinx, Doxygen, javadoc and gtk-doc write them; no real project's files.
"""

from __future__ import annotations

from qa.corpus import load_corpus
from qa.corpus.generated import built_page, maybe_copy
from qa.corpus.html import read_html
from qa.corpus.skips import DUPLICATE, STUB

PAGE = ("<html><head><title>Widgets — Frob documentation</title></head><body><div class=\"body\">"
        "<h1>Widgets</h1><p>A widget is turned twice by the frobnicator before it is packed.</p></div></body></html>")
SOURCE = "Widgets\n=======\n\nA widget is turned twice by the frobnicator before it is packed.\n"


def _read(root):
    skipped = []
    docs = {d.id: d for d in load_corpus(root, on_skip=skipped.append)}
    return docs, {s.path: s for s in skipped}


def test_a_pages_source_beside_its_built_page_is_skipped_as_its_copy(tmp_path):
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "widgets.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "_sources" / "api").mkdir(parents=True)
    (tmp_path / "_sources" / "api" / "widgets.rst.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "_sources" / "notes.txt").write_text(SOURCE.replace("Widgets", "Notes"), encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert "api/widgets.html" in docs
    assert skipped["_sources/api/widgets.rst.txt"].kind == DUPLICATE
    assert "api/widgets.html is read" in skipped["_sources/api/widgets.rst.txt"].reason
    assert "_sources/notes.txt" in docs  # no built page beside it: the only copy


def test_built_page_finds_gzipped_and_dirhtml_pages_and_only_under_sources(tmp_path):
    (tmp_path / "guide" / "_sources").mkdir(parents=True)
    (tmp_path / "guide" / "changes.html.gz").write_bytes(b"")
    (tmp_path / "guide" / "setup").mkdir()
    (tmp_path / "guide" / "setup" / "index.html").write_text(PAGE, encoding="utf-8")
    src = tmp_path / "guide" / "_sources"
    assert built_page(src / "changes.rst.txt", "guide/_sources/changes.rst.txt") == "guide/changes.html.gz"
    assert built_page(src / "setup.md.txt", "guide/_sources/setup.md.txt") == "guide/setup/index.html"
    assert built_page(src / "gone.rst.txt", "guide/_sources/gone.rst.txt") is None
    assert built_page(tmp_path / "guide" / "changes.txt", "guide/changes.txt") is None
    assert maybe_copy("guide/_sources/changes.rst.txt") and maybe_copy("d1/x_8h_source.html")
    assert not maybe_copy("guide/changes.txt")


LISTING = ('<html><head><title>Frob: frob.h Source File</title></head><body><div class="contents">'
           '<a href="../../d3/d7/frob_8h.html">Go to the documentation of this file.</a>'
           '<div class="fragment"><div class="line"><span class="lineno">    1</span>'
           '<span class="comment">/* Frob: turns widgets twice before they are packed. */</span></div>'
           + "".join(f'<div class="line"><span class="lineno">{i}</span>int frob_step_{i}(struct widget *w);</div>'
                     for i in range(2, 9)) + '</div></div></body></html>')
DOCS = ('<html><head><title>Frob: frob.h File Reference</title></head><body><div class="contents">'
        '<p>Declarations of the frobnicator, which turns widgets twice.</p></div></body></html>')


def test_a_source_listing_is_skipped_when_the_page_documenting_its_file_is_beside_it(tmp_path):
    (tmp_path / "d3" / "d7").mkdir(parents=True)
    (tmp_path / "d3" / "d7" / "frob_8h.html").write_text(DOCS, encoding="utf-8")
    (tmp_path / "d3" / "d7" / "frob_8h_source.html").write_text(LISTING, encoding="utf-8")
    (tmp_path / "d3" / "d7" / "lone_8h_source.html").write_text(LISTING.replace("frob_8h.html", "lone_8h.html"),
                                                              encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert skipped["d3/d7/frob_8h_source.html"].kind == DUPLICATE
    assert "(d3/d7/frob_8h.html is read)" in skipped["d3/d7/frob_8h_source.html"].reason
    assert "d3/d7/frob_8h.html" in docs
    assert "d3/d7/lone_8h_source.html" in docs  # its documentation page is not there: the only copy


def test_a_modules_highlighted_source_is_skipped_when_the_page_it_links_back_to_is_beside_it(tmp_path):
    code = ('<html><head><title>frob.core — Frob documentation</title></head><body><div role="main">'
            '<h1>Source code for frob.core</h1><div class="highlight"><pre>'
            '<span class="sd">"""Turning widgets."""</span>\n\n'
            '<div class="viewcode-block" id="turn"><a class="viewcode-back" href="{href}">[docs]</a>'
            '<span class="k">def</span> <span class="nf">turn</span>(widget, times=2):\n'
            '    <span class="sd">"""Turn the widget twice before it is packed."""</span>\n'
            '    return widget.rotate(times)</div></pre></div></div></body></html>')
    root = tmp_path / "docs"
    (root / "_modules" / "frob").mkdir(parents=True)
    (root / "api.html").write_text(PAGE, encoding="utf-8")
    (root / "_modules" / "frob" / "core.html").write_text(code.format(href="../../api.html#frob.turn"),
                                                             encoding="utf-8")
    (root / "_modules" / "frob" / "gone.html").write_text(code.format(href="../../gone.html#frob.turn"),
                                                             encoding="utf-8")
    (root / "_modules" / "frob" / "out.html").write_text(code.format(href="../../../api.html#frob.turn"),
                                                            encoding="utf-8")
    (tmp_path / "api.html").write_text(PAGE, encoding="utf-8")  # above the corpus: not read with it
    docs, skipped = _read(root)
    assert skipped["_modules/frob/core.html"].kind == DUPLICATE
    assert "(api.html is read)" in skipped["_modules/frob/core.html"].reason
    assert {"_modules/frob/gone.html", "_modules/frob/out.html", "api.html"} <= set(docs)


def _index(entries: str, intro: str = "") -> str:
    return f"<html><head><title>Index</title></head><body><h1>Index</h1>{intro}<ul>{entries}</ul></body></html>"


def test_an_index_of_names_linking_to_their_pages_is_a_stub():
    entries = "".join(f'<li>frob_{c}() : <a href="d1/frob_8h.html#a{c}">frob.h</a></li>' for c in "abcdefgh")
    try:
        read_html(_index(entries, "<p>Here is a list of all functions with links to their files:</p>"), "globals.html")
    except Exception as exc:  # noqa: BLE001
        assert getattr(exc, "kind", None) == STUB
        assert "index of names" in str(exc)
    else:
        raise AssertionError("an index of names was read as a page")


def test_pages_with_links_that_are_no_index_of_names_are_read():
    # a contents page: links to whole pages, no anchors
    contents = "".join(f'<li><a href="ch{i}.html">Chapter {i}</a></li>' for i in range(8))
    assert "Chapter 3" in read_html(_index(contents), "contents.html").text
    # the page's own member list: anchors on the page itself (gtk-doc names its own file)
    own = "".join(f'<li><a href="frob.html#f{i}">frob_{i}</a></li>' for i in range(8))
    assert "frob_3" in read_html(_index(own), "api/frob.html").text
    # prose with a few links elsewhere outweighs them
    prose = "<p>" + "The frobnicator turns each widget twice before packing it in a crate. " * 12 + "</p>"
    few = "".join(f'<li><a href="x.html#f{i}">frob_{i}</a></li>' for i in range(6))
    assert "frob_3" in read_html(_index(few, prose), "guide.html").text


def test_a_signature_set_in_a_table_reads_as_one_line_of_code():
    html = ('<html><body><h2><span class="permalink"><a href="#a1">&#9670;&nbsp;</a></span>frob_turn()</h2>'
            '<table class="memname"><tr><td class="memname">int frob_turn </td><td>(</td>'
            '<td class="paramtype">struct widget *&#160;</td><td class="paramname"><em>w</em>, </td></tr>'
            '<tr><td></td><td></td><td class="paramtype">unsigned&#160;</td><td class="paramname"><em>times</em>&#160;</td></tr>'
            '<tr><td></td><td>)</td><td></td><td></td></tr></table>'
            '<p>Turns the widget.</p><table><tr><td>w</td><td>the widget (</td></tr></table></body></html>')
    got = read_html(html, "frob.html")
    assert "int frob_turn(struct widget * w, unsigned times)" in got.text
    assert "|" not in got.text.split("Turns the widget.")[0]
    assert "w | the widget (" in got.text  # a table with a "(" but no lone ")" cell stays a table
    assert [s for _, s in got.sections] == ["frob_turn()"]  # "◆", the permalink, is no word of the heading


def test_a_generators_title_area_and_hidden_tooltips_are_furniture():
    html = ('<html><head><title>Frob: frob.h File Reference</title></head><body>'
            '<div id="top"><div id="titlearea"><table><tr><td><div id="projectname">Frob'
            '<span id="projectnumber">&#160;2.0</span></div></td></tr></table></div></div>'
            '<div class="contents"><p>Declarations of the frobnicator.</p><div class="fragment">'
            '<div class="ttc" id="a1"><div class="ttname"><a href="#x">FROB_MAX</a></div>'
            '<div class="ttdeci">#define FROB_MAX</div></div></div></div></body></html>')
    text = read_html(html, "frob_8h.html").text
    assert text == "Declarations of the frobnicator."


def test_a_code_block_beside_its_line_numbers_reads_as_the_code_block():
    html = ('<html><body><p>Walk the table:</p><table class="listing_frame"><tbody><tr>'
            '<td class="listing_lines"><pre>1\n2\n3</pre></td><td class="listing_code"><pre class="programlisting">'
            'FrobIter it;\nfrob_iter_init (&amp;it, table);\nwhile (frob_iter_next (&amp;it)) {}</pre></td>'
            '</tr></tbody></table><table><tr><td>1</td><td><pre>kept as a row</pre></td></tr>'
            '<tr><td>2</td><td>second</td></tr></table></body></html>')
    got = read_html(html, "frob.html")
    assert "FrobIter it;\nfrob_iter_init (&it, table);\nwhile (frob_iter_next (&it)) {}" in got.text
    assert "1 2 3" not in got.text and "| FrobIter" not in got.text
    assert any(got.text[s:e].startswith("FrobIter it;") for s, e in got.code)
    assert "2 | second" in got.text  # a table of numbered rows is no numbered listing


def test_a_themes_wrapper_around_the_main_content_does_not_hide_its_heading():
    html = ('<html><head><title>Widgets — Frob documentation</title></head><body>'
            '<div class="wy-grid-for-nav"><nav class="wy-nav-side"><h1>Frob</h1></nav>'
            '<section class="wy-nav-content-wrap"><div class="wy-nav-content"><div class="rst-content">'
            '<div role="main" class="document"><section id="widgets"><h1>Widgets<a class="headerlink" '
            'href="#widgets">¶</a></h1><p>A widget is turned twice by the frobnicator before it is packed.</p>'
            '</section></div></div></div></section></div></body></html>')
    got = read_html(html, "widgets.html")
    assert got.title == "Widgets"
    # a heading in a sidebar outside the main content is still navigation
    sidebar = html.replace('<div role="main" class="document">', '<div class="document">')
    assert read_html(sidebar, "widgets.html").title == "Widgets — Frob documentation"


def test_a_letter_page_of_an_index_with_one_entry_is_a_stub_but_one_entry_in_prose_is_read():
    one = _index('<li>FROB_MAX : <a href="d1/frob_8h.html#a9">frob.h</a></li>').replace("<h1>Index</h1>", "<h3>- f -</h3>")
    try:
        read_html(one, "globals_f.html")
    except Exception as exc:  # noqa: BLE001
        assert getattr(exc, "kind", None) == STUB
    else:
        raise AssertionError("a page of one index entry was read")
    prose = _index('<li>FROB_MAX : <a href="d1/frob_8h.html#a9">frob.h</a></li>',
                   "<p>The largest number of turns a widget takes is set at build time.</p>")
    assert "FROB_MAX" in read_html(prose, "limits.html").text


def test_a_footer_alone_on_a_page_filled_by_a_script_is_no_text_of_it():
    html = ('<html><head><title>Search — Frob documentation</title></head><body><div role="main">'
            '<h1 id="search-documentation">Search</h1><noscript><div>Please activate JavaScript.</div></noscript>'
            '<form action="" method="get"><input type="text" name="q"/></form><div id="search-results"></div>'
            '</div><footer><p>Built with a generator using a theme provided by a host.</p></footer></body></html>')
    assert "Built with" not in read_html(html, "search.html").text


def test_sentences_contents_lines_and_field_labels_linking_elsewhere_are_no_index_entries():
    # a list of settings, each a sentence pointing at the parameter it stands for
    sentences = "".join(f'<li><a href="connect.html#p{i}">FROBVAR{i}</a> behaves the same as parameter {i}.</li>'
                        for i in range(8))
    assert "FROBVAR3 behaves" in read_html(_index(sentences), "envars.html").text
    # a chapter's own table of contents, its sections' anchors on their pages
    toc = ('<div class="toc"><dl>' + "".join(f'<dt><a href="ch5-{i}.html#s{i}">5.{i}. Turning</a></dt>'
                                             for i in range(8)) + "</dl></div><p>This chapter turns widgets.</p>")
    assert "This chapter turns widgets." in read_html(_index("", toc), "ch5.html").text
    # a directive's table: each label links to the page explaining the labels
    rows = "".join(f'<tr><th><a href="dict.html#{k}">{k}:</a></th><td>frob {k.lower()}</td></tr>'
                   for k in ("Description", "Syntax", "Default", "Context", "Status", "Module"))
    page = f"<html><body><h1>FrobTurns Directive</h1><table>{rows}</table></body></html>"
    assert "Syntax: | frob syntax" in read_html(page, "mod_frob.html").text


def _site(root, config="site_name: Frob\n"):
    (root / "docs" / "guide").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for page in ("index", "install", "guide/index", "guide/usage"):
        (root / "docs" / f"{page}.md").write_text(f"# {page}\n\nThe frobnicator turns widgets twice.\n", encoding="utf-8")
    return root


def test_a_built_mkdocs_page_is_skipped_when_its_markdown_source_is_read(tmp_path):
    _site(tmp_path)
    built = {"site/index.html": "docs/index.md", "site/install/index.html": "docs/install.md",
             "site/guide/index.html": "docs/guide/index.md", "site/guide/usage/index.html": "docs/guide/usage.md"}
    for page in [*built, "site/404.html", "site/old/index.html"]:  # no source: 404, a page since removed
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text(PAGE, encoding="utf-8")
    docs, skipped = _read(tmp_path)
    for page, source in built.items():
        assert skipped[page].kind == DUPLICATE and f"{source} is read" in skipped[page].reason
        assert source in docs
    assert {"site/404.html", "site/old/index.html"} <= set(docs)
    assert maybe_copy("site/404.html", tmp_path / "site" / "404.html")  # a source may come: checked again
    assert not maybe_copy("docs/index.md", tmp_path / "docs" / "index.md")


def test_mkdocs_settings_say_where_the_site_is_and_how_pages_are_named(tmp_path):
    _site(tmp_path, "site_dir: public\nuse_directory_urls: false\n")
    (tmp_path / "public" / "guide").mkdir(parents=True)
    (tmp_path / "site" / "install").mkdir(parents=True)
    for page in ("public/install.html", "public/guide/usage.html", "site/install/index.html"):
        (tmp_path / page).write_text(PAGE, encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert skipped["public/install.html"].kind == DUPLICATE
    assert skipped["public/guide/usage.html"].kind == DUPLICATE
    assert "site/install/index.html" in docs  # not this config's site folder


def test_html_beside_markdown_without_an_mkdocs_config_is_read(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "site" / "install").mkdir(parents=True)
    (tmp_path / "docs" / "install.md").write_text("# Install\n\nRun the installer.\n", encoding="utf-8")
    (tmp_path / "site" / "install" / "index.html").write_text(PAGE, encoding="utf-8")
    docs, _ = _read(tmp_path)
    assert {"docs/install.md", "site/install/index.html"} <= set(docs)


def test_doxygens_pointers_to_listings_and_graph_captions_are_furniture_by_their_markup():
    page = ('<html><body><div class="contents">'
            '<div class="dynheader closed"><img src="closed.png" alt="+"/> Include dependency graph for frob.h:</div>'
            '<div class="dyncontent" style="display:none;"><img src="frob_8h__incl.png" alt=""/></div>'
            '<p><a href="../../d1/d2/frob_8h_source.html">Go to the source code of this file.</a></p>'
            '<p>Frob turns every widget twice before it is packed.</p>'
            '<p class="definition">Definition at line <a class="el" href="../../d1/d2/frob_8h_source.html#l00083">83</a>'
            ' of file <a class="el" href="../../d1/d2/frob_8h_source.html">frob.h</a>.</p>'
            '<p class="definition">A definition of the page\'s own, with a <a href="glossary.html#w">widget</a>.</p>'
            '<p><a href="notes.html">Read the notes of this file.</a></p></div></body></html>')
    text = read_html(page, "d3/d7/frob_8h.html").text
    assert "Frob turns every widget twice" in text and "A definition of the page's own" in text
    assert "Read the notes of this file." in text
    for gone in ("dependency graph", "Go to the source", "Definition at line", "frob.h"):
        assert gone not in text


def test_a_structs_field_table_and_its_member_declarations_are_no_index_of_names():
    rows = "".join(f'<tr><td><a class="el" href="../../d9/d2/stdinc_8h.html#t{i}">Uint8</a></td>'
                   f'<td><a class="el" href="../../d3/d1/struct_widget.html#m{i}">part{i}</a></td></tr>' for i in range(9))
    decls = "".join(f'<h2 class="memtitle">part{i}</h2><table class="memname"><tr><td class="memname">'
                    f'<a class="el" href="../../d9/d2/stdinc_8h.html#t{i}">Uint8</a> widget::part{i}</td></tr></table>'
                    for i in range(9))
    page = f'<html><body><h2>Data Fields</h2><table class="memberdecls">{rows}</table>{decls}</body></html>'
    text = read_html(page, "d3/d1/struct_widget.html").text
    assert "Uint8 | part3" in text and "Uint8 widget::part3" in text


def test_a_field_lists_name_reads_with_the_colon_its_stylesheet_draws():
    page = ('<html><body><dl class="py method"><dt>invert()</dt><dd><dl class="field-list simple">'
            '<dt class="field-odd">Returns\n</dt><dd><p>If the matrix has an inverse, it becomes its inverse.</p></dd>'
            '<dt class="field-even">Raises<span class="colon">:</span></dt><dd><p>Error if it has none.</p></dd>'
            '</dl></dd></dl><dl><dt>Returns</dt><dd>A plain term, as written.</dd></dl></body></html>')
    text = read_html(page).text
    assert "Returns: If the matrix has an inverse" in text and "Raises: Error if it has none." in text
    assert "Raises::" not in text and "Returns A plain term" in text
