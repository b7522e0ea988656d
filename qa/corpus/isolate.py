"""Parsed formats are read in a reader process, under a time and a memory budget per file.

A PDF, Word, EPUB, OpenDocument, PowerPoint, e-mail (.eml, or a message of an .mbox), HTML, Markdown,
reStructuredText or manual page (qa's own roff reader, kept here too) file goes through a parser library (PDFium, lxml, html.parser, markdown-it, docutils...): code that a
crafted file can make run for hours or allocate gigabytes.  The build's process opens and checks the file (``files.open_checked``) and hands the open descriptor to a
reader process (``reader_process.py``, started once and reused), which reads it with
the same readers (``formats.extract``) and sends the text back.  The reader process cannot hold
more than ``Budget.memory`` bytes of address space (``RLIMIT_AS``: a MemoryError, reported), nor
use more than ``Budget.seconds`` of processor time on one file (``RLIMIT_CPU``, set anew for each
file: processor time, so a busy machine does not cost a file its place); the build also stops
waiting after ``wall_seconds`` whatever the reader is doing.  Either way that file is skipped
with its reason (kind "over budget") and a new reader process reads the next one.  A reader that
crashes (a segfault in a parser) costs that one file.  A mailbox's messages are read here one by
one, each under that budget (``mbox.py``: the descriptor and the message's offset and size).

Cost: one process start per build (~0.1 s, only when the corpus has such files) and a copy of
each text through a socket (docs/robustness.md).
"""

from __future__ import annotations

import atexit
import io
import os
import pickle
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from .budget import OVER_BUDGET, Budget, limit_text
from .extracted import Extracted, ReadError
from .reader_process import REPLY, REQUEST, PlainUnpickler

_IDLE: list["ReaderProcess"] = []  # started reader processes waiting for work
_IDLE_LOCK = threading.Lock()
MAX_IDLE = 2


def available() -> bool:
    """Can descriptors be handed to another process here (POSIX)?"""
    return hasattr(socket, "send_fds") and hasattr(socket, "AF_UNIX") and os.name == "posix"


def read_isolated(fd: int, suffix: str, rel: str, size: int, budget: Budget, offset: int | None = None) -> Extracted:
    """``formats.extract`` of the open file ``fd`` in a reader process; see the module doc.  With
    ``offset``, one message of a mailbox (``suffix`` ``mbox.MESSAGE``): ``size`` bytes from there."""
    for attempt in (1, 2):
        worker = _acquire(budget)
        try:
            return worker.read(fd, suffix, rel, size, budget, offset)
        except _NotSent:  # an idle reader that went away: once more with a new one
            worker.stop()
            if attempt == 2:
                raise ReadError("the reader process could not be started", kind="unreadable") from None
        except ReadError:  # the file's own (read() has stopped a reader over budget)
            raise
        except BaseException:  # Ctrl-C, or something of our own: this reader may be mid-file

            worker.stop()
            raise
        finally:
            _release(worker)
    raise AssertionError("unreachable")


class _NotSent(Exception):
    pass


def wall_seconds(budget: Budget) -> float:
    """How long the build waits for one file, whatever the reader is doing: the processor-time
    budget with room for a busy machine (a read blocked on a network disk uses no processor)."""
    return max(4 * budget.seconds, budget.seconds + 60)


class ReaderProcess:
    """One reader process and its socket."""

    def __init__(self, memory: int):
        self.memory = memory
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        root = str(Path(__file__).resolve().parents[2])  # the folder holding this qa package
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, *filter(None, [os.environ.get("PYTHONPATH")])]))
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "qa.corpus.reader_process", str(child.fileno()), str(memory)],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, env=env, cwd=root)
        finally:
            child.close()
        self.sock = parent
        self.done = False  # stopped, or to be stopped after this file

    def read(self, fd: int, suffix: str, rel: str, size: int, budget: Budget, offset: int | None = None) -> Extracted:
        data = pickle.dumps(("read", suffix, rel, size, budget.to_dict(), offset), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            socket.send_fds(self.sock, [REQUEST.pack(len(data)) + data], [fd])
        except OSError:
            raise _NotSent from None
        deadline = time.monotonic() + wall_seconds(budget)
        try:
            meta_n, text_n = REPLY.unpack(self._exactly(REPLY.size, deadline))
            if meta_n > 1 << 26 or text_n > max(budget.memory, 1 << 20):
                raise EOFError  # not what a reader process sends
            meta = PlainUnpickler(io.BytesIO(bytes(self._exactly(meta_n, deadline)))).load()
            text = self._exactly(text_n, deadline).decode("utf-8", "surrogatepass")
        except TimeoutError:
            self.stop()
            raise ReadError(f"still not read after {wall_seconds(budget):g} s (the limit for one file)",
                            kind=OVER_BUDGET) from None
        except (OSError, EOFError, pickle.UnpicklingError, ValueError):
            why, kind = self._death(budget)
            raise ReadError(why, kind=kind) from None
        if meta[0] == "ok":
            _, title, pages, sections, slides, lines, tables, code, read_as = meta
            return Extracted(text=text, title=title, pages=tuple(int(p) for p in pages),
                             sections=tuple((int(a), str(h)) for a, h in sections),
                             slides=tuple(int(p) for p in slides), lines=tuple((int(a), int(n)) for a, n in lines),
                             tables=tuple(int(t) for t in tables), code=tuple((int(s), int(e)) for s, e in code),
                             format=str(read_as))
        _, kind, message, fatal = meta
        if fatal:
            self.stop()
        raise ReadError(str(message), kind=str(kind))

    def _exactly(self, n: int, deadline: float) -> bytearray:
        buf = bytearray(n)
        view = memoryview(buf)
        got = 0
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                raise TimeoutError
            k = self.sock.recv_into(view[got:], min(n - got, 1 << 22))
            if not k:
                raise EOFError
            got += k
        return buf

    def _death(self, budget: Budget) -> tuple[str, str]:
        self.sock.close()
        code = self.wait(5)
        self.stop()
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            if name == "SIGXCPU":
                return (f"took more than {budget.seconds:g} s of processor time to read (the limit for one "
                        "file)"), OVER_BUDGET
            if name == "SIGKILL":  # the kernel's out-of-memory killer, most likely
                return f"the reader was killed (out of memory? the limit is {limit_text(budget.memory)})", OVER_BUDGET
            return f"the reader crashed ({name}): a damaged or hostile file", "damaged"
        return "the reader stopped unexpectedly", "damaged"

    def wait(self, seconds: float) -> int | None:
        try:
            return self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            return None

    def alive(self) -> bool:
        return not self.done and self.proc.poll() is None

    def stop(self) -> None:
        """End this reader process (it is ours: by its own handle, never by name)."""
        self.done = True
        try:
            self.sock.close()
        except OSError:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
        self.wait(10)


def _acquire(budget: Budget) -> ReaderProcess:
    with _IDLE_LOCK:
        while _IDLE:
            worker = _IDLE.pop()
            if worker.alive() and worker.memory == budget.memory:
                return worker
            worker.stop()
    return ReaderProcess(budget.memory)


def _release(worker: ReaderProcess) -> None:
    with _IDLE_LOCK:
        if worker.alive() and len(_IDLE) < MAX_IDLE:
            _IDLE.append(worker)
            return
    worker.stop()


@atexit.register
def shutdown() -> None:
    """Stop the idle reader processes (each also ends by itself when this process goes)."""
    with _IDLE_LOCK:
        idle, _IDLE[:] = list(_IDLE), []
    for worker in idle:
        worker.stop()
