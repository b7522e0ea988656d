"""``heap.trim``: a build gives freed memory back to the system (glibc), and never fails for it."""

from __future__ import annotations

import platform
import sys

from qa.index import heap


def test_trim_asks_glibc_and_is_harmless_elsewhere():
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert heap.trim() is glibc
    assert heap.trim() is glibc  # again: the library is loaded once
