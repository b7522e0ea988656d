"""Word files as people write contracts and reports: automatic numbering, tracked changes, content
controls, text boxes, fields, footnotes, headers.  Every file is built here: python-docx makes the
package, and the parts python-docx cannot write (numbering definitions, footnotes, raw body XML)
are written into the zip."""

from __future__ import annotations

import io
import zipfile

from qa.corpus.docx import read_docx
from qa.corpus.docx_numbering import format_number

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def p(text: str = "", num: tuple[int, int] | None = None, style: str | None = None, extra: str = "") -> str:
    """A paragraph: ``num`` (numId, ilvl), ``extra`` raw run-level XML after the text."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{run}{extra}</w:p>"


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, more: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{more}</w:lvl>')


def numbering(abstracts: dict[int, str], nums: dict[int, tuple[int, str]]) -> str:
    """``abstracts``: id -> its levels' XML; ``nums``: numId -> (abstract id, overrides' XML)."""
    body = "".join(f'<w:abstractNum w:abstractNumId="{a}">{levels}</w:abstractNum>' for a, levels in abstracts.items())
    body += "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>{over}</w:num>' for n, (a, over) in nums.items())
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>{body}</w:numbering>'


def build(body: str, numbering_xml: str | None = None, footnotes: str | None = None, doc=None) -> bytes:
    """A .docx whose body is ``body``; python-docx's package (styles, a header) around it."""
    import docx

    d = doc or docx.Document()
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                sect = data[data.index(b"<w:sectPr"):data.index(b"</w:body>")].decode()
                data = f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}{sect}</w:body></w:document>'.encode()
            elif item.filename == "word/numbering.xml" and numbering_xml is not None:
                data = numbering_xml.encode()
            elif footnotes is not None and item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_CT}"/></Types>'.encode())
            elif footnotes is not None and item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rId99" Type="{FOOTNOTES_RT}" Target="footnotes.xml"/></Relationships>'.encode())
            zf.writestr(item, data)
        if footnotes is not None:
            zf.writestr("word/footnotes.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {NS}>{footnotes}</w:footnotes>')
    return out.getvalue()


CONTRACT_LEVELS = (lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2") + lvl(2, "lowerLetter", "%1.%2(%3)")
                   + lvl(3, "lowerRoman", "(%4)"))


def test_numbered_clauses_as_word_shows_them():
    body = (p("Definitions", (1, 0)) + p("Words have these meanings.", (1, 1)) + p("Headings are for convenience.", (1, 1))
            + p("Fees", (1, 0)) + p("The fee is due monthly.", (1, 1)) + p("Late fees apply:", (1, 1))
            + p("after ten days;", (1, 2)) + p("at two percent;", (1, 2)) + p("compounded", (1, 3)) + p("simply", (1, 3))
            + p("and in writing.", (1, 2)) + p("Term", (1, 0)) + p("Five years.", (1, 1)) + p("renewable", (1, 2)))
    got = read_docx(build(body, numbering({0: CONTRACT_LEVELS}, {1: (0, "")})), "contract.docx")
    assert got.text.split("\n\n") == [
        "1. Definitions", "1.1 Words have these meanings.", "1.2 Headings are for convenience.", "2. Fees",
        "2.1 The fee is due monthly.", "2.2 Late fees apply:", "2.2(a) after ten days;", "2.2(b) at two percent;",
        "(i) compounded", "(ii) simply", "2.2(c) and in writing.", "3. Term", "3.1 Five years.", "3.1(a) renewable"]
    at = got.text.index("2.2(b)")  # "clause 2.2(b)" is in the text: a citation can quote it
    assert got.text[at:at + 22] == "2.2(b) at two percent;"


def test_formats_starts_overrides_and_separate_lists():
    abstracts = {0: lvl(0, "upperRoman", "Article %1", start=3) + lvl(1, "upperLetter", "%2.", more='<w:lvlRestart w:val="0"/>'),
                 1: lvl(0, "decimal", "%1)") + lvl(1, "bullet", "\uf0b7"),
                 2: lvl(0, "decimalZero", "%1") + lvl(1, "decimal", "%1.%2", more="<w:isLgl/>")}
    nums = {1: (0, ""), 2: (1, ""), 3: (1, ""),  # 3 shares list 1's definition: it goes on counting
            4: (1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'),  # restarts at 5
            5: (2, "")}
    body = (p("Scope", (1, 0)) + p("first point", (1, 1)) + p("Parties", (1, 0)) + p("second point", (1, 1))
            + p("apples", (2, 0)) + p("a dot", (2, 1)) + p("pears", (3, 0)) + p("plums", (4, 0)) + p("figs", (4, 0))
            + p("", (5, 0)) + p("after an empty numbered one", (5, 0)) + p("legal", (5, 1)) + p("not numbered")
            + '<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr><w:rPr><w:del w:id="9" w:author="A"/>'
            '</w:rPr></w:pPr><w:del w:id="8" w:author="A"><w:r><w:delText>struck out</w:delText></w:r></w:del></w:p>'
            + p("legal again", (5, 1)))
    got = read_docx(build(body, numbering(abstracts, nums)), "n.docx")
    assert got.text.split("\n\n") == [
        "Article III Scope", "A. first point", "Article IV Parties", "B. second point",  # lvlRestart 0: never restarts
        "1) apples", "\u2022 a dot", "2) pears", "5) plums", "6) figs", "02 after an empty numbered one", "2.1 legal",
        "not numbered", "2.2 legal again"]  # a paragraph deleted with its mark is not counted


def test_a_list_style_link():
    """Word's list styles: the definition a paragraph's list names holds only ``w:numStyleLink``;
    its levels are those of the definition the list style's own list names."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    d = docx.Document()
    legal = d.styles.add_style("Legal List", WD_STYLE_TYPE.LIST)
    legal.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="6"/></w:numPr>'))
    abstracts = {3: '<w:numStyleLink w:val="LegalList"/>',
                 4: '<w:styleLink w:val="LegalList"/>' + lvl(0, "upperLetter", "Schedule %1")}
    body = p("Prices", (7, 0)) + p("Service levels", (7, 0))
    got = read_docx(build(body, numbering(abstracts, {6: (4, ""), 7: (3, "")}), doc=d), "s.docx")
    assert got.text == "Schedule A Prices\n\nSchedule B Service levels"


def test_number_formats():
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 1999)] == ["IV", "IX", "XIV", "MCMXCIX"]
    assert [format_number(n, "ordinal") for n in (1, 2, 3, 11, 22)] == ["1st", "2nd", "3rd", "11th", "22nd"]
    assert format_number(7, "chineseCounting") == "7"  # a format not written out: its number


def test_heading_styles_carry_numbering_and_python_docx_lists():
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    for name, ilvl in (("Heading 1", 0), ("Heading 2", 1)):
        ppr = d.styles[name].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="7"/></w:numPr>'))
    clause = d.styles.add_style("Clause Heading", 1)  # a custom style with an outline level: a heading
    clause.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {NS} w:val="0"/>'))
    d.styles.add_style("Clause Sub", 1).base_style = clause
    body_text = d.styles.add_style("Body Level", 1)
    body_text.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {NS} w:val="9"/>'))  # 9: body text
    body = (p("Introduction", style="Heading1") + p("Some text.") + p("Scope", style="Heading2")
            + p("Limits", style="Heading2") + p("Method", style="Heading1") + p("Data", style="Heading2")
            + p("Payment", style="ClauseHeading") + p("Invoices", style="ClauseSub") + p("Plain.", style="BodyLevel"))
    got = read_docx(build(body, numbering({0: CONTRACT_LEVELS}, {7: (0, "")}), doc=d), "report.docx")
    assert [h for _, h in got.sections] == ["1. Introduction", "1.1 Scope", "1.2 Limits", "2. Method", "2.1 Data",
                                            "Payment", "Invoices"]
    for at, heading in got.sections:
        assert got.text[at:at + len(heading)] == heading
    assert got.section_at(got.text.index("Some text")) == "1. Introduction"
    assert got.title == "Introduction"  # the first heading, without its number

    d = docx.Document()  # python-docx's own list styles: numbered through the style
    for text, style in (("first", "List Number"), ("second", "List Number"), ("a point", "List Bullet")):
        d.add_paragraph(text, style=style)
    buf = io.BytesIO()
    d.save(buf)
    assert read_docx(buf.getvalue(), "l.docx").text == "1. first\n\n2. second\n\n\u2022 a point"


def test_tracked_changes_controls_links_and_hidden_text():
    body = (
        '<w:p><w:r><w:t xml:space="preserve">The rent is </w:t></w:r>'
        '<w:del w:id="1" w:author="A"><w:r><w:delText>ten</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>twelve</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve"> pounds</w:t></w:r>'
        '<w:moveFrom w:id="3" w:author="A"><w:r><w:t xml:space="preserve"> weekly</w:t></w:r></w:moveFrom>'
        '<w:r><w:t>.</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>Drafting note: check.</w:t></w:r></w:p>'
        '<w:sdt><w:sdtPr><w:alias w:val="Party"/></w:sdtPr><w:sdtContent>'
        + p("Landlord: Ada Lovelace Ltd.") + '</w:sdtContent></w:sdt>'
        '<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'  # not filled in: its placeholder
        + p("Click or tap here to enter text.") + '</w:sdtContent></w:sdt>'
        '<w:p><w:r><w:t xml:space="preserve">Tenant: </w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>Bob Jones</w:t></w:r>'
        '</w:sdtContent></w:sdt><w:r><w:t xml:space="preserve">, see </w:t></w:r>'
        '<w:hyperlink r:id="rId1"><w:r><w:t>the register</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>'
        '<w:p><w:smartTag w:uri="u" w:element="place"><w:r><w:t>Leeds</w:t></w:r></w:smartTag>'
        '<w:moveTo w:id="4" w:author="A"><w:r><w:t xml:space="preserve"> weekly</w:t></w:r></w:moveTo></w:p>')
    text = read_docx(build(body), "lease.docx").text
    assert text == ("The rent is twelve pounds.\n\nLandlord: Ada Lovelace Ltd.\n\n"
                    "Tenant: Bob Jones, see the register.\n\nLeeds weekly")


def test_fields_contents_and_text_boxes():
    toc = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve">Payment</w:t></w:r><w:r><w:tab/><w:t>4</w:t></w:r></w:p>'
           '<w:p><w:r><w:t xml:space="preserve">Termination</w:t></w:r><w:r><w:tab/><w:t>7</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    toc_control = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
                   '<w:sdtContent>' + p("Contents") + p("Payment 4") + '</w:sdtContent></w:sdt>')
    ref = ('<w:p><w:r><w:t xml:space="preserve">As clause </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
           '<w:r><w:instrText> REF _Ref1 \\r \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
           '<w:r><w:t>4.2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> says, on page </w:t></w:r>'
           '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:t>.</w:t></w:r></w:p>')
    box = ('<w:txbxContent><w:p><w:r><w:t>Key point: notice is 30 days.</w:t></w:r></w:p></w:txbxContent>')
    anchored = ('<w:p><w:r><w:t>Notice period.</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
                f'<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>'
                '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
                f'{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    text = read_docx(build(toc_control + toc + ref + anchored + p("After.")), "c.docx").text
    assert text == ("As clause 4.2 says, on page 3.\n\nNotice period.\n\nKey point: notice is 30 days.\n\nAfter.")
    unended = toc.replace('<w:r><w:fldChar w:fldCharType="end"/></w:r>', "")  # never closed: not a listing then
    text = read_docx(build(unended + p("The rest.")), "c.docx").text
    assert text == "Payment 4\n\nTermination 7\n\nThe rest."


def test_footnotes_follow_their_paragraph_headers_stay_out():
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "CONFIDENTIAL DRAFT"
    d.sections[0].footer.paragraphs[0].text = "Page footer"
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> As amended in 2019.</w:t></w:r></w:p></w:footnote>'
             '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>Never referred to.</w:t></w:r></w:p></w:footnote>')
    body = (p("The Act applies.", extra='<w:r><w:footnoteReference w:id="1"/></w:r>') + p("Next paragraph.")
            + '<w:tbl><w:tr><w:tc>' + p("Cell", extra='<w:r><w:footnoteReference w:id="1"/></w:r>') + '</w:tc></w:tr></w:tbl>')
    got = read_docx(build(body, footnotes=notes, doc=d), "act.docx")
    assert got.text == "The Act applies.\n\nAs amended in 2019.\n\nNext paragraph.\n\nCell"
    assert "CONFIDENTIAL" not in got.text and "footer" not in got.text
    damaged = read_docx(build(body, footnotes=notes + "<w:footnote", doc=d), "act.docx")  # notes not XML
    assert damaged.text == "The Act applies.\n\nNext paragraph.\n\nCell"


def test_tables_merged_cells_and_nested_tables():
    def tc(text, props=""):
        return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{p(text)}</w:tc>"

    nested = "<w:tc><w:tbl><w:tr>" + tc("inner a") + tc("inner b") + "</w:tr></w:tbl>" + p("after") + "</w:tc>"
    body = ("<w:tbl>"
            "<w:tr>" + tc("Fruit") + tc("Price", '<w:gridSpan w:val="2"/>') + "</w:tr>"
            "<w:tr>" + tc("Apples", '<w:vMerge w:val="restart"/>') + tc("1") + tc("kg") + "</w:tr>"
            "<w:tr>" + tc("", "<w:vMerge/>") + tc("2") + tc("box") + "</w:tr>"
            "<w:tr>" + tc("Notes") + nested + "</w:tr></w:tbl>")
    got = read_docx(build(body), "t.docx")
    assert got.text == "Fruit | Price\nApples | 1 | kg\nApples | 2 | box\nNotes | inner a | inner b after"
    assert got.tables == (0,)
