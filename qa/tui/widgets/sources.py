"""The sources pane: the citations of the selected answer, each with its passage."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from qa.safe_text import safe_line
from .answer import AnswerBlock
from ..state import excerpt

SENTENCE_STYLE = "bold $text-warning on $warning-muted"


def citation_prompt(c) -> Content:
    """Three parts: [n] and title; id, span and score; the passage with the cited sentence lit."""
    before, sentence, after = excerpt(c)
    head = Content.assemble((f"[{c.n}] ", "bold $text-accent"), (safe_line(c.title or c.doc), "bold"),
                            (f"  {safe_line(c.where)}" if c.where else "", ""))
    doc = f"{safe_line(c.doc)} · " if c.title else ""  # an untitled document is named by its id once
    context = f" · ({safe_line(c.context)})" if getattr(c, "context", None) else ""  # a table row's header row
    meta = Content.assemble((f"{doc}chars {c.start}–{c.end} · score {c.score:.3f}{context}", "$text-muted"))
    body = Content.assemble(before + (" " if before else ""), (sentence, SENTENCE_STYLE), (" " if after else "") + after)
    return Content("\n").join([head, meta, body])


class CitationList(OptionList):
    BINDINGS = [
        Binding("enter", "select", "Open", show=True),
        Binding("tab", "app.cycle_focus(1)", "Input", show=False),
        Binding("shift+tab", "app.cycle_focus(-1)", "Answer", show=False),
    ]

    def on_key(self, event) -> None:
        self.app.type_into_prompt(self, event)


class SourcesPane(Vertical):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.answer = None
        self.number = 0

    def compose(self):
        yield Static("Sources", id="sources-title")
        yield Static("The sources of the selected answer appear here.", id="sources-empty")
        yield CitationList(id="citations")

    def on_mount(self) -> None:
        self.query_one(CitationList).display = False

    def show(self, answer, number: int) -> None:
        """List the citations of ``answer`` (answer ``number`` of the conversation)."""
        self.answer, self.number = answer, number
        title = self.query_one("#sources-title", Static)
        if answer.abstained:
            title.update(Content.assemble(("Nearest passages", "bold"), (f" · answer {number} · not an answer", "")))
        else:
            title.update(Content.assemble(("Sources", "bold"), (f" · answer {number}", "")))
        self.set_class(answer.abstained, "-abstained")
        options = self.query_one(CitationList)
        options.clear_options()
        options.add_options([Option(citation_prompt(c), id=f"cite-{c.n}") for c in answer.citations])
        options.display = bool(answer.citations)
        empty = self.query_one("#sources-empty", Static)
        empty.display = not answer.citations
        empty.update("Nothing related was found in the documents.")
        if answer.citations:
            options.highlighted = 0

    def clear(self) -> None:
        self.answer, self.number = None, 0
        self.remove_class("-abstained")
        self.query_one("#sources-title", Static).update("Sources")
        self.query_one(CitationList).clear_options()
        self.query_one(CitationList).display = False
        empty = self.query_one("#sources-empty", Static)
        empty.update("The sources of the selected answer appear here.")
        empty.display = True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.answer is not None and event.option.id:
            self.post_message(AnswerBlock.OpenCitation(self.answer, int(event.option.id.split("-")[1])))
