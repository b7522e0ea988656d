"""The document viewer: a whole document, scrolled to the cited sentence, which is highlighted.

The text is shown through ``qa.safe_text`` (an escape sequence in the document is shown as
``\x1b[2J``, not obeyed); citation spans, offsets of the document, are mapped onto what is shown.

A PDF's page starts are marked by a line of their own ("── p. 3 ──") between the blocks of text;
a paragraph running on across a page break is split there.  The markers are widgets, not text:
every block is still an exact slice of the document."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from qa.corpus import page_at

from qa.safe_text import safe_line, safe_text_with_offsets
from ..text_blocks import blocks, page_marks, split_at

CURRENT_STYLE = "bold $text-warning on $warning-muted"
OTHER_STYLE = "underline $text-accent"


@dataclass(frozen=True)
class Span:
    n: int  # the citation number in its answer
    start: int
    end: int


class DocumentViewer(Screen):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("n", "step(1)", "Next cited"),
        Binding("p", "step(-1)", "Previous cited"),
    ]

    def __init__(self, doc_id: str, title: str, text: str, spans: list[Span], current: int | None = None,
                 pages: tuple[int, ...] = ()) -> None:
        super().__init__()
        self.doc_id, self.doc_title, self.text, self.pages = doc_id, title, text, tuple(pages)
        self.spans = sorted(spans, key=lambda s: (s.start, s.n))
        self.current = None
        if current is not None:  # ``current`` is a citation number
            self.current = next((i for i, s in enumerate(self.spans) if s.n == current), None)
        self.ranges = split_at(blocks(text), self.pages)
        self._shown: dict[int, tuple[str, list[int]]] = {}  # block -> (safe text, offset map)
        self.cited_line: int | None = None  # line of the current sentence in the scrolled document

    def compose(self):
        yield Static(id="viewer-title")
        with VerticalScroll(id="document"):
            marks = page_marks(self.pages, self.ranges)
            for i, (a, _b) in enumerate(self.ranges):
                for label in marks.get(a, ()):
                    yield Static(Content(label), classes="page-mark")
                yield Static(self._block(i), id=f"block-{i}", classes="block")
            for label in marks.get(None, ()):  # pages after the last text: nothing on them
                yield Static(Content(label), classes="page-mark")
        yield Footer()

    def check_action(self, action: str, parameters) -> bool | None:
        """No "next / previous cited" for a document with nothing cited (nor in its footer)."""
        return bool(self.spans) if action == "step" else True

    def on_mount(self) -> None:
        self._update_title()
        self.query_one("#document").focus()
        self.call_after_refresh(self.scroll_to_current)

    # -- rendering ------------------------------------------------------------------------------
    def _safe(self, i: int) -> tuple[str, list[int]]:
        """Block ``i`` as shown, and where each of its offsets lands in it."""
        if i not in self._shown:
            a, b = self.ranges[i]
            self._shown[i] = safe_text_with_offsets(self.text[a:b])
        return self._shown[i]

    def _block(self, i: int) -> Content:
        a, b = self.ranges[i]
        shown, at = self._safe(i)
        content = Content(shown)
        for j, s in enumerate(self.spans):
            lo, hi = max(s.start, a), min(s.end, b)
            if lo < hi:
                content = content.stylize(CURRENT_STYLE if j == self.current else OTHER_STYLE, at[lo - a], at[hi - a])
        return content

    def block_of(self, offset: int) -> int:
        """The block holding ``offset`` (the one before it when ``offset`` is between blocks)."""
        found = 0
        for i, (a, _b) in enumerate(self.ranges):
            if a > offset:
                break
            found = i
        return found

    def _update_title(self) -> None:
        parts: list = [(safe_line(self.doc_title), "bold"), (f"  {safe_line(self.doc_id)}", "$text-muted")] \
            if self.doc_title else [(safe_line(self.doc_id), "bold")]  # untitled: named by its id once
        if self.current is not None:
            s = self.spans[self.current]
            parts.append((f"\n[{s.n}] ", "bold $text-accent"))
            page = page_at(self.pages, s.start)
            parts.append((f"p. {page} · " if page else "", ""))
            parts.append((f"chars {s.start}–{s.end}", ""))
            if len(self.spans) > 1:
                parts.append((f" · cited sentence {self.current + 1} of {len(self.spans)} in this document", "$text-muted"))
        else:
            parts.append((f"\n{len(self.text):,} characters", "$text-muted"))
        self.query_one("#viewer-title", Static).update(Content.assemble(*parts))

    def current_block(self) -> Static | None:
        if self.current is None:
            return None
        return self.query_one(f"#block-{self.block_of(self.spans[self.current].start)}", Static)

    def scroll_to_current(self) -> None:
        """Scroll so the current sentence's first line sits a third of the way down the view."""
        scroll = self.query_one("#document", VerticalScroll)
        block = self.current_block()
        if block is None:
            return
        for b in self.query(".block"):
            b.remove_class("-cited")
        block.add_class("-cited")
        s = self.spans[self.current]
        i = self.block_of(s.start)
        a = self.ranges[i][0]
        width = max(block.content_region.width, 1)
        shown, at = self._safe(i)
        prefix = shown[: at[min(max(s.start - a, 0), len(at) - 1)]]
        line = len(Content(prefix).wrap(width)) - 1 if prefix else 0
        if prefix.endswith("\n"):
            line += 1
        top = block.virtual_region.y + block.styles.padding.top + line
        self.cited_line = top
        scroll.scroll_to(y=max(0, top - scroll.size.height // 3), animate=False, immediate=True)

    def action_step(self, step: int) -> None:
        if not self.spans:
            return
        old = self.current
        self.current = 0 if self.current is None else (self.current + step) % len(self.spans)
        for j in {old, self.current} - {None}:
            i = self.block_of(self.spans[j].start)
            self.query_one(f"#block-{i}", Static).update(self._block(i))
        self._update_title()
        self.call_after_refresh(self.scroll_to_current)
