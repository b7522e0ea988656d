"""Where a PDF page's lines sit: the column each line is set in (a paper's two columns), the
line numbers of a manuscript (LaTeX's ``lineno``, AASTeX's ``linenumbers``) in its margin, and the
footnotes at its foot.

``lines`` are ``pdf.Line``s: text and geometry (PDF units, 0 when unknown)."""

from __future__ import annotations

import re
from collections import Counter
from statistics import median

MIN_COLUMN_LINES = 5  # lines of at least a third of the page's width on each side
MIN_NUMBERED = 8  # lines counted up by their margin's numbers on a page
_LEADING_NUMBER = re.compile(r"(\d{1,5})(?:\s+(?=\S)|$)")


def frames(lines: list) -> list[tuple[float, float]]:
    """The left and right edges of the text each line belongs to: its column's on a page set in two
    columns (at least ``MIN_COLUMN_LINES`` lines of a third of the page's width wholly on each side
    of its middle), the page's otherwise, and for a line across the middle (a title, an abstract,
    a wide table) on any page."""
    if not lines:
        return []
    left = min(ln.left for ln in lines)
    right = max(ln.right for ln in lines)
    page = (left, right)
    width = right - left
    if not width or not any(ln.height for ln in lines):
        return [page] * len(lines)
    mid, slack = (left + right) / 2, 0.02 * width
    first = [ln for ln in lines if ln.right <= mid + slack]
    second = [ln for ln in lines if ln.left >= mid - slack]
    if min(sum(ln.right - ln.left >= width / 3 for ln in side) for side in (first, second)) < MIN_COLUMN_LINES:
        return [page] * len(lines)
    one = (min(ln.left for ln in first), max(ln.right for ln in first))
    two = (min(ln.left for ln in second), max(ln.right for ln in second))
    return [one if ln.right <= mid + slack else two if ln.left >= mid - slack else page for ln in lines]


def column_jump(a, b) -> bool:
    """Does ``b`` start the next column after ``a`` ends one: higher on the page, wholly to the
    right of ``a``, in the same type size?"""
    return (b.bottom > a.top and b.left >= a.right - 1 and a.height > 0
            and abs(a.height - b.height) <= 0.2 * max(a.height, b.height))


def _numbers(lines: list) -> list[int | None]:
    """Each line's leading integer (alone, or before its text), None when it has none."""
    out = []
    for ln in lines:
        m = _LEADING_NUMBER.match(ln.text.strip())
        out.append(int(m.group(1)) if m else None)
    return out


def drop_line_numbers(pages: list[list]) -> None:
    """Remove, in place, a manuscript's line numbers: integers counting up by one (a number may be
    skipped, as beside an equation) on at least ``MIN_NUMBERED`` lines of a page, each at the start of its line and
    left of nine tenths of the page's other lines (the margin). A numbered line keeps its text ("38 In 1996 …"
    → "In 1996 …"); a line that is only its number goes. Rows numbered inside a table, a numbered
    list and a listing's numbers set in the text's own margin stay."""
    for lines in pages:
        if len(lines) < 5 or not any(ln.height for ln in lines):
            continue
        nums = _numbers(lines)
        numbered = [i for i, n in enumerate(nums) if n is not None]
        counted = _counting(numbered, nums)
        if len(counted) < MIN_NUMBERED:
            continue
        column = median(lines[i].left for i in counted)  # the numbers' own column
        counted = {i for i in counted if abs(lines[i].left - column) <= 6}
        if len(counted) < MIN_NUMBERED:
            continue
        edge = max(lines[i].left for i in counted)
        others = [ln.left for ln, n in zip(lines, nums) if n is None]
        if sum(left > edge + 2 for left in others) < 0.9 * len(others):  # not in the margin: a table's rows
            continue
        keep = []
        for i, ln in enumerate(lines):
            if i in counted:
                rest_text = _LEADING_NUMBER.sub("", ln.text.strip(), count=1)
                if not rest_text:
                    continue
                ln.text = rest_text
            keep.append(ln)
        lines[:] = keep


def _counting(numbered: list[int], nums: list) -> set[int]:
    """The indexes of the longest chain of numbered lines whose numbers count up by 1 or 2 in the
    lines' order, past at most 3 other numbered lines (an affiliation's or a footnote's mark)."""
    best: dict[int, tuple[int, int | None]] = {}  # line -> (chain length, line before it)
    for k, i in enumerate(numbered):
        before = [j for j in numbered[max(0, k - 4):k] if 1 <= nums[i] - nums[j] <= 2]
        j = max(before, key=lambda j: best[j][0], default=None)
        best[i] = (best[j][0] + 1 if j is not None else 1, j)
    end = max(best, key=lambda i: best[i][0], default=None)
    chain = set()
    while end is not None:
        chain.add(end)
        end = best[end][1]
    return chain


def footnote_start(lines: list) -> int:
    """Where the page's footnotes start among its lines, ``len(lines)`` when it has none: the first
    line that starts with a raised mark (``footnote``) and lies below all the lines before it, in the
    run of lines at the page's foot set smaller than most of its lines (by 10 %)."""
    sizes = Counter(round(ln.size) for ln in lines if ln.size > 0)
    if not sizes:
        return len(lines)
    (body, _), = sizes.most_common(1)
    k = len(lines)
    while k > 1 and 0 < lines[k - 1].size < 0.9 * body:
        k -= 1
    lowest = min((ln.bottom for ln in lines[:k]), default=0.0)
    for i in range(max(k, 1), len(lines)):
        if lines[i].footnote and lines[i].top <= lowest + 1:
            return i
        lowest = min(lowest, lines[i].bottom)
    return len(lines)
