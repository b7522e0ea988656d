"""Badges and images in headings are no text (session 18: "# pkgconf [![test](…badge.svg)](…)" was
titled "pkgconf test", a README's first paragraph "Build status"); made-up text."""

from __future__ import annotations

from qa.corpus.markdown import is_badge, read_markdown


def test_a_badge_in_a_heading_is_not_in_the_title():
    ex = read_markdown("# quillpack [![test](https://example.org/quill/actions/workflows/t.yml/badge.svg)]"
                       "(https://example.org/quill)\n\nQuillpack folds paper into small boats.\n")
    assert ex.title == "quillpack"
    assert ex.sections[0][1] == "quillpack"


def test_a_row_of_badges_is_no_paragraph_but_a_picture_keeps_its_alt():
    ex = read_markdown("# Quillpack\n\n[![Build status](https://img.shields.io/b/quill.svg)](https://ci.example)\n"
                       "[![codecov](https://codecov.io/gh/q/quill/branch/main/graph/badge.svg)](https://c.example)\n\n"
                       "Quillpack folds paper.\n\n![A paper boat on a pond](boat.png)\n\n"
                       '<p align="center"><img src="https://img.shields.io/x.svg" alt="Coverage"></p>\n')
    assert ex.text == "Quillpack\n\nQuillpack folds paper.\n\nA paper boat on a pond"


def test_what_is_a_badge():
    assert is_badge("https://travis-ci.org/q/quill.svg?branch=main")
    assert is_badge("https://ci.appveyor.com/api/projects/status/abc?svg=true")
    assert is_badge("https://readthedocs.org/projects/quill/badge/?version=latest")
    assert not is_badge("https://example.org/pictures/boat.png")
    assert not is_badge("docs/boat.png")
