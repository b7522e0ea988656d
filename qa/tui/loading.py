"""Start-up of ``qa chat``: open the index in a worker thread (building it first when the corpus
has none), with the progress and the outcome on the status line."""

from __future__ import annotations

import time
from pathlib import Path

from textual import work

from qa.safe_text import safe_line
from .host import ChatHost
from .state import Problem, problem_for, status_detail


class IndexLoading:
    """Part of ``QAApp``: loading the index and showing the status."""

    def open_index(self: ChatHost):
        """Load the index (building it first if the corpus has none) and warm the query encoder.

        Runs in a worker thread; reports through the status line.
        """
        from qa.index import open_or_build

        index = self.given_index
        if index is None:
            self.on_ui(self.status.set, "loading", "Loading the index…", str(self.index_dir))
            index = open_or_build(self.corpus, self.index_dir, build=self._build)
            if self.embedder is not None:
                index.use_embedder(self.embedder)
        self.on_ui(self.status.set, "loading", "Loading the model…", index.model)
        index.query_embedder().embed(["warm-up"])
        return index

    def _build(self: ChatHost, corpus: Path, index_dir: Path, model: str | None = None) -> None:
        from qa.config import follow_symlinks_default
        from qa.corpus import skip_summary
        from qa.index import build_index

        name = corpus.name or str(corpus)
        last = [0.0, ""]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if stage != last[1] or now - last[0] > 0.1 or (total and done >= total):
                last[:] = [now, stage]
                self.on_ui(lambda: self.status.progress(name, stage, done, total))

        extra = {"embedder": self.embedder, "export_onnx": False} if self.embedder is not None else {}
        report = build_index(corpus, index_dir, model=model, progress=progress,
                             follow_symlinks=follow_symlinks_default(), **extra)
        text = f"Indexed {report.documents} documents from {safe_line(corpus)} as {report.chunks} passages."
        if report.skipped:
            noisy = [s for s in report.skipped if not s.quiet][:5]
            text += f" {safe_line(skip_summary(report.skipped))}." + "".join(
                f"\n{safe_line(s.path)}: {safe_line(s.reason)}" for s in noisy)
        self.on_ui(lambda: self.transcript.add_notice(Problem("Index built", text), "info"))

    def start_loading(self: ChatHost) -> None:
        self.loading = True
        self.index = None
        self._load()

    @work(thread=True, group="load", exit_on_error=False)
    def _load(self: ChatHost) -> None:
        from .examples import example_for

        try:
            index = self.open_index()
            example = example_for(index)
        except Exception as err:  # noqa: BLE001 - every failure becomes a notice, never a traceback
            self.on_ui(self._load_failed, err)
            return
        self.on_ui(self._loaded, index, example)

    def _loaded(self: ChatHost, index, example: str | None) -> None:
        self.loading = False
        self.index = index
        self.sub_title = safe_line(self.corpus_name)
        self.transcript.set_about(f"the {len(index.docs)} documents in {self.corpus_name}", example)
        self.show_ready()
        self.pump()

    def _load_failed(self: ChatHost, err: Exception) -> None:
        self.loading = False
        problem = problem_for(err, self.index_dir, self.corpus)
        self.status.set("error", problem.title, "see the notice; ctrl+r loads again")
        self.transcript.add_notice(problem)
        for job in self.jobs:
            job.block.set_waiting("Waiting: the index could not be loaded (see the notice above).")

    @property
    def corpus_name(self: ChatHost) -> str:
        corpus = (self.index.manifest.get("corpus") if self.index is not None else None) or self.corpus
        return Path(corpus).name if corpus else "the index"

    def show_ready(self: ChatHost) -> None:
        detail = status_detail(self.index, self.conversation, self.config.mode, self.corpus_name)
        self.status.set("busy" if self.busy else "ready", "Answering…" if self.busy else "Ready", detail)

    def on_ui(self: ChatHost, fn, *args):
        """Run ``fn`` on the UI thread from a worker (quietly nothing once the app has closed)."""
        try:
            return self.call_from_thread(fn, *args)
        except RuntimeError:
            return None
