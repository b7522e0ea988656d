"""The documents dialog: every document in the index; tick some to answer only from them."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from qa.safe_text import safe_line


class DocumentsScreen(ModalScreen):
    """Dismissed with the ids ticked (empty: all documents), or None; ``v`` opens a document over the dialog."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
        Binding("v", "view", "View document"),
        Binding("a", "all", "Tick none / all"),
    ]

    def __init__(self, metas, chosen: tuple[str, ...]) -> None:
        super().__init__()
        self.metas = list(metas)
        self.chosen = set(chosen)

    def compose(self):
        with Vertical(id="docs-dialog"):
            yield Static(Content.assemble((f"Documents ({len(self.metas)})", "bold")), id="docs-title")
            yield TickList(
                *[Selection(document_prompt(m), m.id, m.id in self.chosen) for m in self.metas], id="docs-list"
            )
            yield Static(
                Content.assemble(("space", "bold"), " tick  ", ("enter", "bold"), " apply  ", ("v", "bold"),
                                 " view  ", ("a", "bold"), " all/none  ", ("esc", "bold"), " cancel.  "
                                 "None ticked: search every document."),
                id="docs-help",
            )
            with Horizontal(id="docs-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_apply(self) -> None:
        self.dismiss(tuple(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_all(self) -> None:
        sl = self.query_one(SelectionList)
        if sl.selected:
            sl.deselect_all()
        else:
            sl.select_all()

    def action_view(self) -> None:
        """Open the highlighted document over this dialog: closing it comes back here, ticks kept."""
        sl = self.query_one(SelectionList)
        if sl.highlighted is not None:
            self.app.open_document(sl.get_option_at_index(sl.highlighted).value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_apply() if event.button.id == "apply" else self.action_cancel()


class TickList(SelectionList):
    """A SelectionList whose boxes show their state in the glyph, not only in colour: "✓" ticked,
    blank not (a screen reader, a plain capture or a monochrome terminal tells them apart)."""

    TICKED, UNTICKED = "\u2713", " "

    def render_line(self, y: int):
        from rich.segment import Segment
        from textual.strip import Strip
        from textual.widgets import Checkbox  # the SelectionList's box is a ToggleButton's, as Checkbox's

        strip = super().render_line(y)
        segments = list(strip)
        at = self.scroll_offset[1] + y
        if at >= self.option_count or len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        ticked = self.get_option_at_index(at).value in set(self.selected)
        segments[1] = Segment(self.TICKED if ticked else self.UNTICKED, segments[1].style)
        return Strip(segments, strip.cell_length)


def document_prompt(m) -> Content:
    """A document's line in the list: its id, its title, its length."""
    title = ("  " + safe_line(m.title)) if m.title else ""  # untitled: the id alone names it
    return Content.assemble((safe_line(m.id), "bold"), title, (f"  {m.chars:,} chars", "$text-muted"))
