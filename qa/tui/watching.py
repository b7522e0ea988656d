"""``qa chat --watch``: the index kept current while the chat is open (``qa.index.watch``).

A ``WatchThread`` rebuilds after each batch of changes to the corpus; when a new version is
published it is loaded and warmed in that thread (the query encoder shared with the current one
when the model is the same) and then swapped in on the UI thread.  An answer being computed
keeps the version it started with; the next question uses the new one.  Each update is one
line in a notification.
"""

from __future__ import annotations

from qa.safe_text import safe_line
from .host import ChatHost


class IndexWatching:
    """Part of ``QAApp``: ``start_watching`` once the app is mounted (``--watch``)."""

    def start_watching(self: ChatHost) -> None:
        from qa.index import WatchThread

        if self.corpus is None or not self.corpus.exists():
            self.notify("--watch needs the corpus folder (--corpus PATH)", severity="error", markup=False)
            return
        self.watcher = WatchThread(self.corpus, self.index_dir, self._watched, build=self._watch_build,
                                   initial=False)

    def stop_watching(self: ChatHost) -> None:
        watcher = getattr(self, "watcher", None)
        if watcher is not None:
            watcher.close(timeout=1.0)

    def _watch_build(self: ChatHost):
        from qa.config import follow_symlinks_default
        from qa.index import build_index

        extra = {"embedder": self.embedder, "export_onnx": False} if self.embedder is not None else {}
        return build_index(self.corpus, self.index_dir, follow_symlinks=follow_symlinks_default(), **extra)

    def _watched(self: ChatHost, update) -> None:
        """In the watch thread: load the published version, then swap it in on the UI thread."""
        from qa.index import describe_update, load_index

        line = safe_line(describe_update(update))
        if not update.published:
            self.on_ui(self.notify, line, severity="warning" if update.error else "information")
            return
        try:
            index = load_index(self.index_dir)
            old = self.index
            if self.embedder is not None:
                index.use_embedder(self.embedder)
            elif old is not None and old.model == index.model and old.dim == index.dim:
                index.use_embedder(old.query_embedder())
            index.query_embedder().embed(["warm-up"])
        except Exception as err:  # noqa: BLE001 - keep answering from the version we have
            self.on_ui(self.notify, f"{line}; not loaded: {safe_line(err)}", severity="warning")
            return
        self.on_ui(self._swap, index, line)

    def _swap(self: ChatHost, index, line: str) -> None:
        if self.loading:  # the first load is still running: it will find the new version itself
            return
        self.index = index
        self.notify(line, markup=False)
        self.show_ready()
        self.pump()
