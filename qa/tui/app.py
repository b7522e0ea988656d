"""``qa chat``: ask questions of the index in a terminal chat, with every citation one key away.

The index (and the query encoder) load in a worker thread at start-up, building the index
first when there is none for the corpus; questions asked meanwhile wait in a queue.  Answers
are computed one at a time in a worker thread, so the UI never blocks.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Callable

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import Footer

from qa.safe_text import safe_line
from qa.search import SearchConfig
from .actions import CHAT_ACTIONS, ChatActions
from .commands import COMMANDS, parse_slash
from .history import QuestionHistory, history_file
from .host import Job
from .loading import IndexLoading
from .state import Conversation, problem_for
from .widgets.answer import AnswerBlock
from .widgets.prompt import PromptInput
from .widgets.sources import CitationList, SourcesPane
from .widgets.status import StatusLine
from .widgets.transcript import Transcript
from .watching import IndexWatching


class QAApp(IndexLoading, IndexWatching, ChatActions, App):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere keep it
    TITLE = "qa chat"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        *[Binding(c.key, c.action, c.label or c.title, show=c.label is not None, priority=c.action == "quit")
          for c in COMMANDS if c.key],
        Binding("escape", "focus_input", "Back to the question", show=False),
    ]

    def __init__(self, index_dir: str | Path, corpus: str | Path | None = None, *, index=None, k: int = 5,
                 config: SearchConfig = SearchConfig(), answerer: Callable | None = None, embedder=None,
                 watch: bool = False) -> None:
        """``index``: an index already loaded; ``answerer``: replaces ``qa.answer.answer``;
        ``embedder``: builds and queries with this embedder instead of the index's model;
        ``watch``: keep the index current as the corpus changes (watching.py)."""
        super().__init__()
        self.index_dir = Path(index_dir)
        self.corpus = Path(corpus) if corpus is not None else None
        self.config = config
        self.conversation = Conversation(k=k)
        self.index = None
        self.given_index = index
        self.embedder = embedder
        self._answerer = answerer
        self.jobs: deque[Job] = deque()
        self.busy = False
        self.loading = False
        self.asked = 0
        self.selected: AnswerBlock | None = None
        self.watch = watch
        self.watcher = None

    def compose(self):
        yield StatusLine(id="status")
        with Container(id="main"):
            yield Transcript(id="transcript")
            yield SourcesPane(id="sources")
        yield PromptInput(QuestionHistory(history_file(self.index_dir)), id="prompt")
        yield Footer()

    def on_mount(self) -> None:
        self.prompt.focus()
        self.action_reload()
        if self.watch:
            self.start_watching()

    def on_unmount(self) -> None:
        self.stop_watching()

    @property
    def idle(self) -> bool:
        """Nothing loading, answering or waiting to be answered."""
        return not (self.loading or self.busy or self.jobs)

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

    @property
    def prompt(self) -> PromptInput:
        return self.query_one(PromptInput)

    # -- asking ---------------------------------------------------------------------------------
    async def on_input_submitted(self, event: PromptInput.Submitted) -> None:
        if not isinstance(event.input, PromptInput):
            return
        text = event.value.strip()
        if not text:
            return
        prompt = self.prompt
        slash = parse_slash(text)
        if slash is not None:
            prompt.remember(text)
            prompt.value = ""
            await self.run_slash(*slash)
        elif self.ask(text) is not None:
            prompt.remember(text)
            prompt.value = ""  # a question that cannot be asked stays, to be edited

    def on_prompt_input_joined(self, event: PromptInput.Joined) -> None:
        self.notify(f"The {event.lines} pasted lines were joined into one question.", timeout=4)

    def ask(self, question: str) -> AnswerBlock | None:
        from qa.answer import clean_question
        from qa.errors import QuestionError

        try:
            clean_question(question)
        except QuestionError as err:
            self.notify(safe_line(err), title="Cannot ask that", severity="error", markup=False)
            return None
        self.asked += 1
        block = self.transcript.add_question(question, self.asked)
        self.jobs.append(Job(question, block, self.conversation.generation))
        if self.index is None:
            block.set_waiting("Waiting for the index to load…" if self.loading else
                              "Waiting: the index could not be loaded (see the notice above).")
        elif self.busy:
            block.set_waiting("Waiting for the previous answer…")
        self.pump()
        return block

    def pump(self) -> None:
        if self.index is None or self.busy or not self.jobs:
            return
        job = self.jobs.popleft()
        self.busy = True
        job.block.set_waiting("Searching the documents…")
        self.show_ready()
        conv = self.conversation
        self._answer(job, list(conv.history), conv.k, list(conv.docs) or None)

    @work(thread=True, group="answer", exit_on_error=False)
    def _answer(self, job: Job, history: list[str], k: int, docs: list[str] | None) -> None:
        try:
            answerer = self._answerer
            if answerer is None:
                from qa.answer import answer as answerer
            result = answerer(self.index, job.question, k=k, config=self.config, docs=docs, history=history)
        except Exception as err:  # noqa: BLE001 - shown in the answer block, never a traceback
            self.on_ui(self._failed, job, err)
            return
        self.on_ui(self._answered, job, result)

    async def _answered(self, job: Job, result) -> None:
        self.busy = False
        if job.generation == self.conversation.generation:
            self.conversation.history.append(result.searched_for)
            await job.block.show(result)
            self.select(job.block)
            self.transcript.follow()
        self.show_ready()
        self.pump()

    async def _failed(self, job: Job, err: Exception) -> None:
        self.busy = False
        if job.generation == self.conversation.generation:
            await job.block.fail(problem_for(err, self.index_dir, self.corpus))
            self.transcript.follow()
        self.show_ready()
        self.pump()

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
        from .screens.viewer import Span

        cited = next((c for c in answer.citations if c.n == n), None)
        if cited is None or self.index is None:
            return
        spans = [Span(c.n, c.start, c.end) for c in answer.citations if c.doc == cited.doc]
        self.open_document(cited.doc, spans, n)

    def open_document(self, doc_id: str, spans=(), current: int | None = None) -> None:
        from .screens.viewer import DocumentViewer

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
        prompt = self.prompt
        self.screen.set_focus(prompt)
        prompt.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()

    def on_paste(self, event) -> None:
        """A paste no widget took (the focus on an answer, on the sources, or nowhere, as after
        Tab, 1, Escape) goes into the question input, as typed keys do."""
        from textual import events

        if len(self.screen_stack) != 1 or self.focused is self.prompt or not event.text:
            return
        event.stop()
        self.screen.set_focus(self.prompt)
        self.prompt.post_message(events.Paste(event.text))

    def action_focus_input(self) -> None:
        self.prompt.focus()

    def action_focus_sources(self) -> None:
        citations = self.query_one(CitationList)
        if citations.display and citations.option_count:
            citations.focus()

    def action_cycle_focus(self, step: int) -> None:
        """Tab / shift+tab on the chat: input -> latest answer -> sources -> input (parts with
        nothing in them are passed over)."""
        answers = self.transcript.answers()
        citations = self.query_one(CitationList)
        ring = [self.prompt, answers[-1] if answers else None,
                citations if citations.display and citations.option_count else None]
        here = next((i for i, w in enumerate(ring) if w is not None and w is self.focused), None)
        if here is None:  # an older answer: its neighbours are the input and the sources
            here = 1
        for turn in range(1, len(ring) + 1):
            target = ring[(here + step * turn) % len(ring)]
            if target is not None:
                target.focus()
                return
