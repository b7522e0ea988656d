"""Shared fixtures: a deterministic fake embedder for fast tests, and indexes of the seeds."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ZARIF_QUOTE = "We have not invited them, and we are against their presence"


class FakeEmbedder:
    """Hashed bag of stemmed words (signed feature hashing), L2-normalised. Deterministic."""

    name = "fake-hash-256"
    dim = 256

    def __init__(self):
        self.calls = 0
        self.texts_embedded = 0

    def embed(self, texts):
        from qa.search.tokenize import tokenize

        self.calls += 1
        self.texts_embedded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for tok in tokenize(text):
                h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
                out[i, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
            norm = np.linalg.norm(out[i])
            if norm > 0:
                out[i] /= norm
            else:
                out[i, 0] = 1.0
        return out


@pytest.fixture
def fake_embedder():
    return FakeEmbedder()


def build_fake(corpus, index_dir, **kw):
    from qa.index.build import build_index

    emb = kw.pop("embedder", None) or FakeEmbedder()
    report = build_index(corpus, index_dir, embedder=emb, export_onnx=False, **kw)
    return report, emb


def open_fake(index_dir):
    from qa.index.loaded import load_index

    idx = load_index(index_dir)
    idx.use_embedder(FakeEmbedder())
    return idx


class StaticHolder:
    """What ``qa serve``'s apps read the index through (``current()``), holding one index."""

    def __init__(self, index):
        self.index = index

    def current(self):
        return self.index


def non_utf8_corpus(tmp_path):
    """A fake-embedder index of ``caf\\xe9.txt`` (a file name that is not UTF-8) and ``plain.txt``;
    skips where the file system refuses such names.  Returns the index, opened."""
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    try:
        with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as f:
            f.write(b"The ibex guild meets on Mondays in the old barn.\n")
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    (corpus / "plain.txt").write_text("The quorp manual explains the glimmer pump.\n", encoding="utf-8")
    build_fake(corpus, tmp_path / "index")
    return open_fake(tmp_path / "index")


@pytest.fixture(scope="session")
def fake_index_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("fake-index")
    build_fake(SEEDS, d)
    return d


@pytest.fixture
def fake_index(fake_index_dir):
    return open_fake(fake_index_dir)


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory):
    """The seeds indexed with the real bundled MiniLM (and its ONNX query encoder)."""
    from qa.index.build import build_index

    d = tmp_path_factory.mktemp("real-index")
    build_index(SEEDS, d)
    return d


@pytest.fixture(scope="session")
def real_index(real_index_dir):
    from qa.index.loaded import load_index

    return load_index(real_index_dir)


@pytest.fixture(scope="session", autouse=True)
def _user_cache(tmp_path_factory):
    """ONNX exports go to the user cache dir (once per model per machine): tests use their own
    (exported once per test session), never the real ~/.cache/qa."""
    saved = os.environ.get("QA_CACHE_DIR")
    os.environ["QA_CACHE_DIR"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if saved is None:
        os.environ.pop("QA_CACHE_DIR", None)
    else:
        os.environ["QA_CACHE_DIR"] = saved


@pytest.fixture
def seed_copy(tmp_path):
    """A writable copy of the seed corpus."""
    dst = tmp_path / "corpus"
    shutil.copytree(SEEDS, dst, ignore=shutil.ignore_patterns("questions.jsonl"))
    return dst


@pytest.fixture(autouse=True)
def _qa_logger_propagates():
    """The CLI points the "qa" logger at stderr and stops propagation; tests that ran the CLI
    in-process must not hide later warnings from caplog."""
    import logging

    log = logging.getLogger("qa")
    saved = (log.propagate, list(log.handlers))
    log.propagate = True
    yield
    log.propagate, log.handlers[:] = saved[0], saved[1]


async def settle(app, pilot, rounds: int = 400):
    """Wait until nothing is loading, answering or queued (and the UI has caught up)."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.idle:
            await pilot.pause()
            return
    raise AssertionError("the app did not settle")


@pytest.fixture
def fake_model(monkeypatch):
    """Builds that load their own encoder (``qa index`` in process) get the fake embedder, and keep
    no ONNX query encoder."""
    from qa.index import passages

    monkeypatch.setattr(passages, "passage_encoder", lambda *a, **k: (FakeEmbedder(), None))
    monkeypatch.setattr(passages, "keep_query_encoder", lambda *a: False)


@pytest.fixture
def run_cli(capsys):
    """``run_cli(*args)`` -> ``(exit code, stdout, stderr)``: ``qa ARGS`` through the real entry point
    (its error handling included), in this process; what was printed before is dropped."""
    from qa.cli import main

    def run(*args) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main(list(args))  # success returns 0
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


def is_mapped(a) -> bool:
    """Whether ``a`` is a view of a file mapping (an np.memmap or a plain ndarray view of one)."""
    import numpy as np

    while a is not None:
        if isinstance(a, np.memmap):
            return True
        a = getattr(a, "base", None)
    return False


def read_files(root, files: dict):
    """Write ``files`` (name -> text or bytes) under ``root`` and read it as a corpus: the documents by
    id, and the skipped files by path as (kind, reason)."""
    from qa.corpus import load_corpus

    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    skipped = []
    docs = {d.id: d for d in load_corpus(root, skipped.append)}
    return docs, {s.path: (s.kind, s.reason) for s in skipped}
