"""``kill -9`` at any moment of a real ``qa index`` leaves a loadable, answering index."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import ROOT, SEEDS

N_NEW = 30  # documents the killed runs add to the seed index (enough to embed for a few seconds)
SEED = 20261122
N_RANDOM = 4  # kills at random moments, besides the two aimed at the saving and publishing steps
QUESTION = "What did Zarif say about the US?"


def _corpus(path: Path) -> Path:
    path.mkdir()
    paras = []
    for src in sorted(SEEDS.glob("*.txt")):
        shutil.copy(src, path / src.name)
        paras += [p for p in src.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 8]
    rng = random.Random(SEED)
    for i in range(N_NEW):
        body = "\n\n".join(rng.sample(paras, 4))
        (path / f"report_{i:03d}.txt").write_text(f"Regional Report Number {i}\n\n{body}\n", encoding="utf-8")
    return path


def _fresh_copy(base: Path, dst: Path) -> None:
    """The seed index as it was: hard links (versions are never modified in place)."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(base, dst, copy_function=os.link)


def _start(corpus: Path, index_dir: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "qa", "index", "--corpus", str(corpus), "--index-dir", str(index_dir),
           "--quiet", "--wait", "60"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})


def _stage(index_dir: Path, pointer: str) -> str:
    if (index_dir / "CURRENT").read_text() != pointer:
        return "published"
    if any(index_dir.glob(".tmp-*")):
        return "saving"
    return "before saving"


def _check(index_dir: Path, qvec) -> int:
    """The live index verifies, loads and answers; returns its number of documents."""
    from qa.index.loaded import load_index
    from qa.search.retrieve import SearchConfig, search

    idx = load_index(index_dir)  # every checksum and shape checked
    for config in (SearchConfig(mode="bm25"), SearchConfig()):
        hits = search(idx, QUESTION, k=5, config=config, qvec=qvec)
        assert hits
        for h in hits:
            assert idx.docs.text(idx.docs.position[h.chunk.doc])[h.chunk.start : h.chunk.end] == h.chunk.text
    return len(idx.docs)


@pytest.mark.slow
@pytest.mark.model
def test_kill_9_at_random_moments_never_breaks_the_index(real_index_dir, real_index, tmp_path):
    qvec = real_index.query_embedder().embed([QUESTION])[0]
    base = tmp_path / "base"
    shutil.copytree(real_index_dir, base)
    n_old = _check(base, qvec)
    corpus = _corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"

    # the first kill waits for the new version to be published (just before the run would end):
    # it shows a late kill is safe, and how long a run takes, to spread the random moments over
    rng = random.Random(SEED)
    plans: list[tuple[str, object]] = [("when", "published"), ("when", "saving")]
    seen, duration = [], None
    while plans:
        kind, when = plans.pop(0)
        _fresh_copy(base, index_dir)
        pointer = (index_dir / "CURRENT").read_text()
        proc = _start(corpus, index_dir)
        start = time.monotonic()
        while proc.poll() is None:
            elapsed = time.monotonic() - start
            if kind == "at" and elapsed >= when:
                break
            if kind == "when" and _stage(index_dir, pointer) == when:
                break
            time.sleep(0.002)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        _out, err = proc.communicate(timeout=60)
        if proc.returncode == -signal.SIGKILL:
            stage = _stage(index_dir, pointer)  # where it died, judged from what it left on disk
        else:
            assert proc.returncode == 0, err.decode()
            stage = "finished"
        n_docs = _check(index_dir, qvec)
        # either the previous index or the complete new one, never a mixture
        assert n_docs == (n_old + N_NEW if stage in ("published", "finished") else n_old), (kind, when, stage)
        seen.append(stage)
        if duration is None:
            assert stage in ("published", "finished")
            duration = time.monotonic() - start
            # one moment surely early (runs vary in length on a busy machine), the rest anywhere
            fractions = [rng.uniform(0.02, 0.25)] + [rng.uniform(0.25, 0.95) for _ in range(N_RANDOM - 1)]
            plans += [("at", f * duration) for f in fractions]
    print(f"kill test: one run takes {duration:.1f} s; kills landed in {seen}")
    assert seen[0] in ("published", "finished") and seen[1] == "saving", seen
    assert seen[2] == "before saving", seen

    # the next build after a kill cleans up what the killed one left, and completes
    from qa.index.build import build_index

    _fresh_copy(base, index_dir)
    from qa.index.versions import VERSION_MARKER

    (index_dir / ".tmp-99999-1" / "dense").mkdir(parents=True)  # as a killed build leaves them (qa's marks)
    shutil.copy(next(index_dir.glob(f"v-*/{VERSION_MARKER}")), index_dir / ".tmp-99999-1" / VERSION_MARKER)
    (index_dir / ".CURRENT.qa-99999").write_text("v-x\n")
    report = build_index(corpus, index_dir)
    assert report.added == N_NEW and report.unchanged == n_old and report.embedded > 0
    left = sorted(p.name for p in index_dir.iterdir() if p.name.startswith((".tmp-", ".CURRENT", "v-")))
    assert left == [(index_dir / "CURRENT").read_text().strip()]
    assert _check(index_dir, qvec) == n_old + N_NEW
