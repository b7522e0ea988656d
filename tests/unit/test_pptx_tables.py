"""A PowerPoint table whose "header row" option is on gives each of its rows that header as context."""

from __future__ import annotations

import pytest

from qa.corpus.readers import read_file


def _deck(path, first_row: bool = True, header_text: bool = True):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Teams"
    box = slide.shapes.add_textbox(Inches(1), Inches(1.5), Inches(4), Inches(1))
    box.text_frame.text = "Who works where, as of March."
    table = slide.shapes.add_table(4, 3, Inches(1), Inches(3), Inches(6), Inches(2)).table
    table.first_row = first_row
    rows = (("Team", "Size", "Lead") if header_text else ("", "", ""), ("Data", "7", "Rui"),
            ("Web", "4", "Ines"), ("Ops", "3", "Lea"))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    second = deck.slides.add_slide(deck.slide_layouts[6])
    other = second.shapes.add_table(2, 2, Inches(1), Inches(1), Inches(4), Inches(1)).table
    for r, cells in enumerate((("City", "Office"), ("Porto", "North"))):
        for c, value in enumerate(cells):
            other.cell(r, c).text = value
    deck.save(str(path))
    return path


def _doc(path):
    return next(read_file(path, path.name, lambda s: pytest.fail(str(s))))


def test_rows_carry_their_tables_header_row(tmp_path):
    doc = _doc(_deck(tmp_path / "teams.pptx"))
    for row in ("Data | 7 | Rui", "Web | 4 | Ines", "Ops | 3 | Lea"):
        at = doc.text.index(row)
        assert doc.text[at:at + len(row)] == row
        assert doc.context_at(at) == "Team | Size | Lead"
    assert doc.context_at(doc.text.index("Team | Size | Lead")) is None  # the header itself
    assert doc.context_at(doc.text.index("Who works where")) is None
    assert doc.context_at(doc.text.index("Porto | North")) == "City | Office"  # each table its own
    for header in doc.tables:  # every declared header is an exact slice at a line start
        assert header == 0 or doc.text[header - 1] == "\n"


def test_no_header_row_when_the_option_is_off_or_the_first_row_is_empty(tmp_path):
    off = _doc(_deck(tmp_path / "off.pptx", first_row=False))
    assert off.context_at(off.text.index("Data | 7 | Rui")) is None
    empty = _doc(_deck(tmp_path / "empty.pptx", header_text=False))
    assert empty.context_at(empty.text.index("Web | 4 | Ines")) is None
