"""Keeping an index current while its corpus changes: ``qa watch``, ``qa serve --watch``, ``qa chat --watch``.

``watch_index`` first brings the index up to date (whatever changed while nobody watched), then
waits for changes under the corpus (watchfiles: inotify, FSEvents, ReadDirectoryChangesW) and
runs one incremental build per *batch*: a batch ends when no file has changed for ``settle_ms``
(or ``max_wait_ms`` after it began, so an endless trickle still gets built), so an editor's save
storm, a ``git checkout`` or 100 files copied at once make one rebuild, not one per file.  The
watch runs in a thread of its own from before the first build: changes made during a build are
queued, and everything queued by the time it ends makes the next build (one, however many
batches came meanwhile).

Each build is the ordinary one (``build_index``; the passage encoder loaded once per watch and
reused, ``EncoderCache``): unchanged documents keep their vectors, the new
version is written beside the live one and published atomically, so a reader never sees a
half-built version, and a build killed at any moment leaves the previous version live and the
files where they are; the next start of the watcher builds what it missed.  Whoever holds the
index (``qa serve``'s ``IndexHolder``, the chat) swaps the new version in when ``CURRENT``
changes.  ``on_update`` is told once per batch (an ``Update``); a build that fails (no readable
documents left, a locked index) is reported the same way and watching goes on.

Which changes count: a supported file added, changed or moved (``qa.corpus.supported``), a folder,
and anything deleted (a deleted folder's path carries no sign it was one), except hidden names
(".git/", ".file.swp"), editors' backup and temporary names ("file~", ".swp", ".tmp", ".part")
and anything inside the index folder itself.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from qa.errors import QAError

log = logging.getLogger("qa")

SETTLE_MS = 300  # a batch ends after this long without a change ...
MAX_WAIT_MS = 2000  # ... or this long after its first change
_TEMPORARY = (".swp", ".swx", ".swo", ".tmp", ".temp", ".part", ".crdownload", ".download", ".bak", "~")


@dataclass(frozen=True)
class Update:
    """One batch of changes and what its build did: ``report`` (a ``BuildReport``) or ``error``."""

    changes: int  # file events in the batch (0: the first build when watching starts)
    paths: tuple[str, ...]  # up to 5 of the changed paths, relative to the corpus
    report: object | None = None
    error: str | None = None

    @property
    def published(self) -> bool:
        """A new index version went live (False when nothing had changed, or the build failed)."""
        return self.report is not None and not self.report.up_to_date


class Relevant:
    """The watch filter: does a change at ``path`` call for a build?  See the module doc."""

    def __init__(self, corpus: Path, index_dir: Path):
        from qa.corpus import LOGSEQ_BACKUPS, logseq_folder, supported

        self.backups, self.logseq_folder = LOGSEQ_BACKUPS, logseq_folder
        self.root = os.path.realpath(corpus)
        self.single = os.path.isfile(corpus)  # a corpus of one file: only it counts
        self.index = os.path.realpath(index_dir)
        self.supported = supported

    def __call__(self, change, path: str) -> bool:
        from watchfiles import Change

        real = os.path.realpath(path)
        if self.single:
            return real == self.root
        if real == self.index or real.startswith(self.index + os.sep):
            return False
        rel = os.path.relpath(real, self.root)
        parts = rel.split(os.sep)
        if any(p.startswith(".") and p not in (".", "..") for p in parts):
            return False
        if any(p == "logseq" and nxt in self.backups and self.logseq_folder(Path(self.root, *parts[:i + 1]))
               for i, (p, nxt) in enumerate(zip(parts, parts[1:]))):
            return False  # a Logseq graph's older copies of its pages (never read)
        name = parts[-1].lower()
        if name.endswith(_TEMPORARY):
            return False
        if change == Change.deleted:
            return True
        return os.path.isdir(path) or self.supported(name)


def watch_index(
    corpus: str | os.PathLike,
    index_dir: str | os.PathLike,
    on_update: Callable[[Update], None],
    *,
    build: Callable[[], object] | None = None,
    stop: threading.Event | None = None,
    settle_ms: int = SETTLE_MS,
    max_wait_ms: int = MAX_WAIT_MS,
    initial: bool = True,
    on_ready: Callable[[], None] | None = None,
    batches: Iterable[set] | None = None,
) -> None:
    """Keep ``index_dir`` current with ``corpus`` until ``stop`` is set (see the module doc).

    ``build()`` runs one build and returns its ``BuildReport`` (default: ``build_index(corpus,
    index_dir)``); ``on_ready()`` is called once the watch is in place; ``batches`` replaces the
    file watcher with given sets of ``(change, path)`` (tests)."""
    corpus, index_dir = Path(corpus), Path(index_dir)
    stop = stop or threading.Event()
    if build is None:
        from .build import build_index

        def build():
            return build_index(corpus, index_dir)

    relevant = Relevant(corpus, index_dir)
    if batches is None:
        from watchfiles import watch

        watch_root = corpus if corpus.is_dir() else corpus.parent
        batches = watch(watch_root, watch_filter=relevant, debounce=max_wait_ms, step=settle_ms,
                        stop_event=stop, rust_timeout=500, yield_on_timeout=False)
    pending: queue.Queue = queue.Queue()
    # the watch runs from here on, in its own thread: changes made during a build are queued
    feeder = threading.Thread(target=_feed, args=(batches, pending), name="qa-watch-events", daemon=True)
    feeder.start()
    if initial:
        on_update(_run(build, 0, ()))
    if on_ready is not None:
        on_ready()
    base = corpus if corpus.is_dir() else corpus.parent
    try:
        while not stop.is_set():
            try:
                first = pending.get(timeout=0.5)
            except queue.Empty:
                continue
            if first is _END:
                break
            changes, ended = set(first), False
            while True:  # every batch queued meanwhile joins this one: one build for all
                try:
                    more = pending.get_nowait()
                except queue.Empty:
                    break
                if more is _END:
                    ended = True
                    break
                changes |= set(more)
            changes = {(c, p) for c, p in changes if relevant(c, p)}
            if changes and not stop.is_set():
                shown = tuple(sorted({os.path.relpath(p, base) for _, p in changes}))[:5]
                on_update(_run(build, len({p for _, p in changes}), shown))
            if ended:
                break
    finally:
        stop.set()


_END = object()


def _feed(batches: Iterable[set], pending: queue.Queue) -> None:
    try:
        for changes in batches:
            pending.put(changes)
    except Exception as exc:  # noqa: BLE001 - the watcher itself failed (a folder removed, inotify limits)
        log.warning("watching stopped: %s", exc)
    finally:
        pending.put(_END)


def _run(build: Callable[[], object], n: int, paths: tuple[str, ...]) -> Update:
    try:
        return Update(n, paths, report=build())
    except QAError as exc:
        return Update(n, paths, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a watcher outlives one bad build; the next batch tries again
        log.debug("watch build failed", exc_info=True)
        return Update(n, paths, error=f"{type(exc).__name__}: {exc}")


def describe_update(update: Update) -> str:
    """The one line a watcher prints for an update (raw text: interfaces pass it through safe_text)."""
    what = f"{update.changes} change{'s' * (update.changes != 1)}" if update.changes else "start"
    if update.paths and update.changes:
        what += " (" + ", ".join(update.paths[:3]) + (", …" if update.changes > 3 else "") + ")"
    if update.error is not None:
        return f"{what}: not updated: {update.error}"
    r = update.report
    if r.up_to_date:
        return f"{what}: index up to date ({r.documents} documents)"
    return (f"{what}: index updated in {r.seconds:.1f} s: {r.added} added, {r.changed} changed, {r.removed} removed "
            f"({r.documents} documents, {r.embedded} passage{'s' * (r.embedded != 1)} embedded"
            + (f"; full build: {r.full_reason})" if r.full_reason  # every document "added": say why
               else f"; BM25 counted again for a new tokenizer)" if getattr(r, "recounted", 0) else ")"))


class EncoderCache:
    """The passage encoder of a watch session: loaded by its first build that embeds anything, then
    kept for every later one (``build_index(encoders=...)``), so a one-line change costs its own
    embedding, not loading the model again.  Called as ``passages.passage_encoder``; one encoder
    per (model, ONNX export wanted, precision).  A later build still asks which export files it
    uses (``passages.passage_model``: paths only) so its version keeps a copy of them: the loaded
    encoder is the same export (a version's ``onnx/`` holds hard links of the user cache's)."""

    def __init__(self):
        self._kept: dict[tuple, tuple] = {}
        self._lock = threading.Lock()
        self.loads = 0  # how many times an encoder was loaded (tests, --verbose)

    def __call__(self, model, old, export: bool, precision: str = "int8", progress=None):
        from . import passages

        key = (model, bool(export), precision)
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                kept = passages.passage_encoder(model, old, export, precision, progress)
                self._kept[key] = kept
                self.loads += 1
                return kept
        embedder, onnx_dir = kept
        if onnx_dir:  # this build's copy of the same export (the first build's may be gone by now)
            chosen = passages.passage_model(model, old, export, precision, progress)
            onnx_dir = chosen.onnx_dir or onnx_dir
        return embedder, onnx_dir


class WatchThread:
    """``watch_index`` in a daemon thread beside a server or the chat; ``close()`` stops it."""

    def __init__(self, corpus, index_dir, on_update: Callable[[Update], None], **kwargs):
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.thread = threading.Thread(
            target=watch_index, args=(corpus, index_dir, on_update),
            kwargs={**kwargs, "stop": self.stop, "on_ready": self.ready.set},
            name="qa-watch", daemon=True)
        self.thread.start()

    def close(self, timeout: float = 5.0) -> None:
        self.stop.set()
        self.thread.join(timeout)

