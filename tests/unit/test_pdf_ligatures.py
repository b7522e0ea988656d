"""TeX fonts without a Unicode map: ligatures, quotes and dashes that PDFium gives as control
characters (``qa/corpus/pdf_ligatures.py``).  Each PDF is written here by hand: Type 3 fonts whose
glyphs are named "/a28" as bitmap TeX fonts' are, so PDFium knows only each character's code."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.corpus.pdf import read_pdf


def _escape(text: bytes) -> bytes:
    for a, b in ((b"\\", b"\\\\"), (b"(", b"\\("), (b")", b"\\)"), (b"\r", b"\\r")):
        text = text.replace(a, b)
    return text


def _pdf(runs: list[tuple[str, int, bytes]], fonts: dict[str, str | None]) -> bytes:
    """One page: each run (font resource, baseline y, the codes it sets) a line at x = 72; each
    font a Type 3 font (``fonts``: its /BaseFont or None) with a square glyph for every code used."""
    objs: list[bytes] = []

    def add(obj: str | bytes) -> int:
        objs.append(obj if isinstance(obj, bytes) else obj.encode("latin-1"))
        return len(objs)

    refs = {}
    for res, base in fonts.items():
        codes = sorted({c for r, _, text in runs if r == res for c in text})
        glyph = b"500 0 0 0 400 600 d1 0 0 400 600 re f"
        procs = {c: add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(glyph), glyph)) for c in codes}
        name = f" /BaseFont /{base}" if base else ""
        refs[res] = add(
            f"<< /Type /Font /Subtype /Type3{name} /FontBBox [0 0 500 600] /FontMatrix [0.001 0 0 0.001 0 0]"
            f" /CharProcs << {' '.join(f'/a{c} {n} 0 R' for c, n in procs.items())} >>"
            f" /Encoding << /Type /Encoding /Differences [{' '.join(f'{c} /a{c}' for c in codes)}] >>"
            f" /FirstChar {codes[0]} /LastChar {codes[-1]} /Widths [{' 500' * (codes[-1] - codes[0] + 1)}] >>")
    content = b"".join(b"BT /%s 12 Tf 72 %d Td (%s) Tj ET\n" % (r.encode(), y, _escape(t)) for r, y, t in runs)
    contents = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    fonts_dict = " ".join(f"/{r} {n} 0 R" for r, n in refs.items())
    page = add(f"<< /Type /Page /Parent {len(objs) + 2} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R"
               f" /Resources << /Font << {fonts_dict} >> >> >>")
    pages = add(f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>")
    root = add(f"<< /Type /Catalog /Pages {pages} 0 R >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, xref)
    return bytes(out)


def test_t1_ligatures_quotes_and_dashes_are_spelled_out():
    line = b"The \x10e\x1bect\x11 of \x1cxed \x1ductuations was signi\x1ccant in 1986\x151989 \x16 or so."
    text = read_pdf(_pdf([("F1", 700, line)], {"F1": None})).text
    assert text == "The “effect” of fixed fluctuations was significant in 1986–1989 — or so."


def test_ot1_ligatures_and_letters_are_spelled_out():
    line = b"The coe\x0ecient e\x0bects of \x0cxed \x0ductuations, e\x0borts and \x13etude by \x1crsted."
    text = read_pdf(_pdf([("F1", 700, line)], {"F1": None})).text
    assert text == "The coefficient effects of fixed fluctuations, efforts and étude by ørsted."


def test_a_dash_in_a_run_of_digits_is_a_dash_when_its_font_sets_words_elsewhere():
    """A reference's pages ("27–33") stand in a run of their own after the journal's name in italics."""
    runs = [("F1", 700, b"Some words set in the text font."), ("F2", 650, b"Systematic Zoology"),
            ("F1", 600, b", 27(1):27\x1533, 1978.")]
    text = read_pdf(_pdf(runs, {"F1": None, "F2": None})).text
    assert text.endswith(", 27(1):27–33, 1978.")


@pytest.mark.parametrize("math", ["CMEX10", "LMMathExtension10-Regular", "CMMI10", "MathDesign-CH-Regular-Extension-10"])
def test_a_math_font_s_codes_are_not_letters(math):
    """By its name (pieces of big delimiters, Greek letters), or, with no name, by setting no word:
    math sets its letters apart ("σx" is no "ffx")."""
    words = b"Some words \x10here\x11 and \x1cxed."
    text = read_pdf(_pdf([("F1", 700, words), ("F2", 650, words), ("F3", 600, b"\x1bx + \x1cy")],
                         {"F1": None, "F2": math, "F3": None})).text
    assert text.split("\n\n") == ["Some words “here” and fixed.", "Some words here and xed.", "x + y"]


_LIGATURES = {b"\x1b": "ff", b"\x1c": "fi", b"\x1d": "fl", b"\x1e": "ffi", b"\x1f": "ffl"}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "e", "o", "su", "co", "re"]), st.sampled_from(sorted(_LIGATURES)),
                          st.sampled_from(["", "x", "ect", "ine", "uent"])), min_size=1, max_size=6))
def test_a_t1_ligature_anywhere_in_a_word_is_its_letters(words):
    line = b"Words " + b" ".join(a.encode() + lig + b.encode() for a, lig, b in words) + b" end."
    text = read_pdf(_pdf([("F1", 700, line)], {"F1": None})).text
    assert text == "Words " + " ".join(a + _LIGATURES[lig] + b for a, lig, b in words) + " end."
