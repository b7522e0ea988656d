"""``kill -9`` of ``qa watch`` in the middle of a rebuild loses nothing: the live version still
loads and answers, and the next ``qa watch`` indexes every change the killed one was building."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ..conftest import ROOT, SEEDS

N_NEW = 30
SEED = 20261206


def _start(corpus: Path, index_dir: Path):
    proc = subprocess.Popen([sys.executable, "-m", "qa", "watch", "--corpus", str(corpus), "--index-dir",
                             str(index_dir)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1",
                                 "TRANSFORMERS_OFFLINE": "1"})
    lines: list[str] = []
    cv = threading.Condition()

    def read():
        for line in proc.stdout:
            with cv:
                lines.append(line)
                cv.notify_all()

    threading.Thread(target=read, daemon=True).start()

    def wait_lines(n: int, timeout: float = 300) -> list[str]:
        end = time.monotonic() + timeout
        with cv:
            while len(lines) < n:
                if proc.poll() is not None and len(lines) < n:
                    raise AssertionError(f"qa watch ended: {proc.stderr.read()[-2000:]}")
                cv.wait(min(1.0, max(0.0, end - time.monotonic())))
                if time.monotonic() > end:
                    raise AssertionError(f"qa watch printed {lines}")
            return list(lines)

    return proc, wait_lines


def _check(index_dir: Path) -> set[str]:
    """The live version verifies (every checksum), loads and answers; returns its document ids."""
    from qa.index.loaded import load_index
    from qa.search.retrieve import SearchConfig, search

    idx = load_index(index_dir)
    hits = search(idx, "What did Zarif say about the US?", k=5, config=SearchConfig(mode="bm25"))
    assert hits
    for h in hits:
        assert idx.docs.text(idx.docs.position[h.chunk.doc])[h.chunk.start:h.chunk.end] == h.chunk.text
    return set(idx.docs.position)


def _add_reports(corpus: Path, first: int, rng: random.Random, paras: list[str]) -> set[str]:
    names = set()
    for i in range(first, first + N_NEW):
        name = f"report_{i:03d}.txt"
        (corpus / name).write_text(f"Regional Report {i}\n\n" + "\n\n".join(rng.sample(paras, 4)) + "\n",
                                   encoding="utf-8")
        names.add(name)
    return names


@pytest.mark.slow
@pytest.mark.model
def test_kill_9_during_a_watch_rebuild_loses_nothing(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    paras = []
    for src in sorted(SEEDS.glob("*.txt")):
        shutil.copy(src, corpus / src.name)
        paras += [p for p in src.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 8]
    rng = random.Random(SEED)
    expected = {p.name for p in corpus.glob("*.txt")}

    proc, wait_lines = _start(corpus, index_dir)
    assert "start: index updated" in wait_lines(1)[0]
    killed_at = []
    try:
        for round_, aim in enumerate(("saving", "embedding")):
            pointer = (index_dir / "CURRENT").read_text()
            expected |= _add_reports(corpus, round_ * N_NEW, rng, paras)
            t0 = time.monotonic()
            while True:  # aim at the riskiest moment (the new version being written), else mid-build
                saving = any(index_dir.glob(".tmp-*"))
                if (aim == "saving" and saving) or (aim == "embedding" and time.monotonic() - t0 > 0.9):
                    break
                if (index_dir / "CURRENT").read_text() != pointer or time.monotonic() - t0 > 60:
                    break
                time.sleep(0.005)
            published = (index_dir / "CURRENT").read_text() != pointer
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            killed_at.append("after publishing" if published else ("saving" if saving else "mid-build"))
            ids = _check(index_dir)  # the live version, old or new, is whole
            assert ids <= expected and len(ids) >= 5

            proc, wait_lines = _start(corpus, index_dir)  # the next watcher builds what was missed
            assert "start: index" in wait_lines(1)[0]
            assert _check(index_dir) == expected
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(10)
    print("killed:", killed_at)
    assert any(k != "after publishing" for k in killed_at), killed_at  # at least one kill hit a rebuild
