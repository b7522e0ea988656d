"""``qa chat``: ask questions of the index in a terminal chat, with every citation one key away.

The index (and the query encoder) load in a worker thread at start-up, building the index
first when there is none for the corpus; questions asked meanwhile wait in a queue.  Answers
are computed one at a time in a worker thread, so the UI never blocks.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import Footer

from qa.safe_text import safe_line
from qa.search.retrieve import SearchConfig
from .actions import CHAT_ACTIONS, ChatActions
from .answer_view import AnswerBlock
from .commands import COMMANDS, parse_slash
from .loading import IndexLoading
from .prompt import PromptInput
from .sources import CitationList, SourcesPane
from .state import Conversation, problem_for
from .status import StatusLine
from .transcript import Transcript


@dataclass
class Job:
    question: str
    block: AnswerBlock
    generation: int


class QAApp(IndexLoading, ChatActions, App):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere keep it
    TITLE = "qa chat"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        *[Binding(c.key, c.action, c.label or c.title, show=c.label is not None) for c in COMMANDS if c.key],
        Binding("escape", "focus_input", "Back to the question", show=False),
    ]

    def __init__(self, index_dir: str | Path, corpus: str | Path | None = None, *, index=None, k: int = 5,
                 config: SearchConfig = SearchConfig(), answerer: Callable | None = None, embedder=None) -> None:
        """``index``: an index already loaded; ``answerer``: replaces ``qa.answer.answer``;
        ``embedder``: builds and queries with this embedder instead of the index's model."""
        super().__init__()
        self.index_dir = Path(index_dir)
        self.corpus = Path(corpus) if corpus is not None else None
        self.config = config
        self.conversation = Conversation(k=k)
        self.index = None
        self._given = index
        self._answerer = answerer
        self._embedder = embedder
        self._queue: deque[Job] = deque()
        self._busy = False
        self._loading = False
        self._asked = 0  # questions in this conversation (numbers the answers)
        self.selected: AnswerBlock | None = None

    def compose(self):
        yield StatusLine(id="status")
        with Container(id="main"):
            yield Transcript(id="transcript")
            yield SourcesPane(id="sources")
        yield PromptInput(id="prompt")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PromptInput).focus()
        self.action_reload()

    @property
    def idle(self) -> bool:
        """Nothing loading, answering or waiting to be answered."""
        return not (self._loading or self._busy or self._queue)

    def check_action(self, action: str, parameters) -> bool | None:
        """The chat's commands act on the chat: hidden and off while a viewer or dialog is open."""
        from textual.command import CommandPalette

        if action in CHAT_ACTIONS and self.screen_stack:
            active = self.screen
            if active is not self.screen_stack[0] and not isinstance(active, CommandPalette):
                return False
        return True

    # -- parts ----------------------------------------------------------------------------------
    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def sources(self) -> SourcesPane:
        return self.query_one(SourcesPane)

    # -- asking ---------------------------------------------------------------------------------
    async def on_input_submitted(self, event: PromptInput.Submitted) -> None:
        if not isinstance(event.input, PromptInput):
            return
        text = event.value.strip()
        if not text:
            return
        prompt = self.query_one(PromptInput)
        prompt.remember(text)
        prompt.value = ""
        slash = parse_slash(text)
        if slash is not None:
            await self.run_slash(*slash)
        else:
            self.ask(text)

    def ask(self, question: str) -> AnswerBlock | None:
        from ..errors import QuestionError
        from qa.answer.question import clean_question

        try:
            clean_question(question)
        except QuestionError as err:
            self.notify(safe_line(err), title="Cannot ask that", severity="error", markup=False)
            return None
        self._asked += 1
        block = self.transcript.add_question(question, self._asked)
        self._queue.append(Job(question, block, self.conversation.generation))
        if self.index is None:
            block.set_waiting("Waiting for the index to load…" if self._loading else
                              "Waiting: the index could not be loaded (see the notice above).")
        elif self._busy:
            block.set_waiting("Waiting for the previous answer…")
        self._pump()
        return block

    def _pump(self) -> None:
        if self.index is None or self._busy or not self._queue:
            return
        job = self._queue.popleft()
        self._busy = True
        job.block.set_waiting("Searching the documents…")
        self._show_ready()
        conv = self.conversation
        self._answer(job, list(conv.history), conv.k, list(conv.docs) or None)

    @work(thread=True, group="answer", exit_on_error=False)
    def _answer(self, job: Job, history: list[str], k: int, docs: list[str] | None) -> None:
        try:
            answerer = self._answerer
            if answerer is None:
                from qa.answer.compose import answer as answerer
            result = answerer(self.index, job.question, k=k, config=self.config, docs=docs, history=history)
        except Exception as err:  # noqa: BLE001 - shown in the answer block, never a traceback
            self._ui(self._failed, job, err)
            return
        self._ui(self._answered, job, result)

    async def _answered(self, job: Job, result) -> None:
        self._busy = False
        if job.generation == self.conversation.generation:
            self.conversation.history.append(result.searched_for)
            await job.block.show(result)
            self.select(job.block)
            self.transcript.follow()
        self._show_ready()
        self._pump()

    async def _failed(self, job: Job, err: Exception) -> None:
        self._busy = False
        if job.generation == self.conversation.generation:
            await job.block.fail(problem_for(err, self.index_dir, self.corpus))
            self.transcript.follow()
        self._show_ready()
        self._pump()

    # -- selection and the viewer ---------------------------------------------------------------
    def select(self, block: AnswerBlock) -> None:
        self.selected = block
        for b in self.transcript.answers():
            b.set_class(b is block, "-selected")
        if block.answer is not None:
            self.sources.show(block.answer, block.number)

    def on_answer_block_selected(self, event: AnswerBlock.Selected) -> None:
        self.select(event.block)

    def on_answer_block_open_citation(self, event: AnswerBlock.OpenCitation) -> None:
        self.open_citation(event.answer, event.n)

    def open_citation(self, answer, n: int) -> None:
        from .viewer import Span

        cited = next((c for c in answer.citations if c.n == n), None)
        if cited is None or self.index is None:
            return
        spans = [Span(c.n, c.start, c.end) for c in answer.citations if c.doc == cited.doc]
        self.open_document(cited.doc, spans, n)

    def open_document(self, doc_id: str, spans=(), current: int | None = None) -> None:
        from .viewer import DocumentViewer

        pos = self.index.docs.position.get(doc_id)
        if pos is None:
            self.notify(f"no document {safe_line(repr(doc_id))} in the index", severity="error", markup=False)
            return
        meta = self.index.docs.meta[pos]
        self.push_screen(DocumentViewer(meta.id, meta.title, self.index.docs.text(pos), list(spans), current,
                                        pages=meta.pages))

    # -- focus ---------------------------------------------------------------------------------
    def type_into_prompt(self, widget, event) -> None:
        """A printable key that ``widget`` has no binding for goes on to the question input.

        Called by the widget itself: keys typed quickly all reach the widget that had the focus
        when they arrived, even after the first one has moved the focus to the input.
        """
        if not (event.is_printable and event.character):
            return
        bound = {k.strip() for b in widget.BINDINGS for k in (b.key if hasattr(b, "key") else b[0]).split(",")}
        if self.focused is widget and event.key in bound:
            return  # a key of the widget (if the focus has moved on, it was typed for the input)
        prompt = self.query_one(PromptInput)
        self.screen.set_focus(prompt)
        prompt.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()

    def action_focus_input(self) -> None:
        self.query_one(PromptInput).focus()

    def action_focus_sources(self) -> None:
        citations = self.query_one(CitationList)
        if citations.display and citations.option_count:
            citations.focus()
