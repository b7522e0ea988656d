"""E-mail citations carry the line of the .eml/.mbox file where the cited text sits (verbatim bodies)."""

from __future__ import annotations

import mailbox

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.corpus.readers import read_corpus, read_file

from ..mail_files import make_message


def _file_line(raw: bytes, needle: str, after: int = 0) -> int:
    at = raw.index(needle.encode("utf-8"), after)
    return raw.count(b"\n", 0, at) + 1


def _one(tmp_path, name: str, raw: bytes):
    (tmp_path / name).write_bytes(raw)
    skipped = []
    docs = list(read_file(tmp_path / name, name, skipped.append))
    assert not skipped and len(docs) == 1
    return docs[0]


BODY = ("The roofers start on Monday.\nThey need the back gate open.\n\n"
        "Payment is due when the job is done.\n\n\n   \nThe skip arrives on Friday.\n")


def test_eml_plain_body_lines_are_the_files_lines(tmp_path):
    for linesep in ("\n", "\r\n"):
        raw = make_message("Roof repair", BODY).as_bytes(policy=_policy(linesep))
        doc = _one(tmp_path, "roof.eml", raw)
        head = raw.index(b"\r\n\r\n" if linesep == "\r\n" else b"\n\n")
        for sentence in ("The roofers start on Monday.", "They need the back gate open.",
                         "Payment is due when the job is done.", "The skip arrives on Friday."):
            at = doc.text.index(sentence)
            assert doc.text[at:at + len(sentence)] == sentence
            assert doc.line_at(at) == _file_line(raw, sentence, head), (linesep, sentence)
        assert doc.line_at(doc.text.index("Roof repair")) == _file_line(raw, "Subject:")
        assert doc.line_at(doc.text.index("From: Ana")) == _file_line(raw, "From:")
        assert doc.line_at(doc.text.index("Date: Tue")) == _file_line(raw, "Date:")


def _policy(linesep: str):
    from email import policy

    return policy.default.clone(linesep=linesep)


def test_attachment_line_points_at_its_name(tmp_path):
    msg = make_message("Quote", "The quote is attached.\n")
    msg.add_attachment(b"%PDF-1.4 numbers", maintype="application", subtype="pdf", filename="quote.pdf")
    raw = bytes(msg)
    doc = _one(tmp_path, "q.eml", raw)
    assert doc.line_at(doc.text.index("The quote is attached.")) == _file_line(raw, "The quote is attached.")
    at = doc.text.index("Attachments (not read): quote.pdf")
    assert doc.line_at(at) == _file_line(raw, "quote.pdf", raw.index(b"The quote is attached."))


def test_bodies_not_stored_verbatim_have_no_lines(tmp_path):
    for name, msg in (("qp.eml", make_message("A", "Caf\u00e9 opens at nine, every single day of the week.\n",
                                          cte="quoted-printable")),
                      ("b64.eml", make_message("B", "The boiler was serviced in May.\n", cte="base64")),
                      ("html.eml", make_message("C", "", html="<p>Soup and <b>bread</b> today.</p>"))):
        doc = _one(tmp_path, name, bytes(msg))
        assert doc.lines == () and doc.line_at(len(doc.text) - 2) is None, name


def test_mbox_messages_lines_are_lines_of_the_mailbox(tmp_path):
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(str(path))
    bodies = ["The boiler was serviced in May.\n\nThe filter is new.\n",
              "Keys are with the neighbour.\nShe is home after six.\n",
              "The garden hose is in the shed.\n"]
    for n, body in enumerate(bodies):
        box.add(make_message(f"Note {n}", body))
    box.flush()
    box.close()
    raw = path.read_bytes()
    docs = read_corpus(tmp_path)
    assert [d.id for d in docs] == ["inbox.mbox#1", "inbox.mbox#2", "inbox.mbox#3"]
    for doc, body in zip(docs, bodies):
        for sentence in (s for s in body.replace("\n\n", "\n").split("\n") if s):
            at = doc.text.index(sentence)
            assert doc.line_at(at) == _file_line(raw, sentence), sentence
        assert doc.line_at(doc.text.index("Note")) == _file_line(raw, f"Subject: {doc.title}")


_LINE = st.text(st.characters(whitelist_categories=("L", "N"), whitelist_characters=" .,"), max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_LINE, st.sampled_from(["", " ", "\t"])), min_size=1, max_size=12))
def test_every_body_line_is_cited_at_its_file_line(lines):
    from qa.corpus.extracted import line_at
    from qa.corpus.mail import read_eml

    body = "\n".join(lines) + "\n"
    raw = (b"Subject: S\nFrom: a@example.org\nDate: Tue, 03 Mar 2026 09:15:00 +0000\n"
           b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body.encode("utf-8"))
    out = read_eml(raw, "x.eml")
    body_start = raw.index(b"\n\n") + 2
    pos = len(out.text) - len(out.text.split("\n\n", 2)[-1]) if out.text.count("\n\n") >= 2 else len(out.text)
    for k, line in enumerate(lines):
        clean = " ".join(line.split()) if line.strip() else ""
        if not clean or clean != line.rstrip():
            continue
        at = out.text.find(clean, pos)
        assert at >= 0
        assert line_at(out.lines, out.text, at) == raw.count(b"\n", 0, body_start) + 1 + k, (lines, k)
        pos = at + len(clean)
