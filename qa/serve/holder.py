"""The live index of a long-running server, swapped for a new version without failing a request.

A request takes ``holder.current()`` once and answers from that ``Index`` to the end: every file
of a loaded version is memory-mapped (and its query encoder and search structures are warmed
before it is handed out), so it keeps working after ``qa index`` publishes a newer version and
deletes the old folder.  ``current()`` costs one ``stat`` of ``CURRENT``; when the pointer has
changed it starts loading the new version in a background thread and keeps returning the old one
until the new one is ready.  A version that cannot be loaded is logged and the old one kept.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from qa.errors import QAError

log = logging.getLogger("qa")
RETRY_AFTER = 2.0  # seconds before a version that failed to load is tried again


def _pointer_signature(index_dir: Path):
    """What changes whenever ``CURRENT`` is replaced (``os.replace`` gives it a new inode)."""
    try:
        st = os.stat(index_dir / "CURRENT")
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class IndexHolder:
    """The index a server answers from, reloaded when ``CURRENT`` names a new version."""

    def __init__(self, index_dir: str | Path, *, index=None, model: str | None = None, embedder=None,
                 encoder_threads: int | None = None):
        self.index_dir = Path(index_dir)
        self._encoder_threads = encoder_threads  # one of several worker processes: 1
        self._model = model
        self._embedder = embedder  # tests: the same (fake) encoder for every version
        self._lock = threading.Lock()
        self._loading: threading.Thread | None = None
        self._failed: tuple | None = None  # (pointer signature, monotonic time) of a failed load
        self.reloads = 0
        signature = _pointer_signature(self.index_dir)
        if index is None:
            from qa.index import load_index

            index = load_index(self.index_dir, model=model)
        self._index = self._prepare(index, previous=None)
        self._seen = signature

    # -- what requests call ---------------------------------------------------------------
    def current(self):
        """The newest fully loaded index (a reload, if one is due, runs in the background)."""
        signature = _pointer_signature(self.index_dir)
        if signature != self._seen:
            self._maybe_reload(signature)
        return self._index

    @property
    def version(self) -> str:
        return self._index.version.name

    @property
    def reloading(self) -> bool:
        loader = self._loading
        return loader is not None and loader.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Check the pointer now and wait for a reload it starts (tests, tools)."""
        self.current()
        loader = self._loading
        if loader is not None:
            loader.join(timeout)

    # -- reloading ------------------------------------------------------------------------
    def _maybe_reload(self, signature) -> None:
        from qa.index import current_version

        with self._lock:
            if self.reloading or signature == self._seen:
                return
            if self._failed and self._failed[0] == signature and time.monotonic() - self._failed[1] < RETRY_AFTER:
                return
            live = current_version(self.index_dir)
            if live is None:  # pointer missing or garbled: keep what we have
                return
            if live.name == self._index.version.name:
                self._seen = signature
                return
            self._loading = threading.Thread(target=self._reload, args=(signature,), name="qa-index-reload",
                                             daemon=True)
            self._loading.start()

    def _reload(self, signature) -> None:
        from qa.index import load_index

        old = self._index
        try:
            index = self._prepare(load_index(self.index_dir, model=self._model), previous=old)
        except Exception as exc:  # noqa: BLE001 - a bad new version must not take the server down
            what = str(exc) if isinstance(exc, QAError) else f"{exc.__class__.__name__}: {exc}"
            log.warning("keeping index version %s: the new version could not be loaded (%s)", old.version.name, what)
            with self._lock:
                self._failed = (signature, time.monotonic())
            return
        with self._lock:
            self._index = index
            self._seen = signature
            self._failed = None
            self.reloads += 1
        log.info("index version %s loaded (%d documents, %d passages)", index.version.name, len(index.docs),
                 index.n_chunks)

    def _prepare(self, index, previous):
        """Share the encoder when the model is the same, then touch every lazily loaded part."""
        from qa.search import SearchConfig, search

        if self._encoder_threads:
            index.encoder_threads = self._encoder_threads
        if self._embedder is not None:
            index.use_embedder(self._embedder)
        elif previous is not None and previous.model == index.model and previous.dim == index.dim:
            index.use_embedder(previous.query_embedder())  # already loaded: the swap costs no model load
        if index.n_chunks:
            search(index, "warm up", k=1, config=SearchConfig(mode="hybrid"))  # encoder, dense, BM25 terms
        return index
