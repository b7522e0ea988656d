"""Badges and images in headings are no text (session 18: "# pkgconf [![test](…badge.svg)](…)" was
titled "pkgconf test", a README's first paragraph "Build status"); made-up text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.corpus.html import read_html
from qa.corpus.markdown import is_badge, read_markdown


def test_a_badge_in_a_heading_is_not_in_the_title():
    ex = read_markdown("# quillpack [![test](https://example.org/quill/actions/workflows/t.yml/badge.svg)]"
                       "(https://example.org/quill)\n\nQuillpack folds paper into small boats.\n")
    assert ex.title == "quillpack"
    assert ex.sections[0][1] == "quillpack"


def test_a_row_of_badges_is_no_paragraph_nor_is_a_picture_on_its_own():
    ex = read_markdown("# Quillpack\n\n[![Build status](https://img.shields.io/b/quill.svg)](https://ci.example)\n"
                       "[![codecov](https://codecov.io/gh/q/quill/branch/main/graph/badge.svg)](https://c.example)\n\n"
                       "Quillpack folds paper.\n\n![A paper boat on a pond](boat.png)\n\n"
                       '<p align="center"><img src="https://img.shields.io/x.svg" alt="Coverage"></p>\n')
    assert ex.text == "Quillpack\n\nQuillpack folds paper."


def test_what_is_a_badge():
    assert is_badge("https://travis-ci.org/q/quill.svg?branch=main")
    assert is_badge("https://ci.appveyor.com/api/projects/status/abc?svg=true")
    assert is_badge("https://readthedocs.org/projects/quill/badge/?version=latest")
    assert not is_badge("https://example.org/pictures/boat.png")
    assert not is_badge("docs/boat.png")


def test_an_image_in_a_link_says_nothing_an_image_in_a_sentence_does():
    ex = read_markdown("Quillpack [![build passing](https://ci.example.org/q.png)](https://ci.example.org) "
                       "[![PyPI version](https://pypi.example.org/q.png)](https://pypi.example.org)\n\n"
                       "Press ![the gear](gear.png) to fold.\n\n![Hello World](hello.png)\n\n"
                       "![front](a.png) ![back](b.png)\n\nSee [![the boat](boat.png)](boat.png) afloat.\n\nThe end.\n")
    assert ex.text == "Quillpack\n\nPress the gear to fold.\n\nSee the boat afloat.\n\nThe end."  # a thumbnail: text


def test_html_in_markdown_logo_dropped_and_lines_still_true():
    src = ('<p align="center">\n  <a href="https://q.example"><img src="logo.png" alt="Quillpack"></a>\n</p>\n'
           '<p align="center">\n<em>Folds paper into boats.</em>\n</p>\n\n'
           '<p>Click <img src="s.png" alt="Save"> to keep a fold.</p>\n\n<p><img src="shot.png" alt="Screenshot"></p>\n')
    ex = read_markdown(src)
    assert ex.text == "Folds paper into boats.\n\nClick Save to keep a fold."
    assert ex.lines == ((0, 5), (25, 8))  # "Folds" is on line 5 (four lines of logo before it), "Click" on 8


def test_html_page_linked_and_lone_images_no_text_inline_image_text():
    ex = read_html("<html><body><p>Quillpack folds paper.</p><p><a href=n.html><img alt=Next src=n.png></a></p>"
                   "<p><img alt='Fold diagram' src=d.png></p><p>Press <img alt=Gear src=g.png> to fold.</p>"
                   "</body></html>")
    assert ex.text == "Quillpack folds paper.\n\nPress Gear to fold."


_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(alts=st.lists(st.lists(_WORD, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=4),
       linked=st.booleans(), prose=st.lists(_WORD, min_size=2, max_size=12).map(" ".join))
def test_a_paragraph_of_images_gives_no_words_prose_is_kept(alts, linked, prose):
    imgs = " ".join(f"[![{a}](p{i}.png)](https://x.example/{i})" if linked else f"![{a}](p{i}.png)"
                    for i, a in enumerate(alts))
    ex = read_markdown(f"{imgs}\n\n{prose}.\n")
    assert ex.text == prose + "."
