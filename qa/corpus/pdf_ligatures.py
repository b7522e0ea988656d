"""Ligatures and punctuation that a TeX font without a Unicode map gives as control characters.

A LaTeX PDF set in fonts PDFium cannot map to Unicode (bitmap Type 3 fonts named only "/a28",
no ``ToUnicode``) gives each character's code as it stands in the font's TeX encoding.  In the T1
("Cork") encoding codes 0x1B–0x1F are the ligatures ff fi fl ffi ffl, 0x10 / 0x11 the quotes “ ”,
0x15 / 0x16 the en and em dash; in OT1 0x0B–0x0F are the ligatures and 0x19–0x1F ß æ œ ø Æ Œ Ø.
Dropped as control characters they made "signicance", "uctuation", "19861989".

The same codes are other glyphs in a math font (pieces of big delimiters in the extension font,
Greek letters in math italic), so a code is spelled out only where it is text:

* never in a font whose name is a math font's (CMEX10, LMMathExtension10-Regular, CMMI10, …) or
  another symbol font's (LINE10 of LaTeX's pictures, Dingbats, MANFNT);
* the font's encoding is OT1 when it uses an OT1 ligature code on the page (0x0B, 0x0C, 0x0E,
  0x0F), else T1;
* only in a font that sets a word on the page (three letters in a row: math sets its letters
  apart), and a ligature or letter only beside a letter ("e\\x1bect" → "effect").
"""

from __future__ import annotations

import ctypes
import re

T1 = {0x10: "“", 0x11: "”", 0x12: "„", 0x13: "«", 0x14: "»", 0x15: "–", 0x16: "—", 0x17: "",
      0x19: "ı", 0x1A: "ȷ", 0x1B: "ff", 0x1C: "fi", 0x1D: "fl", 0x1E: "ffi", 0x1F: "ffl"}
OT1 = {0x0B: "ff", 0x0C: "fi", 0x0D: "fl", 0x0E: "ffi", 0x0F: "ffl", 0x10: "ı", 0x11: "ȷ",
       0x13: "´", 0x14: "ˇ", 0x15: "˘", 0x16: "¯", 0x17: "˚",  # accents set before their letter
       0x19: "ß", 0x1A: "æ", 0x1B: "œ", 0x1C: "ø", 0x1D: "Æ", 0x1E: "Œ", 0x1F: "Ø"}
_OT1_ONLY = {0x0B, 0x0C, 0x0E, 0x0F}  # T1's cedilla, ogonek, guillemets: never seen alone in text
_CODES = re.compile("[\x0b\x0c\x0e-\x1f]|\r(?!\n)")  # a lone CR is OT1's "fl", not a line break
_MATH_FONT = re.compile(r"CM(EX|SY|MI|BSY|MIB)|MSAM|MSBM|EU(EX|FM|FB|RM|SM)|RSFS|WASY|Math|Symbol|Extension"
                        r"|STIX(Size|Integrals|NonUni|Variants)|Esstix|Dingbat|Zapf|Wingding|LINE\d|LCIRCLE|MANFNT",
                        re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]{3}")


def spell_out(textpage, text: str, index: list[int]) -> tuple[str, list[int]]:
    """``text`` (a page's, ``index``: each character's PDFium index) with the control characters
    that stand for ligatures, quotes and dashes of a TeX text font spelled out, and the index of
    each character of the new text (a ligature's letters share its index)."""
    found = list(_CODES.finditer(text))
    if not found or not index:
        return text, index
    fonts = [_font(textpage, index[m.start()]) for m in found]
    ot1 = {f for f, m in zip(fonts, found) if ord(m.group()) in _OT1_ONLY}
    text_fonts = _text_fonts(textpage, [index[m.start()] for m in found], fonts)
    out, at, last = [], [], 0
    for m, font in zip(found, fonts):
        k = m.start()
        table = OT1 if font in ot1 else T1
        new = table.get(ord(text[k]))
        if new is None or font not in text_fonts:
            continue
        if new.isalpha() and not (text[k - 1: k].isalpha() or text[k + 1: k + 2].isalpha()):
            continue  # a letter or ligature stands in a word
        out.append(text[last:k])
        at.extend(index[last:k])
        out.append(new)
        at.extend([index[k]] * len(new))
        last = k + 1
    if not last:
        return text, index
    out.append(text[last:])
    at.extend(index[last:])
    return "".join(out), at


def _font(textpage, i: int):
    """Character ``i``'s font (a handle to tell fonts apart), None when it is a math font's."""
    import pypdfium2.raw as pdfium_c

    obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, i)
    font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
    if not font:
        return None
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    name = ctypes.create_string_buffer(max(size, 1))
    if size:
        pdfium_c.FPDFFont_GetBaseFontName(font, name, size)
    if _MATH_FONT.search(name.value.decode("latin-1")):
        return None
    return ctypes.cast(font, ctypes.c_void_p).value


def _text_fonts(textpage, chars: list[int], fonts: list) -> set:
    """Which of ``fonts`` (of the characters ``chars``) set a word on the page: one in a text run
    holding one of those characters, else one in any of the page's runs in that font (an itemize
    label's dash, a page range in a reference list stand in a run of their own)."""
    import pypdfium2.raw as pdfium_c

    def run(i: int) -> tuple[int, object]:
        obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, i)
        return ctypes.cast(obj, ctypes.c_void_p).value or 0, obj

    def worded(obj) -> bool:
        size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
        buf = (ctypes.c_ushort * max(size // 2, 1))()
        if size:
            pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, buf, size)
        return bool(_WORD.search(bytes(buf).decode("utf-16-le", "replace")))

    found, seen = set(), set()
    for i, font in zip(chars, fonts):
        key, obj = run(i)
        if font and font not in found and key and key not in seen:
            seen.add(key)
            if worded(obj):
                found.add(font)
    pending = {f for f in fonts if f} - found
    last = 0
    for i in range(textpage.count_chars() if pending else 0):
        key, obj = run(i)
        if not key or key == last or key in seen:
            continue
        last = key
        seen.add(key)
        font = ctypes.cast(pdfium_c.FPDFTextObj_GetFont(obj), ctypes.c_void_p).value
        if font in pending and worded(obj):
            found.add(font)
            pending.discard(font)
            if not pending:
                break
    return found
