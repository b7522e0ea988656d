"""An index in a real process, or whose model is not here: one line, exit code 3, no traceback; ``python -m qa`` works."""

from __future__ import annotations

import os
import subprocess
import sys

from qa.errors import ExitCode

from ..conftest import ROOT, SEEDS
from ..integration.test_index_errors import FIX, ask, assert_one_line_error, index_copy, live  # noqa: F401  (a fixture)


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


def test_model_of_the_index_not_available(index_copy, capsys, run_cli):
    """An index whose model cannot be loaded here (no ONNX encoder kept, model not installed)."""
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX, "index was built with model 'fake-hash-256', which cannot be "
                          "loaded here", FIX)
