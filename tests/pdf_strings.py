"""A PDF made of strings placed on the page (reportlab), for the PDF reading tests."""

from __future__ import annotations

import io


def pdf_of_strings(pages: list[list[tuple]], title: str | None = None) -> bytes:
    """Each page's strings as (x, y, font, size, text) or, justified to a width, (…, width); ``title``:
    the metadata's Title."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    if title:
        c.setTitle(title)
    for strings in pages:
        for x, y, font, size, text, *width in strings:
            t = c.beginText(x, y)
            t.setFont(font, size)
            if width and text.count(" "):
                t.setWordSpace((width[0] - stringWidth(text, font, size)) / text.count(" "))
            t.textLine(text)
            c.drawText(t)
        c.showPage()
    c.save()
    return buf.getvalue()
