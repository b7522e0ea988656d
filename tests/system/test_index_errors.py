"""A damaged index in a real process: one line, exit code 3, no traceback; ``python -m qa`` works."""

from __future__ import annotations

import os
import subprocess
import sys

from qa.errors import ExitCode

from ..conftest import ROOT, SEEDS
from ..integration.test_index_errors import index_copy, live  # noqa: F401  (a fixture)


def test_errors_in_a_real_process_have_no_traceback(index_copy):
    (live(index_copy) / "texts.bin").write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "qa", "ask", "Who is Shamkhani?", "--index-dir", str(index_copy)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == ExitCode.INDEX
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("qa: error: index file corrupt (size differs)")
    assert "Traceback" not in proc.stderr and proc.stdout == ""

def test_python_dash_m_qa_works():
    proc = subprocess.run([sys.executable, "-m", "qa", "--help"], capture_output=True, text=True, cwd=ROOT,
                          timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0 and "Exit codes" in proc.stdout and "index" in proc.stdout
    assert SEEDS.is_dir()
