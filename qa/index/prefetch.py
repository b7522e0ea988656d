"""Creating the question encoder of an index in the background while a one-shot command starts.

Creating the ONNX session (reading the 90 MB model) is the largest single step of a cold ``qa ask``
after the imports, and onnxruntime releases the GIL while it does it (measured: Python work in the
main thread ran at 59% of its speed meanwhile, both together took what the session alone did).
``prefetch_query_encoder(index_dir)`` starts it in a daemon thread for the live version; the
``Index`` opened afterwards takes it (``take``) instead of creating its own.  The tokenizer loads on
a second thread meanwhile, and the encoder takes it once its session exists.  A prefetch that fails,
or one for another version or thread count, is simply not used.

A command that fails before it opens the index (``qa ask ""``, an unreadable ``--continue`` file)
leaves its prefetch untaken: the process must not exit while onnxruntime is still creating the
session on that thread (its C++ teardown then aborts the process: "terminate called without an
active exception", exit code 134, seen in 7 of 12 runs of ``qa ask ""``).  An exit handler waits for it
(``wait_for_untaken``).
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

_lock = threading.Lock()
_pending: dict[tuple[str, int], tuple[threading.Thread, dict]] = {}
_exit_handler: list[bool] = []  # registered once per process


def wait_for_untaken() -> None:
    """Wait for every prefetch nobody took (run at exit: see the module's docstring)."""
    with _lock:
        threads = [thread for thread, _box in _pending.values()]
        _pending.clear()
    for thread in threads:
        thread.join()


def prefetch_query_encoder(index_dir: str | Path, threads: int = 2) -> None:
    """Start creating the live version's ONNX question encoder (nothing when it has none)."""
    from .ownership import current_version  # not .versions: it imports the docstore, not needed to find the version

    try:
        version = current_version(Path(index_dir)) if Path(index_dir).is_dir() else None
    except Exception:  # noqa: BLE001 - an optimisation: the real open reports problems
        return
    if version is None or not (version / "onnx" / "onnx_config.json").exists():
        return
    key = (str(version / "onnx"), int(threads))
    box: dict = {}
    # imported here, in this thread, before the others start: numpy imported by two threads at once can
    # fail ("partially initialized module numpy._core._multiarray_umath"), and every thread needs it
    import numpy  # noqa: F401
    import qa.embedding  # noqa: F401

    def load_tokenizer() -> None:
        try:
            from qa.embedding import load_tokenizer

            box["tokenizer"] = load_tokenizer(Path(key[0]))
        except Exception:  # noqa: BLE001 - the embedder loads its own
            pass

    def tokenizer_from():
        tokenizer_thread.join()
        return box.get("tokenizer")

    def make() -> None:
        try:
            from qa.embedding import OnnxEmbedder

            box["embedder"] = OnnxEmbedder(Path(key[0]), name="", threads=threads, tokenizer_from=tokenizer_from)
        except Exception:  # noqa: BLE001 - not used; the index creates its own and reports the error
            pass

    # the tokenizer (its import and its 0.7 MB JSON: ~0.1 s) loads beside the session's creation
    tokenizer_thread = threading.Thread(target=load_tokenizer, name="qa-tokenizer-prefetch", daemon=True)
    thread = threading.Thread(target=make, name="qa-encoder-prefetch", daemon=True)
    with _lock:
        if key in _pending:
            return
        _pending[key] = (thread, box)
        if not _exit_handler:
            atexit.register(wait_for_untaken)
            _exit_handler.append(True)
    tokenizer_thread.start()  # first: ``make`` joins it
    thread.start()


def take(onnx_dir: Path, threads: int, name: str):
    """The prefetched encoder of ``onnx_dir`` (waiting for it), or None."""
    with _lock:
        got = _pending.pop((str(onnx_dir), int(threads)), None)
    if got is None:
        return None
    thread, box = got
    thread.join()
    embedder = box.get("embedder")
    if embedder is not None:
        embedder.name = name
    return embedder
