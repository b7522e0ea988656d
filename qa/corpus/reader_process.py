"""The reader process itself (``python -m qa.corpus.reader_process FD MEMORY``): reads the files
whose open descriptors arrive on its socket with ``formats.extract`` (a mailbox's message with
``mail.read_part``) and sends back their text, under
the limits ``isolate.py`` describes.  Also the protocol both sides speak: a request is a pickle of
plain values (str, int, tuple, dict, None) with the descriptor; a reply is such a pickle and the text
as UTF-8, loaded with a pickle loader that refuses everything else (``PlainUnpickler``).
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import socket
import struct
import sys

from .budget import OVER_BUDGET, Budget, limit_text
from .extracted import ReadError

REQUEST = struct.Struct("!I")  # length of the request's pickle
REPLY = struct.Struct("!IQ")  # lengths of the reply's pickle and of its text (UTF-8)


class PlainUnpickler(pickle.Unpickler):
    """Plain values only: a reader process that a file took over cannot make this one run code."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"not a plain value: {module}.{name}")


# ---- the reader process ---------------------------------------------------------------------


def serve(sock: socket.socket, memory: int) -> None:
    _limit_memory(memory)
    _die_with_parent()
    from .formats import extract
    from .mail import MESSAGE, read_part

    reserve = bytearray(4 << 20)  # freed to report a MemoryError when nothing else can be allocated
    while True:
        try:
            head, fds, _flags, _addr = socket.recv_fds(sock, REQUEST.size, 1)
            head += _recv_exactly(sock, REQUEST.size - len(head)) if head else b""
            if not head or not fds:
                return
            request = PlainUnpickler(io.BytesIO(_recv_exactly(sock, REQUEST.unpack(head)[0]))).load()
        except (OSError, EOFError):
            return
        _op, suffix, rel, size, budget, offset = request
        budget = Budget.from_dict(budget)
        _limit_cpu(budget.seconds)
        out_of_memory = f"needs more than {limit_text(memory)} of memory to read (the limit for one file)"
        text, meta = "", None
        try:
            with os.fdopen(fds[0], "rb") as fh:
                if suffix == MESSAGE:  # one message of a mailbox: read in place, the offset left alone
                    out = read_part(fh.fileno(), int(offset), size, rel)
                else:
                    out = extract(fh, suffix, rel, size, budget)
            meta = ("ok", out.title, tuple(out.pages), tuple(out.sections), tuple(out.slides), tuple(out.lines),
                    tuple(out.tables), tuple(out.code), out.format)
            text = out.text
            del out
        except ReadError as exc:
            meta = ("err", exc.kind, str(exc), False)
        except MemoryError:
            reserve = None
            meta = ("err", OVER_BUDGET, out_of_memory, True)
        except RecursionError:
            meta = ("err", OVER_BUDGET, "nested too deeply to read", False)
        except Exception as exc:  # noqa: BLE001 - a damaged file tripping a parser (lxml, python-docx...)
            first = (str(exc).splitlines() or [""])[0][:120]
            meta = ("err", "damaged", f"not readable: {type(exc).__name__}" + (f": {first}" if first else ""), False)
        if meta[0] == "err" and not meta[3] and _near_limit(memory, 0.9):
            # a parser that failed for want of memory says so in its own words ("unknown error")
            meta = ("err", OVER_BUDGET, out_of_memory, True)
        try:
            _send_reply(sock, meta, text)
        except MemoryError:
            reserve = text = None
            try:
                _send_reply(sock, ("err", OVER_BUDGET, out_of_memory, True), "")
            except (MemoryError, OSError):
                pass
            return
        except OSError:
            return
        if (meta[0] == "err" and meta[3]) or reserve is None or _near_limit(memory, 0.5):
            return  # a fresh process for the next file: this one's memory is spent or scattered


def _near_limit(memory: int, share: float) -> bool:
    """Has this process's address space come within ``share`` of ``memory`` (its peak)?"""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 >= share * memory
    except (OSError, ValueError):
        pass
    return False


def _limit_cpu(seconds: float) -> None:
    """At most ``seconds`` more of processor time for this file (then SIGXCPU ends the process)."""
    try:
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ImportError, ValueError, OSError):
        pass


def _send_reply(sock: socket.socket, meta: tuple, text: str) -> None:
    data = pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL)
    raw = text.encode("utf-8", "surrogatepass")
    sock.sendall(REPLY.pack(len(data), len(raw)) + data)
    sock.sendall(raw)


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        more = sock.recv(n - len(buf))
        if not more:
            raise EOFError
        buf += more
    return bytes(buf)


def _limit_memory(memory: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):
        pass


def _die_with_parent() -> None:
    """Linux: this process is killed when the build's process ends, even mid-parse."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(0)
    except (OSError, AttributeError):
        pass


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])), int(sys.argv[2]))
