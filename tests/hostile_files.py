"""Hostile and unlucky files, generated: what tests/system/test_hostile_build.py builds one by one
and bench/hostile.py builds at full size (issue 31).  Sizes are parameters so tests stay small."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

NORMAL = ("The lighthouse keeper on Marrow Island recorded 212 storms in 1911. He wrote that the "
          "worst storm of the year broke the great lamp in November, and the island went dark for "
          "nine nights until a new lens arrived from Glasgow by steamer.\n")
NORMAL_QUESTION = "What broke the great lamp?"


def nested_html(depth: int) -> bytes:
    """``depth`` nested <div>s around one sentence (1.1 MB at 100,000 levels)."""
    return (b"<html><body><p>A page of deeply nested markup follows.</p>" + b"<div>" * depth
            + b"The innermost sentence of the nested page." + b"</div>" * depth + b"</body></html>")


def _docx_base() -> dict[str, bytes]:
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("PLACEHOLDER")
    d.save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _docx_with_body(path: Path, write_body) -> None:
    """A .docx whose word/document.xml body is streamed by ``write_body(fh)`` (never in memory)."""
    parts = _docx_base()
    xml = parts.pop("word/document.xml").decode("utf-8")
    head, _, tail = xml.partition("<w:body>")
    tail = tail[tail.index("<w:sectPr"):] if "<w:sectPr" in tail else "</w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write((head + "<w:body>").encode("utf-8"))
            write_body(fh)
            fh.write(tail.encode("utf-8"))


def docx_paragraph_bomb(path: Path, paragraphs: int) -> None:
    """Millions of tiny paragraphs: 8,000,000 is a ~1 MB file unzipping to ~300 MB of XML."""
    block = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 10_000

    def body(fh):
        for _ in range(paragraphs // 10_000):
            fh.write(block)

    _docx_with_body(path, body)


def docx_text_node_bomb(path: Path, size: int) -> None:
    """One text node of ``size`` bytes (1 GiB packs into ~1 MB)."""
    chunk = b"a" * (1 << 20)

    def body(fh):
        fh.write(b"<w:p><w:r><w:t>")
        for _ in range(size // len(chunk)):
            fh.write(chunk)
        fh.write(b"</w:t></w:r></w:p>")

    _docx_with_body(path, body)


def docx_nested(path: Path, depth: int) -> None:
    """A paragraph inside ``depth`` nested elements (XML nesting)."""
    def body(fh):
        fh.write(b"<w:p><w:r><w:t>Before the nesting.</w:t></w:r></w:p>")
        fh.write(b"<w:sdt><w:sdtContent>" * depth)
        fh.write(b"<w:p><w:r><w:t>Inside.</w:t></w:r></w:p>")
        fh.write(b"</w:sdtContent></w:sdt>" * depth)

    _docx_with_body(path, body)


def docx_external_entity(path: Path) -> None:
    """A .docx whose text holds an external entity (and an internal one) mid-sentence."""
    parts = _docx_base()
    xml = parts["word/document.xml"].decode("utf-8")
    at = xml.index("<w:document")
    xml = (xml[:at] + '<!DOCTYPE w:document [<!ENTITY ext SYSTEM "file:///etc/hostname">'
           '<!ENTITY inner "inside">]>' + xml[at:])
    parts["word/document.xml"] = xml.replace(
        "PLACEHOLDER", "Barn owls &ext; hunt voles &inner; at night over the meadows.").encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def one_line_text(path: Path, size: int) -> None:
    """``size`` bytes of words with no line break (written in 1 MiB pieces)."""
    piece = (b"alpha beta gamma delta " * 50_000)[: 1 << 20]
    with open(path, "wb") as fh:
        left = size
        while left > 0:
            fh.write(piece[:left])
            left -= len(piece)


def sparse_file(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space (only its size is looked at)."""
    with open(path, "wb") as fh:
        fh.write(b"A file too big to read. ")
        fh.truncate(size)


def digit_lines_pdf(path: Path, pages: int = 4) -> None:
    """Pages whose lines differ only in their digits ("Invoice 1001 paid on day 3"), one per line,
    and a page holding one such line only: all real text."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for p in range(pages):
        for i in range(5):
            c.drawString(72, 770 - 16 * i, f"Invoice {1000 + 10 * p + i} was paid on day {p + i + 1} of the month.")
        c.showPage()
    c.drawString(72, 770, f"Invoice {2000} was paid on day {9} of the month.")  # a page's only text
    c.showPage()
    c.save()


def undecodable_name(folder: Path) -> Path:
    """A text file whose name is not valid UTF-8 (byte 0xFF)."""
    name = os.fsdecode(b"caf\xe9-\xff-notes.txt")  # Latin-1 bytes: surrogate-escaped in Python
    path = folder / name
    path.write_text("The cafe notes say the espresso machine was repaired on Tuesday.\n", encoding="utf-8")
    return path
