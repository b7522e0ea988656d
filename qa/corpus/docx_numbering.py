"""Word's automatic numbering as Word shows it: "1.", "4.2(a)", "Article III", "•".

A numbered paragraph holds no number in its text: ``w:pPr/w:numPr`` (or its style's, through
``w:basedOn``) names a list (``w:numId``) and a level (``w:ilvl``); ``word/numbering.xml`` maps the
list to an abstract definition whose level gives the format (``w:numFmt``), the pattern
(``w:lvlText`` "%1.%2.") and the first value (``w:start``).  A list instance may restart a level
(``w:lvlOverride/w:startOverride``) or redefine it (``w:lvlOverride/w:lvl``).

Counters are kept per abstract definition, as Word does: two lists of one definition continue each
other unless one restarts.  A paragraph advances its level's counter and resets the levels below it
(``w:lvlRestart`` can say after which level, or never).  An empty numbered paragraph counts too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9
BULLET = "\u2022"
_PLACE = re.compile(r"%([1-9])")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class Level:
    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: levels above this 1-based number restart it; 0 never
    legal: bool = False  # w:isLgl: every number in the pattern as decimal
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


def _val(element, path: str, default=None):
    found = element.find(path) if element is not None else None
    if found is None:
        return default
    return found.get(W + "val", default)


def as_int(value, default: int) -> int:
    """``value`` as an integer, ``default`` when it is none (a missing or malformed attribute)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _level(lvl) -> Level:
    legal = lvl.find(W + "isLgl") is not None and _val(lvl, W + "isLgl", "1") not in ("0", "false", "off")
    return Level(start=as_int(_val(lvl, W + "start"), 0), fmt=_val(lvl, W + "numFmt", "decimal"),
                 text=_val(lvl, W + "lvlText", ""), restart=as_int(_val(lvl, W + "lvlRestart"), -1),
                 legal=legal, style=_val(lvl, W + "pStyle"))


def format_number(n: int, fmt: str) -> str:
    """``n`` as Word writes it in format ``fmt`` (unknown formats as decimal)."""
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        out = ""
        for value, letters in _ROMAN:
            while n >= value:
                out, n = out + letters, n - value
        return out if fmt == "lowerRoman" else out.upper()
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: y, z, aa, bb
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    """``label(p)``: the number Word shows before paragraph ``p`` (a ``w:p``), "" for none; call it
    for every paragraph in document order (it counts)."""

    def __init__(self, numbering=None, styles=None):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstract id -> numbering style it takes its levels from
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.counts: dict[str, list[int | None]] = {}
        self.begun: set[str] = set()
        self.style_num: dict[str, tuple[str | None, str | None]] = {}
        self.based: dict[str, str] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            for style in styles.iter(W + "style"):
                sid = style.get(W + "styleId")
                if not sid:
                    continue
                num = style.find(f"{W}pPr/{W}numPr")
                if num is not None:
                    self.style_num[sid] = (_val(num, W + "numId"), _val(num, W + "ilvl"))
                parent = _val(style, W + "basedOn")
                if parent:
                    self.based[sid] = parent

    def _read_numbering(self, root) -> None:
        for node in root.iter(W + "abstractNum"):
            aid = node.get(W + "abstractNumId", "")
            self.abstract[aid] = {as_int(lvl.get(W + "ilvl"), 0): _level(lvl) for lvl in node.iter(W + "lvl")}
            link = _val(node, W + "numStyleLink")
            if link:
                self.links[aid] = link
        for node in root.iter(W + "num"):
            starts, levels = {}, {}
            for over in node.iter(W + "lvlOverride"):
                ilvl = as_int(over.get(W + "ilvl"), 0)
                if over.find(W + "startOverride") is not None:
                    starts[ilvl] = as_int(_val(over, W + "startOverride"), 0)
                lvl = over.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            self.nums[node.get(W + "numId", "")] = (_val(node, W + "abstractNumId", ""), starts, levels)

    def _style_numbering(self, style: str | None) -> tuple[str | None, str | None]:
        seen = 0
        while style and seen < 20:
            if style in self.style_num:
                return self.style_num[style]
            style, seen = self.based.get(style), seen + 1
        return None, None

    def _abstract(self, aid: str) -> tuple[str, dict[int, Level]]:
        """The definition ``aid`` names, following a numbering-style link once."""
        link = self.links.get(aid)
        if link and not self.abstract.get(aid):
            num_id, _ = self.style_num.get(link, (None, None))
            if num_id in self.nums:
                aid = self.nums[num_id][0]
        return aid, self.abstract.get(aid, {})

    def label(self, p) -> str:
        ppr = p.find(W + "pPr")
        style = _val(ppr, W + "pStyle")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = (_val(num_pr, W + "numId"), _val(num_pr, W + "ilvl")) if num_pr is not None else (None, None)
        style_id, style_lvl = self._style_numbering(style)
        num_id = num_id if num_id is not None else style_id
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        aid, starts, overrides = self.nums[num_id]
        aid, levels = self._abstract(aid)
        levels = {**levels, **overrides}
        if ilvl is None:
            ilvl = style_lvl
        if ilvl is None:
            ilvl = next((k for k, lv in levels.items() if style and lv.style == style), 0)
        ilvl = min(max(as_int(ilvl, 0), 0), LEVELS - 1)
        level = levels.get(ilvl, Level())
        counts = self.counts.setdefault(aid, [None] * LEVELS)
        if num_id not in self.begun:  # a list instance's restarts apply where it is first used
            self.begun.add(num_id)
            for k in starts:
                if 0 <= k < LEVELS:
                    counts[k] = None

        def start(k: int) -> int:
            return starts.get(k, levels.get(k, Level()).start)

        counts[ilvl] = start(ilvl) if counts[ilvl] is None else counts[ilvl] + 1
        for k in range(ilvl + 1, LEVELS):
            restart = levels.get(k, Level()).restart
            if restart is None or restart < 0:
                restart = k
            if ilvl < restart:
                counts[k] = None
        if level.fmt == "bullet":
            return BULLET if level.text else ""

        def number(match) -> str:
            k = int(match.group(1)) - 1
            n = counts[k] if counts[k] is not None else start(k)
            fmt = levels.get(k, Level()).fmt
            if fmt == "bullet":
                return BULLET
            return format_number(n, "decimal" if level.legal and fmt != "none" else fmt)

        return _PLACE.sub(number, level.text).strip()
