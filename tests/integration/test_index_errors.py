"""A damaged, foreign or missing index is one clear line and exit code 3; the writer lock; cleanup."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading

import pytest

from ..conftest import ROOT, SEEDS, FakeEmbedder, build_fake, open_fake
from qa.errors import ExitCode, IndexInvalidError, IndexLockedError


def assert_one_line_error(code, err, exit_code, *needles):
    assert code == exit_code, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("qa: error: ") and "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def index_copy(fake_index_dir, tmp_path):
    dst = tmp_path / "index"
    shutil.copytree(fake_index_dir, dst)
    return dst


def live(index_dir):
    return index_dir / (index_dir / "CURRENT").read_text().strip()


def reseal(index_dir, change):
    """Edit the manifest as another qa / another model would have written it (checksum valid)."""
    from qa.index.versions import seal

    path = live(index_dir) / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(seal(manifest)))


def ask(run_cli, index_dir, *extra):
    return run_cli("ask", "What did Zarif say about the US?", "--index-dir", str(index_dir),
                   "--corpus", str(index_dir / "no-corpus-here"), *extra)


FIX = "rebuild it with: qa index --rebuild --corpus"


def test_missing_file(index_copy, capsys, run_cli):
    (live(index_copy) / "bm25" / "w_data.npy").unlink()
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX, "index file missing: bm25/w_data.npy", FIX,
                          f"--index-dir {index_copy}")


def test_truncated_file(index_copy, capsys, run_cli):
    path = live(index_copy) / "chunks.npy"
    path.write_bytes(path.read_bytes()[:-40])
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX, "index file corrupt (size differs): chunks.npy", FIX)


@pytest.mark.parametrize("rel", ["dense/vectors.npy", "texts.bin", "docs.jsonl", "bm25/vocab.txt"])
def test_flipped_byte(index_copy, capsys, rel, run_cli):
    path = live(index_copy) / rel
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x5A
    path.write_bytes(bytes(data))
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX, f"index file corrupt (checksum differs): {rel}", FIX)


def test_flipped_byte_in_manifest(index_copy, capsys, run_cli):
    path = live(index_copy) / "manifest.json"
    text = path.read_text()
    at = text.index('"chunks": ') + len('"chunks": ')
    path.write_text(text[:at] + str(int(text[at]) ^ 1) + text[at + 1 :])
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX, "index manifest is corrupt (checksum differs)", FIX)


def test_manifest_not_json(index_copy, capsys, run_cli):
    path = live(index_copy) / "manifest.json"
    path.write_bytes(path.read_bytes()[:100])
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX, "index manifest is corrupt (not valid JSON)")


def test_garbled_or_dangling_pointer(index_copy, capsys, run_cli):
    (index_copy / "CURRENT").write_bytes(b"\xff\xfe../../etc\n")
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX, "index pointer", "is corrupt", "qa index --rebuild")
    (index_copy / "CURRENT").write_text("v-20000101-000000-000000000\n")
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX, "is missing its live version", "qa index --rebuild")


def test_other_format_version(index_copy, capsys, run_cli):
    def future(m):
        m["format_version"] = 99
        m["qa_version"] = "9.0.0"

    reseal(index_copy, future)
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX, "index format version 99 is not 2 (built by qa 9.0.0)", FIX)


def test_not_a_qa_index(index_copy, capsys, run_cli):
    (live(index_copy) / "manifest.json").write_text(json.dumps({"format": "something-else"}))
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX, "is not a qa index")


def test_other_dimension(index_copy, capsys, run_cli):
    def wider(m):
        m["model"]["dim"] = 384

    reseal(index_copy, wider)
    code, _out, err = ask(run_cli, index_copy)
    assert_one_line_error(code, err, ExitCode.INDEX,
                          "index vectors have 256 dimensions but its model 'fake-hash-256' has 384", FIX)


def test_query_encoder_of_other_dimension(fake_index):
    from ..conftest import FakeEmbedder

    class Wider(FakeEmbedder):
        dim = 384

    with pytest.raises(IndexInvalidError, match="has 384 dimensions, the index 256"):
        fake_index.use_embedder(Wider())


def test_other_model_asked_for(index_copy, capsys, run_cli):
    from qa.index.loaded import load_index

    with pytest.raises(IndexInvalidError, match="built with model 'fake-hash-256', not 'all-MiniLM-L6-v2'"):
        load_index(index_copy, model="all-MiniLM-L6-v2")
    code, _out, err = ask(run_cli, index_copy, "--model", "all-MiniLM-L6-v2")
    assert_one_line_error(code, err, ExitCode.INDEX, "index was built with model 'fake-hash-256', not 'all-MiniLM-L6-v2'",
                          "--model all-MiniLM-L6-v2")


def test_no_index(tmp_path, capsys, run_cli):
    missing = tmp_path / "nothing"
    code, _out, err = ask(run_cli, missing)
    assert_one_line_error(code, err, ExitCode.INDEX, f"no index at {missing}", "build it with: qa index")
    code, _out, err = run_cli("docs", "--index-dir", str(missing))
    assert_one_line_error(code, err, ExitCode.INDEX, "no index at")


def test_verify_command(index_copy, capsys, run_cli):
    code, out, _err = run_cli("index", "--verify", "--index-dir", str(index_copy))
    assert code == 0 and "ok (5 documents" in out
    path = live(index_copy) / "sentences.npy"
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    code, _out, err = run_cli("index", "--verify", "--index-dir", str(index_copy))
    assert_one_line_error(code, err, ExitCode.INDEX, "checksum differs): sentences.npy")


# -- the writer lock -------------------------------------------------------------------------

def test_second_writer_fails_clearly(seed_copy, tmp_path, capsys, run_cli):
    from qa.index.versions import lock

    index_dir = tmp_path / "idx"
    held = lock(index_dir, 0)
    try:
        with pytest.raises(IndexLockedError, match="another qa index is writing"):
            build_fake(seed_copy, index_dir, lock_timeout=0)
        code, _out, err = run_cli("index", "--corpus", str(seed_copy), "--index-dir", str(index_dir),
                                  "--wait", "0.2", "-q")
        assert code == ExitCode.INDEX and "Traceback" not in err
        waiting, error = err.strip().splitlines()
        assert waiting == f"qa: another qa index is writing {index_dir}; waiting up to 0.2 s"
        assert_one_line_error(code, error + "\n", ExitCode.INDEX, "another qa index is writing", "(waited 0.2 s)",
                              "--wait SECONDS")
        code, _out, err = run_cli("index", "--corpus", str(seed_copy), "--index-dir", str(index_dir),
                                  "--wait", "0", "-q")
        assert_one_line_error(code, err, ExitCode.INDEX, f"another qa index is writing {index_dir} (wait")
    finally:
        held.release()
    assert not (index_dir / "CURRENT").exists()


def test_second_writer_waits_for_the_first(seed_copy, tmp_path):
    from qa.index.versions import lock

    index_dir = tmp_path / "idx"
    held = lock(index_dir, 0)
    result = {}
    started = threading.Event()

    def second():
        started.set()
        result["report"] = build_fake(seed_copy, index_dir, lock_timeout=120)[0]

    t = threading.Thread(target=second)
    t.start()
    started.wait()
    t.join(0.3)
    assert t.is_alive() and "report" not in result  # blocked on the lock
    held.release()
    t.join(120)
    assert result["report"].documents == 5
    open_fake(index_dir)


def test_lock_is_released_when_a_build_fails(tmp_path):
    from qa.errors import CorpusError
    from qa.index.versions import lock

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CorpusError):
        build_fake(empty, tmp_path / "idx", lock_timeout=0)
    lock(tmp_path / "idx", 0).release()  # free again


def test_a_failed_first_build_leaves_nothing_it_made(tmp_path, run_cli):
    """``qa index`` of a corpus of unreadable files left DIR holding only .lock and .qa-index: the
    folders the build made go again (parents too), and nothing else is touched."""
    c = tmp_path / "c"
    c.mkdir()
    (c / "b.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    code, _out, err = run_cli("index", "--corpus", str(c), "--index-dir", str(tmp_path / "new" / "idx"), "-q")
    assert code == ExitCode.CORPUS and "no readable documents" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


def test_a_failed_first_build_into_an_existing_folder_leaves_it_as_it_was(tmp_path):
    from qa.errors import CorpusError

    empty, index_dir = tmp_path / "empty", tmp_path / "index"
    empty.mkdir()
    index_dir.mkdir()
    (index_dir / ".gitkeep").write_text("keep")
    with pytest.raises(CorpusError):
        build_fake(empty, index_dir)
    assert sorted(p.name for p in index_dir.iterdir()) == [".gitkeep"]


class _Interrupted(FakeEmbedder):
    """Ctrl-C while embedding; ``drop`` is a file someone puts in the index folder meanwhile."""

    def __init__(self, drop=None):
        super().__init__()
        self.drop = drop

    def embed(self, texts):
        if self.drop is not None:
            self.drop.write_text("mine")
        raise KeyboardInterrupt


def test_an_interrupted_first_build_leaves_nothing_and_no_file_of_anyone_else_is_removed(seed_copy, tmp_path):
    index_dir = tmp_path / "idx"
    with pytest.raises(KeyboardInterrupt):
        build_fake(seed_copy, index_dir, embedder=_Interrupted())
    assert not index_dir.exists()
    with pytest.raises(KeyboardInterrupt):
        build_fake(seed_copy, index_dir, embedder=_Interrupted(drop=tmp_path / "idx" / "notes.txt"))
    assert sorted(p.name for p in index_dir.iterdir()) == ["notes.txt"]  # qa's files gone, the user's kept


def test_a_failed_later_build_keeps_the_index(seed_copy, tmp_path):
    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    before = sorted(p.name for p in index_dir.iterdir())
    (seed_copy / "more.txt").write_text("The quorp manual explains the glimmer pump.", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        build_fake(seed_copy, index_dir, embedder=_Interrupted())
    assert sorted(p.name for p in index_dir.iterdir()) == before
    assert len(open_fake(index_dir).docs) == 5


def test_a_writer_waiting_on_a_removed_lock_file_takes_the_lock_anew(tmp_path):
    """A failed first build removes the lock file it made while a second writer waits on it: the
    second must hold the lock a third one sees, not the removed file's."""
    from qa.index.versions import lock

    index_dir = tmp_path / "idx"
    held = lock(index_dir, 0)
    got = {}
    t = threading.Thread(target=lambda: got.setdefault("lock", lock(index_dir, 60)))
    t.start()
    t.join(0.3)
    (index_dir / ".lock").unlink()
    held.release()
    t.join(60)
    try:
        assert (index_dir / ".lock").is_file()
        with pytest.raises(IndexLockedError):
            lock(index_dir, 0)
    finally:
        got["lock"].release()


def test_leftovers_of_killed_builds_are_removed(seed_copy, tmp_path):
    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    live_name = (index_dir / "CURRENT").read_text().strip()
    from qa.index.versions import VERSION_MARKER

    marker = index_dir / live_name / VERSION_MARKER  # what qa writes first into every folder it makes
    (index_dir / ".tmp-1234-5678" / "bm25").mkdir(parents=True)
    (index_dir / ".tmp-1234-5678" / "bm25" / "w_data.npy").write_bytes(b"half written")
    shutil.copy(marker, index_dir / ".tmp-1234-5678" / VERSION_MARKER)
    (index_dir / ".CURRENT.qa-1234").write_text("v-half\n")
    (index_dir / "v-19990101-000000-000000001").mkdir()  # renamed but never named by CURRENT
    shutil.copy(marker, index_dir / "v-19990101-000000-000000001" / VERSION_MARKER)
    open_fake(index_dir)  # leftovers never disturb a reader
    (seed_copy / "more.txt").write_text("Zarif spoke to reporters in Tehran about the talks.", encoding="utf-8")
    build_fake(seed_copy, index_dir)
    names = sorted(p.name for p in index_dir.iterdir())
    assert [n for n in names if n.startswith((".tmp-", ".CURRENT.", "v-"))] == [
        (index_dir / "CURRENT").read_text().strip()
    ]
    assert live_name not in names


def test_a_reader_keeps_its_version_while_a_writer_publishes(seed_copy, tmp_path):
    from qa.search.retrieve import SearchConfig, search

    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    reader = open_fake(index_dir)
    (seed_copy / "more.txt").write_text("Zarif spoke to reporters in Tehran about the talks.", encoding="utf-8")
    build_fake(seed_copy, index_dir)
    hits = search(reader, "Zarif United States", k=3, config=SearchConfig(mode="bm25"))
    assert hits and all(h.chunk.text for h in hits)  # memory-mapped files outlive their folder
    assert len(open_fake(index_dir).docs) == 6


# -- corpus errors ---------------------------------------------------------------------------

def test_missing_corpus_path(tmp_path, capsys, run_cli):
    code, _out, err = run_cli("index", "--corpus", str(tmp_path / "nope"), "--index-dir",
                              str(tmp_path / "idx"), "-q")
    assert_one_line_error(code, err, ExitCode.CORPUS, "corpus path does not exist", "--corpus PATH")


def test_empty_corpus(tmp_path, capsys, run_cli):
    (tmp_path / "c").mkdir()
    code, _out, err = run_cli("index", "--corpus", str(tmp_path / "c"), "--index-dir",
                              str(tmp_path / "idx"), "-q")
    assert_one_line_error(code, err, ExitCode.CORPUS, "no readable documents in")


def test_corpus_of_only_bad_files(tmp_path, capsys, run_cli):
    c = tmp_path / "c"
    c.mkdir()
    (c / "a.txt").write_bytes(b"")
    (c / "b.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    code, _out, err = run_cli("index", "--corpus", str(c), "--index-dir", str(tmp_path / "idx"), "-q")
    assert code == ExitCode.CORPUS
    lines = err.strip().splitlines()
    assert lines == ["qa: warning: skipped a.txt: empty file", "qa: warning: skipped b.txt: binary file",
                     lines[-1]]
    assert lines[-1].startswith("qa: error: no readable documents in")


def test_unsupported_single_file(tmp_path, capsys, run_cli):
    f = tmp_path / "photo.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n")
    code, _out, err = run_cli("index", "--corpus", str(f), "--index-dir", str(tmp_path / "idx"), "-q")
    assert_one_line_error(code, err, ExitCode.CORPUS, "unsupported file type: photo.png")


def test_exit_codes_are_documented(capsys, run_cli):
    code, out, _err = run_cli("--help")
    assert code == 0
    for line in ("0    success", "2    usage error", "3    no index", "4    bad corpus", "5    cluster",
                 "130  interrupted"):
        assert line in out
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 4, 5, 130]
