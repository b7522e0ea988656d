"""A thread of one's own for BM25 while the dense search walks its graph.

On an index large enough for an HNSW graph (``dense.py``) the graph walk is most of a search
(~3.5 ms of ~6 at 1M passages), and faiss releases the GIL while it walks, so BM25 (~1 ms, numpy
and Python) can run beside it on another core.  The BM25 run goes to the side thread and the
caller's own thread walks the graph: the hand-off is then immediate (the caller drops the GIL as
soon as it enters faiss).  The other way round (the walk on the side thread) gained nothing: the
side thread waited for the GIL the caller kept while doing BM25 (docs/speed.md, "Session 10").

A ``SideThread`` belongs to one dense search (one per loaded index, made only when it has a
graph: small indexes are searched exactly, in less time than a hand-off costs); its thread starts
on first use and ends when the owner is dropped or the interpreter exits (``ThreadPoolExecutor``).
It takes one job at a time: a second caller meanwhile (another of ``qa serve``'s request threads)
is told None and runs its BM25 itself, as every caller did before.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor


class SideThread:
    """One worker thread taking one job at a time; ``submit`` returns None when it is busy."""

    def __init__(self, name: str = "qa-side"):
        self.name = name
        self._free = threading.Lock()  # held from submit until the job is done
        self._made = threading.Lock()  # guards making the executor
        self._pool: ThreadPoolExecutor | None = None
        self._pid = None  # the process the executor's thread lives in (a forked child has none)

    def _executor(self) -> ThreadPoolExecutor:
        with self._made:
            if self._pool is None or self._pid != os.getpid():
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.name)
                self._pid = os.getpid()
            return self._pool

    def submit(self, fn, *args) -> Future | None:
        """``fn(*args)`` started on the side thread, or None (busy, or the interpreter is exiting):
        then the caller runs it itself."""
        if not self._free.acquire(blocking=False):
            return None
        try:
            future = self._executor().submit(fn, *args)
        except RuntimeError:  # shutting down: no new threads
            self._free.release()
            return None
        future.add_done_callback(lambda _f: self._free.release())
        return future

    def close(self) -> None:
        """Let the thread end once its job (if any) is done; a later ``submit`` starts a new one."""
        with self._made:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False)
