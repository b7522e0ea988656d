"""What a real documentation folder holds (session 10's shakedown on /usr/share/doc and site-packages):
text files named by convention without a suffix, header blocks of fields, licence disclaimers in
capitals, Debian's " ." paragraph breaks, an HTML page's own table of contents.  Made-up text."""

from __future__ import annotations

import gzip

from hypothesis import given
from hypothesis import strategies as st

from qa.corpus import load_corpus
from qa.corpus.extracted import line_at
from qa.corpus.html import read_html
from qa.corpus.plaintext import read_plain
from qa.corpus.readers import format_of, supported
from qa.corpus.text_title import header_fields, plain_title

PROSE = ("The quorp engine keeps its glimmer oil warm through the winter months, and the crew "
         "checks the gauges every morning before the ship leaves the harbour for the day.\n")


def _read(tmp_path, files: dict[str, bytes | str]):
    corpus = tmp_path / "c"
    for name, data in files.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    skipped = []
    docs = {d.id: d for d in load_corpus(corpus, skipped.append)}
    return docs, {s.path: s.kind for s in skipped}


def test_text_files_named_by_convention_are_read_without_a_suffix():
    for name in ("README", "LICENSE", "COPYING", "copyright", "NEWS", "AUTHORS", "ChangeLog", "INSTALL",
                 "METADATA", "PKG-INFO", "README.Debian", "COPYING.LIB", "LICENSE.MIT", "LICENSE-APACHE",
                 "README_ja", "NOTICE", "changelog.Debian.amd64", "NEWS.gz", "README.Debian.gz",
                 "changelog.Debian.gz", "changelog.Debian.amd64.gz",
                 "PROBLEMS", "FEATURES.gz", "READMEFIRST", "NEWS-2020", "RELEASE_NOTES"):  # in capitals: text
        assert supported(name), name
        assert format_of(name) == "text", name
    for name in ("Makefile", "configure", "install-sh", "NEWS.tar.gz", "README.tgz", "LICENSE.png.gz",
                 "LICENSE.png", "README.md.zip", "licenses", "readme-", "problems", "Problems", "DATA.CSV",
                 "AB", "X11", "PROBLEMS.tar.gz", "changelog.a.b.c.d"):
        assert not supported(name), name
    assert format_of("README.md") == "Markdown" and format_of("LICENSE.txt") == "text"  # a real suffix wins


def test_a_folder_of_package_docs_reads_its_readme_and_licence(tmp_path):
    docs, skipped = _read(tmp_path, {
        "quorp/README": "Quorp engines\n=============\n\n" + PROSE,
        "quorp/LICENSE-MIT": "Permission is granted to anyone to use the quorp engine for any purpose.\n",
        "quorp/NEWS.gz": gzip.compress(PROSE.encode()),
        "quorp/Makefile": "all:\n\tcc -o quorp quorp.c\n",
        "quorp/COPYING": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,  # a binary under a text name
        "quorp/AUTHORS": "",
    })
    assert set(docs) == {"quorp/README", "quorp/LICENSE-MIT", "quorp/NEWS.gz"}  # gzipped: read (gunzip.py)
    assert docs["quorp/NEWS.gz"].text == PROSE and docs["quorp/NEWS.gz"].title.startswith("quorp: ")
    assert docs["quorp/README"].title == "quorp: Quorp engines"  # what a README or LICENSE is about: its folder
    assert docs["quorp/LICENSE-MIT"].title == "quorp: LICENSE-MIT"
    assert skipped == {"quorp/Makefile": "unsupported",
                       "quorp/COPYING": "binary", "quorp/AUTHORS": "empty"}


HEADER = ("Format: https://example.org/copyright-format/1.0/\n"
          "Upstream-Name: quorpkit\n"
          "Upstream-Contact: Ada Glimmer <ada@example.org>\n"
          "Source: https://example.org/quorpkit/releases/download/latest/\n"
          "\n")
DISCLAIMER = (" THE QUORP ENGINE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS\n"
              " OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
              " FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT OF THE HARBOUR RULES.\n")
WRAPPED_LICENCE = (
    "License: Glimmer\n"
    " Permission is hereby granted, free of charge, to any person obtaining a\n"
    " copy of this engine and its manuals, to deal in the engine without\n"
    " restriction, including the rights to use, copy, modify and sell copies.\n"
    " .\n"
    " The above notice and this permission notice shall be included in all\n"
    " copies or substantial portions of the engine and of its many manuals.\n"
    " .\n" + DISCLAIMER)


def test_header_fields_stay_lines_and_name_the_document():
    text = HEADER + WRAPPED_LICENCE
    got = read_plain(text)
    assert "Upstream-Name: quorpkit\nUpstream-Contact: Ada" in got.text  # not joined into one line
    assert "copies.\n .\n The above" in got.text  # Debian's " ." paragraph break is no word of a sentence
    assert "MERCHANTABILITY, FITNESS FOR" in got.text  # an all-caps clause ending in "," goes on
    assert "obtaining a copy of this engine" in got.text  # the wrapped paragraph is still joined
    for offset, line in got.lines:  # each anchor starts its file line
        assert got.text[offset:offset + 12].strip() == text.split("\n")[line - 1].strip()[:12].strip()
    assert line_at(got.lines, got.text, got.text.index("FITNESS")) == text.split("\n").index(DISCLAIMER.split("\n")[2]) + 1
    assert plain_title(text) == "quorpkit"


def test_header_block_titles_and_what_is_no_header_block():
    assert plain_title("Metadata-Version: 2.1\nName: quorpkit\nVersion: 1.0\nSummary: Engines\n\n" + PROSE) == "quorpkit"
    assert plain_title("Title: Harbour meeting notes\nDate: 3 May\n\n" + PROSE) == "Harbour meeting notes"
    assert plain_title("Subject: Quorp Engine Oil Levels\nFrom: Ada\nTo: Crew\n\n" + PROSE) == "Quorp Engine Oil Levels"
    # one "Label: ..." line is a caption or dateline, not a header block: the headline rule still applies
    assert plain_title("PHOTO: Ada Glimmer at the harbour\n\nQuorp Engines Win The Winter Race\n\n" + PROSE) \
        == "Quorp Engines Win The Winter Race"
    assert header_fields(["PHOTO: Ada at the harbour", "", "Words."]) == ({}, 0)
    # a header block without a name field: the headline of what follows it
    assert plain_title("Version: 2\nDate: today\n\nQuorp Engines Win The Winter Race\n\n" + PROSE) \
        == "Quorp Engines Win The Winter Race"


@given(st.lists(st.sampled_from([
    "Name: quorp", "Version: 1.0", " folded value goes on", " .", "", "THE ENGINE IS PROVIDED AS IS, WITHOUT ANY",
    "WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,", "the glimmer oil is warmed every morning before the ship leaves the",
    "harbour, and the crew checks the gauges and writes the readings down in", "- a list item", "License: MIT"]),
    min_size=8, max_size=60))
def test_joined_text_keeps_every_character_and_its_line(lines):
    text = "\n".join(lines)
    got = read_plain(text)
    assert got.text.replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")
    raw = text.split("\n")
    for offset, line in got.lines:
        assert raw[line - 1].strip().startswith(got.text[offset:].split("\n")[0].strip()[:5])


def test_a_pages_own_table_of_contents_is_not_text_but_a_contents_page_is_kept():
    body = "<p>" + PROSE * 3 + "</p>"
    toc = ('<div class="toc"><dl><dt><a href="#a">1. Glimmer oil</a></dt><dt><a href="#b">2. Quorp gauges</a></dt>'
           '<dt><a href="#c">3. Harbour rules</a></dt></dl></div>')
    for attrs in ('class="toc"', 'class="fancy_toc"', 'class="toctree-wrapper compound"', 'id="table-of-contents"'):
        marked = toc.replace('class="toc"', attrs)
        page = f"<html><body><h1>Quorp manual</h1>{marked}<h2 id='a'>1. Glimmer oil</h2>{body}</body></html>"
        text = read_html(page).text
        assert "Quorp gauges" not in text, attrs
        assert "glimmer oil warm" in text
    contents_only = f"<html><body><h1>Quorp manual</h1>{toc}</body></html>"  # the page is its contents: kept
    assert "Quorp gauges" in read_html(contents_only).text
    assert "stock" in read_html('<html><body><div class="stock">' + "stock list of the harbour " * 20 + "</div></body></html>").text


def test_a_manual_generators_running_header_is_not_text_and_a_menu_bar_names_no_page():
    body = "<p>" + PROSE * 2 + "</p>"
    texinfo = ('<html><head><title>Glimmer Oil (Quorp Manual)</title></head><body><div class="section">'
               '<div class="header"><p>Previous: <a href="a.html">Gauges</a>, Up: <a href="b.html">Engines</a>'
               ' [<a href="i.html">Index</a>]</p></div><hr><h3>2.7 Glimmer Oil</h3>' + body +
               '<table class="header"><tr><td>[<a href="#x"> &lt;&lt; </a>]</td><td>[<a href="#u"> Up </a>]</td></tr></table>'
               '</div></body></html>')
    got = read_html(texinfo)
    assert "Previous" not in got.text and "Up" not in got.text.replace("up ", "")
    assert got.text.startswith("2.7 Glimmer Oil") and "glimmer oil warm" in got.text
    mdbook = ('<html><head><title>Installation - The Quorp Book</title></head><body>'
              '<div id="menu-bar" class="menu-bar"><h1 class="menu-title">The Quorp Book</h1></div>'
              '<main><h2 id="i"><a class="header" href="#i">Installing the engine</a></h2>' + body + '</main></body></html>')
    got = read_html(mdbook)
    assert got.title == "Installation - The Quorp Book"  # not the menu bar's site name, on every page
    assert "Installing the engine" in got.text  # a heading's own <a class="header"> link is its text
    docbook = ('<html><body><div class="navheader"><table><tr><td><a href="p.html">Prev</a></td>'
               '<td><a href="n.html">Next</a></td></tr></table></div>' + body + '</body></html>')
    assert "Prev" not in read_html(docbook).text


def test_a_file_named_in_capitals_is_read_as_text_and_a_binary_one_skipped(tmp_path):
    docs, skipped = _read(tmp_path, {"PROBLEMS": PROSE, "CORE": "\x00\x01ELF\x00" * 50, "problems": PROSE})
    assert "PROBLEMS" in docs and "quorp" in docs["PROBLEMS"].text.lower()
    assert skipped == {"CORE": "binary", "problems": "unsupported"}


def test_an_unsupported_file_without_a_suffix_says_so_once(tmp_path):
    _, skipped = _read(tmp_path, {"Makefile": "all:\n\tcc quorp.c\n", "README": PROSE})
    from qa.corpus.skips import unsupported

    assert skipped == {"Makefile": "unsupported"}
    assert unsupported("Makefile").reason == "unsupported file type (no extension)"


def test_a_contents_page_with_leaders_is_in_no_passage_but_a_few_such_lines_do_not_cut():
    from qa.corpus import Document, chunk_document

    contents = "".join(f"{i}.{j} Quorp topic number {i}{j} . . . . . . . . . . . . . {i * 3 + j}\n\n"
                       for i in range(1, 6) for j in range(1, 5))  # 20 lines, about 140 words
    text = ("The quorp manual explains the engines of the harbour fleet in detail.\n\n" + contents +
            "Glimmer oil is warmed every morning before the ships leave the harbour.\n\n"
            "1.1 Warming . . . . . . . . 2\n\n"
            "The crew writes the gauge readings in the log every evening at dusk.\n")
    chunks = chunk_document(Document(id="m.txt", title="Quorp", text=text, source="m.txt"))
    assert not any("Quorp topic number" in c.text for c in chunks)  # 140 words of contents: the run ends
    assert any("Glimmer oil" in c.text and "1.1 Warming" in c.text and "gauge readings" in c.text for c in chunks)
    for c in chunks:
        assert text[c.start:c.end] == c.text


def test_a_skip_link_is_furniture_and_wbr_breaks_no_word():
    from qa.corpus.html import read_html

    page = ('<html><head><title>pump_barrels in quorp - Docs</title></head><body>'
            '<a class="skip-main-content" href="#main">Skip to main content</a>'
            '<main id="main"><h1>Function <span>pump_<wbr>barrels</span></h1>'
            '<p>Pumps every barrel of glimmer oil into the harbour engines, one at a time, from the north.</p>'
            '<p>See <a href="#main">skipping barrels</a> for the cold ones.</p></main></body></html>')
    got = read_html(page)
    assert got.text.startswith("Function pump_barrels\n\nPumps every barrel")
    assert "Skip to" not in got.text and "See skipping barrels for the cold ones." in got.text
    assert "pump_ barrels" not in (got.title or "") and "pump_barrels" in (got.title or "")
