"""A thread of one's own for BM25 while the dense search walks its graph.

On an index large enough for an HNSW graph (``dense.py``) the graph walk is most of a search
(~3.8 ms of ~6 at 1M passages), and faiss releases the GIL while it walks, so BM25 (~1 ms, numpy
and Python) can run beside it on another core (``qa.search.retrieve.runs_for``; meanwhile the side
thread also reads BM25's best passages, where most hits are).  The BM25 run goes to the side
thread and the caller's own thread walks the graph: the hand-off is then immediate (the caller
drops the GIL as soon as it enters faiss).  The other way round (the walk on the side thread)
gained nothing: the side thread waited for the GIL the caller kept while doing BM25.  It pays only
with a core to spare: at load ~2+ on two cores it is even (docs/speed.md, "Session 10").

A ``SideThread`` belongs to one dense search (one per loaded index, made only when it has a
graph: small indexes are searched exactly, in less time than a hand-off costs).  Its thread starts
on first use and ends when its owner is dropped or closed; it is a daemon thread, so it never holds
up the end of a process (a one-shot ``qa ask`` ends without interpreter teardown only when no
other thread is left to wait for: ``qa.cli``).  It takes one job at a time: a second caller
meanwhile (another of ``qa serve``'s request threads) is told None and runs its BM25 itself, as
every caller did before.  So is every caller while the machine has no core to spare (``SpareCore``:
other processes, or ``qa serve``'s other workers, keep every core busy), where the hand-off only
costs.  A forked child starts a thread of its own on first use.
"""

from __future__ import annotations

import os
import queue
import threading
import time
import weakref
from concurrent.futures import Future


def _serve(jobs: queue.SimpleQueue) -> None:
    """The side thread: run each job until told None (its owner closed or dropped)."""
    while True:
        job = jobs.get()
        if job is None:
            return
        future, fn, args = job
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, who re-raises it
                future.set_exception(exc)
        del job, future, fn, args  # hold nothing of the last job (its index) while waiting


_starting = threading.Lock()  # one thread started per SideThread, even when callers race
SPARE_CORE = 0.5  # idle cores (on average over the last interval) below which the side thread is not used
INTERVAL = 0.5  # seconds between two readings of the machine's idle time


def idle_and_total(stat_line: str) -> tuple[int, int]:
    """(idle, total) clock ticks from the first line of /proc/stat ("cpu  user nice system idle iowait ...")."""
    ticks = [int(x) for x in stat_line.split()[1:]]
    return ticks[3] + (ticks[4] if len(ticks) > 4 else 0), sum(ticks[:8])


class SpareCore:
    """Whether the machine has had a core to spare lately: the idle time of every core over the last
    ``INTERVAL`` (read from /proc/stat at most that often).  With no core idle the side thread only
    adds a hand-off (measured +4% a search at 1M); where /proc/stat cannot be read: always yes."""

    def __init__(self, read=None, cores: int | None = None):
        self._read = read or _proc_stat
        self._cores = cores or os.cpu_count() or 1
        self._at, self._last, self._spare = float("-inf"), None, True

    def __call__(self) -> bool:
        now = time.monotonic()
        if now - self._at >= INTERVAL:
            self._at = now
            try:
                idle, total = idle_and_total(self._read())
            except (OSError, ValueError, IndexError):
                return True
            if self._last is not None and total > self._last[1]:
                self._spare = (idle - self._last[0]) / (total - self._last[1]) * self._cores >= SPARE_CORE
            self._last = (idle, total)
        return self._spare


def _proc_stat() -> str:
    with open("/proc/stat", encoding="ascii") as fh:
        return fh.readline()


spare_core = SpareCore()  # one per process: the machine is the same for every index


class SideThread:
    """One daemon thread taking one job at a time; ``submit`` returns None when it is busy."""

    def __init__(self, name: str = "qa-side", spare=None):
        self.name = name
        self._spare = spare  # () -> whether a core is spare (default ``spare_core``)
        self._free = threading.Lock()  # held from submit until the job is done
        self._jobs: queue.SimpleQueue | None = None
        self._pid = None  # the process the thread lives in (a forked child has none)

    def _start(self) -> None:
        """The thread (and a free slot) of this process: made on first use, again in a forked child."""
        with _starting:
            if self._pid == os.getpid():
                return
            jobs: queue.SimpleQueue = queue.SimpleQueue()
            threading.Thread(target=_serve, args=(jobs,), name=self.name, daemon=True).start()
            weakref.finalize(self, jobs.put, None)  # the owner dropped: the thread ends
            self._free, self._jobs, self._pid = threading.Lock(), jobs, os.getpid()

    def submit(self, fn, *args) -> Future | None:
        """``fn(*args)`` started on the side thread, or None (busy, or no core to spare: the caller
        runs it itself)."""
        if not (self._spare or spare_core)():
            return None
        try:
            if self._pid != os.getpid():
                self._start()
        except RuntimeError:  # no new thread while the interpreter ends
            return None
        free, jobs = self._free, self._jobs
        if jobs is None or not free.acquire(blocking=False):
            return None
        future: Future = Future()
        future.add_done_callback(lambda _f: free.release())
        jobs.put((future, fn, args))
        return future

    def close(self) -> None:
        """End the thread once its job (if any) is done; a later ``submit`` starts a new one."""
        with _starting:
            jobs, self._jobs, self._pid = self._jobs, None, None
        if jobs is not None:
            jobs.put(None)
