"""Session 16: reader defects seen on a folder of real package documentation, made up small."""

from __future__ import annotations

import gzip

from ..conftest import read_files

LICENCE = ("Frobnicator Public Licence Version 2.0\n======================================\n\n"
           "1. Definitions\n\nA contributor is anyone who sends a change to the frobnicator.\n")
ROFF = ".TH FROB 1\n.SH NAME\nfrob \\- frob the widgets\n.SH DESCRIPTION\nIt frobs every widget.\n"


def test_a_name_with_a_version_for_its_suffix_is_read_as_text(tmp_path):
    elf = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8
    docs, skipped = read_files(tmp_path, {
        "licenses/FPL-2.0": LICENCE,  # was "unsupported (.0)"
        "licenses/FROB-3": LICENCE,  # in capitals: text by name already
        "licenses/Frob-Licence-3.0": LICENCE, "tests/test_18": "#!/bin/sh\necho frob\n", "ChangeLog-2013": LICENCE,
        "licenses/FPL-1.1": LICENCE,  # a manual page's section for a suffix, but no roff in it
        "licenses/FPL-1.1.gz": gzip.compress(LICENCE.encode()),
        "man/frob.1": ROFF, "man/frob-tools.1.gz": gzip.compress(ROFF.encode()),
        "bin/frob-12.1": elf, "lib/libfrob.so.1": elf, "man/notes.1": LICENCE,
    })
    assert "A contributor is anyone" in docs["licenses/FROB-3"].text
    for name in ("licenses/FPL-2.0", "licenses/Frob-Licence-3.0", "licenses/FPL-1.1", "licenses/FPL-1.1.gz"):
        assert docs[name].title == "Frobnicator Public Licence Version 2.0"
        assert "A contributor is anyone" in docs[name].text
    assert docs["man/frob.1"].title == docs["man/frob-tools.1.gz"].title == "frob - frob the widgets"
    assert "DESCRIPTION" in docs["man/frob.1"].text
    # a program or library named with a version is no document, and as quiet as any other file qa skips
    assert {k: v[0] for k, v in skipped.items()} == {
        "bin/frob-12.1": "unsupported", "lib/libfrob.so.1": "unsupported", "man/notes.1": "unsupported",
        "tests/test_18": "unsupported"}  # a number is no version
    assert "A contributor is anyone" in docs["ChangeLog-2013"].text  # but a ChangeLog's name (session 21)


def _bold(word: str) -> str:
    return "".join(f"{c}\b{c}" for c in word)


def _under(word: str) -> str:
    return "".join(f"{c}\b_" for c in word)


def test_a_terminal_s_bold_underline_and_colours_are_not_text(tmp_path):
    from qa.corpus.extracted import line_at

    body = ("The frobnicator keeps every widget it has seen in a small database, which stores the\n"
            "name of the widget, the time it was last frobbed and its location on the disk. The loca-\n"
            f"tion is checked by {_bold('frobcheck')} each night, and a widget that has moved is frobbed\n"
            f"again at once. The \x1b[4mcache\x1b[24m lives in {_under('/var/cache/frob')} and may be removed at\n"
            "any time without harm, since the next run of the frobnicator builds it again from the\n"
            "widgets it finds. Nothing else is kept there, and nothing there is ever sent anywhere.\n"
            "A widget is frobbed at most once a day, however often the frobnicator is started, and\n"
            "the order in which widgets are frobbed is the order of their names in the database.\n")
    text = ("\n\n               \x1b[1mfrob - the widget frobnicator suite\x1b[0m\n\n"
            f"                  \x1b[4mOrla\x1b[24m \x1b[4mWidget\x1b[0m\n\n\n{_bold('1.  Introduction')}\n\n{body}\n"
            f"   {'+'}\bo Lists start with a bullet.\n")
    docs, skipped = read_files(tmp_path, {"text/frob-manual.txt.gz": gzip.compress(text.encode()),
                                     "text/bold.txt": "\n".join(_bold(f"OPTION{i} --frob-{i}") + " sets it."
                                                                for i in range(40)) + "\n"})
    assert not skipped  # the bold one was "binary file"
    doc = docs["text/frob-manual.txt.gz"]
    assert doc.title == "frob - the widget frobnicator suite"  # was "\x1b[1mfrob - …\x1b[0m"
    assert "\x1b" not in doc.text and "\b" not in doc.text
    assert "checked by frobcheck each night" in doc.text and "lives in /var/cache/frob and" in doc.text
    assert "the location is checked" in doc.text.lower()  # the word cut at a line end is joined again
    assert "o Lists start with a bullet." in doc.text
    at = doc.text.index("any time without harm")
    assert line_at(doc.lines, doc.text, at) == text.split("\n").index(next(
        ln for ln in text.split("\n") if ln.startswith("any time without harm"))) + 1
    assert docs["text/bold.txt"].text.startswith("OPTION0 --frob-0 sets it.\nOPTION1")


def test_an_mdoc_item_head_extended_with_xo_is_one_head_without_xo(tmp_path):
    page = (".Dd June 1, 2026\n.Dt FROB 1\n.Os\n.Sh NAME\n.Nm frob\n.Nd frob the widgets\n.Sh OPTIONS\n"
            ".Bl -tag -width Ds\n"
            ".It Xo Ic spin\n.Op Ic on | off\n.Xc\nIf on, the widgets spin while they are frobbed.\n"
            ".It Xo Ic attach-widget\n.Op Fl dEr\n.Op Fl c Ar working-directory\n.Op Fl t Ar target-widget\n.Xc\n"
            "Attach the widget.\n"
            ".It Cm Jump\nFrob through one or more widgets given as either\n.Xo\n.Op Ar user No @\n.Ar host\n"
            "or a frob URI\n.Xc .\nMultiple widgets are separated by commas.\n.El\n")
    docs, skipped = read_files(tmp_path, {"frob.1.gz": gzip.compress(page.encode())})
    assert not skipped
    text = docs["frob.1.gz"].text
    assert "Xo" not in text and "Xc" not in text  # was "Xo spin [on | off] If on, …"
    assert "spin [on | off] If on, the widgets spin" in text
    assert "\n\nattach-widget [-dEr] [-c working-directory] [-t target-widget] Attach the widget." in text
    assert "[user @] host or a frob URI. Multiple widgets" in text


def test_a_link_or_code_word_in_a_table_cell_or_heading_adds_no_space(tmp_path):
    page = ("<html><head><title>Frob FAQ</title></head><body>\n"
            "<h1>The <code>frob</code>, explained</h1>\n"
            "<table><tr><td><p>Frob prints <code>memcmp</code> instead of <code>bcmp</code>, and "
            "<em>spins</em>; see <a href='x.html'>this</a>.</p><p>Second paragraph.</p></td>"
            "<td>A<br>B</td></tr></table>\n"
            "<p>Outside a table: <a href='y.html'>here</a>.</p></body></html>\n")
    docs, skipped = read_files(tmp_path, {"faq.html": page})
    text = docs["faq.html"].text
    assert "Frob prints memcmp instead of bcmp, and spins; see this. Second paragraph. | A B" in text
    assert "The frob, explained" in text  # the heading (was "The frob , explained")
    assert "Outside a table: here." in text


def sized_pdf(pages: list[list[tuple[int, str]]]) -> bytes:
    """A PDF without a metadata title: each page's lines as (font size, text), top down."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for lines in pages:
        y = 780
        for size, line in lines:
            c.setFont("Helvetica", size)
            c.drawString(72, y, line)
            y -= size * 1.6
        c.showPage()
    c.save()
    return buf.getvalue()


BODY = [(10, "The frobnicator reads every widget in the folder and frobs it once a day, at the"),
        (10, "time given in its configuration file, unless the widget was frobbed already."),
        (10, "A widget that cannot be frobbed is reported and left as it was, untouched.")] * 6


def test_titles_of_a_title_page_a_reference_pdf_and_a_readme_named_for_its_program(tmp_path):
    import pytest

    pytest.importorskip("reportlab")
    title_page = [(24, "frob and libfrob, version 2.0.1"), (20, "A program and library for frobbing widgets"),
                  (20, "by Orla Widget"), (12, "Version 2.0.1 of 1 June 2026")]
    reference = [(12, "frob-conf"), (11, "Name"), (10, "frob.conf \u2014 Frobnicator configuration files"),
                 (11, "Synopsis"), (7, "/etc/frob/frob.conf"), (11, "Description"), *BODY]
    readme = ('<p align="center"><img src="logo.png" alt=""></p>\n\n__Frob__, or `frob` for short, is a quick '
              "frobnicator of widgets, targeting every widget there is at a reasonable speed and cost.\n\n"
              "## Benchmarks\n\nIt frobs a thousand widgets in no time at all.\n")
    docs, skipped = read_files(tmp_path, {
        "manuals/frob-manual.pdf.gz": gzip.compress(sized_pdf([title_page, BODY, BODY])),
        "manuals/frob-conf.pdf": sized_pdf([reference, BODY]),
        "notes/frob-README.md.gz": gzip.compress(readme.encode()),
        "notes/byline.txt": "\n\nby Orla Widget\n\nThe frobnicator reads every widget in the folder.\n",
    })
    assert not skipped
    assert docs["manuals/frob-manual.pdf.gz"].title == "frob and libfrob, version 2.0.1"  # was "by Orla Widget"
    assert docs["manuals/frob-conf.pdf"].title == "frob.conf \u2014 Frobnicator configuration files"  # was ""
    assert docs["notes/frob-README.md.gz"].title == "frob-README.md"  # was ""
    assert docs["notes/byline.txt"].title == ""  # a byline is no title


def test_a_byline_is_no_title():
    from qa.corpus.titles import headline, is_byline

    assert is_byline("by Julian Seward") and is_byline("By Orla Widget and J. Frob") and is_byline("BY ORLA WIDGET")
    assert not is_byline("By Design") and not is_byline("by the sea shore") and not is_byline("Byron Smith")
    assert headline("by Orla Widget\n\nFrob Release Notes For Winter\n") == "Frob Release Notes For Winter"


def test_the_manual_page_reader_s_modules_keep_to_the_house_size():
    from pathlib import Path

    import qa.corpus.man as man
    folder = Path(man.__file__).parent
    sizes = {name: len((folder / name).read_text(encoding="utf-8").splitlines())
             for name in ("man.py", "mdoc.py", "mdoc_page.py")}  # mdoc's requests moved out of man.py
    assert max(sizes.values()) <= 300, sizes


def test_mdoc_spacing_mode_off_joins_the_words_of_macros(tmp_path):
    page = (".Dd June 1, 2026\n.Dt FROB 5\n.Os\n.Sh NAME\n.Nm frob_config\n.Nd frob configuration\n"
            ".Sh DESCRIPTION\n.Bl -tag -width Ds\n.It Cm JumpWidget\nReach the widget as either\n.Xo\n.Sm off\n"
            ".Op Ar user No @\n.Ar host\n.Op : Ns Ar port\n.Sm on\n.Xc\nor a frob URI.\n"
            ".It Xo\n.Sm off\n.Cm ForwardWidget\n.Oo Ar bind_address : Oc Ar port\n.Sm on\n.Xc\n"
            "Forward the widget.\n.El\n.Sm\n.Ar a b\nThen text\n.Ar c\n.Sm\n.Ar d e\nend.\n")
    docs, skipped = read_files(tmp_path, {"frob_config.5.gz": gzip.compress(page.encode())})
    assert not skipped
    text = docs["frob_config.5.gz"].text
    assert "Reach the widget as either [user@]host[:port] or a frob URI." in text  # was "[user @] host [: port]"
    assert "ForwardWidget[bind_address:]port Forward the widget." in text  # the item's head, then its text
    assert "abThen text c d e end." in text  # a bare .Sm toggles; a text line keeps its spaces (as groff)
