"""``qa serve --workers N``: N server processes answering from one listening socket.

Answering is Python work (one core per process, whatever the threads), so throughput needs
processes.  The parent binds the socket and checks (or builds) the index once; then it starts N
worker processes (``spawn``: none inherits the parent's threads or ONNX sessions), each of which
opens the index itself and serves the shared socket (the kernel hands each connection to one of
them).  The index files are memory-mapped, so the N workers share one copy of them in the page
cache; what each holds on its own is its Python objects and its ONNX question encoder (~90 MB).
Each worker keeps its own ``IndexHolder``, so a new version published by ``qa index`` is picked up
by every worker, each swapping without failing a request.  A worker that dies is restarted.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("qa")
THREADS_PER_WORKER = 2  # questions one process answers at a time (the GIL makes more pointless)
# numpy's OpenBLAS starts a thread per extra core on import; in a worker it only competes with the
# other workers (a worker is one core's worth of answering)
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
RESTART_PAUSE = 1.0  # seconds between restarts of a worker that keeps dying


@dataclass(frozen=True)
class WorkerSpec:
    """What every worker needs to open the index and serve it (sent to each process)."""

    index_dir: Path
    model: str | None
    token: str | None
    workers: int
    threads: int = THREADS_PER_WORKER
    log_level: int = logging.WARNING


class ConnectionBalance:
    """Keeps the open connections even across the worker processes (docs/speed.md, issue 30).

    A keep-alive connection stays with the process that accepted it, and a burst of new connections
    is accepted mostly by one process (asyncio accepts up to 100 a wake-up): 16 clients were split
    11/5 to 14/2, the crowded process's clients waiting two to five times as long.  Each process
    writes its count of open connections into a shared array; one holding more than the least
    loaded process + 1 answers with "Connection: close", so that client reconnects, and the
    connection lands on a process at random until the counts are even."""

    def __init__(self, counts, slot: int, open_connections=None):
        self.counts, self.slot = counts, slot  # counts: a shared int array, one slot a process
        self.open_connections = open_connections  # () -> this process's open connections (set once served)

    def crowded(self) -> bool:
        """Whether this process should close the connection it is answering on."""
        if self.open_connections is None:
            return False
        mine = self.counts[self.slot] = int(self.open_connections())
        others = [self.counts[i] for i in range(len(self.counts)) if i != self.slot]
        return bool(others) and mine > min(others) + 1


def _worker_main(sock: socket.socket, spec: WorkerSpec, counts=None, slot: int = 0) -> None:
    """One worker process: open the index, serve the shared socket until told to stop."""
    for var in BLAS_THREADS:  # before numpy loads: N processes, a core each (as the ONNX encoder below)
        os.environ.setdefault(var, "1")
    from .app import create_app, make_server
    from .holder import IndexHolder

    logging.basicConfig(level=spec.log_level, format="qa: %(message)s")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops workers (Ctrl-C reaches the group)
    holder = IndexHolder(spec.index_dir, model=spec.model, encoder_threads=1)  # N processes: a core each
    balance = ConnectionBalance(counts, slot) if counts is not None else None
    app = create_app(holder, token=spec.token, workers=spec.threads, processes=spec.workers, balance=balance)
    server = make_server(app)
    if balance is not None:
        counts[slot] = 0
        balance.open_connections = lambda: len(server.server_state.connections)
    server.run(sockets=[sock])


class WorkerPool:
    """N worker processes on one socket, restarted if they die; ``stop`` ends them all."""

    def __init__(self, sock: socket.socket, spec: WorkerSpec):
        self.sock, self.spec = sock, spec
        self._ctx = multiprocessing.get_context("spawn")
        self.counts = self._ctx.Array("i", spec.workers, lock=False)  # open connections per worker
        self.procs: list = []
        self._stopping = False

    def _start_one(self, slot: int):
        p = self._ctx.Process(target=_worker_main, args=(self.sock, self.spec, self.counts, slot),
                              name="qa-serve-worker", daemon=False)
        p.start()
        return p

    def start(self) -> None:
        self.procs = [self._start_one(i) for i in range(self.spec.workers)]

    def supervise(self, poll: float = 0.5) -> None:
        """Restart dead workers until ``stop`` (from a signal handler) is called."""
        while not self._stopping:
            time.sleep(poll)
            for i, p in enumerate(self.procs):
                if not p.is_alive() and not self._stopping:
                    log.warning("qa serve worker %d (pid %s) exited with %s; starting another", i, p.pid, p.exitcode)
                    time.sleep(RESTART_PAUSE)
                    self.procs[i] = self._start_one(i)

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping = True
        for p in self.procs:
            if p.is_alive():
                p.terminate()  # SIGTERM: uvicorn finishes open requests, then exits
        deadline = time.monotonic() + timeout
        for p in self.procs:
            p.join(max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join()


def serve_processes(sock: socket.socket, spec: WorkerSpec) -> None:
    """Run ``spec.workers`` worker processes on ``sock`` until SIGINT / SIGTERM."""
    pool = WorkerPool(sock, spec)

    def _stop(signum, frame):
        pool._stopping = True

    old = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        pool.start()
        pool.supervise()
    finally:
        pool.stop()
        for s, handler in old.items():
            signal.signal(s, handler)


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
