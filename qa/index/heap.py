"""Giving a build's freed memory back to the system before its next large step.

Memory freed by Python and by ONNX Runtime (a passage encoder's sessions, a written version's
arrays) stays in the C library's heap, counted in the process's resident size, until the heap is
trimmed; the fusion choice then loads the query encoder on top of it.  ``trim`` asks glibc to return
it (``malloc_trim``); elsewhere it does nothing.  Measured: docs/speed.md, "Session 15".
"""

from __future__ import annotations

import sys

_libc = None  # loaded on first use; False where there is no glibc malloc_trim


def trim() -> bool:
    """Return the heap's free memory to the system (glibc); True when it could be asked."""
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                libc = ctypes.CDLL("libc.so.6")
                libc.malloc_trim.argtypes, libc.malloc_trim.restype = [ctypes.c_size_t], ctypes.c_int
                _libc = libc
            except (OSError, AttributeError):  # another C library (musl): nothing to trim
                _libc = False
    if not _libc:
        return False
    _libc.malloc_trim(0)
    return True
