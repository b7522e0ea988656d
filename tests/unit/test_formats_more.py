"""EPUB, OpenDocument, PowerPoint, reStructuredText and e-mail readers on real files made here.

Every file is written by the format's own library (ebooklib, odfpy, python-pptx, the stdlib
``email`` / ``mailbox``), read back through ``qa.corpus``, and every sentence we put in must be
found as an exact slice of the document text, in the right section (and slide).
"""

from __future__ import annotations

import io
import mailbox
import zipfile
from pathlib import Path

import pytest

from qa.corpus import format_of, read_corpus, read_file
from qa.corpus.epub import read_epub
from qa.corpus.extracted import ReadError
from qa.corpus.mail import read_eml
from qa.corpus.odt import read_odt
from qa.corpus.pptx import read_pptx
from qa.corpus.rst import read_rst

from ..mail_files import make_message


def _exact(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    end = start + len(sentence)
    assert text[start:end] == sentence
    return start, end


# --- EPUB ------------------------------------------------------------------------------------------
def make_epub(path: Path, chapters: list[tuple[str, str, list[str]]], title: str = "The Lighthouse Keepers") -> Path:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("id-1")
    book.set_title(title)
    book.set_language("en")
    items = []
    for i, (name, heading, paras) in enumerate(chapters):
        item = epub.EpubHtml(title=heading, file_name=f"{name}.xhtml", lang="en")
        body = "".join(f"<p>{p}</p>" for p in paras)
        item.content = f"<html><body><h1>{heading}</h1>{body}</body></html>"
        book.add_item(item)
        items.append(item)
    book.toc = tuple(items)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    # the spine order differs from the order the files were added: reading order wins
    book.spine = ["nav"] + list(reversed(items))
    epub.write_epub(str(path), book)
    return path


def test_epub_chapters_in_spine_order_with_titles_as_sections(tmp_path):
    path = make_epub(tmp_path / "book.epub", [
        ("c2", "The Storm", ["The storm reached the island at midnight.", "Nobody slept that night."]),
        ("c1", "Arrival", ["Mara arrived on the island in early spring.", "The keeper <b>met</b> her at the pier."]),
    ])
    doc = next(read_file(path, "book.epub", lambda s: pytest.fail(str(s))))
    assert doc.title == "The Lighthouse Keepers"
    text = doc.text
    arrival = _exact(text, "Mara arrived on the island in early spring.")
    storm = _exact(text, "The storm reached the island at midnight.")
    assert arrival[0] < storm[0]  # spine order (c1 first), not the order the files were added
    _exact(text, "The keeper met her at the pier.")
    assert doc.section_at(arrival[0]) == "Arrival" and doc.section_at(storm[0]) == "The Storm"
    for at, heading in doc.sections:
        assert text[at:at + len(heading)] == heading
    assert "<" not in text and format_of(doc.source) == "EPUB"


def test_epub_drm_and_damage_are_skipped_with_a_reason(tmp_path):
    path = make_epub(tmp_path / "book.epub", [("c1", "One", ["Some text here."])])
    data = path.read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("META-INF/encryption.xml", '<encryption><EncryptedData><CipherData>'
                     '<CipherReference URI="EPUB/c1.xhtml"/></CipherData></EncryptedData></encryption>')
    with pytest.raises(ReadError) as err:
        read_epub(buf.getvalue(), "drm.epub")
    assert err.value.kind == "encrypted"
    with pytest.raises(ReadError) as err:
        read_epub(data[: len(data) // 2], "cut.epub")
    assert err.value.kind == "damaged"
    with pytest.raises(ReadError):
        read_epub(b"PK\x03\x04 not really", "x.epub")


def test_zip_formats_run_under_the_unzipped_budget(tmp_path):
    from qa.corpus.budget import Budget

    path = make_epub(tmp_path / "book.epub", [("c1", "One", ["Some text here. " * 2000])])
    small = Budget(max_unzipped=10_000)
    for reader in (read_epub, read_odt, read_pptx):
        with pytest.raises(ReadError) as err:
            reader(path.read_bytes(), "big", budget=small)
        assert err.value.kind == "over budget"


# --- ODT -------------------------------------------------------------------------------------------
def make_odt(path: Path, title: str | None = "Quarterly Field Notes") -> Path:
    from odf import dc, table, text
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    if title:
        doc.meta.addElement(dc.Title(text=title))
    doc.text.addElement(text.H(outlinelevel=1, text="Water Levels"))
    para = text.P(text="The river rose by two")
    para.addElement(text.S(c=400000000))  # a run of spaces that must not cost 400 MB
    para.addText("metres in March.")
    doc.text.addElement(para)
    lst = text.List()
    for item in ("Check the north gauge.", "Report to the office."):
        li = text.ListItem()
        li.addElement(text.P(text=item))
        lst.addElement(li)
    doc.text.addElement(lst)
    doc.text.addElement(text.H(outlinelevel=2, text="Readings"))
    tbl = table.Table(name="T1")
    tbl.addElement(table.TableColumn(numbercolumnsrepeated=2))
    for cells in (("Site", "Level"), ("North", "4.2 m")):
        row = table.TableRow()
        for c in cells:
            cell = table.TableCell()
            cell.addElement(text.P(text=c))
            row.addElement(cell)
        tbl.addElement(row)
    doc.text.addElement(tbl)
    doc.text.addElement(text.P(text="The south gauge was dry all week."))
    doc.save(str(path))
    return path


def test_odt_paragraphs_headings_lists_and_table_rows(tmp_path):
    path = make_odt(tmp_path / "notes.odt")
    doc = next(read_file(path, "notes.odt", lambda s: pytest.fail(str(s))))
    assert doc.title == "Quarterly Field Notes"
    text = doc.text
    assert "The river rose by two metres in March." in text
    assert "Check the north gauge.\nReport to the office." in text
    row = _exact(text, "North | 4.2 m")
    assert "Site | Level\nNorth | 4.2 m" in text
    dry = _exact(text, "The south gauge was dry all week.")
    assert doc.section_at(row[0]) == "Readings" and doc.section_at(0) == "Water Levels"
    assert doc.section_at(dry[0]) == "Readings"
    assert [h for _, h in doc.sections] == ["Water Levels", "Readings"]
    assert format_of(doc.source) == "OpenDocument"
    assert read_odt(make_odt(tmp_path / "b.odt", title=None).read_bytes(), "b.odt").title == "Water Levels"


def test_odt_encrypted_and_damaged(tmp_path):
    data = make_odt(tmp_path / "n.odt").read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "META-INF/manifest.xml":
                body = body.replace(b"</manifest:manifest>", b"<manifest:encryption-data/></manifest:manifest>")
            dst.writestr(info, body)
    with pytest.raises(ReadError) as err:
        read_odt(buf.getvalue(), "locked.odt")
    assert err.value.kind == "encrypted"
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, b"<not xml" if info.filename == "content.xml" else src.read(info))
    with pytest.raises(ReadError) as err:
        read_odt(buf.getvalue(), "bad.odt")
    assert err.value.kind == "damaged"


# --- PPTX ------------------------------------------------------------------------------------------
def make_pptx(path: Path) -> Path:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    s1 = deck.slides.add_slide(deck.slide_layouts[1])
    s1.shapes.title.text = "Budget Review"
    s1.placeholders[1].text_frame.text = "Spending fell by nine percent."
    s1.notes_slide.notes_text_frame.text = "Mention the delayed invoices."
    deck.slides.add_slide(deck.slide_layouts[6])  # blank: no text at all
    s3 = deck.slides.add_slide(deck.slide_layouts[5])
    s3.shapes.title.text = "Next Steps"
    box = s3.shapes.add_textbox(Inches(1), Inches(2), Inches(4), Inches(1))
    box.text_frame.text = "Hire two engineers."
    box.text_frame.add_paragraph().text = "Close the old office."
    tbl = s3.shapes.add_table(2, 2, Inches(1), Inches(4), Inches(4), Inches(1)).table
    for r, cells in enumerate((("Team", "Size"), ("Data", "7"))):
        for c, value in enumerate(cells):
            tbl.cell(r, c).text = value
    deck.save(str(path))
    return path


def test_pptx_one_section_per_slide_with_notes_and_slide_numbers(tmp_path):
    path = make_pptx(tmp_path / "deck.pptx")
    doc = next(read_file(path, "deck.pptx", lambda s: pytest.fail(str(s))))
    assert doc.title == "Budget Review"
    text = doc.text
    fell = _exact(text, "Spending fell by nine percent.")
    notes = _exact(text, "Mention the delayed invoices.")
    hire = _exact(text, "Hire two engineers.")
    row = _exact(text, "Data | 7")
    _exact(text, "Close the old office.")
    assert doc.slide_at(fell[0]) == 1 and doc.slide_at(notes[0]) == 1
    assert doc.slide_at(hire[0]) == 3 and doc.slide_at(row[0]) == 3
    assert len(doc.slides) == 3
    assert doc.section_at(fell[0]) == "Slide 1: Budget Review"
    assert doc.section_at(hire[0]) == "Slide 3: Next Steps"
    assert format_of(doc.source) == "PowerPoint"


def test_pptx_encrypted_old_and_damaged(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ReadError) as err:
        read_pptx(ole, "locked.pptx")
    assert err.value.kind == "encrypted"
    with pytest.raises(ReadError) as err:
        read_pptx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.pptx")
    assert "old binary" in str(err.value)
    with pytest.raises(ReadError) as err:
        read_pptx(make_pptx(tmp_path / "d.pptx").read_bytes()[:3000], "cut.pptx")
    assert err.value.kind == "damaged"


# --- reStructuredText ------------------------------------------------------------------------------
RST = """\
Installing the Tool
===================

Run the installer as an *ordinary* user. See `the guide <https://example.org>`_ first.

.. note:: Keep the default folder.

Options
-------

- The first option sets the cache size.
- The second option turns logging on.

.. include:: /etc/passwd

.. raw:: html

   <script>alert(1)</script>

::

    qa index --corpus docs

.. This comment is never shown.

+-------+-------+
| Name  | Value |
+=======+=======+
| depth | 3     |
+-------+-------+
"""


def test_rst_running_text_headings_as_sections_nothing_outside_read(tmp_path):
    (tmp_path / "guide.rst").write_text(RST, encoding="utf-8")
    doc = next(read_file(tmp_path / "guide.rst", "guide.rst", lambda s: pytest.fail(str(s))))
    text = doc.text
    assert doc.title == "Installing the Tool"
    run = _exact(text, "Run the installer as an ordinary user. See the guide first.")
    lst = _exact(text, "The first option sets the cache size.\nThe second option turns logging on.")
    _exact(text, "Keep the default folder.")
    _exact(text, "qa index --corpus docs")
    _exact(text, "depth | 3")
    assert doc.section_at(run[0]) == "Installing the Tool" and doc.section_at(lst[0]) == "Options"
    for junk in ("root:", "script", "alert", "comment", "*", "`", "=====", "include"):
        assert junk not in text
    assert format_of(doc.source) == "reStructuredText"


def test_rst_broken_markup_never_raises():
    out = read_rst("Title\n=====\n\n.. unknown-directive::\n\n`unclosed\n\n* a\n  * b\n" + "  " * 400 + "deep")
    assert "deep" in out.text and "unclosed" in out.text and out.title == "Title"
    assert "Unknown directive" not in out.text and "unknown-directive" not in out.text
    with pytest.raises(ReadError) as err:
        read_rst("Title\n=====\n\n" + "word " * 3000)
    assert err.value.kind == "over budget"


# --- e-mail ----------------------------------------------------------------------------------------
def test_eml_subject_title_metadata_plain_body_attachments_listed(tmp_path):
    msg = make_message("Roof repair schedule", "The roofers start on Monday.\n\nThey need the back gate open.\n",
                       html="<p>HTML copy: ignored when plain text exists</p>", attach="quote.pdf")
    (tmp_path / "roof.eml").write_bytes(bytes(msg))
    doc = next(read_file(tmp_path / "roof.eml", "roof.eml", lambda s: pytest.fail(str(s))))
    assert doc.title == "Roof repair schedule"
    text = doc.text
    _exact(text, "From: Ana Lima <ana@example.org>\nDate: Tue, 03 Mar 2026 09:15:00 +0000")
    start, _ = _exact(text, "The roofers start on Monday.")
    _exact(text, "They need the back gate open.")
    _exact(text, "Attachments (not read): quote.pdf")
    assert "secret numbers" not in text and "HTML copy" not in text
    assert doc.section_at(start) == "Roof repair schedule"
    assert format_of(doc.source) == "e-mail"


def test_eml_html_only_is_running_text():
    msg = make_message("Menu", "", html="<html><body><h2>Lunch</h2><p>Soup and <b>bread</b> today.</p></body></html>")
    out = read_eml(bytes(msg), "menu.eml")
    assert "Soup and bread today." in out.text and "<" not in out.text.replace("<ana@", "")


def test_eml_bad_charset_and_empty():
    raw = (b"Subject: Odd\r\nFrom: x@example.org\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\n"
           b"Caf\xe9 opens at nine.\r\n")
    out = read_eml(raw, "odd.eml")
    assert "opens at nine." in out.text
    with pytest.raises(ReadError) as err:
        read_eml(b"  \n", "empty.eml")
    assert err.value.kind == "empty"


def test_mbox_one_document_per_message_ids_file_hash_n(tmp_path):
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(str(path))
    box.add(make_message("First note", "The boiler was serviced in May.\n"))
    box.add(make_message("Second note", "The garden hose is in the shed.\n", attach="map.png"))
    box.add(make_message("Third note", "Keys are with the neighbour.\n"))
    box.flush()
    box.close()
    before = path.read_bytes()
    skipped = []
    docs = read_corpus(tmp_path, skipped.append)
    assert [d.id for d in docs] == ["inbox.mbox#1", "inbox.mbox#2", "inbox.mbox#3"]
    assert [d.title for d in docs] == ["First note", "Second note", "Third note"]
    _exact(docs[1].text, "The garden hose is in the shed.")
    _exact(docs[1].text, "Attachments (not read): map.png")
    assert not skipped and path.read_bytes() == before  # only read
    assert {format_of(d.source) for d in docs} == {"mailbox"}
    assert not list(tmp_path.glob("*.lock"))


def test_mbox_a_damaged_message_is_skipped_alone(tmp_path, monkeypatch):
    from qa.corpus import mbox

    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(str(path))
    box.add(make_message("Fine", "This one is fine.\n"))
    box.add(make_message("Huge", "x" * 5000 + "\n"))
    box.flush()
    box.close()
    monkeypatch.setattr(mbox, "MAX_MESSAGE_BYTES", 2000)
    skipped = []
    docs = read_corpus(tmp_path, skipped.append)
    assert [d.id for d in docs] == ["inbox.mbox#1"]
    assert [(s.path, s.kind) for s in skipped] == [("inbox.mbox#2", "too large")]


def test_every_new_format_reads_in_one_corpus_with_exact_sections(tmp_path):
    make_epub(tmp_path / "a.epub", [("c1", "Arrival", ["Mara arrived on the island in early spring."])])
    make_odt(tmp_path / "b.odt")
    make_pptx(tmp_path / "c.pptx")
    (tmp_path / "d.rst").write_text(RST, encoding="utf-8")
    (tmp_path / "e.eml").write_bytes(bytes(make_message("Roof", "The roofers start on Monday.\n")))
    skipped = []
    docs = read_corpus(tmp_path, skipped.append)
    assert [d.id for d in docs] == ["a.epub", "b.odt", "c.pptx", "d.rst", "e.eml"] and not skipped
    for d in docs:
        assert d.text.strip() and d.title
        for at, _ in d.sections:
            assert 0 <= at < len(d.text)


# --- properties ------------------------------------------------------------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_RST_PIECES = st.sampled_from(["Title\n=====\n", "Sub\n---\n", "* item one\n", "* item two\n", "\n", "::\n\n    code\n",
                               ".. note:: careful\n", "`open\n", "**bold** text.\n", ".. include:: x\n",
                               "| a | b |\n", "+---+\n", "plain words here.\n", "   indented\n"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_RST_PIECES, max_size=12))
def test_rst_never_crashes_and_sections_slice_exactly(pieces):
    try:
        out = read_rst("".join(pieces))
    except ReadError:
        return
    for at, heading in out.sections:
        assert out.text[at:at + len(heading)] == heading


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_eml_reader_takes_any_bytes(data):
    try:
        out = read_eml(data, "x.eml")
    except ReadError:
        return
    for at, heading in out.sections:
        assert out.text[at:at + len(heading)] == heading
