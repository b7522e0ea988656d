"""The fast paths: a one-shot ``qa ask`` without torch, ONNX rankings equal to sentence-transformers',
the sentence-transformers fallback, and builds that reuse a cached ONNX export."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from ..conftest import ROOT, SEEDS, ZARIF_QUOTE

# rich: progress bars and the human-readable answer only, never `qa ask --json` or `--help`
HEAVY = ("torch", "sentence_transformers", "transformers", "scipy", "faiss", "textual", "pysbd", "rich", "sklearn",
         "pandas")
QUERY_SIDE = ("numpy", "onnxruntime", "tokenizers")  # what a one-shot ask does need
# what reads and chunks a corpus: answering from an index never needs it (issue 30: ~75 ms of a cold ask)
CORPUS_SIDE = ("qa.corpus.readers", "qa.corpus.chunking", "qa.corpus.formats", "qa.corpus.sentence_splitter")

# Runs the real entry point, then reports which heavy modules were imported (main() exits).
PROBE = """
import json, sys
from qa.cli import main
try:
    main(sys.argv[1:])
finally:
    heavy = sorted(m for m in {heavy!r} if m in sys.modules)
    sys.stderr.write("HEAVY " + json.dumps(heavy) + "\\n")
""".format(heavy=HEAVY + QUERY_SIDE + CORPUS_SIDE)


def probe(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=600)
    lines = res.stderr.splitlines()
    marker = [ln for ln in lines if ln.startswith("HEAVY ")]
    assert marker, res.stderr
    return res, json.loads(marker[-1][6:]), [ln for ln in lines if not ln.startswith("HEAVY ")]


def test_help_imports_nothing_heavy():
    res, heavy, _ = probe("--help")
    assert res.returncode == 0 and "ask" in res.stdout
    assert heavy == []  # not even numpy


@pytest.mark.model
def test_ask_with_onnx_encoder_never_imports_torch(real_index_dir):
    res, heavy, notices = probe("ask", "--json", "--index-dir", str(real_index_dir), "What did Zarif say about the US?")
    assert res.returncode == 0, res.stderr
    assert ZARIF_QUOTE in json.loads(res.stdout)["citations"][0]["text"]
    # no torch / transformers / sentence-transformers, no faiss or scipy for 71 chunks, no corpus readers
    assert heavy == sorted(QUERY_SIDE)
    assert notices == []


def test_the_probe_sees_the_corpus_readers_when_a_command_uses_them(fake_index_dir, tmp_path):
    """``qa docs`` names each document's format as the index stores it (``DocMeta.format``): no
    reader's table is loaded.  An index written before formats were stored has them from the names
    (``format_of``, beside the readers): the probe above, which finds none in ``qa ask``, does see
    them where they are imported."""
    from ..integration.test_read_format_index import as_before_formats

    res, heavy, _ = probe("docs", "--index-dir", str(fake_index_dir))
    assert res.returncode == 0, res.stderr
    assert not set(heavy) & set(CORPUS_SIDE), heavy
    old = tmp_path / "old"
    shutil.copytree(fake_index_dir, old)
    as_before_formats(old)
    res, heavy, _ = probe("docs", "--index-dir", str(old))
    assert res.returncode == 0, res.stderr
    assert "qa.corpus.formats" in heavy and res.stdout.splitlines()[0].split("\t")[2] == "text"


def _questions() -> list[str]:
    rows = [json.loads(line) for line in (SEEDS / "questions.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [r["question"] for r in rows]


@pytest.mark.model
def test_seed_rankings_equal_between_onnx_and_sentence_transformers(real_index):
    from qa.embedding.torch_encoder import SentenceTransformerEmbedder
    from qa.search.retrieve import SearchConfig, search

    questions = _questions()
    assert len(questions) >= 10
    onnx = real_index.query_embedder()
    assert type(onnx).__name__ == "OnnxEmbedder"
    st = SentenceTransformerEmbedder()
    a, b = onnx.embed(questions), st.embed(questions)
    assert float((a * b).sum(axis=1).min()) >= 0.9999
    for q, va, vb in zip(questions, a, b):
        for mode in ("dense", "hybrid"):
            cfg = SearchConfig(mode=mode)
            got = [h.passage_no for h in search(real_index, q, k=10, config=cfg, qvec=va)]
            want = [h.passage_no for h in search(real_index, q, k=10, config=cfg, qvec=vb)]
            assert got == want, (mode, q)


def _strip_onnx(src, dst):
    """A copy of an index whose live version has no ONNX export (manifest re-sealed)."""
    from qa.index.versions import read_manifest, write_manifest

    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".onnx-cache", ".lock"))
    version, manifest = read_manifest(dst)
    shutil.rmtree(version / "onnx")
    manifest = {k: v for k, v in manifest.items() if k not in ("files", "manifest_sha256")}
    manifest["model"] = {**manifest["model"], "onnx": False}
    write_manifest(version, manifest)
    return dst


@pytest.mark.model
def test_index_without_onnx_answers_with_one_notice(real_index_dir, tmp_path):
    idx = _strip_onnx(real_index_dir, tmp_path / "idx")
    res, heavy, notices = probe("ask", "--json", "--index-dir", str(idx), "What did Zarif say about the US?")
    assert res.returncode == 0, res.stderr
    assert ZARIF_QUOTE in json.loads(res.stdout)["citations"][0]["text"]
    assert "sentence_transformers" in heavy
    assert len(notices) == 1 and "sentence-transformers" in notices[0], notices


@pytest.mark.model
def test_build_falls_back_to_sentence_transformers_when_export_fails(seed_copy, tmp_path, monkeypatch, caplog):
    import qa.embedding.onnx_export
    from qa.index.build import build_index
    from qa.index.loaded import load_index

    def broken(*_a, **_k):
        raise qa.embedding.onnx_export.ExportError("no exporter here")

    monkeypatch.setattr(qa.embedding.onnx_export, "export_onnx", broken)
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "empty-cache"))  # no export cached by earlier tests
    with caplog.at_level(logging.WARNING, logger="qa"):
        report = build_index(seed_copy, tmp_path / "idx")
    assert report.onnx is False and report.chunks > 0
    warnings = [r.getMessage() for r in caplog.records if "ONNX" in r.getMessage()]
    assert len(warnings) == 1 and "no exporter here" in warnings[0]
    idx = load_index(tmp_path / "idx")
    assert not (idx.version / "onnx").exists() and idx.manifest["model"]["onnx"] is False
    with caplog.at_level(logging.WARNING, logger="qa"):
        assert type(idx.query_embedder()).__name__ == "SentenceTransformerEmbedder"


@pytest.mark.model
def test_build_with_cached_export_needs_no_torch(real_index_dir, real_index, tmp_path):
    """The export is cached once per user (QA_CACHE_DIR here, else the platform's user cache dir),
    not per index folder: a build into a new folder encodes passages without torch."""
    from qa.embedding.onnx_export import cache_root

    cache = cache_root()
    assert [p.name for p in cache.iterdir()] and all((p / "onnx_config.json").exists() for p in cache.iterdir())
    assert not (real_index_dir / ".onnx-cache").exists()
    target = tmp_path / "idx"
    target.mkdir()
    code = ("import sys; from qa.index.build import build_index\n"
            f"r = build_index({str(SEEDS)!r}, {str(target)!r})\n"
            "print(r.onnx, r.embedded, sorted(m for m in ('torch', 'sentence_transformers', 'transformers') "
            "if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["True", str(real_index.n_chunks), "[]"]
    from qa.index.loaded import load_index

    new = load_index(target)
    assert new.manifest["model"]["passages"] == "int8" and not (target / ".onnx-cache").exists()
    for name in ("model.onnx", "model.int8.onnx"):  # hard links of the one export, not copies
        linked = [(p / name).stat().st_ino for p in cache.iterdir()]
        assert (new.version / "onnx" / name).stat().st_ino in linked
    a = np.asarray(new.vectors, dtype=np.float32)
    b = np.asarray(real_index.vectors, dtype=np.float32)
    assert a.shape == b.shape and np.array_equal(a, b)  # int8, one passage per run: the same vectors


def _weights_inside(index_dir):
    """The live version's query encoder as exports before session 9 wrote it: the weights inside
    model.onnx (manifest re-sealed)."""
    import onnx

    from qa.index.versions import read_manifest, write_manifest

    from qa.embedding.onnx_weights import loadable_model

    version, manifest = read_manifest(index_dir)
    onnx_dir = version / "onnx"
    with loadable_model(onnx_dir) as model:  # the weights file is linked from the export cache
        graph = onnx.load(str(model))  # reads model.onnx.data in
    (onnx_dir / "model.onnx").unlink()  # a hard link to the export cache: never written through
    onnx.save_model(graph, str(onnx_dir / "model.onnx"))
    (onnx_dir / "model.onnx.data").unlink()
    write_manifest(version, {k: v for k, v in manifest.items() if k not in ("files", "manifest_sha256")})
    return onnx_dir


@pytest.mark.model
def test_an_older_exports_copy_gets_its_weights_apart_at_the_next_build(seed_copy, tmp_path):
    """onnxruntime maps a model's weights kept apart (model.onnx.data) instead of parsing them: a cold
    ``qa ask`` creates its session in ~40% of the time.  An index built before keeps its export's
    copy, weights inside, until its next build, which moves them apart in the new version only;
    questions are encoded bit-identically either way."""
    from qa.embedding import has_external_weights
    from qa.index.build import build_index
    from qa.index.loaded import load_index

    idx = tmp_path / "idx"
    build_index(seed_copy, idx)
    first = load_index(idx)
    assert has_external_weights(first.version / "onnx")  # a new export's, or the cache converted
    old_dir = _weights_inside(idx)
    old = load_index(idx)
    assert not has_external_weights(old.version / "onnx")
    questions = _questions()[:8]
    want = old.query_embedder().embed(questions)
    old_model = (old_dir / "model.onnx").read_bytes()

    (seed_copy / "extra.txt").write_text("The river rose by two metres overnight, the mayor said.\n", encoding="utf-8")
    build_index(seed_copy, idx)
    new = load_index(idx)
    assert new.version != old.version and has_external_weights(new.version / "onnx")
    assert (new.version / "onnx" / "model.onnx").stat().st_size < 1 << 20  # the graph only
    assert np.array_equal(new.query_embedder().embed(questions), want)
    if old_dir.exists():  # a published version is never changed (an open one is kept until released)
        assert (old_dir / "model.onnx").read_bytes() == old_model
    res, _heavy, notices = probe("ask", "--json", "--index-dir", str(idx), "What did Zarif say about the US?")
    assert res.returncode == 0 and notices == [], res.stderr
    assert ZARIF_QUOTE in json.loads(res.stdout)["citations"][0]["text"]


TEARDOWN_PROBE = """
import atexit, sys
class Teardown:
    def __del__(self):
        sys.stderr.write("interpreter teardown\\n")
keep = Teardown()  # deleted when the interpreter tears its modules down
atexit.register(lambda: sys.stderr.write("exit handler ran\\n"))
from qa.cli import main
main()
"""


@pytest.mark.model
def test_a_command_line_ask_skips_the_teardown_but_runs_the_exit_handlers(real_index_dir, tmp_path):
    """A finished command-line ``qa ask`` ends its process at once (``qa.cli._end_process``: no module
    teardown or last garbage collections, 40-60 ms of a cold ask): its output still whole, its exit
    handlers run, its conversation file written; another command exits as usual."""
    history = tmp_path / "chat.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-c", TEARDOWN_PROBE, "ask", "--json", "--index-dir",
                          str(real_index_dir), "--continue", str(history), "What did Zarif say about the US?"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert res.returncode == 0, res.stderr
    assert ZARIF_QUOTE in json.loads(res.stdout)["citations"][0]["text"]  # flushed whole
    assert json.loads(history.read_text(encoding="utf-8"))["questions"] == ["What did Zarif say about the US?"]
    assert "exit handler ran" in res.stderr and "interpreter teardown" not in res.stderr
    docs = subprocess.run([sys.executable, "-c", TEARDOWN_PROBE, "docs", "--index-dir", str(real_index_dir)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert docs.returncode == 0 and "exit handler ran" in docs.stderr and "interpreter teardown" in docs.stderr
