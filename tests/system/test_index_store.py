"""Issue 17, index parts: qa deletes only what it created, readers keep their version while a
writer publishes, a damaged model.onnx is noticed, environment failures are one line with the
right exit code, index files are never more readable than their sources."""

from __future__ import annotations

import errno
import gzip
import json
import os
import shutil
import stat
import threading

import pytest

from ..conftest import SEEDS, build_fake, open_fake
from ..integration.test_index_errors import assert_one_line_error
from qa.errors import ExitCode, QAError, UsageError

QUESTION = "What did Zarif say about the US?"
NOTE = "Zarif spoke to reporters in Tehran about the talks with the United States."


def _index(run_cli, corpus, index_dir, *extra):
    return run_cli("index", "--corpus", str(corpus), "--index-dir", str(index_dir), "-q", *extra)


def _user_folder(root):
    """A folder of the user's own with names that look like qa's."""
    (root / "v-2024-archive").mkdir(parents=True)
    (root / "v-2024-archive" / "letter.txt").write_text("Dear Sam, the archive of 2024.", encoding="utf-8")
    (root / ".tmp-drafts").mkdir()
    (root / ".tmp-drafts" / "draft.txt").write_text("A draft.", encoding="utf-8")
    (root / ".CURRENT.bak").write_text("my notes\n", encoding="utf-8")
    (root / ".CURRENT.1234").write_text("v-2024-archive\n", encoding="utf-8")
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def _tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


# -- 1. qa deletes only folders it created -----------------------------------------------------

def test_building_into_a_user_folder_is_refused_and_nothing_is_touched(seed_copy, tmp_path, capsys, run_cli):
    proj = tmp_path / "proj"
    before = _user_folder(proj)
    code, _out, err = _index(run_cli, seed_copy, proj)
    assert_one_line_error(code, err, ExitCode.USAGE, "not a qa index", str(proj))
    assert _tree(proj) == before  # no .lock, no marker, nothing removed


def test_corpus_inside_the_index_folder_is_refused(seed_copy, tmp_path, capsys, run_cli):
    proj = tmp_path / "proj"
    build_fake(seed_copy, proj)
    docs = proj / "v-docs"
    shutil.copytree(SEEDS, docs, ignore=shutil.ignore_patterns("questions.jsonl"))
    code, _out, err = _index(run_cli, docs, proj)
    assert_one_line_error(code, err, ExitCode.USAGE, "inside the index folder")
    assert sorted(p.name for p in docs.iterdir()) == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_index_folder_inside_the_corpus_is_refused(seed_copy, capsys, run_cli):
    code, _out, err = _index(run_cli, seed_copy, seed_copy / "index")
    assert_one_line_error(code, err, ExitCode.USAGE, "inside the corpus")
    assert not (seed_copy / "index").exists()


def test_user_folders_beside_a_qa_index_survive_builds(seed_copy, tmp_path):
    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    mine = _user_folder(index_dir / "mine")
    for name in ("v-2024-archive", ".tmp-drafts", ".CURRENT.bak", ".CURRENT.1234"):
        os.rename(index_dir / "mine" / name, index_dir / name)
    (seed_copy / "more.txt").write_text(NOTE, encoding="utf-8")
    build_fake(seed_copy, index_dir)
    build_fake(seed_copy, index_dir, rebuild=True)
    assert (index_dir / "v-2024-archive" / "letter.txt").read_text(encoding="utf-8").startswith("Dear Sam")
    assert (index_dir / ".tmp-drafts" / "draft.txt").exists()
    assert (index_dir / ".CURRENT.bak").read_text(encoding="utf-8") == "my notes\n"
    assert (index_dir / ".CURRENT.1234").exists()
    assert len(mine) == 6
    assert len(open_fake(index_dir).docs) == 6


def test_leftovers_qa_made_are_still_removed(seed_copy, tmp_path):
    from qa.index.versions import new_build_dir

    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    killed = new_build_dir(index_dir)  # a build killed while saving
    (killed / "texts.bin").write_bytes(b"half")
    first = (index_dir / "CURRENT").read_text().strip()
    (seed_copy / "more.txt").write_text(NOTE, encoding="utf-8")
    build_fake(seed_copy, index_dir)
    names = [p.name for p in index_dir.iterdir() if p.name.startswith(("v-", ".tmp-", ".CURRENT."))]
    assert names == [(index_dir / "CURRENT").read_text().strip()] and first not in names


def test_an_index_built_by_the_previous_qa_is_recognised(seed_copy, tmp_path):
    """Indexes written before the markers existed: their CURRENT and manifests are qa's."""
    from qa.index.versions import INDEX_MARKER, VERSION_MARKER

    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    old = (index_dir / "CURRENT").read_text().strip()
    for marker in [index_dir / INDEX_MARKER, *index_dir.glob(f"*/{VERSION_MARKER}")]:
        marker.unlink()
    (seed_copy / "more.txt").write_text(NOTE, encoding="utf-8")
    report, _ = build_fake(seed_copy, index_dir)
    assert report.added == 1 and not (index_dir / old).exists()


# -- 4. a reader keeps its version while a writer publishes -------------------------------------

@pytest.fixture
def real_copy(real_index_dir, tmp_path):
    dst = tmp_path / "idx"
    shutil.copytree(real_index_dir, dst, ignore=shutil.ignore_patterns(".lock"))
    return dst


@pytest.mark.model
def test_a_reader_opened_before_a_publish_still_encodes_questions(real_copy, seed_copy):
    from qa.index.build import build_index
    from qa.index.loaded import load_index
    from qa.search.retrieve import SearchConfig, search

    reader = load_index(real_copy)
    (seed_copy / "more.txt").write_text(NOTE, encoding="utf-8")
    build_index(seed_copy, real_copy)  # publishes a new version, drops the old one when free
    assert type(reader.query_embedder()).__name__ == "OnnxEmbedder"  # its own, not a torch fallback
    hits = search(reader, QUESTION, k=3, config=SearchConfig(mode="dense"))
    assert hits and all(h.chunk.text for h in hits)


@pytest.mark.model
def test_asks_never_fail_while_rebuilds_publish(real_copy, seed_copy):
    from qa.index.build import build_index
    from qa.index.loaded import load_index
    from qa.search.retrieve import SearchConfig, search

    stop, published, errors = threading.Event(), [], []

    def rebuild_loop():
        n = 0
        while not stop.is_set():
            n += 1
            (seed_copy / "changing.txt").write_text(f"{NOTE} Round {n} of the talks.", encoding="utf-8")
            try:
                build_index(seed_copy, real_copy, lock_timeout=0)
                published.append(n)
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
                return

    writer = threading.Thread(target=rebuild_loop, daemon=True)
    writer.start()
    failures = []
    try:
        for i in range(30):
            try:
                idx = load_index(real_copy)
                if i % 5 == 0:  # every fifth reader answers only after a newer version is published
                    seen = len(published)
                    while len(published) == seen and not errors and writer.is_alive():
                        stop.wait(0.05)
                hits = search(idx, QUESTION, k=3, config=SearchConfig(mode="hybrid"))
                assert hits
            except QAError as exc:
                failures.append(f"{exc.__class__.__name__}: {exc}")
    finally:
        stop.set()
        writer.join(300)
    assert not errors, errors
    assert failures == [] and len(published) >= 2


# -- 5. a damaged model.onnx is noticed before it answers ---------------------------------------

# the graph (model.onnx) and, since session 9, its weights (model.onnx.data, 90 MB: trusted by size
# and time on load, hashed when the time differs)
MODEL_FILES = ("model.onnx", "model.onnx.data")


def _damage_onnx(index_dir, how, name="model.onnx"):
    path = index_dir / (index_dir / "CURRENT").read_text().strip() / "onnx" / name
    data = bytearray(path.read_bytes())
    if how == "flip":  # one weight changed in place (same size)
        mid = len(data) // 2
        data[mid:mid + 4] = bytes(b ^ 0x80 for b in data[mid:mid + 4])
    else:  # random bytes of the same size
        data = bytearray(os.urandom(len(data)))
    os.unlink(path)  # the file is hard-linked with the export cache: break the link first
    path.write_bytes(bytes(data))
    return path


@pytest.mark.model
@pytest.mark.parametrize("name", MODEL_FILES)
@pytest.mark.parametrize("how", ["flip", "random"])
def test_damaged_model_onnx_is_an_index_error(real_copy, capsys, how, name, run_cli):
    _damage_onnx(real_copy, how, name)
    code, out, err = run_cli("ask", QUESTION, "--index-dir", str(real_copy),
                             "--corpus", str(real_copy / "no-corpus"))
    assert_one_line_error(code, err, ExitCode.INDEX, f"onnx/{name}")
    assert out == ""


@pytest.mark.model
@pytest.mark.parametrize("name", MODEL_FILES)
def test_damage_with_its_time_restored_is_found_by_verify(real_copy, capsys, name, run_cli):
    version = real_copy / (real_copy / "CURRENT").read_text().strip()
    st = (version / "onnx" / name).stat()
    path = _damage_onnx(real_copy, "flip", name)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    code, _out, err = _index(run_cli, SEEDS, real_copy, "--verify")
    assert_one_line_error(code, err, ExitCode.INDEX, "checksum differs", f"onnx/{name}")


# -- 9. environment failures while building ------------------------------------------------------

def _docs(index_dir):
    return [m.id for m in open_fake(index_dir).docs.meta]


@pytest.mark.parametrize("err_no, words", [(errno.ENOSPC, "No space left"), (errno.EROFS, "Read-only")])
def test_full_or_read_only_disk_while_building(seed_copy, tmp_path, capsys, monkeypatch, err_no, words):
    import numpy as np

    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    before = _docs(index_dir)
    (seed_copy / "more.txt").write_text(NOTE, encoding="utf-8")
    real_save = np.save

    def failing_save(path, *a, **kw):
        if str(path).endswith("vectors.npy"):
            raise OSError(err_no, os.strerror(err_no), str(path))
        return real_save(path, *a, **kw)

    monkeypatch.setattr(np, "save", failing_save)
    with pytest.raises(QAError) as info:
        build_fake(seed_copy, index_dir)
    assert info.value.exit_code == ExitCode.INDEX and words in str(info.value) and "\n" not in str(info.value)
    monkeypatch.undo()
    assert _docs(index_dir) == before
    assert not list(index_dir.glob(".tmp-*"))


def test_read_only_index_folder(seed_copy, tmp_path, monkeypatch):
    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    before = _docs(index_dir)
    (seed_copy / "more.txt").write_text(NOTE, encoding="utf-8")
    os.chmod(index_dir, 0o555)
    try:
        if os.geteuid() == 0:  # root writes anyway: make mkdir fail the way a read-only folder does
            real_mkdir = os.mkdir

            def ro_mkdir(path, *a, **kw):
                if str(path).startswith(str(index_dir)):
                    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
                return real_mkdir(path, *a, **kw)

            monkeypatch.setattr(os, "mkdir", ro_mkdir)
        with pytest.raises(QAError) as info:
            build_fake(seed_copy, index_dir)
    finally:
        monkeypatch.undo()
        os.chmod(index_dir, 0o755)
    assert info.value.exit_code == ExitCode.INDEX
    assert "Permission denied" in str(info.value) and str(index_dir) in str(info.value)
    assert _docs(index_dir) == before


def test_index_dir_under_a_file(seed_copy, tmp_path, capsys, run_cli):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, _out, err = _index(run_cli, seed_copy, tmp_path / "afile" / "sub")
    assert_one_line_error(code, err, ExitCode.USAGE, "afile/sub")


def _modes(root):
    return {p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*")}


@pytest.mark.model
def test_index_files_have_ordinary_permissions(real_index_dir):
    umask = os.umask(0)
    os.umask(umask)
    version = real_index_dir / (real_index_dir / "CURRENT").read_text().strip()
    modes = _modes(version)
    assert "onnx" in modes and "onnx/model.onnx" in modes and "onnx/model.onnx.data" in modes
    for rel, mode in modes.items():
        want = (0o777 if (version / rel).is_dir() else 0o666) & ~umask
        assert mode == want, (rel, oct(mode))


def test_index_files_are_never_wider_than_their_sources(seed_copy, tmp_path):
    os.chmod(seed_copy / next(p.name for p in seed_copy.glob("*.txt")), 0o600)
    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    version = index_dir / (index_dir / "CURRENT").read_text().strip()
    modes = _modes(version)
    assert modes["texts.bin"] & 0o077 == 0 and modes["bm25"] & 0o077 == 0
    assert all(mode & 0o077 == 0 for mode in modes.values())
    assert stat.S_IMODE(version.stat().st_mode) & 0o077 == 0
    assert len(open_fake(index_dir).docs) == 5


# -- 10. a missing corpus, a truncated corpus.jsonl.gz --------------------------------------------

def test_missing_corpus_creates_nothing(tmp_path, capsys, run_cli):
    code, _out, err = _index(run_cli, tmp_path / "nope", tmp_path / "idx")
    assert_one_line_error(code, err, ExitCode.CORPUS, "corpus path does not exist")
    assert not (tmp_path / "idx").exists()


def _truncated_gz(path, rows, keep):
    body = "".join(json.dumps({"_id": f"d{i}", "title": "", "text": f"Document {i} says the river flooded."
                               * 30}) + "\n" for i in range(rows))
    data = gzip.compress(body.encode())
    path.write_bytes(data[:keep] if keep > 0 else data[:len(data) + keep])


def test_truncated_jsonl_gz_says_why(tmp_path, capsys, run_cli):
    corpus = tmp_path / "corpus.jsonl.gz"
    _truncated_gz(corpus, 50, 40)
    code, _out, err = _index(run_cli, corpus, tmp_path / "idx")
    assert code == ExitCode.CORPUS
    last = err.strip().splitlines()[-1]
    assert last.startswith("qa: error: no readable documents") and "corpus.jsonl.gz: truncated gzip stream" in last


def test_truncated_jsonl_gz_keeps_what_was_read(tmp_path):
    from qa.corpus.readers import load_corpus

    corpus = tmp_path / "corpus.jsonl.gz"
    _truncated_gz(corpus, 400, -200)
    skipped = []
    docs = list(load_corpus(corpus, lambda s: skipped.append((s.path, s.reason))))
    assert docs and len(docs) < 400
    assert skipped == [("corpus.jsonl.gz", f"truncated gzip stream (after {len(docs)} documents)")]


def test_refusals_are_library_errors(seed_copy, tmp_path):
    proj = tmp_path / "proj"
    _user_folder(proj)
    with pytest.raises(UsageError):
        build_fake(seed_copy, proj)
    from qa.index.loaded import load_index

    with pytest.raises(QAError) as info:
        load_index(proj)  # reading is harmless, and says there is no index
    assert info.value.exit_code == ExitCode.INDEX


def test_a_folder_holding_only_a_placeholder_is_built_into(seed_copy, tmp_path):
    """A fresh clone's index/ holds only .gitkeep: the README's first command must build there."""
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    (index_dir / ".gitkeep").write_text("")
    report, _ = build_fake(seed_copy, index_dir)
    assert report.documents == 5 and (index_dir / ".gitkeep").exists()
