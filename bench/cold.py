"""Cold one-shot ``qa ask`` on the seed index against ``python -c "import sentence_transformers"``.

Each run is a fresh process; the two commands alternate so both see the same machine load, and
the ratio of their medians is reported (lower is better; the target is <= 0.15).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What did Zarif say about the US?"


def ensure_seed_index(work: Path) -> Path:
    """The seed corpus indexed with the bundled model (built once, with its ONNX encoder; rebuilt when
    the encoder is an older export's, its weights inside model.onnx: questions are encoded the same,
    but its session takes ~200 ms longer to create, which is what this bench measures)."""
    index_dir = work / "seed-index"
    current = index_dir / "CURRENT"
    fresh = current.exists() and (index_dir / current.read_text().strip() / "onnx" / "model.onnx.data").exists()
    if not fresh:
        subprocess.run([sys.executable, "-m", "qa", "index", "--corpus", str(ROOT / "seeds"), "--index-dir",
                        str(index_dir), *(["--rebuild"] if current.exists() else [])],
                       check=True, cwd=ROOT, capture_output=True)
    return index_dir


def _time(cmd: list[str]) -> float:
    t = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    elapsed = time.perf_counter() - t
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {res.stderr.strip()[-500:]}")
    return elapsed


def run(work: Path, runs: int, warm: bool = True) -> dict:
    index_dir = ensure_seed_index(work)
    ask = [sys.executable, "-m", "qa", "ask", "--json", "--index-dir", str(index_dir), QUESTION]
    st = [sys.executable, "-c", "import sentence_transformers"]
    bare = [sys.executable, "-c", "pass"]
    # qa's bytecode compiled once, as sentence-transformers' is in site-packages (pip compiles an
    # install): without it every run compiled ~70 qa modules from source (PYTHONDONTWRITEBYTECODE set,
    # or a read-only tree): ~0.1 s of a cold ask that no installed qa pays
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "qa")], check=True, capture_output=True)
    _time(ask)  # page cache warm for both sides: we compare start-up work, not disk reads
    if warm:
        _time(st)
    t_ask, t_st, t_py = [], [], []
    for _ in range(runs):
        t_ask.append(_time(ask))
        t_st.append(_time(st))
        t_py.append(_time(bare))
    a, s = statistics.median(t_ask), statistics.median(t_st)
    return {"runs": runs, "qa_ask_s_median": a, "import_sentence_transformers_s_median": s, "ratio": a / s,
            "python_startup_s_median": statistics.median(t_py), "qa_ask_s": t_ask,
            "import_sentence_transformers_s": t_st}
