"""What the app's parts ask of it: the ``ChatHost`` protocol.

``QAApp`` is put together from ``IndexLoading`` (loading.py) and ``ChatActions`` (actions.py);
each of them types ``self`` as ``ChatHost``, so what they use of the app, and what they share
with each other, is written here rather than found by reading all three.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol

if TYPE_CHECKING:
    from qa.search import SearchConfig

    from .state import Conversation
    from .widgets.answer import AnswerBlock
    from .widgets.prompt import PromptInput
    from .widgets.sources import SourcesPane
    from .widgets.status import StatusLine
    from .widgets.transcript import Transcript


@dataclass
class Job:
    """A question waiting for its answer, in the conversation (``generation``) it was asked in."""

    question: str
    block: AnswerBlock
    generation: int


class ChatHost(Protocol):
    # what the app was started with
    index_dir: Path
    corpus: Path | None
    given_index: Any  # an index already loaded (tests), else None
    embedder: Any  # builds and queries with this embedder instead of the index's model, else None
    # the chat's state
    index: Any  # the loaded qa.index.loaded.Index, None until loaded
    config: SearchConfig
    conversation: Conversation
    jobs: deque[Job]  # questions waiting for the index or for the answer before them
    busy: bool  # an answer is being computed
    loading: bool  # the index is being opened (or built)
    asked: int  # questions in this conversation (numbers the answers)
    selected: AnswerBlock | None
    watch: bool  # --watch: the index kept current as the corpus changes (watching.py)
    watcher: Any  # its qa.index.WatchThread, once started

    @property
    def status(self) -> StatusLine: ...

    @property
    def transcript(self) -> Transcript: ...

    @property
    def sources(self) -> SourcesPane: ...

    @property
    def prompt(self) -> PromptInput: ...

    @property
    def corpus_name(self) -> str: ...

    def pump(self) -> None:
        """Start answering the next waiting question, when the index is there and nothing runs."""

    def show_ready(self) -> None:
        """The status line after a change of state or settings."""

    def start_loading(self) -> None: ...

    def open_document(self, doc_id: str, spans=(), current: int | None = None) -> None: ...

    def on_ui(self, fn: Callable, *args) -> Any:
        """Run ``fn`` on the UI thread from a worker thread."""

    # of textual.app.App
    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def push_screen(self, screen, callback=None, wait_for_dismiss: bool = False) -> Any: ...

    async def run_action(self, action: str) -> bool: ...

    def copy_to_clipboard(self, text: str) -> None: ...

    def call_from_thread(self, callback: Callable, *args) -> Any: ...

    def exit(self, result=None) -> None: ...
