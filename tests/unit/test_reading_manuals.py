"""PDF manuals as LaTeX sets them (session 23, docs/reading.md "Session 23: PDF manuals"): accents
set apart from their letters, margin notes beside the text, contents entries without leaders, and
dense tables among the paragraphs. Every PDF is made here with reportlab; the text is made up."""

from __future__ import annotations

import pytest

pytest.importorskip("reportlab")

from ..pdf_strings import pdf_of_strings as _pdf  # noqa: E402

# a paragraph's lines, justified to the text's width (360 pt) but for its last line
PARA = ["The frobnicator reads every widget of the folder and counts the",
        "gadgets it finds there, one by one, before it writes the totals to",
        "a file that nobody ever reads again, as the manual explains in its",
        "second chapter on page seven, where the widgets are also drawn."]


def _paragraph(top: float, lines: list[str] = PARA, x: float = 100) -> list[tuple]:
    out = [(x, top - 12 * i, "Times-Roman", 10, line, 360) for i, line in enumerate(lines[:-1])]
    return out + [(x, top - 12 * (len(lines) - 1), "Times-Roman", 10, lines[-1])]


def test_an_accent_set_apart_from_its_letter_is_one_letter():
    from qa.corpus.pdf import read_pdf

    # TeX's OT1 fonts set "\"o" as the accent over an "o": PDFium gives "¨o"
    lines = ["Thanks to Martin Schr\u00a8oder, Fr\u00b4ed\u00b4eric Cr\u00b4egut and Lo\u00a8ic for",
             *PARA[1:3], "reports; the table lists the slots \u00b414x and \u00b415x in hexadecimal."]
    text = read_pdf(_pdf([_paragraph(700, lines)])).text
    assert "Martin Schröder, Frédéric Crégut and Loïc for" in text, text
    assert "slots \u00b414x and \u00b415x" in text  # an accent before no letter stays


def test_compose_accents_only_where_unicode_has_the_letter():
    from qa.corpus.pdf_chars import compose_accents

    assert compose_accents("Lo\u00a8\u0131c r\u02c6ole Bu\u02c7sa \u02daA") == "Loïc rôle Buša Å"  # a dotless i too
    assert compose_accents("\u02dd7x \u02ddA \u00a8") == "\u02dd7x \u02ddA \u00a8"  # no "A" with a double acute


SECOND = ["Widgets are counted twice a day by the frobnicator, which keeps",
          "a log of every count in the folder and sends the log by mail to",
          "the laboratory, where the counts are read and filed by hand in a",
          "cabinet next to the door."]


def test_margin_notes_leave_the_sentences_they_stood_beside():
    from qa.corpus.pdf import read_pdf

    # drawn in TeX's order: a note in the right margin after its line, one in the left before it
    (a, b, c, d), (e, f, g, h) = _paragraph(700), _paragraph(630, SECOND)
    page = [a, b, (475, 688, "Helvetica", 8, "New feature"), c, (475, 676, "Helvetica", 8, "2021/06/01"), d]
    page += [(40, 630, "Courier", 9, "\\frob"), e, f, (40, 606, "Helvetica", 8, "v3.1"), g, h]
    text = read_pdf(_pdf([page])).text
    # the notes were read as part of the body line beside them ("…counts the New feature gadgets…")
    assert "counts the gadgets it finds there, one by one, before it writes the totals to a file" in text, text
    assert "where the widgets are also drawn.\n\nNew feature 2021/06/01\n\n" in text  # after their paragraph
    assert "\n\n\\frob Widgets are counted twice a day" in text  # a note labelling a paragraph stays in front
    assert "mail to the laboratory, where" in text and "cabinet next to the door.\n\nv3.1" in text


def _boxes(pieces: list[tuple[float, str, float]]) -> list:
    """Characters 5 units wide from each piece's x, in its type size, a space (None) between pieces."""
    out: list = []
    for x, text, size in pieces:
        if out:
            out.append(None)
        out += [None if ch == " " else (ch, x + 5 * k, x + 5 * k + 5, size) for k, ch in enumerate(text)]
    return out


def test_a_page_number_or_a_listing_s_line_number_is_no_margin_note():
    from qa.corpus.pdf_margins import note_split

    block = (100.0, 460.0)
    line = _boxes([(100, "a line", 10), (405, "to the edge", 10), (475, "v3.1", 8)])
    assert note_split(line, block) == (0, len(line) - 5)  # "v3.1" past the right edge
    cells = _boxes([(100, "a row", 10), (405, "to the edge", 10), (475, "v3.1", 10)])
    assert note_split(cells, block) == (0, len(cells))  # set as large as the line: a wide table's cell
    entry = _boxes([(100, "4.2 The drivers . . . .", 10), (470, "12", 8)])
    assert note_split(entry, block) == (0, len(entry))  # a contents entry's page number, set past the edge
    code = _boxes([(70, "12", 7), (100, "\\def\\frob{widget}", 9)])
    assert note_split(code, block) == (0, len(code))  # a listing's line number in the margin
    label = _boxes([(40, "\\frob", 8), (100, "The macro frobs", 10)])
    assert note_split(label, block) == (6, len(label))


def test_a_dense_table_does_not_make_every_line_of_a_paragraph_one():
    from qa.corpus.pdf import read_pdf

    paragraphs = [line for k in range(4) for line in _paragraph(760 - 80 * k)]
    # a table of glyph slots under them, its rows set closer than its type's height: its gaps were
    # the document's tightest, so the usual gap between a paragraph's lines looked like a paragraph's end
    table = [(100, 440 - 7 * k, "Times-Roman", 10, f"slot {k:02x} glyph {k % 7}") for k in range(40)]
    page = paragraphs + table
    text = read_pdf(_pdf([page, page])).text
    assert text.count("The frobnicator reads every widget of the folder and counts the gadgets it finds") == 8, \
        text[:400]
    assert "where the widgets are also drawn.\n\nThe frobnicator" in text  # paragraphs still end


def test_a_chapter_s_contents_entry_without_leaders_is_its_own_line():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from qa.corpus.pdf import read_pdf

    rows = [("1 Frobbing widgets", "2", False), ("1.1 Blue widgets", "3", True), ("1.2 Red widgets", "5", True),
            ("2 Counting gadgets", "7", False), ("2.1 Gadgets by hand", "8", True)]
    page = []
    for k, (entry, number, leaders) in enumerate(rows):
        y = 700 - 14 * k - 6 * sum(not r[2] for r in rows[:k + 1])  # a chapter's entry has space above it
        if leaders:
            entry += " " + ". " * int((330 - stringWidth(entry, "Times-Roman", 10)) / 5)
        page += [(100, y, "Times-Roman", 10, entry), (460 - stringWidth(number, "Times-Roman", 10), y,
                                                      "Times-Roman", 10, number)]
    text = read_pdf(_pdf([page, _paragraph(700)])).text
    assert "1 Frobbing widgets 2\n\n1.1 Blue widgets ." in text, text  # was one line: "…widgets 2 1.1 Blue…"
    assert "2 Counting gadgets 7\n\n2.1 Gadgets by hand" in text


def test_a_footnote_does_not_cut_the_sentence_that_runs_on_over_the_page():
    from qa.corpus.pdf import read_pdf

    body = _paragraph(700, PARA[:3] + ["second chapter, which lists the frobs by colour and then by"])
    body[-1] = body[-1] + (360,)  # a full line: the sentence runs on to the next page
    foot = [(100, 103, "Times-Roman", 6, "3"), (104, 100, "Times-Roman", 8, "The frob manual is out of print now.")]
    second = _paragraph(700, ["size, as everyone who reads it expects."] + SECOND)
    text = read_pdf(_pdf([body + foot, second])).text
    # the footnote stood between "then by" and "size": the sentence was cut in two
    assert "lists the frobs by colour and then by size, as everyone who reads it expects." in text, text
    assert "expects. Widgets are counted" in text or "expects.\n\nWidgets" in text
    assert "\n\n3The frob manual is out of print now." in text  # after the paragraph it stood in
