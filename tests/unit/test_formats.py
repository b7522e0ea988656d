"""Format readers: PDF (pages, running headers, hyphens, ligatures, bad files), Word, Markdown, HTML.

The PDFs and .docx files are built here, in the test run (reportlab, pypdf, python-docx).
"""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.docx import read_docx
from qa.corpus.extracted import Extracted, ReadError, meaningful_title
from qa.corpus.html import read_html
from qa.corpus.markdown import read_markdown
from qa.corpus.pdf import assemble_pages, drop_running_lines, join_marked_hyphens, Line, read_pdf
from qa.corpus.pdf_hyphens import resolve

reportlab = pytest.importorskip("reportlab")

HEADER = "Riverside Foundation — Annual Report 2023"
PAGE_1 = [
    "Quarterly spending",
    "",
    "The foundation spent 41,000 dollars in the third quarter of the year, most of it on inter-",
    "national programmes for children and young people in the river valley and the hills. The",
    "ﬁnal ﬂow of funds was checked by the auditors, who found every payment in good order.",
    "",
    "A second paragraph describes the volunteers, who worked every weekend of the summer, and",
    "its last sentence is long enough to run from the bottom of this page onto the top of the",
]
PAGE_2 = [
    "next page without any break at all. Then the paragraph ends here, after two sentences.",
    "",
    "Another paragraph follows the first one on this page, and it ends with a short line.",
]
PAGE_4 = ["Closing remarks on the fourth page: the board thanks everyone for their work."]


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Vera" not in pdfmetrics.getRegisteredFontNames():  # Vera ships with reportlab; has ﬁ ﬂ
        path = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")
        pdfmetrics.registerFont(TTFont("Vera", path))
    return "Vera"


def make_pdf(pages: list[list[str] | None], title: str | None = None, running: bool = True) -> bytes:
    """A PDF: each page's lines at 14 pt pitch ("" = a paragraph gap), a running header and a
    "Page n of N" footer on every page with text; ``None`` is a page with no text at all."""
    from reportlab.pdfgen import canvas

    font = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    if title:
        c.setTitle(title)
    for number, lines in enumerate(pages, 1):
        if lines is not None:
            if running:
                c.setFont(font, 9)
                c.drawString(72, 800, HEADER)
                c.drawString(270, 40, f"Page {number} of {len(pages)}")
            c.setFont(font, 10)
            y = 760
            for line in lines:
                if line:
                    c.drawString(72, y, line)
                y -= 14 if line else 10
        else:
            c.rect(100, 100, 300, 300, fill=1)  # a picture, no text
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def report() -> Extracted:
    return read_pdf(make_pdf([PAGE_1, PAGE_2, None, PAGE_4], title="Riverside Annual Report"), "r.pdf")


def test_pdf_pages_start_where_their_text_starts(report):
    text, pages = report.text, report.pages
    assert len(pages) == 4
    assert pages[0] == 0 and text.startswith("Quarterly spending")
    assert text[pages[1]:].startswith("next page without any break")
    assert pages[2] == pages[3]  # page 3 has no text: it starts where page 4 does
    assert text[pages[3]:].startswith("Closing remarks on the fourth page")
    assert report.page_at(text.index("next page")) == 2
    assert report.page_at(text.index("Closing")) == 4
    assert report.page_at(text.index("volunteers")) == 1
    assert report.title == "Riverside Annual Report"


def test_pdf_running_header_and_footer_are_dropped(report):
    assert "Riverside Foundation" not in report.text
    assert "Page" not in report.text and "of 4" not in report.text


def test_pdf_sentence_runs_on_over_the_page_break(report):
    assert "onto the top of the next page without any break at all." in report.text


def test_pdf_line_wraps_hyphens_ligatures_and_paragraphs(report):
    text = report.text
    assert "most of it on international programmes for children" in text
    assert "inter-" not in text
    assert "The final flow of funds" in text and "\ufb01" not in text and "\ufb02" not in text
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Quarterly spending"
    assert paragraphs[1].startswith("The foundation spent") and paragraphs[1].endswith("good order.")
    assert "\n" not in paragraphs[1]
    assert "Then the paragraph ends here, after two sentences.\n\nAnother paragraph" in text


def test_pdf_citations_slice_exactly(report):
    sentence = "The final flow of funds was checked by the auditors, who found every payment in good order."
    start = report.text.index(sentence)
    assert report.text[start:start + len(sentence)] == sentence


def test_pdf_without_running_lines_keeps_everything():
    got = read_pdf(make_pdf([["Only one page of text here."]], running=False), "one.pdf")
    assert got.text == "Only one page of text here." and got.pages == (0,) and got.title is None


def _encrypt(data: bytes, user: str, owner: str = "owner") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_bad_files_are_one_clear_reason():
    good = make_pdf([PAGE_1, PAGE_2])
    cases = {
        "encrypted PDF": _encrypt(good, "secret"),
        "not a readable PDF: empty file": b"",
        "not a readable PDF: no PDF header": b"PK\x03\x04 not a pdf at all",
        "not a readable PDF: truncated": good[: len(good) // 2],
        "no text layer: scanned?": make_pdf([None, None]),
    }
    for reason, data in cases.items():
        with pytest.raises(ReadError) as err:
            read_pdf(data, "bad.pdf")
        assert str(err.value).startswith(reason), (reason, str(err.value))
    damaged = good.replace(b"/Type /Catalog", b"/Type /Nothing").replace(b"xref", b"xfer")
    with pytest.raises(ReadError, match="^not a readable PDF"):
        read_pdf(damaged[:200] + b"\n%%EOF\n", "bad.pdf")


def test_pdf_with_only_an_owner_password_is_read():
    got = read_pdf(_encrypt(make_pdf([PAGE_2], running=False), ""), "o.pdf")
    assert got.text.startswith("next page without any break")


def test_hyphen_rule():
    assert join_marked_hyphens("inter\ufffenational") == "international"
    assert join_marked_hyphens("ELE\ufffeMENT") == "ELEMENT"
    assert join_marked_hyphens("well\ufffeKnown") == "well-Known"
    assert join_marked_hyphens("COVID\ufffe19") == "COVID-19"
    assert join_marked_hyphens("the end\ufffe") == "the end-"


def test_hyphen_across_a_page_and_running_lines_without_geometry():
    pages = [[Line("Report 2023"), Line("the money went to inter-"), Line("7")],
             [Line("Report 2023"), Line("national work, all of it."), Line("8")],
             [], [Line("Report 2023"), Line("Last page."), Line("9")]]
    drop_running_lines(pages)
    text, starts, _ = resolve(*assemble_pages(pages))  # the line end's hyphen decided with the whole text
    assert text == "the money went to international work, all of it. Last page."
    assert text[starts[1]:].startswith("national work")
    assert starts[2] == starts[3] == text.index("Last page.")


def test_meaningful_title():
    assert meaningful_title("Microsoft Word - budget.docx", "budget.docx") is None
    assert meaningful_title("Untitled", "a.pdf") is None
    assert meaningful_title("report", "report.pdf") is None
    assert meaningful_title("  Annual  Report ", "x.pdf") == "Annual Report"


# ---- Word ----------------------------------------------------------------------------------------


def make_docx(core_title: str | None = None, heading_title: bool = True) -> bytes:
    import docx

    d = docx.Document()
    if core_title is not None:
        d.core_properties.title = core_title
    if heading_title:
        d.add_heading("Board minutes, May", 0)
    d.add_paragraph("The board met on 3 May and heard the treasurer.")
    d.add_heading("Purchases", 1)
    p = d.add_paragraph("The board approved buying ")
    p.add_run("two electric vans").bold = True
    p.add_run(" for deliveries.")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["Item", "Cost", "Qty"], ["Van", "30,000", "2"], ["Charger", "2,000", "1"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_heading("Next steps", 2)
    d.add_paragraph("Ask three suppliers for quotes.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_body_order_tables_and_sections():
    got = read_docx(make_docx(), "minutes.docx")
    assert got.text == (
        "Board minutes, May\n\nThe board met on 3 May and heard the treasurer.\n\nPurchases\n\n"
        "The board approved buying two electric vans for deliveries.\n\n"
        "Item | Cost | Qty\nVan | 30,000 | 2\nCharger | 2,000 | 1\n\nNext steps\n\nAsk three suppliers for quotes."
    )
    assert [h for _, h in got.sections] == ["Board minutes, May", "Purchases", "Next steps"]
    for at, heading in got.sections:
        assert got.text[at:at + len(heading)] == heading
    assert got.section_at(got.text.index("electric vans")) == "Purchases"
    assert got.section_at(got.text.index("suppliers")) == "Next steps"
    assert got.title == "Board minutes, May"  # no core title: the first heading


def test_docx_title_from_properties():
    assert read_docx(make_docx(core_title="Minutes of the board"), "m.docx").title == "Minutes of the board"
    assert read_docx(make_docx(heading_title=False), "m.docx").title == "Purchases"


def test_docx_bad_files():
    junk = io.BytesIO()
    with zipfile.ZipFile(junk, "w") as zf:
        zf.writestr("junk.bin", os.urandom(200))
    good = make_docx()
    for data in (junk.getvalue(), b"", b"\xd0\xcf\x11\xe0 an old .doc", good[: len(good) // 3]):
        with pytest.raises(ReadError, match="^not a readable Word file: "):
            read_docx(data, "bad.docx")


# ---- Markdown ------------------------------------------------------------------------------------

NOTES_MD = """---
title: "Volunteer notes, spring"
---
# Volunteer notes

We had **twelve people** on Saturday, see [the rota](https://example.org/rota) and `rota.csv`.
The second line of the paragraph.

## Tasks

- Paint the *fence*
- Sweep the yard

```python
def total(xs):
    return sum(xs)
```

| Day | People |
|-----|--------|
| Sat | 12     |
"""


def test_markdown_plain_text_and_sections():
    got = read_markdown(NOTES_MD.encode(), "notes.md")
    assert got.text == (
        "Volunteer notes\n\nWe had twelve people on Saturday, see the rota and rota.csv. "
        "The second line of the paragraph.\n\nTasks\n\nPaint the fence\nSweep the yard\n\n"
        "def total(xs):\n    return sum(xs)\n\nDay | People\nSat | 12"
    )
    assert got.title == "Volunteer notes, spring"
    assert [h for _, h in got.sections] == ["Volunteer notes", "Tasks"]
    for at, heading in got.sections:
        assert got.text[at:at + len(heading)] == heading
    assert read_markdown("Intro\n\n# First\n\n# Second\n", "a.md").title == "First"
    assert read_markdown("no heading at all", "a.md").title is None


# ---- HTML ----------------------------------------------------------------------------------------

PAGE_HTML = """<!doctype html><html><head><title>Museum news | Riverside</title></head><body>
<header class="site"><a href="/">Home</a> | <a href="/donate">Donate</a></header>
<nav><ul><li>About</li><li>Visit</li></ul></nav>
<div id="cookie-consent">We use cookies. <button>Accept</button></div>
<div class="breadcrumb">Home &gt; News</div>
<main><article><header><h1>Record open day</h1></header>
<p>The open day drew <b>1,100 visitors</b>, a new
record, said <a href="/staff">the director</a>.</p>
<h2>Programme</h2><ul><li>Tours</li><li>Talks <em>daily</em></li></ul>
<table><tr><th>Day</th><th>Visitors</th></tr><tr><td>Sat</td><td>600</td></tr></table>
<p>Doors open at&nbsp;10.<br>Entry is free.</p></article></main>
<aside class="sidebar">Related: other news</aside>
<footer>Home | Donate | Copyright 2024</footer><script>var x = 1;</script></body></html>"""


def test_html_running_text_without_furniture():
    got = read_html(PAGE_HTML.encode(), "news.html")
    assert got.text == (
        "Record open day\n\nThe open day drew 1,100 visitors, a new record, said the director.\n\n"
        "Programme\n\nTours\nTalks daily\n\nDay | Visitors\nSat | 600\n\nDoors open at 10.\nEntry is free."
    )
    assert got.title == "Record open day"
    assert [h for _, h in got.sections] == ["Record open day", "Programme"]
    for at, heading in got.sections:
        assert got.text[at:at + len(heading)] == heading


def test_html_layout_classes_never_drop_the_content():
    page = '<body class="has-sidebar"><div class="layout-with-sidebar"><p>All the content.</p></div></body>'
    assert read_html(page, "a.html").text == "All the content."
    assert read_html("<title>Only a title</title><p>x</p>", "a.html").title == "Only a title"


# ---- properties ----------------------------------------------------------------------------------

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789", min_size=1, max_size=8)
PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def html_trees(draw, depth=0):
    """Content markup (no page furniture) and the words it holds, in order."""
    parts, words = [], []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(st.sampled_from(["p", "div", "b", "i", "em", "span", "a", "li", "h2", "code"]))
            inner, inner_words = draw(html_trees(depth + 1))
            parts.append(f" <{tag}>{inner}</{tag}> ")
            words += inner_words
        else:
            word = draw(WORDS)
            parts.append(f" {word} ")
            words.append(word)
    return "".join(parts), words


@PROPS
@given(html_trees())
def test_html_keeps_every_word_in_order_and_no_markup(tree):
    markup, words = tree
    got = read_html(markup, "p.html")
    assert got.text.split() == words
    assert "<" not in got.text and ">" not in got.text


@st.composite
def markdown_docs(draw):
    blocks, words = [], []
    for _ in range(draw(st.integers(1, 6))):
        ws = draw(st.lists(WORDS, min_size=1, max_size=5))
        words += ws
        style = draw(st.sampled_from(["#", "##", "**", "*", "link", "-", "plain"]))
        line = " ".join(ws)
        blocks.append({"#": f"# {line}", "##": f"## {line}", "**": f"**{line}**", "*": f"*{line}*",
                       "link": f"[{line}](https://example.org/x)", "-": f"- {line}", "plain": line}[style])
    return "\n\n".join(blocks), words


@PROPS
@given(markdown_docs())
def test_markdown_keeps_words_and_drops_markup(doc):
    source, words = doc
    got = read_markdown(source, "p.md")
    assert got.text.split() == words
    assert not any(mark in got.text for mark in ("#", "**", "](", "*"))


@PROPS
@given(st.text(max_size=300))
def test_markup_readers_never_crash_and_sections_slice_exactly(source):
    for reader in (read_markdown, read_html):
        got = reader(source, "x")
        assert isinstance(got.text, str)
        for at, heading in got.sections:
            assert got.text[at:at + len(heading)] == heading
