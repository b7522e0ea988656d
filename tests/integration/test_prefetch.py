"""The question encoder prefetched while a one-shot command starts: used when it fits, never in the way."""

from __future__ import annotations

import pytest

from qa.index import prefetch
from qa.index.prefetch import prefetch_query_encoder, take


@pytest.fixture(autouse=True)
def _no_pending_from_other_tests(monkeypatch):
    """An in-process ``qa ask`` of another test whose index failed to open leaves its prefetch untaken
    (one process, one ask, in real use): these tests start from none."""
    monkeypatch.setattr(prefetch, "_pending", {})


def test_nothing_to_prefetch_without_an_index_or_an_onnx_encoder(tmp_path, fake_index_dir):
    prefetch_query_encoder(tmp_path / "missing")
    prefetch_query_encoder(tmp_path)  # a folder, but no index
    prefetch_query_encoder(fake_index_dir)  # built with a fake embedder: no onnx/
    assert not prefetch._pending
    assert take(tmp_path / "onnx", 2, "m") is None


def test_a_failed_prefetch_leaves_the_index_to_make_its_own(tmp_path, fake_index_dir, monkeypatch):
    import shutil

    index_dir = tmp_path / "idx"
    shutil.copytree(fake_index_dir, index_dir)
    version = index_dir / (index_dir / "CURRENT").read_text().strip()
    (version / "onnx").mkdir()
    (version / "onnx" / "onnx_config.json").write_text("{}")  # no model file: OnnxEmbedder fails
    prefetch_query_encoder(index_dir)
    assert take(version / "onnx", 2, "m") is None  # waited for, failed quietly
    assert not prefetch._pending


def test_a_prefetch_nobody_took_is_waited_for_at_exit(tmp_path, fake_index_dir, monkeypatch):
    """``qa ask ""`` fails before it opens the index: the process must not tear down while the
    session is still being created on the prefetch thread (onnxruntime then aborts, exit 134)."""
    import atexit
    import shutil
    import threading

    import qa.embedding

    index_dir = tmp_path / "idx"
    shutil.copytree(fake_index_dir, index_dir)
    version = index_dir / (index_dir / "CURRENT").read_text().strip()
    (version / "onnx").mkdir()
    (version / "onnx" / "onnx_config.json").write_text("{}")
    release, made = threading.Event(), []

    class SlowEmbedder:
        def __init__(self, *args, **kwargs):
            release.wait(5)
            made.append(self)

    monkeypatch.setattr(qa.embedding, "OnnxEmbedder", SlowEmbedder)
    registered = []
    monkeypatch.setattr(atexit, "register", registered.append)
    monkeypatch.setattr(prefetch, "_exit_handler", [])
    prefetch_query_encoder(index_dir)
    assert registered == [prefetch.wait_for_untaken]
    threading.Timer(0.2, release.set).start()
    prefetch.wait_for_untaken()  # what the exit handler does: returns only once the session exists
    assert made and not prefetch._pending
