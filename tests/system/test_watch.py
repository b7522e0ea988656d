"""``qa.index.watch`` with the real file watcher and the fake embedder: batches, publishes, swaps."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from qa.index.watch import Relevant, Update, WatchThread, describe_update, watch_index

from ..conftest import SEEDS, FakeEmbedder, open_fake

QUIET = 1.0  # settle time for these tests: generous, so a slow machine cannot split one burst in two


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for src in sorted(SEEDS.glob("*.txt")):
        shutil.copy(src, corpus / src.name)
    return corpus


class Recorder:
    """The updates a watcher reports, and a build that counts how often it ran."""

    def __init__(self, corpus: Path, index_dir: Path):
        from qa.index.build import build_index

        self.updates: list[Update] = []
        self.builds = 0
        self.embedder = FakeEmbedder()
        self._cv = threading.Condition()

        def build():
            self.builds += 1
            return build_index(corpus, index_dir, embedder=self.embedder, export_onnx=False)

        self.build = build

    def __call__(self, update: Update) -> None:
        with self._cv:
            self.updates.append(update)
            self._cv.notify_all()

    def wait_for(self, n: int, timeout: float = 60.0) -> list[Update]:
        end = time.monotonic() + timeout
        with self._cv:
            while len(self.updates) < n:
                left = end - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"only {len(self.updates)} of {n} updates: {self.updates}")
                self._cv.wait(left)
            return list(self.updates)

    @property
    def published(self) -> int:
        return sum(u.published for u in self.updates)


@pytest.fixture
def watching(tmp_path):
    corpus, index_dir = _corpus(tmp_path), tmp_path / "index"
    rec = Recorder(corpus, index_dir)
    thread = WatchThread(corpus, index_dir, rec, build=rec.build, settle_ms=int(QUIET * 1000),
                         max_wait_ms=int(QUIET * 4000))
    assert thread.ready.wait(60)
    rec.wait_for(1)
    yield corpus, index_dir, rec
    thread.close()


def test_a_hundred_files_at_once_make_one_rebuild(watching):
    corpus, index_dir, rec = watching
    assert rec.updates[0].published and rec.builds == 1  # the first build, when watching starts
    for i in range(100):
        (corpus / f"note_{i:03d}.txt").write_text(f"Harbour note {i}: the ferry to Skellig left at {i} past six.\n",
                                                 encoding="utf-8")
    [_, update] = rec.wait_for(2)
    time.sleep(3 * QUIET)  # any second rebuild would have started by now
    assert rec.builds == 2 and rec.published == 2 and len(rec.updates) == 2
    assert update.changes == 100 and update.report.added == 100 and update.report.documents == 105
    assert "100 changes" in describe_update(update) and "100 added" in describe_update(update)


def test_changed_moved_and_deleted_files_are_kept_current(watching):
    corpus, index_dir, rec = watching
    target = sorted(corpus.glob("*.txt"))[0]
    target.write_text("The lighthouse keeper Mara Quill counted forty ships.\n", encoding="utf-8")
    u = rec.wait_for(2)[-1]
    assert u.report.changed == 1 and u.report.added == 0
    idx = open_fake(index_dir)
    assert "forty ships" in idx.doc_text(idx.docs.position[target.name])

    (corpus / "sub").mkdir()
    target.rename(corpus / "sub" / "moved.txt")
    u = rec.wait_for(3)[-1]
    assert (u.report.added, u.report.removed) == (1, 1)
    assert "sub/moved.txt" in open_fake(index_dir).docs.position

    shutil.rmtree(corpus / "sub")  # a folder deleted: its path alone says nothing of what it held
    u = rec.wait_for(4)[-1]
    assert u.report.removed == 1 and "sub/moved.txt" not in open_fake(index_dir).docs.position


def test_noise_is_ignored_and_a_failed_build_is_reported_then_recovered(watching):
    corpus, index_dir, rec = watching
    (corpus / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (corpus / "draft.txt~").write_text("backup", encoding="utf-8")
    (corpus / "photo.png").write_bytes(b"\x89PNG")
    time.sleep(3 * QUIET)
    assert len(rec.updates) == 1  # nothing that could change the index: no build at all
    for f in corpus.glob("*.txt"):
        f.unlink()
    u = rec.wait_for(2)[-1]
    assert u.error and "no readable documents" in u.error and "not updated" in describe_update(u)
    assert len(open_fake(index_dir).docs) == 5  # the last good version stays live
    (corpus / "back.txt").write_text("The ferry runs again on Sunday.\n", encoding="utf-8")
    u = rec.wait_for(3)[-1]
    assert u.published and u.report.documents == 1


def test_a_server_holder_swaps_in_the_watched_version(watching):
    from qa.serve.holder import IndexHolder

    corpus, index_dir, rec = watching
    holder = IndexHolder(index_dir, embedder=FakeEmbedder())
    before = holder.version
    (corpus / "ferry.txt").write_text("The Skellig ferry now leaves at dawn.\n", encoding="utf-8")
    rec.wait_for(2)
    holder.wait(30)
    assert holder.version != before and "ferry.txt" in holder.current().docs.position


def test_relevant_filter(tmp_path):
    from watchfiles import Change

    corpus = tmp_path / "c"
    (corpus / "index").mkdir(parents=True)
    (corpus / "folder").mkdir()
    keep = Relevant(corpus, corpus / "index")
    c = str(corpus)
    assert keep(Change.added, f"{c}/a.md") and keep(Change.modified, f"{c}/deck.pptx")
    assert keep(Change.added, f"{c}/folder") and keep(Change.deleted, f"{c}/gone")
    assert not keep(Change.added, f"{c}/photo.png")
    assert not keep(Change.added, f"{c}/.git/HEAD") and not keep(Change.deleted, f"{c}/.a.txt.swp")
    assert not keep(Change.deleted, f"{c}/a.txt~") and not keep(Change.added, f"{c}/index/CURRENT")


def test_batches_queued_during_a_build_make_one_build(tmp_path):
    """Three batches arriving while a build runs are joined into the next build."""
    from watchfiles import Change

    corpus = tmp_path / "c"
    corpus.mkdir()
    gate, builds, updates = threading.Event(), [], []

    def build():
        builds.append(1)
        gate.wait(10)
        raise RuntimeError("stop here")  # reported as an error; watching goes on

    def batches():
        for name in ("a", "b", "c"):
            yield {(Change.added, str(corpus / f"{name}.txt"))}
        time.sleep(0.5)
        gate.set()

    watch_index(corpus, tmp_path / "index", updates.append, build=build, batches=batches(), initial=True)
    assert len(builds) == 2 and [u.changes for u in updates] == [0, 3]
    assert updates[-1].error == "RuntimeError: stop here"
