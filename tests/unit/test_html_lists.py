"""An HTML ordered list's items open with the number a browser shows ("3.", "b.", "iv."), as part
of the document text (so a cited step is an exact slice with its number): made-up pages."""

from __future__ import annotations

import pytest

from qa.corpus.html import read_html
from qa.corpus.html_lists import list_labels


def _lines(page: str) -> list[str]:
    return [ln for ln in read_html(f"<html><body>{page}</body></html>").text.split("\n") if ln]


def test_items_are_numbered_from_start_with_values_and_nested_lists_counting_their_own():
    lines = _lines('<h2>Fitting the quorp</h2><ol><li>Unscrew the lid.</li><li>Lift the quorp.'
                   '<ol type="a"><li>Left side.</li><li value="5">Right side.</li><li>Top.</li></ol></li>'
                   '<li>Close the lid.</li></ol>'
                   '<ol start="7"><li>Seventh.</li><li>Eighth.</li></ol><ul><li>A bullet.</li></ul>')
    assert lines == ["Fitting the quorp", "1. Unscrew the lid.", "2. Lift the quorp.", "a. Left side.",
                     "e. Right side.", "f. Top.", "3. Close the lid.", "7. Seventh.", "8. Eighth.", "A bullet."]


def test_reversed_roman_and_letter_styles_and_no_number_when_the_style_says_none():
    assert _lines('<ol reversed><li>x</li><li>y</li><li>z</li></ol>') == ["3. x", "2. y", "1. z"]
    assert _lines('<ol type="I" start="3"><li>x</li><li type="a">y</li></ol>') == ["III. x", "d. y"]
    assert _lines('<ol class="loweralpha simple"><li>x</li></ol>'  # docutils / Sphinx
                  '<ol style="list-style: upper-roman inside"><li>y</li></ol>') == ["a. x", "I. y"]
    assert _lines('<ol style="list-style-type: none"><li>x</li></ol><ol type="A" start="27"><li>y</li></ol>') \
        == ["x", "AA. y"]


def test_the_number_waits_for_the_first_words_of_its_item_and_empty_items_leave_none():
    page = ('<ol class="procedure"><li class="step"><p>\n  Edit the file.</p><p>Then save it.</p></li>'
            '<li></li><li><pre>make quorp</pre></li><li><h3>Done</h3></li></ol><p>After the list.</p>')
    doc = read_html(f"<html><body>{page}</body></html>")
    assert "1. Edit the file.\n\nThen save it." in doc.text
    assert "\n2." not in doc.text  # the empty second item shows no stray number
    assert "3.\nmake quorp" in doc.text and "After the list." in doc.text and "3. After" not in doc.text
    assert [title for _, title in doc.sections] == ["4. Done"]
    for at, title in doc.sections:
        assert doc.text[at:at + len(title)] == title


def test_the_number_is_cited_at_its_item_line():
    page = "<html><body>\n<ol>\n<li>\nFirst step.</li>\n<li>Second\nstep.</li>\n</ol></body></html>"
    doc = read_html(page)
    assert doc.text == "1. First step.\n2. Second step."
    lines = dict(doc.lines)
    assert lines[0] == 3 and lines[doc.text.index("2.")] == 5


@pytest.mark.parametrize("depth", [600])
def test_deeply_nested_lists_are_numbered_without_recursion(depth):
    page = "<ol><li>x" * depth + "</li></ol>" * depth
    from bs4 import BeautifulSoup

    labels = list_labels(BeautifulSoup(page, "html.parser"))
    assert len(labels) == depth and set(labels.values()) == {"1."}


def test_an_epub_chapter_numbers_its_lists(tmp_path):
    from qa.corpus import read_file

    from .test_formats_more import make_epub

    path = make_epub(tmp_path / "book.epub", [("c1", "Rules", ['Keep these:<ol type="i"><li>Light the lamp.</li>'
                                                                '<li>Wind the clock.</li></ol>'])])
    doc = next(read_file(path, "book.epub", lambda s: pytest.fail(str(s))))
    assert "i. Light the lamp.\nii. Wind the clock." in doc.text


def test_a_list_inside_a_table_cell_is_numbered_in_the_row():
    lines = _lines('<table><tr><td>Menu</td><td><ol><li>Compile it.</li><li>Link it.</li></ol></td></tr></table>')
    assert lines == ["Menu | 1. Compile it. 2. Link it."]
