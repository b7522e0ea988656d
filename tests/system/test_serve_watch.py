"""``qa serve --watch`` as a user runs it: a real server process over a real corpus folder; a file
added to the folder becomes searchable without a restart, and a deleted one goes (one worker and two)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.model
WORD = "zorblattish"  # a made-up word: no seed document holds it


def search_docs(url: str) -> set[str]:
    try:
        r = httpx.get(url + "/search", params={"q": f"{WORD} ferries", "k": 3}, timeout=60)
    except httpx.TransportError:
        return set()
    if r.status_code != 200:
        return set()
    return {hit["doc"] for hit in r.json()["results"] if WORD in hit["text"]}


def wait_for(check, seconds: float = 180.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if check():
                return True
        except httpx.TransportError:  # not listening yet
            pass
        time.sleep(0.5)
    return False


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_added_while_serving_is_found_without_a_restart(tmp_path, real_index_dir, workers):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "questions.jsonl").unlink(missing_ok=True)
    index_dir = tmp_path / "index"
    shutil.copytree(real_index_dir, index_dir)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "qa", "serve", "--port", "0", "--workers", str(workers), "--watch",
                             "--corpus", str(corpus), "--index-dir", str(index_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stderr.readline()
        while line and "serving" not in line:  # the watcher may speak first (its first update)
            line = proc.stderr.readline()
        m = re.search(r"on (http://127\.0\.0\.1:\d+)", line)
        assert m, f"qa serve did not start: {line}"
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        url = m.group(1)
        assert wait_for(lambda: httpx.get(url + "/health", timeout=60).status_code == 200
                        if proc.poll() is None else True)
        assert search_docs(url) == set()

        note = corpus / "harbour_notes.txt"
        note.write_text(f"The {WORD} ferries leave the north pier every morning at seven. "
                        "Tickets are sold on board.\n", encoding="utf-8")
        assert wait_for(lambda: search_docs(url) == {"harbour_notes.txt"}), "the added file was never found"

        note.unlink()
        assert wait_for(lambda: search_docs(url) == set()), "the deleted file was still found"
        assert proc.poll() is None  # served throughout
    finally:
        proc.terminate()
        proc.wait(60)
