"""tbl(1) tables in manual pages (``.TS`` … ``.TE``) as rows of raw cells, for ``man.py``.

A table starts with an options line (ending in ";", ``tab(:)`` naming the cell separator) and
format lines (the last ending in "."; ``.T&`` starts new ones); then each line is a row, cells
split by the tab character.  A cell written as a text block (``T{`` … ``T}``) spans lines: its
lines are joined into the cell.  Lines ``_`` and ``=`` (rules) are no rows.  Linear in the table.
"""

from __future__ import annotations


class Table:
    """One table being read: ``feed`` each line, get a row's raw cells when one is complete."""

    def __init__(self) -> None:
        self.tab = "\t"
        self.format = True  # reading the options and format lines
        self.cells: list[str] = []  # the row being read when a T{ block is open
        self.block = False

    def feed(self, line: str) -> list[str] | None:
        if self.format:
            stripped = line.strip()
            if stripped.endswith(";") and "tab(" in stripped:
                at = stripped.index("tab(") + 4
                self.tab = stripped[at] if at < len(stripped) and stripped[at] != ")" else "\t"
            if stripped.endswith("."):
                self.format = False
            return None
        if self.block:
            if not line.startswith("T}"):
                self.cells[-1] += " " + line
                return None
            self.block = False
            rest = line[2:]
            cells, self.cells = self.cells, []
            if rest.startswith(self.tab):
                return self._row(cells + rest[1:].split(self.tab))
            return self._row(cells)
        if line.strip() in ("_", "=") or not line.strip():
            return None
        return self._row(line.split(self.tab))

    def _row(self, cells: list[str]) -> list[str] | None:
        if cells and cells[-1].rstrip().endswith("T{"):  # a text block follows: the row goes on
            cells[-1] = cells[-1].rstrip()[:-2]
            self.cells, self.block = cells, True
            if not cells[-1]:
                cells.pop()
            self.cells.append("")
            return None
        return cells
