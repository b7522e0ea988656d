"""A PDF page's characters as PDFium counts them: the page's text with each character's index (for
its box), a character's font size, the footnote marks at a line's end (set smaller and
raised: "Title∗", "Linebreak a)") and at a footnote's start, and a letter TeX set with a separate accent made one ("Schr¨oder"
→ "Schröder")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from .pdf_ligatures import spell_out

# TeX's OT1 fonts have no accented letters: "\"o" is the accent "¨" set over an "o", which PDFium
# gives as the spacing accent before the letter.  The grave accent is the backquote, also a quote mark.
_COMBINING = {"¨": "\u0308", "´": "\u0301", "ˆ": "\u0302", "˜": "\u0303", "ˇ": "\u030c", "˘": "\u0306",
              "¯": "\u0304", "˙": "\u0307", "˚": "\u030a", "˝": "\u030b"}
_ACCENTED = re.compile("([%s])([^\\W\\d_])" % "".join(_COMBINING))


def _compose(m: re.Match) -> str:
    letter = {"ı": "i", "ȷ": "j"}.get(m.group(2), m.group(2))  # "\\'\\i": the accent on a dotless i
    one = unicodedata.normalize("NFC", letter + _COMBINING[m.group(1)])
    return one if len(one) == 1 else m.group()


def compose_accents(text: str) -> str:
    """A spacing accent before a letter made one accented letter where Unicode has one ("Fr´ed´eric"
    → "Frédéric", "Lo¨ıc" → "Loïc"); any other accent is left as it is ("˝7x", a table's hex)."""
    return _ACCENTED.sub(_compose, text) if any(c in text for c in _COMBINING) else text


def page_text(textpage) -> tuple[str, list[int]]:
    """The page's text and the character index of each of its characters (for their boxes), a TeX
    font's ligatures and quotes given as control characters spelled out (``pdf_ligatures``).
    PDFium counts a character outside the BMP (math italic "𝑘") as two, and its text may leave one
    out: such a page's text is read character by character, as PDFium counts them."""
    import pypdfium2.raw as pdfium_c

    raw, count = textpage.get_text_range(), textpage.count_chars()
    if len(raw) == count:
        return spell_out(textpage, raw, list(range(count)))
    units, index = [], []
    for i in range(count):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
        if code:
            units.append(chr(code))
            index.append(i)
    text = "".join(units)
    try:  # a surrogate pair as one character, at its first half's index
        joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return spell_out(textpage, text, index)
    if len(joined) != len(text):
        index = [i for k, i in enumerate(index) if not 0xDC00 <= ord(text[k]) <= 0xDFFF]
    return spell_out(textpage, joined, index)


def font_size(textpage, i: int) -> float:
    """The font size of character ``i`` (0 when PDFium has none)."""
    import pypdfium2.raw as pdfium_c

    return max(float(pdfium_c.FPDFText_GetFontSize(textpage.raw, i)), 0.0)


def trailing_marks(textpage, chars: list[int], most: int = 6) -> int:
    """How many of a line's last characters (``chars``: its characters' indexes) are a mark set
    smaller and higher than the visible character before them, with the space before the mark if
    any: a mark of at most ``most`` characters, never the whole line."""
    import pypdfium2.raw as pdfium_c

    tail = chars[-(most + 3):]
    seen = [k for k, i in enumerate(tail) if not chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32).isspace()]
    best = 0
    for n in range(1, min(most, len(seen) - 1) + 1):
        base = tail[seen[-n - 1]]
        size = font_size(textpage, base)
        if size <= 0:
            break
        _, bottom, _, _ = textpage.get_charbox(base)
        if all(0 < font_size(textpage, tail[k]) < 0.85 * size and textpage.get_charbox(tail[k])[1] > bottom + 0.1 * size
               for k in seen[-n:]):
            best = len(tail) - seen[-n - 1] - 1
    return best if best < len(chars) else 0


def leading_mark(textpage, chars: list[int], most: int = 3) -> bool:
    """Does a line (``chars``: its characters' indexes) start with a mark of at most ``most``
    characters set smaller and higher than the character after it: a footnote's ("³The format …")?"""
    import pypdfium2.raw as pdfium_c

    head = [i for i in chars[: most + 2] if not chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32).isspace()]
    for n in range(1, min(most, len(head) - 1) + 1):
        base = head[n]
        size = font_size(textpage, base)
        _, bottom, _, _ = textpage.get_charbox(base)
        if size > 0 and all(0 < font_size(textpage, i) < 0.85 * size and textpage.get_charbox(i)[1] > bottom + 0.1 * size
                            for i in head[:n]):
            return True
    return False


def title_lines(lines: list) -> list:
    """Copies of ``lines`` for finding a title: without their footnote marks, and measured by
    their font size where it is known and near their box's height (a box grows with an accent or
    a mark; a font scaled by the text matrix has a nominal size of 1)."""
    out = []
    for ln in lines:
        text = ln.text[: len(ln.text) - ln.marks].rstrip() if ln.marks else ln.text
        size = ln.size if 0.5 * ln.height <= ln.size <= 2 * ln.height else ln.height  # else a scaled font: its box
        out.append(replace(ln, text=text or ln.text, height=size))
    return out
