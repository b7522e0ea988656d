"""Start-up of ``qa chat``: open the index in a worker thread (building it first when the corpus
has none), with the progress and the outcome on the status line."""

from __future__ import annotations

import time
from pathlib import Path

from textual import work

from ..safe_text import safe_line
from .state import Problem, problem_for


class IndexLoading:
    """Mixin of ``QAApp``: loading the index and showing the status."""

    def open_index(self):
        """Load the index (building it first if the corpus has none) and warm the query encoder.

        Runs in a worker thread; reports through the status line.
        """
        from qa.index.open import open_or_build

        index = self._given
        if index is None:
            self._ui(self._set_status, "loading", "Loading the index…", str(self.index_dir))
            index = open_or_build(self.corpus, self.index_dir, build=self._build)
            if self._embedder is not None:
                index.use_embedder(self._embedder)
        self._ui(self._set_status, "loading", "Loading the model…", index.model)
        index.query_embedder().embed(["warm-up"])
        return index

    def _build(self, corpus: Path, index_dir: Path, model: str | None = None) -> None:
        from qa.config import follow_symlinks_default
        from qa.corpus.skips import skip_summary
        from qa.index.build import build_index

        name = corpus.name or str(corpus)
        last = [0.0, ""]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if stage != last[1] or now - last[0] > 0.1 or (total and done >= total):
                last[:] = [now, stage]
                self._ui(lambda: self.status.progress(name, stage, done, total))

        extra = {"embedder": self._embedder, "export_onnx": False} if self._embedder is not None else {}
        report = build_index(corpus, index_dir, model=model, progress=progress,
                             follow_symlinks=follow_symlinks_default(), **extra)
        text = f"Indexed {report.documents} documents from {safe_line(corpus)} as {report.chunks} passages."
        if report.skipped:
            noisy = [s for s in report.skipped if not s.quiet][:5]
            text += f" {safe_line(skip_summary(report.skipped))}." + "".join(
                f"\n{safe_line(s.path)}: {safe_line(s.reason)}" for s in noisy)
        self._ui(lambda: self.transcript.add_notice(Problem("Index built", text), "info"))

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
        self.sub_title = safe_line(self.corpus_name)
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
        skipped = ""
        if idx.skipped:
            from qa.corpus.skips import skip_counts

            why = ", ".join(f"{n} {kind}" for kind, n, _ in skip_counts(idx.skipped))
            skipped = f" · {len(idx.skipped)} skipped ({why})"
        detail = (f"{self.corpus_name} · {len(idx.docs)} documents{skipped} · {idx.n_chunks} passages · "
                  f"k={conv.k} · {scope}")
        self.status.set("busy" if self._busy else "ready", "Answering…" if self._busy else "Ready", detail)

    def _set_status(self, state: str, text: str, detail: str = "") -> None:
        self.status.set(state, text, detail)

    def _ui(self, fn, *args):
        """Run ``fn`` on the UI thread from a worker (quietly nothing once the app has closed)."""
        try:
            return self.call_from_thread(fn, *args)
        except RuntimeError:
            return None

