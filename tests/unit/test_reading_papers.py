"""PDF papers as LaTeX sets them (session 17, docs/robustness.md "Papers"): two columns, a
manuscript's line numbers, a title's footnote mark, math outside the BMP, an index in two columns.
Every PDF is made here with reportlab; the text is made up."""

from __future__ import annotations

import pytest

pytest.importorskip("reportlab")

from ..pdf_strings import pdf_of_strings as _pdf  # noqa: E402

# a column's lines, justified to its width (240 pt) but for a paragraph's last line
LEFT = ["Frobnicators are set in two columns on the",
        "pages of this journal, and each line of a",
        "column ends at that column's own margin, so",
        "a sentence runs on from one line to the next",
        "one without a break. The widget quarterly",
        "likes them that way, and its readers agree",
        "that the frobs look tidy when set like this",
        "and that the second column follows the first"]
RIGHT = ["one at the top of the page, as everyone will",
         "have expected by now. Widgets are frobbed in",
         "the morning and in the evening, twice a day,",
         "by the nightly frobnicator of the lab, which",
         "also counts them. Nobody has yet found a way",
         "to frob a widget twice in a single hour, and",
         "the lab has stopped trying.",
         "The end."]


def _columns(top: float = 700) -> list[tuple[float, float, str, int, str]]:
    out = [(150, 780, "Helvetica-Bold", 16, "Frobbing Widgets in Two Columns")]
    out += [(50, top - 12 * i, "Times-Roman", 10, line, 240) for i, line in enumerate(LEFT)]
    out += [(310, top - 12 * i, "Times-Roman", 10, line, 240) for i, line in enumerate(RIGHT[:-2])]
    out += [(310, top - 12 * 6, "Times-Roman", 10, RIGHT[-2]), (310, top - 12 * 7, "Times-Roman", 10, RIGHT[-1])]
    return out


def test_two_columns_lines_run_on_within_a_column_and_across_the_jump():
    from qa.corpus.pdf import read_pdf

    text = read_pdf(_pdf([_columns()])).text
    # each column line was short against the page's width: every line its own paragraph before
    assert "on the pages of this journal, and each line of a column ends" in text
    # the jump to the second column's top goes on with the sentence (was a paragraph break)
    assert "and that the second column follows the first one at the top of the page" in text
    assert "Frobbing Widgets in Two Columns\n\nFrobnicators" in text  # the title is its own paragraph
    assert "stopped trying.\n\nThe end." in text  # a short line ending a sentence still ends its paragraph


def test_an_index_in_two_columns_keeps_one_entry_a_line():
    from qa.corpus.pdf import read_pdf

    entries = [f"{word} " + ". " * (18 - len(word) // 2) + f"{n}" for n, word in
               enumerate(["frob", "frobnicate", "gadget", "widget", "widget, blue", "widget, red", "zap"], 3)]
    page = [(50, 700 - 12 * i, "Courier", 10, e) for i, e in enumerate(entries)]
    page += [(310, 700 - 12 * i, "Courier", 10, e.replace("frob", "snark")) for i, e in enumerate(entries)]
    text = read_pdf(_pdf([page])).text
    assert ". 3\n\nfrobnicate ." in text and ". 9\n\nsnark ." in text


def test_a_manuscript_s_line_numbers_are_dropped_and_a_table_s_row_numbers_kept():
    from qa.corpus.pdf import read_pdf

    body = LEFT + RIGHT[:-2]
    numbered = [(30, 760 - 14 * i, "Helvetica", 7, str(i + 12)) for i in range(len(body))]  # lineno: alone
    numbered += [(72, 760 - 14 * i, "Times-Roman", 10, line, 240) for i, line in enumerate(body)]
    glued = [(30, 760 - 14 * i, "Times-Roman", 10, f"{i + 40} {line}", 282) for i, line in enumerate(body)]
    glued += [(72, 790, "Helvetica", 10, "Frobs et al.")]
    table = [(72, 760 - 14 * i, "Courier", 10, f"{i + 1} {w} widgets frobbed") for i, w in
             enumerate(["red", "blue", "green", "grey", "pink", "teal", "gold", "jade", "navy"])]
    table += [(72, 790, "Helvetica", 10, "Table 1. Widgets frobbed by colour, numbered.")]
    other = [(72, 760 - 14 * i, "Times-Roman", 10, f"Another page's line, saying something else ({i}).")
             for i in range(9)]
    for page in (numbered, glued):
        text = read_pdf(_pdf([page, other])).text
        assert "12" not in text and "41" not in text, text[:300]
        assert "two columns on the pages of this journal" in text and "the first one at the top of" in text
    text = read_pdf(_pdf([table])).text
    assert "1 red widgets frobbed" in text and "9 navy widgets frobbed" in text


def test_a_title_loses_its_footnote_mark_and_a_math_page_keeps_its_geometry():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from qa.corpus.pdf import read_pdf

    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    try:
        pdfmetrics.registerFont(TTFont("DejaVu", font))
    except Exception:  # noqa: BLE001 - reportlab raises its own TTFError or OSError
        pytest.skip("no DejaVu Sans")
    title = [(100, 780, "Helvetica", 18, "Frobbing Widgets at Scale"), (336.5, 788, "Helvetica", 11, "\u2217")]
    body = [(72, 740 - 14 * i, "Helvetica", 10, line) for i, line in enumerate(LEFT)]
    assert read_pdf(_pdf([title + body, body])).title == "Frobbing Widgets at Scale"  # was "…Scale∗"
    # a math italic letter outside the BMP: PDFium counts it apart from the page's text (here with no
    # Unicode value; in LaTeX's PDFs as two halves), so the page lost its geometry: the gap between
    # the two paragraphs was not seen
    math = [(72, 760 - 14 * i - 20 * (i >= 6), "DejaVu", 10,
             f"Line {i}: the flux q = \U0001d458 \u2207T where \U0001d458 is the conductivity of the") for i in range(12)]
    text = read_pdf(_pdf([math])).text
    assert "Line 4: the flux q = \u2207T where is the conductivity of the Line 5:" in text
    assert "Line 5: the flux q = \u2207T where is the conductivity of the\n\nLine 6:" in text


def test_a_paper_s_reference_list_in_computer_science_and_physics_styles():
    from qa.corpus.units import is_reference

    under = [
        "[3] O. Widget. The frob package.",  # numbered, no year
        "Orla Widget and Jan Frob. 2019. Frobbing at Scale. In Proceedings of Widget Days. Frob Press, 12\u201319.",
        "[7] J. Frob, Widget Letters 24, 771 (1999). [8] O. Widget, J. Frob, and A. Gadget, Frob Quarterly 3, 1 (2001).",
        "ctan.org/pkg/frob",  # an entry's rest, cut by a column
    ]
    for entry in under:
        assert is_reference(entry, True), entry
    for entry in (under[0], under[1], under[3]):
        assert not is_reference(entry), entry  # outside a reference list: the stricter rule
    for text in ["Appendix A: Proof of the Frob Lemma",
                 "We show in this appendix that every widget is frobbed at most twice a day, as the lemma "
                 "claims, and that a widget frobbed three times is no widget at all but a gadget."]:
        assert not is_reference(text, True), text


def test_an_alpha_style_reference_list_is_no_answer():
    """BibTeX's alpha style keys its entries by the authors' initials and the year ("[JK02]"); an entry
    whose year comes late is still an entry, and none of its sentences is a unit."""
    from qa.corpus.chunking import split_sentences
    from qa.corpus.units import is_reference

    entries = ["[WF07] Orla Widget and Jan Frob. Frobbing widgets in constant time on a configurable "
               "frobnicator. In Proceedings of the Widget Conference, volume 3, pages 1813\u20131817, April 2007.",
               "[GFW+11] Ada Gadget, Jan Frob, Orla Widget, and Bo Sprocket. Widget counting for the working "
               "frobnicator of the nightly lab. Widget Press White Paper 3234, February 2011.",
               "[Wid98a] Orla Widget. Personal communication, August 1998."]
    for entry in entries:
        assert is_reference(entry, True), entry
    prose = "The nightly frobnicator counts every widget it frobs, as Widget showed [WF07] in her thesis."
    text = "Frobs\n\n" + prose + "\n\nReferences\n\n" + "\n\n".join(entries) + "\n"
    units = [text[s:e] for run in split_sentences(text) for s, e in run]
    assert prose in units
    assert not [u for u in units if "Widget Conference" in u or "constant time" in u or "Personal" in u], units
