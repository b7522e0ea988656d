"""Many small reads of one file in one system call: Linux native AIO (``io_submit``) through ctypes.

``row_reads.PreadRows`` reads a search's scattered vector rows (~116 of 384 bytes at a million
passages) with ``pread``, one call a row.  Each call releases and takes back Python's GIL; with
BM25 or the sentence scoring busy on another thread, every one of those hand-offs waits.  Here
the reads are handed to the kernel at once: one ``io_submit`` (the GIL released once, for all of
them) and one ``io_getevents``.  On a buffered file the kernel performs the reads inside
``io_submit`` from the page cache, at about the same cost a row as ``pread`` (measured: ~1.6 us a
row either way, docs/speed.md "Session 11"), so what it buys is a read that other threads can run
beside.  Where Linux AIO is missing or refused (another system, a sandbox, ``aio-max-nr`` reached)
``BatchReader.read`` returns None and the caller reads with ``pread``.
"""

from __future__ import annotations

import os
import platform
import threading

import numpy as np

_SYSCALLS = {"x86_64": (206, 208, 209), "aarch64": (0, 4, 2)}  # io_setup, io_getevents, io_submit
_IOCB = np.dtype([("data", "<u8"), ("key", "<u4"), ("rw_flags", "<i4"), ("opcode", "<u2"), ("prio", "<i2"),
                  ("fd", "<u4"), ("buf", "<u8"), ("nbytes", "<u8"), ("offset", "<i8"), ("reserved", "<u8"),
                  ("flags", "<u4"), ("resfd", "<u4")])  # struct iocb (64 bytes, little-endian layout)
_EVENT = np.dtype([("data", "<u8"), ("obj", "<u8"), ("res", "<i8"), ("res2", "<i8")])  # struct io_event
_PREAD = 0  # IOCB_CMD_PREAD
MOST = 1024  # reads a context takes at once (a larger batch goes in parts)


class BatchReader:
    """Reads of ``(offset, size)`` pieces of one open file into one buffer; one AIO context a thread
    (events are reaped per context, so two threads never take each other's)."""

    def __init__(self, fd: int):
        self.fd = fd
        self._local = threading.local()
        self._calls = _syscalls()

    def _context(self):
        ctx = getattr(self._local, "ctx", None)
        if ctx is None and self._calls is not None:
            import ctypes

            libc, (setup, _g, _s) = self._calls
            handle = ctypes.c_ulong(0)
            if libc.syscall(ctypes.c_long(setup), ctypes.c_long(MOST), ctypes.byref(handle)) != 0:
                self._calls = None  # refused here: every later read uses pread
                return None
            ctx = self._local.ctx = handle  # freed with the process (a handful per process)
        return ctx

    def read(self, offsets: np.ndarray, sizes: np.ndarray) -> bytearray | None:
        """The pieces, one after another (None: no AIO here, or a read came back short)."""
        ctx = self._context()
        if ctx is None:
            return None
        import ctypes

        libc, (_setup, getevents, submit) = self._calls
        sizes = np.asarray(sizes, dtype=np.uint64)
        out = bytearray(int(sizes.sum()))
        base = ctypes.addressof(ctypes.c_char.from_buffer(out)) if len(out) else 0
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.uint64)
        for at in range(0, len(sizes), MOST):
            n = len(sizes[at:at + MOST])
            cbs = np.zeros(n, dtype=_IOCB)
            cbs["opcode"], cbs["fd"] = _PREAD, self.fd
            cbs["buf"] = base + starts[at:at + n]
            cbs["nbytes"], cbs["offset"] = sizes[at:at + n], np.asarray(offsets[at:at + n], dtype=np.int64)
            ptrs = cbs.ctypes.data + np.arange(n, dtype=np.uint64) * _IOCB.itemsize
            events = np.zeros(n, dtype=_EVENT)
            ok = libc.syscall(ctypes.c_long(submit), ctx, ctypes.c_long(n), ctypes.c_void_p(ptrs.ctypes.data)) == n
            got = 0
            while ok and got < n:
                done = libc.syscall(ctypes.c_long(getevents), ctx, ctypes.c_long(n - got), ctypes.c_long(n - got),
                                    ctypes.c_void_p(events.ctypes.data + got * _EVENT.itemsize), None)
                ok, got = done > 0, got + max(done, 0)
            if not ok or not np.array_equal(np.sort(events["res"]), np.sort(sizes[at:at + n].astype(np.int64))):
                self._calls = None  # never again from this reader (a context left with events unreaped)
                return None
        return out


def _syscalls():
    """(libc, the three AIO system call numbers), or None off Linux / on an unknown machine."""
    if not hasattr(os, "pread") or platform.system() != "Linux" or platform.machine() not in _SYSCALLS:
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # a CDLL call releases the GIL while it runs
        libc.syscall.restype = ctypes.c_long
    except (OSError, AttributeError):
        return None
    return libc, _SYSCALLS[platform.machine()]
