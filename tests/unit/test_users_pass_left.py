"""Session 16: the reading items session 15's user's pass left, each made up small."""

from __future__ import annotations

from qa.corpus import load_corpus


def _read(root, files: dict[str, str]):
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data, encoding="utf-8")
    return {d.id: d for d in load_corpus(root)}


WRAPPED = """GNU Frob NEWS - User visible changes. 2024-03-01
Please send GNU Frob bug reports to <bug-frob@example.org>

version 2.1 - the spring release of the frobnicator, with a number of
changes that users of the command line and of the library will notice
when they upgrade from the previous version of the program this year.

* The --fast option now skips the checksum of every block it writes to
the archive, which makes writing large archives much quicker than it
was before, at the price of a later check that takes a little longer.

* Reading from a pipe works again when the archive was written on a
machine whose block size differs from the one it is being read on now.
"""


def test_a_title_is_one_line_of_the_file_not_two_the_reader_joined(tmp_path):
    """A hard-wrapped file's first line joined to the next by the reader ("… 2024-03-01 Please
    send … bug reports to <…>") was the title, 16 words; the file's first line is."""
    docs = _read(tmp_path, {"notes.txt": WRAPPED})
    doc = docs["notes.txt"]
    assert "2024-03-01 Please send" in doc.text  # the reader still joins them: the text is as it was
    assert doc.title == "GNU Frob NEWS - User visible changes. 2024-03-01"


def test_an_image_in_a_markdown_html_block_keeps_its_alt_text(tmp_path):
    """A README's centred logo (``<p align="center"><img … alt="Glimmerdb"></p>``) was dropped, while
    a Markdown image's alt and an HTML page's are text."""
    docs = _read(tmp_path, {"notes.md": '<p align="center"><img src="logo.png" alt="Glimmerdb"></p>\n\n'
                                        '<div><img src="spacer.gif"> Built nightly.</div>\n\n'
                                        "__Glimmerdb__ keeps small records in a single file.\n"})
    doc = docs["notes.md"]
    assert doc.text.startswith("Glimmerdb\n\nBuilt nightly.\n\nGlimmerdb keeps small records")
    assert doc.line_at(doc.text.index("Glimmerdb keeps")) == 5
