"""A paper's title when its class sets it only a little larger than the text (REVTeX and the AMS: 12 pt
over 10 pt, on two lines, under a journal's small header lines), and a metadata Title that is the
journal's citation line, which the first page sets small (EJP-ECP): docs/reading.md, "Session 24:
papers in PDF", second pass.  The PDFs are made here with reportlab; the text is made up."""

from __future__ import annotations

import pytest

pytest.importorskip("reportlab")

from ..pdf_strings import pdf_of_strings as _pdf  # noqa: E402

TEXT = ["Widgets are counted twice a day by the frobnicator, which keeps a",
        "log of every count in the folder and sends the log by mail to the",
        "laboratory, where the counts are read and filed by hand in a big",
        "cabinet next to the door of the office, and the cabinet is locked",
        "at night so that nobody can change a count after it was filed by"] * 3
JOURNAL = "Journal of Widget Studies 12 (2031), article no. 4, 1-9."


def _lines(top: float, texts: list[str], size: float = 10, font: str = "Times-Roman") -> list[tuple]:
    return [(60, top - 1.2 * size * i, font, size, text) for i, text in enumerate(texts)]


def _paper(head: list[tuple], title: str | None = None) -> bytes:
    return _pdf([head + _lines(560, TEXT), _lines(780, TEXT + TEXT), _lines(780, TEXT)], title)


def test_a_title_set_a_little_larger_than_the_text_on_two_lines_is_the_title():
    from qa.corpus.pdf import read_pdf

    head = _lines(800, [JOURNAL], 6) + _lines(760, ["Manuscript Title:", "with a Forced Linebreak"], 12)
    head += _lines(720, ["Ann Author and Second Author", "The Widget Institute, Frobtown"])
    assert read_pdf(_paper(head), "paper.pdf").title == "Manuscript Title: with a Forced Linebreak"


def test_a_heading_a_little_larger_than_the_text_below_the_page_s_top_is_no_title():
    from qa.corpus.pdf import read_pdf

    head = _lines(800, TEXT[:6]) + _lines(720, ["The Counts of the Second Day"], 12, "Times-Bold")
    assert read_pdf(_paper(head), "paper.pdf").title is None


def test_a_metadata_title_the_first_page_sets_small_gives_way_to_the_large_line():
    from qa.corpus.pdf import read_pdf

    head = _lines(800, [JOURNAL], 8) + _lines(740, ["The Frobnicator and its Widgets"], 13)
    assert read_pdf(_paper(head, title=JOURNAL), "paper.pdf").title == "The Frobnicator and its Widgets"


def test_a_metadata_title_the_first_page_sets_large_stays():
    from qa.corpus.pdf import read_pdf

    head = _lines(800, [JOURNAL], 8) + _lines(740, ["The Frobnicator and its Widgets"], 13)
    title = "The Frobnicator and its Widgets: A Study"
    assert read_pdf(_paper(head, title=title), "paper.pdf").title == title
