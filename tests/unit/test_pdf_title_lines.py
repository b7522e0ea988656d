"""A PDF title set on two lines whose second line measures a hair larger than the first (TeX title
pages: "Everything we know about CRC but afraid to" 15.3 / "forget" 15.4; R's reference manual "R: A
Language and Environment for" / "Statistical Computing") is both lines, not the second alone."""

from __future__ import annotations

import pytest

from .test_reading_debian_docs import sized_pdf

BODY = [(10, "The frobnicator reads every widget in the folder and frobs it once a day, at the"),
        (10, "time given in its configuration file, unless the widget was frobbed already.")] * 8




@pytest.mark.parametrize("sizes", [(22.3, 22.4), (22.4, 22.3), (22.3, 22.3)])
def test_a_two_line_title_is_both_lines_whichever_measures_larger(sizes):
    pytest.importorskip("reportlab")
    from qa.corpus.pdf import read_pdf

    first, second = sizes
    title_page = [(first, "Glimmer: A Language and Engine for"), (second, "Frobbing Widgets"),
                  (15, "Reference Index"), (10, "Version 4.2 of 1 June 2026")]
    got = read_pdf(sized_pdf([title_page, BODY, BODY]), "glimmer.pdf").title
    assert got == "Glimmer: A Language and Engine for Frobbing Widgets"


def test_a_title_above_a_smaller_subtitle_is_the_title_alone():
    pytest.importorskip("reportlab")
    from qa.corpus.pdf import read_pdf

    title_page = [(18, "Guide to the Frobnicator"), (24, "Frob Handbook"), (18, "for widget keepers"), *BODY]
    assert read_pdf(sized_pdf([title_page, BODY]), "frob.pdf").title == "Frob Handbook"
