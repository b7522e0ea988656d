"""A folder as people keep it: PDFs (good, encrypted, truncated, empty), Word, Markdown, HTML, a
nested folder, a Windows-1252 text, a picture and a spreadsheet.  Everything readable is indexed,
every other file is accounted for, and answers from a PDF cite the right page with exact slices.

The PDFs and .docx files are generated here (reportlab, pypdf, python-docx).
"""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest

from ..conftest import FakeEmbedder, build_fake, open_fake
from ..unit.test_formats import HEADER, make_pdf

pytest.importorskip("reportlab")

PDF_PAGES = [
    ["Annual report of the Riverside Foundation",
     "",
     "The Riverside Foundation supports families in the river valley with school meals, clean",
     "water and training for young people who want to learn a trade.",
     ""],
    ["Quarterly spending",
     "",
     "The foundation spent 41,000 dollars in the third quarter of the year, most of it on inter-",
     "national programmes for children in the valley. The auditors checked every payment.",
     "",
     "Donors gave more than in any year before, and the number of regular donors rose sharply",
     "over the summer, when the annual appeal was sent to every member of the foundation and",
     "its last sentence is long enough to run from the bottom of this page onto the top of the"],
    None,  # a page with a picture and no text
    ["next page without any break at all, as sentences in real reports often do.",
     "",
     "Closing remarks: the board thanks every volunteer for a remarkable year of work."],
]
QUESTION_PDF = "How much did the foundation spend in the third quarter?"
QUESTION_DOCX = "What did the board approve buying?"
MARKDOWN = """---
title: Volunteer notes
---
# Volunteer notes

## Saturday shift

**Twelve people** came to plant trees along the [river path](https://example.org/path).

- bring gloves
- bring water
"""
HTML = """<html><head><title>Open day</title></head><body>
<nav><a href="/">Home</a> | <a href="/donate">Donate</a></nav>
<header class="site-header">Riverside Foundation</header>
<main><h1>Open day report</h1>
<h2>Visitors</h2>
<p>The open day drew <b>1,100 visitors</b>, a new record for the foundation.</p>
</main>
<footer>Copyright Riverside Foundation | Home | Donate</footer>
</body></html>"""
CP1252 = "The caf\u00e9 \u201cRiverside\u201d opened in March \u2013 its first guests paid \u20ac3 for coffee.\n"


def make_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Board minutes, May", 0)
    d.add_paragraph("The board met on 3 May and heard the treasurer's report on the year.")
    d.add_heading("Board decisions", 1)
    d.add_paragraph("The board approved buying a new minibus for the youth club this summer.")
    table = d.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate([("Item", "Cost"), ("Minibus", "28,000 dollars")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def encrypt(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def junk_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("junk.bin", os.urandom(300))
    return buf.getvalue()


def mixed_folder(c):
    """The folder a new user brings: PDFs (good, encrypted, truncated, empty), Word (good, junk),
    Markdown, HTML, a cp1252 text in a nested folder, a picture and a spreadsheet.  Returns the
    annual report's PDF bytes."""
    (c / "reports").mkdir(parents=True)
    (c / "notes" / "2023").mkdir(parents=True)
    report = make_pdf(PDF_PAGES, title="Riverside Foundation annual report")
    (c / "reports" / "annual.pdf").write_bytes(report)
    (c / "reports" / "locked.pdf").write_bytes(encrypt(report))
    (c / "reports" / "truncated.pdf").write_bytes(report[: len(report) // 2])
    (c / "reports" / "empty.pdf").write_bytes(b"")
    (c / "minutes.docx").write_bytes(make_docx())
    (c / "broken.docx").write_bytes(junk_docx())
    (c / "notes" / "volunteers.md").write_text(MARKDOWN, encoding="utf-8")
    (c / "open-day.html").write_text(HTML, encoding="utf-8")
    (c / "notes" / "2023" / "cafe.txt").write_bytes(CP1252.encode("cp1252"))
    (c / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (c / "budget.csv").write_text("item,cost\nminibus,28000\n", encoding="utf-8")
    return report


@pytest.fixture
def corpus(tmp_path):
    c = tmp_path / "corpus"
    mixed_folder(c)
    (c / ".git").mkdir()
    (c / ".git" / "config").write_text("[core]\n", encoding="utf-8")  # hidden: not counted
    (c / ".DS_Store").write_bytes(b"\x00\x01")
    return c


BAD = {
    "broken.docx": ("damaged", "not a readable Word file: no Word document in the archive"),
    "reports/empty.pdf": ("empty", "empty file"),
    "reports/locked.pdf": ("encrypted", "encrypted PDF"),
    "reports/truncated.pdf": ("damaged", "not a readable PDF: truncated (no end-of-file marker)"),
}
SUMMARY = "Skipped 6 files: 2 damaged, 2 unsupported (.csv, .png), 1 empty, 1 encrypted"


@pytest.fixture
def fake_build(monkeypatch, fake_model):
    """``qa index`` and ``qa ask`` in process with the fake embedder (no model, no ONNX export)."""
    from qa.index.loaded import Index

    monkeypatch.setattr(Index, "query_embedder", lambda self: FakeEmbedder())


def test_index_reads_every_format_and_accounts_for_every_file(corpus, tmp_path, capsys, fake_build, run_cli):
    idx_dir = tmp_path / "idx"
    code, out, err = run_cli("index", "--corpus", str(corpus), "--index-dir", str(idx_dir), "-q")
    assert code == 0, err
    lines = err.strip().splitlines()
    warnings = [ln for ln in lines if ln.startswith("qa: warning:")]
    assert warnings == [f"qa: warning: skipped {p}: {r}" for p, (_k, r) in sorted(BAD.items())]
    assert lines[-1] == SUMMARY
    assert lines[-2].startswith("Indexed 5 documents as ")
    assert not any(".git" in ln or "DS_Store" in ln or "photo.png" in ln for ln in lines)

    idx = open_fake(idx_dir)
    ids = [m.id for m in idx.docs.meta]
    assert ids == ["minutes.docx", "notes/2023/cafe.txt", "notes/volunteers.md", "open-day.html",
                   "reports/annual.pdf"]
    texts = {m.id: idx.docs.text(i) for i, m in enumerate(idx.docs.meta)}
    assert texts["notes/2023/cafe.txt"] == CP1252  # plain text stays byte for byte as decoded
    assert "#" not in texts["notes/volunteers.md"] and "**" not in texts["notes/volunteers.md"]
    assert "Twelve people came to plant trees along the river path." in texts["notes/volunteers.md"]
    assert "The open day drew 1,100 visitors, a new record for the foundation." in texts["open-day.html"]
    assert "Donate" not in texts["open-day.html"]
    assert "Minibus | 28,000 dollars" in texts["minutes.docx"]
    pdf = texts["reports/annual.pdf"]
    assert HEADER not in pdf and "Page 2 of 4" not in pdf
    assert "most of it on international programmes" in pdf
    assert "onto the top of the next page without any break at all" in pdf
    meta = idx.docs.meta[ids.index("reports/annual.pdf")]
    assert len(meta.pages) == 4 and meta.pages[2] == meta.pages[3]  # page 3 has no text
    assert pdf[meta.pages[1]:].startswith("Quarterly spending")
    assert idx.docs.meta[ids.index("notes/volunteers.md")].title == "Volunteer notes"
    assert [m.title for m in idx.docs.meta if m.id == "minutes.docx"] == ["Board minutes, May"]
    assert {s.path: (s.kind, s.reason) for s in idx.skipped if s.kind != "unsupported"} == BAD
    assert sorted(s.path for s in idx.skipped if s.kind == "unsupported") == ["budget.csv", "photo.png"]


def test_verbose_names_unsupported_files_and_json_lists_all(corpus, tmp_path, capsys, fake_build, run_cli):
    idx_dir = tmp_path / "idx"
    code, out, err = run_cli("index", "--corpus", str(corpus), "--index-dir", str(idx_dir), "-q",
                             "--verbose", "--json")
    assert code == 0
    assert "qa: skipped photo.png: unsupported file type (.png)" in err.splitlines()
    assert "qa: skipped budget.csv: unsupported file type (.csv)" in err.splitlines()
    report = json.loads(out)
    assert report["documents"] == 5
    kinds = {s["path"]: s["kind"] for s in report["skipped"]}
    assert kinds == {**{p: k for p, (k, _r) in BAD.items()}, "budget.csv": "unsupported", "photo.png": "unsupported"}

    code, out, err = run_cli("docs", "--index-dir", str(idx_dir), "--json")
    listing = json.loads(out)  # one object
    docs = listing["documents"]
    assert [r["id"] for r in docs][-1] == "reports/annual.pdf" and docs[-1]["pages"] == 4
    assert {r["path"]: r["kind"] for r in listing["skipped"]} == kinds
    code, out, err = run_cli("docs", "--index-dir", str(idx_dir))
    assert code == 0 and err.strip() == SUMMARY and "reports/annual.pdf" in out


def _check_slices(idx, citations):
    for c in citations:
        text = idx.docs.text(idx.docs.position[c.doc])
        assert text[c.start:c.end] == c.text and text[c.passage_start:c.passage_end] == c.passage
        assert HEADER not in c.passage and "Page " not in c.passage


def test_answers_cite_pdf_pages_and_sections(corpus, tmp_path):
    from qa.answer import answer

    build_fake(corpus, tmp_path / "idx")
    idx = open_fake(tmp_path / "idx")
    result = answer(idx, QUESTION_PDF)
    assert not result.abstained
    first = result.citations[0]
    assert first.doc == "reports/annual.pdf" and first.page == 2 and first.where == "p. 2"
    assert "41,000 dollars" in first.text and first.text.startswith("The foundation spent")
    assert "international programmes" in first.text  # the hyphenated line end joined
    _check_slices(idx, result.citations)
    assert result.to_dict()["citations"][0]["page"] == 2

    result = answer(idx, "Which sentence runs onto the top of the next page without any break?")
    across = [c for c in result.citations if "next page without any break" in c.text]
    assert across and across[0].page == 2  # the page where the quote starts; it runs on over the break
    # only the clauses that answer are quoted ("Donors gave more …" holds nothing asked), to the sentence's end
    assert "regular donors rose sharply" in across[0].text and across[0].text.endswith("often do.")
    _check_slices(idx, result.citations)

    result = answer(idx, QUESTION_DOCX)
    first = result.citations[0]
    assert first.doc == "minutes.docx" and first.section == "Board decisions" and first.page is None
    assert result.to_dict()["citations"][0]["section"] == "Board decisions"
    _check_slices(idx, result.citations)

    result = answer(idx, "How many visitors did the open day draw?")
    first = result.citations[0]
    assert first.doc == "open-day.html" and "1,100 visitors" in first.text and first.section == "Visitors"


def test_headers_and_footers_are_never_cited(corpus, tmp_path):
    from qa.answer import answer

    build_fake(corpus, tmp_path / "idx")
    idx = open_fake(tmp_path / "idx")
    for q in ("What is the Riverside Foundation annual report 2023?", "Page 2 of 4", HEADER):
        _check_slices(idx, answer(idx, q).citations)


def test_cli_ask_shows_the_page(corpus, tmp_path, capsys, fake_build, run_cli):
    idx_dir = tmp_path / "idx"
    assert run_cli("index", "--corpus", str(corpus), "--index-dir", str(idx_dir), "-q")[0] == 0
    code, out, err = run_cli("ask", QUESTION_PDF, "--json", "--index-dir", str(idx_dir))
    assert code == 0, err
    data = json.loads(out)
    assert code == 0 and data["citations"][0]["page"] == 2 and data["citations"][0]["section"] is None
    code, out, _err = run_cli("ask", QUESTION_PDF, "--index-dir", str(idx_dir))
    head = next(ln for ln in out.splitlines() if ln.startswith("[1] "))
    assert code == 0 and "  p. 2  reports/annual.pdf" in head, out


def test_changed_pdf_is_reread_incrementally(corpus, tmp_path):
    from qa.answer import answer

    idx_dir = tmp_path / "idx"
    first, _ = build_fake(corpus, idx_dir)
    again, _ = build_fake(corpus, idx_dir)
    assert again.up_to_date  # the PDF is read again, and gives the same text
    pages = [list(p) if p else p for p in PDF_PAGES]
    pages[1][2] = pages[1][2].replace("41,000", "52,000")
    (corpus / "reports" / "annual.pdf").write_bytes(make_pdf(pages, title="Riverside Foundation annual report"))
    report, emb = build_fake(corpus, idx_dir)
    assert (report.changed, report.added, report.removed, report.unchanged) == (1, 0, 0, 4)
    pdf_chunks = open_fake(idx_dir).doc_chunks(4)
    # only the PDF's passages (and its new sentences) are embedded again
    assert emb.texts_embedded - report.sentences_embedded == len(pdf_chunks) == report.embedded
    assert report.skipped == first.skipped
    idx = open_fake(idx_dir)
    cited = answer(idx, QUESTION_PDF).citations[0]
    assert "52,000 dollars" in cited.text and cited.page == 2
    _check_slices(idx, [cited])
    full, _ = build_fake(corpus, tmp_path / "full")
    assert [m for m in open_fake(tmp_path / "full").docs.meta] == list(idx.docs.meta)


def test_a_new_unsupported_file_updates_the_skip_report(corpus, tmp_path):
    idx_dir = tmp_path / "idx"
    build_fake(corpus, idx_dir)
    (corpus / "scan.tiff").write_bytes(b"II*\x00")
    report, _ = build_fake(corpus, idx_dir)
    assert not report.up_to_date and report.embedded == 0
    assert "scan.tiff" in [s.path for s in open_fake(idx_dir).skipped]


def test_old_index_without_pages_loads(corpus, tmp_path):
    """docs.jsonl lines of indexes built before pages and sections existed have neither (nor a
    format: what the name says, written from then on)."""
    from qa.index.docstore import DocMeta

    old = {"id": "a.txt", "title": "", "source": "/x/a.txt", "hash": "h", "chars": 3}
    meta = DocMeta.from_json(old)
    assert meta.pages == () and meta.sections == () and meta.page_at(1) is None
    assert meta.read_as == "" and meta.format == "text"
    assert meta.to_json() == {**old, "format": "text"}  # and a text document's line is written as before


# -- symlinks (issue 17, item 3) ----------------------------------------------------------------

@pytest.fixture
def linked(tmp_path):
    c = tmp_path / "corpus"
    (c / "sub").mkdir(parents=True)
    (c / "sub" / "inside.txt").write_text("The minibus was bought in May for the youth club.\n", encoding="utf-8")
    (c / "good.txt").write_text("The board met on Tuesday and approved the budget.\n", encoding="utf-8")
    os.symlink("/etc/passwd", c / "passwd.txt")
    os.symlink("/etc", c / "etc_dir")
    os.symlink("loop_b.txt", c / "loop_a.txt")
    os.symlink("loop_a.txt", c / "loop_b.txt")
    os.symlink("sub/inside.txt", c / "alias.txt")  # inside the corpus: allowed, and a duplicate of the file
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "shared.md").write_text("# Shared\n\nThe shared folder holds the treasurer's notes.\n",
                                       encoding="utf-8")
    os.symlink(outside, c / "shared")
    return c


def test_symlinks_out_of_the_corpus_are_skipped(linked, tmp_path, capsys, fake_build, run_cli):
    from qa.corpus.readers import load_corpus

    skips = []
    docs = {d.id: d for d in load_corpus(linked, skips.append)}
    assert sorted(docs) == ["good.txt", "sub/inside.txt"]
    kinds = {s.path: s.kind for s in skips}
    assert kinds == {"etc_dir": "outside the corpus", "passwd.txt": "outside the corpus",
                     "shared": "outside the corpus", "loop_a.txt": "symlink loop", "loop_b.txt": "symlink loop",
                     "alias.txt": "duplicate"}  # session 15: read once, under its real path
    assert not any("root:" in d.text for d in docs.values())

    code, _out, err = run_cli("index", "--corpus", str(linked), "--index-dir", str(tmp_path / "idx"), "-q")
    assert code == 0
    assert "qa: warning: skipped passwd.txt: outside the corpus (a symlink to the file /etc/passwd; " \
           "--follow-symlinks reads it)" in err.splitlines()
    assert err.strip().splitlines()[-1] == "Skipped 6 files: 3 outside the corpus, 2 symlink loop, 1 duplicate"
    texts = (tmp_path / "idx").glob("v-*/texts.bin")
    assert not any(b"root:" in t.read_bytes() for t in texts)


def test_follow_symlinks_reads_outside_when_asked(linked, tmp_path, capsys, fake_build, monkeypatch, run_cli):
    os.unlink(linked / "etc_dir")  # following it would read all of /etc
    os.unlink(linked / "passwd.txt")
    code, _out, err = run_cli("index", "--corpus", str(linked), "--index-dir", str(tmp_path / "idx"),
                              "-q", "--follow-symlinks")
    assert code == 0, err
    assert "shared/shared.md" in [m.id for m in open_fake(tmp_path / "idx").docs.meta]
    monkeypatch.setenv("QA_FOLLOW_SYMLINKS", "0")
    code, _out, err = run_cli("index", "--corpus", str(linked), "--index-dir", str(tmp_path / "idx"), "-q")
    assert code == 0 and "shared/shared.md" not in [m.id for m in open_fake(tmp_path / "idx").docs.meta]
    monkeypatch.setenv("QA_FOLLOW_SYMLINKS", "1")
    code, _out, err = run_cli("index", "--corpus", str(linked), "--index-dir", str(tmp_path / "idx"), "-q")
    assert code == 0 and "shared/shared.md" in [m.id for m in open_fake(tmp_path / "idx").docs.meta]


