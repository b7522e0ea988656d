"""Scientific papers in PDF (session 24, docs/reading.md "Session 24: papers in PDF"): a line-end
hyphen that is a compound's own ("camera-" / "ready") or a word's syllable break ("docu-" / "ment"),
a number's hyphen, and a numbered reference list whose entries fill their lines.  Every PDF is
made here with reportlab; the text is made up."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.corpus.pdf_hyphens import SOFT, keeps_hyphen, resolve, vocabulary

pytest.importorskip("reportlab")

from ..pdf_strings import pdf_of_strings as _pdf  # noqa: E402


def test_a_hyphen_stays_between_two_words_of_the_document():
    text = (f"The camera{SOFT}ready copy is due. A camera is ready. The docu{SOFT}ment is long. "
            f"The frame{SOFT}work is a framework. The product{SOFT}moment is a product-moment. "
            f"Do it with{SOFT}out help, without fail, with care and out loud.")
    got, _, _ = resolve(text)
    assert "camera-ready copy" in got  # "camera" and "ready" are words here, "cameraready" is not
    assert "document is long" in got  # "docu" is no word
    assert "framework is a framework" in got  # the joined word is elsewhere
    assert "product-moment is" in got  # the hyphenated pair is elsewhere
    assert "without help" in got  # "with" is a closed-class word: a closed compound


def test_the_words_a_line_end_cut_are_no_evidence_for_themselves():
    words, pairs = vocabulary(f"a light{SOFT}house and a tree-house")
    assert "light" not in words and "house" in words and ("tree", "house") in pairs
    assert not keeps_hyphen("light", "house", words, pairs)  # "light" only where it was cut
    assert keeps_hyphen("Tree", "House", words, pairs)  # case does not matter
    assert not keeps_hyphen("re", "set", {"re", "set"}, set())  # too short a part to be a word


@given(st.lists(st.sampled_from(["alpha", "beta ", f"gam{SOFT}ma ", f"al{SOFT}pha ", " "]), max_size=30))
def test_resolve_moves_the_page_starts_with_the_text(pieces):
    text = "".join(pieces)
    starts = tuple(sorted({len("".join(pieces[:i])) for i in range(len(pieces) + 1)}))
    got, moved, _ = resolve(text, starts)
    assert SOFT not in got and len(moved) == len(starts)
    for a, b, c, d in zip(starts, starts[1:], moved, moved[1:]):  # each piece is still where it was
        assert got[c:d] == text[a:b].replace(SOFT, "-" if got[c:d].count("-") else "")


def _column(x: float, top: float, lines: list[str]) -> list[tuple]:
    """A column's lines, each but the last justified to its width (240 pt)."""
    return [(x, top - 12 * i, "Times-Roman", 10, line, *((240,) if i < len(lines) - 1 else ()))
            for i, line in enumerate(lines)]


HLEFT = ["A camera is a box that records the light falling on its film, and",
        "the film is ready when the light has done its work on it; a camera-",
        "ready copy is the last one an author sends. The docu-",
        "ment is then set in type and printed in two columns, a page of",
        "text with figures, tables and the numbered references at its end."]
REFS = ["[1] A. Author and B. Author, A long title of a paper that fills its",
         "line, Journal of Examples 12 (2001) 3-",
         "540.",
         "[2] C. Author, Another title of a paper, set so that its line fills",
         "the column to its edge, Letters of Examples 7 (1999) 11-",
         "[3] D. Author, A third paper, Proceedings of Nothing (2004) 1-9."]


def test_a_two_column_paper_keeps_compounds_numbers_and_references_apart():
    from qa.corpus.pdf import read_pdf

    text = read_pdf(_pdf([_column(50, 700, HLEFT) + _column(305, 700, REFS)])).text
    assert "a camera-ready copy is the last one" in text, text
    assert "The document is then set in type" in text
    assert "(2001) 3-540." in text  # a number's hyphen: no space, no joined digits
    assert "\n\n[2] C. Author" in text and "\n\n[3] D. Author" in text  # one reference a paragraph
    assert "at its end. [1] A. Author" in text or "at its end.\n\n[1] A. Author" in text


def test_a_citation_that_begins_a_wrapped_line_is_no_reference_entry():
    from qa.corpus.pdf import read_pdf

    lines = ["The first study of the widgets was the one by the frobnicator team",
             "[4] Smith and Jones counted them again, and found that the number",
             "[5] Widgets had grown since the first count, as others found later."]
    text = read_pdf(_pdf([_column(50, 700, lines)])).text
    assert "frobnicator team [4] Smith and Jones" in text, text
    assert "the number [5] Widgets" in text


BODY = ["Widgets are counted twice a day by the frobnicator, which keeps a",
        "log of every count in the folder and sends the log by mail to the",
        "laboratory, where the counts are read and filed by hand in a big",
        "cabinet next to the door of the office, and the cabinet is locked",
        "at night so that nobody can change a count after it was filed by",
        "the clerk, who checks every log against the one of the day before"]
BELOW = ["and signs it. The clerk then sends a copy of the signed log to the",
         "head of the laboratory, who reads it in the morning with her tea",
         "and files it in a second cabinet in her own office, as the rules",
         "of the laboratory say every head of a laboratory has to do with",
         "the logs of the widgets and of the gadgets that are counted there.",
         "Nobody has ever asked to read the logs again."]


def test_a_caption_at_the_top_of_a_column_does_not_cut_into_the_sentence():
    from qa.corpus.pdf import read_pdf

    # the left column's last line is full: its sentence runs on at the top of the right column,
    # below the figure; the caption is set a little smaller, as most classes do
    left = [(x, y, font, size, text, 240) for x, y, font, size, text, *_ in _column(50, 700, BODY)]
    caption = [(305, 700, "Times-Roman", 9, "Figure 2: The widgets counted per day, in the morning and", 240),
               (305, 690, "Times-Roman", 9, "in the evening.")]
    right = [(x, y - 40, font, size, text, *w) for x, y, font, size, text, *w in _column(305, 700, BELOW)]
    text = read_pdf(_pdf([left + caption + right])).text
    assert "\n\nFigure 2: The widgets counted per day, in the morning and in the evening.\n\n" in text, text
    assert "the day before Figure" not in text


def test_a_heading_set_larger_than_its_text_is_a_paragraph_of_its_own():
    from qa.corpus.pdf import read_pdf

    # the heading's box reaches down to the first line under it: no gap tells them apart, its size does
    page = [(50, 700, "Times-Bold", 10.6, "6 AUTHORS AND AFFILIATIONS")]
    page += [(x, y - 12, font, 9, text, *w) for x, y, font, _, text, *w in _column(50, 700, BODY)]
    text = read_pdf(_pdf([page])).text
    assert text.startswith("6 AUTHORS AND AFFILIATIONS\n\nWidgets are counted"), text


def test_a_footnote_mark_at_a_line_s_end_does_not_end_the_paragraph():
    import io

    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    from qa.corpus.pdf import read_pdf

    lines = ["Therefore in this work we propose to keep the widgets in a box,",
             "a cabinet or any other place of the kind that is known as a (BOX)",
             "of the laboratory, where they are counted twice a day by a clerk",
             "who writes every count into a log and files the log by hand."]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for i, line in enumerate(lines):
        t = c.beginText(100, 700 - 12 * i)
        t.setFont("Times-Roman", 10)
        if i < len(lines) - 1:  # justified to 330 pt, the mark included
            room = 330 - stringWidth(line, "Times-Roman", 10) - (stringWidth("4", "Times-Roman", 7) if i == 1 else 0)
            t.setWordSpace(room / line.count(" "))
        t.textOut(line)
        if i == 1:  # a footnote's mark, set small and raised, ends the line
            t.setFont("Times-Roman", 7)
            t.setRise(4)
            t.textOut("4")
            t.setRise(0)
        c.drawText(t)
    c.showPage()
    c.save()
    text = read_pdf(buf.getvalue()).text
    assert "known as a (BOX)4 of the laboratory" in text, text


def _page(texts: list[str], top: float = 740) -> list:
    from qa.corpus.pdf import Line

    return [Line(t, top=top - 20 * i, bottom=top - 20 * i - 8, height=8, left=72, right=300, size=10)
            for i, t in enumerate(texts)]


def test_a_short_paper_s_odd_and_even_headers_both_go():
    from qa.corpus.pdf import drop_running_lines

    even, odd = "Conference '24, June 3-5, Somewhere Trovato et al.", "The Name of the Title Conference '24, June 3-5"
    pages = [_page(["The Name of the Title", *_body(0)])]
    pages += [_page([even if k % 2 else odd, *_body(k)]) for k in range(1, 6)]
    drop_running_lines(pages)
    assert [[ln.text for ln in page] for page in pages] == [["The Name of the Title", *_body(0)]] + [_body(k) for k in range(1, 6)]


def _body(k: int) -> list[str]:
    """Seven lines of a page's own text."""
    things = "widgets gadgets frobs quorps glims pumps gears".split()
    return [f"The {a} are counted by the {b} here." for a, b in zip(things, things[k % 7:] + things[:k % 7])]


def test_a_running_title_at_the_foot_of_the_title_page_goes_but_the_title_stays():
    from qa.corpus.pdf import drop_running_lines

    title = "The Macros of the Widget Journal"
    pages = [_page([title, *_body(0), title])]
    pages += [_page([*_body(k), title if k % 2 == 0 else "R. Author"]) for k in range(1, 5)]
    drop_running_lines(pages)
    assert [ln.text for ln in pages[0]] == [title, *_body(0)]
    assert all(title not in ln.text for page in pages[1:] for ln in page)


def test_a_page_number_of_pages_above_a_footer_goes():
    from qa.corpus.pdf import drop_running_lines

    pages = [_page([*_body(k), f"{k} of 3", "The Widget Institute"]) for k in (1, 2, 3)]
    drop_running_lines(pages)
    assert [[ln.text for ln in page] for page in pages] == [_body(k) for k in (1, 2, 3)]


@pytest.mark.parametrize("heading", ["13 CITATIONS AND BIBLIOGRAPHIES", "3.2 Section Headings and Captions of Widgets",
                                     "II. RELATED WORK ON WIDGET COUNTS"])
def test_a_numbered_heading_in_the_text_s_own_size_is_a_paragraph_of_its_own(heading):
    from qa.corpus.pdf import read_pdf

    # set in the text's size and spacing: only its number, its capitals and its short line tell it
    page = [(50, 712, "Times-Roman", 9, heading)]
    page += [(x, y, font, 9, text, *w) for x, y, font, _, text, *w in _column(50, 700, BODY)]
    text = read_pdf(_pdf([page])).text
    assert text.startswith(f"{heading}\n\nWidgets are counted"), text


@pytest.mark.parametrize("line", ["2 widgets and the frobnicator, which are counted",
                                  "V. Author and the Widget Institute of Frobtown", "3 THE WIDGET INSTITUTE AND THE"])
def test_a_short_line_with_a_number_but_no_heading_runs_on(line):
    from qa.corpus.pdf import read_pdf

    # a list item's sentence (lowercase words), an initial, a heading whose line wraps (the next line is
    # short too): each ends a fifth of the column short, where a line does not end its paragraph
    after = "COUNTS OF WIDGETS" if line.isupper() else BODY[0]
    page = [(50, 712, "Times-Roman", 9, line), (50, 700, "Times-Roman", 9, after)]
    page += [(x, y - 12, font, 9, text, *w) for x, y, font, _, text, *w in _column(50, 700, BODY[1:])]
    text = read_pdf(_pdf([page])).text
    assert text.startswith(f"{line} {after}"), text
