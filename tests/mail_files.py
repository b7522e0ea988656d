"""E-mail messages made up for the tests (the .eml/.mbox readers' tests build files from these)."""

from __future__ import annotations

from email.message import EmailMessage


def make_message(subject: str, body: str, html: str | None = None, attach: str | None = None,
                 cte: str | None = None) -> EmailMessage:
    """A message from Ana to the team: ``body`` as plain text (``cte``: its transfer encoding), ``html``
    as an alternative (or the only body), ``attach``: a PDF attachment of that file name."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = "Ana Lima <ana@example.org>"
    msg["To"] = "team@example.org"
    msg["Date"] = "Tue, 03 Mar 2026 09:15:00 +0000"
    if body:
        msg.set_content(body, cte=cte) if cte else msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html") if body else msg.set_content(html, subtype="html")
    if attach:
        msg.add_attachment(b"%PDF-1.4 secret numbers 12345", maintype="application", subtype="pdf", filename=attach)
    return msg
