"""Licence texts named by their licence ("Artistic", as in Debian's /usr/share/common-licenses) are
plain text by name (session 18: "unsupported (no extension)" before); made-up text."""

from __future__ import annotations

from qa.corpus.naming import read_suffix
from qa.corpus.readers import read_corpus


def test_a_licence_named_by_itself_is_read_as_text(tmp_path):
    (tmp_path / "Artistic").write_text("The Quill Licence\n\nYou may copy the Package in any medium, provided "
                                       "that you keep this notice with every copy you make.\n")
    (tmp_path / "unlicense").write_text("This is free and unencumbered text released into the commons.\n")
    docs = read_corpus(tmp_path)
    assert [d.id for d in docs] == ["Artistic", "unlicense"]
    assert "keep this notice" in docs[0].text


def test_licence_names_and_what_stays_unsupported():
    assert read_suffix("Artistic") == ".txt" and read_suffix("LGPL") == ".txt" and read_suffix("gfdl") == ".txt"
    assert read_suffix("artistic.png") == ".png"  # a picture stays a picture
    assert read_suffix("Artwork") == ""  # not a licence's name
