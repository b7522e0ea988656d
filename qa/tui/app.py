"""``qa chat``: ask questions of the index in a terminal chat, with every citation one key away.

The index (and the query encoder) load in a worker thread at start-up, building the index
first when there is none for the corpus; questions asked meanwhile wait in a queue.  Answers
are computed one at a time in a worker thread, so the UI never blocks.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import Footer

from ..retrieve import SearchConfig
from .answer_view import AnswerBlock
from .commands import COMMANDS, parse_slash
from .prompt import PromptInput
from .sources import CitationList, SourcesPane
from .state import Conversation, Problem, answer_as_text, match_docs, problem_for
from .status import StatusLine
from .transcript import Transcript


_CHAT_ACTIONS = {c.action for c in COMMANDS if c.action != "help"} | {"focus_input"}


@dataclass
class Job:
    question: str
    block: AnswerBlock
    generation: int


class QAApp(App):
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

        if action in _CHAT_ACTIONS and self.screen_stack:
            active = self.screen
            if active is not self.screen_stack[0] and not isinstance(active, CommandPalette):
                return False
        return True

    # -- loading --------------------------------------------------------------------------------
    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def sources(self) -> SourcesPane:
        return self.query_one(SourcesPane)

    def open_index(self):
        """Load the index (building it first if the corpus has none) and warm the query encoder.

        Runs in a worker thread; reports through the status line.
        """
        from ..errors import IndexMissingError
        from ..index import load_index

        index = self._given
        if index is None:
            self._ui(self.status.set, "loading", "Loading the index…", str(self.index_dir))
            try:
                index = load_index(self.index_dir)
            except IndexMissingError:
                if self.corpus is None or not self.corpus.exists():
                    raise
                self._build()
                index = load_index(self.index_dir)
            if self._embedder is not None:
                index.use_embedder(self._embedder)
        self._ui(self.status.set, "loading", "Loading the model…", index.model)
        index.query_embedder().embed(["warm-up"])
        return index

    def _build(self) -> None:
        from ..build import build_index

        name = self.corpus.name or str(self.corpus)
        last = [0.0, ""]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if stage != last[1] or now - last[0] > 0.1 or (total and done >= total):
                last[:] = [now, stage]
                self._ui(self.status.progress, name, stage, done, total)

        extra = {"embedder": self._embedder, "export_onnx": False} if self._embedder is not None else {}
        report = build_index(self.corpus, self.index_dir, progress=progress, **extra)
        text = f"Indexed {report.documents} documents from {self.corpus} as {report.chunks} passages."
        if report.skipped:
            text += f" {len(report.skipped)} file(s) skipped: " + "; ".join(f"{p} ({r})" for p, r in report.skipped[:5])
        self._ui(self.transcript.add_notice, Problem("Index built", text), "info")

    @work(thread=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        try:
            index = self.open_index()
        except Exception as err:  # noqa: BLE001 - every failure becomes a notice, never a traceback
            self._ui(self._load_failed, err)
            return
        self._ui(self._loaded, index)

    def _loaded(self, index) -> None:
        self._loading = False
        self.index = index
        self.sub_title = self.corpus_name
        self.transcript.set_about(f"the {len(index.docs)} documents in {self.corpus_name}")
        self._show_ready()
        self._pump()

    def _load_failed(self, err: Exception) -> None:
        self._loading = False
        problem = problem_for(err, self.index_dir, self.corpus)
        self.status.set("error", problem.title, "see the notice; ctrl+r loads again")
        self.transcript.add_notice(problem)
        for job in self._queue:
            job.block.set_waiting("Waiting: the index could not be loaded (see the notice above).")

    @property
    def corpus_name(self) -> str:
        corpus = (self.index.manifest.get("corpus") if self.index is not None else None) or self.corpus
        return Path(corpus).name if corpus else "the index"

    def _show_ready(self) -> None:
        idx, conv = self.index, self.conversation
        if conv.docs:
            scope = f"only {conv.docs[0]}" if len(conv.docs) == 1 else f"only {len(conv.docs)} documents"
        else:
            scope = "all documents"
        detail = f"{self.corpus_name} · {len(idx.docs)} documents · {idx.n_chunks} passages · k={conv.k} · {scope}"
        self.status.set("busy" if self._busy else "ready", "Answering…" if self._busy else "Ready", detail)

    def _ui(self, fn, *args):
        """Run ``fn`` on the UI thread from a worker (quietly nothing once the app has closed)."""
        try:
            return self.call_from_thread(fn, *args)
        except RuntimeError:
            return None

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
        from ..questions import clean_question

        try:
            clean_question(question)
        except QuestionError as err:
            self.notify(str(err), title="Cannot ask that", severity="error")
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
                from ..answer import answer as answerer
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
            self.notify(f"no document {doc_id!r} in the index", severity="error")
            return
        meta = self.index.docs.meta[pos]
        self.push_screen(DocumentViewer(meta.id, meta.title, self.index.docs.text(pos), list(spans), current))

    # -- commands -------------------------------------------------------------------------------
    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        on_chat = screen is self.screen_stack[0]
        for c in COMMANDS:
            if not on_chat and c.action in _CHAT_ACTIONS:
                continue
            yield SystemCommand(c.title, c.help + (f"  ({c.key})" if c.key else ""),
                                lambda action=c.action: self.run_action(action))

    async def run_slash(self, name: str, args: list[str]) -> None:
        if name == "/k" and args:
            try:
                self._set_k(int(args[0]))
            except ValueError:
                self.notify("usage: /k N (a whole number from 1 to 100)", severity="error")
        elif name == "/filter" and args:
            self._filter_ids(args)
        else:
            action = {"/new": "new_chat", "/k": "set_k", "/filter": "documents", "/docs": "list_documents",
                      "/all": "clear_filter", "/copy": "copy_answer", "/reload": "reload", "/help": "help",
                      "/quit": "quit"}.get(name)
            if action is None:
                self.notify(f"unknown command {name}; /help lists them", severity="error")
            else:
                await self.run_action(action)

    async def action_new_chat(self) -> None:
        self.conversation.reset()
        self._queue.clear()
        self._asked = 0
        self.selected = None
        await self.transcript.clear()
        self.sources.clear()
        self.action_focus_input()
        self.notify("New conversation: earlier questions are forgotten.", timeout=3)

    def action_set_k(self) -> None:
        from .k_screen import SetKScreen

        self.push_screen(SetKScreen(self.conversation.k), lambda k: k is not None and self._set_k(k))

    def _set_k(self, k: int) -> None:
        if not 1 <= k <= 100:
            self.notify("k must be from 1 to 100", severity="error")
            return
        self.conversation.k = k
        if self.index is not None:
            self._show_ready()
        self.notify(f"k = {k}: {k} passages are retrieved for each question.", timeout=3)

    def _need_index(self) -> bool:
        if self.index is None:
            self.notify("The index is not loaded yet.", severity="warning")
        return self.index is not None

    def action_documents(self) -> None:
        from .docs_screen import DocumentsScreen

        if self._need_index():
            self.push_screen(DocumentsScreen(self.index.docs.meta, self.conversation.docs), self._documents_done)

    def _documents_done(self, result) -> None:
        if not result:
            return
        kind, value = result
        if kind == "view":
            self.open_document(value)
        else:
            self._set_filter(tuple(value))

    def _filter_ids(self, wanted: list[str]) -> None:
        if not self._need_index():
            return
        found, unknown = match_docs([m.id for m in self.index.docs.meta], wanted)
        if unknown:
            self.notify(f"no single document matches {', '.join(unknown)}; /docs lists them", severity="error")
        else:
            self._set_filter(tuple(found))

    def _set_filter(self, docs: tuple[str, ...]) -> None:
        self.conversation.docs = docs
        self._show_ready()
        self.notify(f"Answering only from {', '.join(docs)}." if docs else "Answering from all documents.", timeout=3)

    def action_clear_filter(self) -> None:
        if self._need_index():
            self._set_filter(())

    def action_list_documents(self) -> None:
        if not self._need_index():
            return
        rows = [f"{m.id}  {m.title or '(untitled)'}  ({m.chars:,} chars)" for m in self.index.docs.meta[:200]]
        more = len(self.index.docs) - len(rows)
        text = "\n".join(rows) + (f"\n… and {more:,} more (ctrl+o to browse them all)" if more > 0 else "")
        self.transcript.add_notice(Problem(f"{len(self.index.docs)} documents in {self.corpus_name}", text), "info")

    def action_copy_answer(self) -> None:
        block = self.selected
        if block is None or block.answer is None:
            self.notify("No answer to copy yet.", severity="warning")
            return
        self.copy_to_clipboard(answer_as_text(block.answer))
        n = len(block.answer.citations)
        self.notify(f"Copied answer {block.number} with {n} citation{'s' if n != 1 else ''}.", timeout=3)

    def action_reload(self) -> None:
        if self._loading or self._busy:
            return
        self._loading = True
        self.index = None
        self._load()

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        self.push_screen(HelpScreen())

    def action_focus_input(self) -> None:
        self.query_one(PromptInput).focus()

    def action_focus_sources(self) -> None:
        citations = self.query_one(CitationList)
        if citations.display and citations.option_count:
            citations.focus()
