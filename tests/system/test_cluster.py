"""qa index --cluster on a real Dask LocalCluster (2 worker processes): identical to a local build,
incremental, streamed, the model sent once per worker, and faults (a killed worker, no scheduler,
a scheduler lost mid-build) handled."""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from ..conftest import SEEDS, FakeEmbedder, build_fake, open_fake
from ..integration.test_incremental import PAGE, QUERIES, edit_corpus, rename_move_copy

distributed = pytest.importorskip("distributed")

FRESH = {"new_lavrov.txt", "sub/aleppo.md", "003_d56011ca44265691.txt"}  # what edit_corpus adds or changes
SCIFACT = Path(__file__).resolve().parents[3] / "shared" / "beir" / "scifact"
SCIFACT_SLICE = 2000  # abstracts (issue 15): ~3 min with int8 passages on 2 cores (load average 2-3)


class SlowFake(FakeEmbedder):
    """The fake embedder, slow enough that a build is still running when a test strikes."""

    def embed(self, texts):
        time.sleep(0.01 * len(texts))
        return super().embed(texts)


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    # two threads per worker: tasks run side by side in one process too (chunking must be locked)
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=2, host="127.0.0.1",
                      dashboard_address=None) as lc:
        yield lc


def build_on(cluster_address, corpus, index_dir, **kw):
    from qa.index.cluster import build_on_cluster

    emb = kw.pop("embedder", None) or FakeEmbedder()
    return build_on_cluster(corpus, index_dir, embedder=emb, export_onnx=False, cluster=cluster_address, **kw)


def files_of(index_dir: Path) -> dict[str, bytes]:
    from qa.index.versions import current_version

    version = current_version(index_dir)
    # files.json is a local build's cache of the corpus files' stats (qa.index.file_stats), not content
    return {p.relative_to(version).as_posix(): p.read_bytes()
            for p in sorted(version.rglob("*")) if p.is_file() and p.name not in ("manifest.json", "files.json")}


def manifest_of(index_dir: Path) -> dict:
    from qa.index.versions import read_manifest

    _, m = read_manifest(index_dir)
    return {k: v for k, v in m.items() if k not in ("created", "files", "manifest_sha256")}


VECTOR_FILES = ("dense/vectors.npy", "dense/sentences.npy")  # passage and sentence vectors (int8 codes)
SCALE_FILES = ("dense/vectors.scale.npy", "dense/sentences.scale.npy")  # their scales


def assert_same_index(a: Path, b: Path, exact_vectors: bool = True) -> None:
    """Every file of the two versions equal (the vectors within float16 rounding unless exact)."""
    fa, fb = files_of(a), files_of(b)
    assert sorted(fa) == sorted(fb)
    assert set(VECTOR_FILES) <= set(fa)  # sentence vectors are stored, and compared, too
    for name in fa:
        if name in VECTOR_FILES + SCALE_FILES and not exact_vectors:
            continue
        assert fa[name] == fb[name], name
    if not exact_vectors:
        assert_same_vectors(a, b)
    assert manifest_of(a) == manifest_of(b)


def seed_corpus(tmp_path: Path) -> Path:
    """The seeds plus a JSON-lines file big enough to be read in pieces, with a duplicate id, a bad
    line and a question row (everything after it is not a document)."""
    import shutil

    from qa.index.cluster import PIECE_BYTES

    dst = tmp_path / "corpus"
    shutil.copytree(SEEDS, dst, ignore=shutil.ignore_patterns("questions.jsonl"))
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rows, size, n = [], 0, 0
    while size < 2.5 * PIECE_BYTES:
        para = texts[n % len(texts)].split("\n\n")
        row = {"_id": f"j{n:04d}", "title": f"Piece {n}", "text": "\n\n".join(para[n % 3:] + para[: n % 3])}
        rows.append(json.dumps(row))
        size += len(rows[-1])
        n += 1
    rows.insert(7, "not json at all")
    rows.insert(9, json.dumps({"_id": "j0003", "title": "dup", "text": "A duplicate id. Kept out."}))
    rows.append(json.dumps({"question": "a question row: this file holds no documents from here"}))
    rows.append(json.dumps({"_id": "after", "title": "after", "text": "Never indexed. Not a document."}))
    (dst / "big.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return dst


@pytest.mark.parametrize("files", ["ship", "shared"])
def test_cluster_build_is_identical_to_local(cluster, tmp_path, files):
    from qa.answer import answer
    from qa.index.cluster import file_pieces

    corpus = seed_corpus(tmp_path)
    assert len(file_pieces(corpus / "big.jsonl", "big.jsonl")) >= 3  # really read in pieces
    local, _ = build_fake(corpus, tmp_path / "local")
    events, stats = [], {}
    report = build_on(cluster.scheduler_address, corpus, tmp_path / "dask", files=files, stats=stats,
                      batch_chars=20_000, progress=lambda *e: events.append(e))
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    assert (report.documents, report.chunks, report.embedded) == (local.documents, local.chunks, local.chunks)
    assert report.sentences_embedded == local.sentences_embedded > 0
    assert report.skipped == local.skipped and any(s.kind == "duplicate" for s in report.skipped)
    a, b = open_fake(tmp_path / "local"), open_fake(tmp_path / "dask")
    for q in QUERIES:
        assert answer(a, q).to_dict() == answer(b, q).to_dict()
    # progress: completed passages, rising to all of them, with the workers and the throughput
    emb = [(s, d) for s, d, _ in events if s.startswith("embedding:")]
    assert len(emb) >= 3 and [d for _, d in emb] == sorted(d for _, d in emb)
    # workers that read the files also embed the duplicate (one passage) that the client then drops
    assert emb[-1][1] == report.chunks + (files == "shared")
    assert all(s.startswith("embedding:2 workers, ") and s.endswith(" passages/s") for s, _ in emb)
    assert stats["workers_seen"] == 2 and stats["received"] > 0


def formats_corpus(tmp_path: Path) -> Path:
    """tests/system/test_formats_corpus.py's folder (PDFs good, encrypted, truncated and empty; Word,
    Markdown, HTML, cp1252 text, a picture, a spreadsheet), plus a cut-short .jsonl.gz and an id clash."""
    from ..integration.test_corpus_folder import PDF_PAGES, make_pdf, mixed_folder

    c = tmp_path / "formats"
    mixed_folder(c)
    (c / "reports" / "copy.pdf").write_bytes(make_pdf(PDF_PAGES[:2]))
    rows = "".join(json.dumps({"_id": f"g{i}", "title": f"Row {i}", "text": f"Gzipped row {i} of a cut archive. "
                                                                           "It is read up to the cut."}) + "\n"
                   for i in range(400))
    rows += json.dumps({"_id": "minutes.docx", "title": "clash", "text": "An id that names a file. Dropped."}) + "\n"
    data = gzip.compress(rows.encode("utf-8"))
    (c / "cut.jsonl.gz").write_bytes(data[: len(data) * 3 // 4])
    (c / "whole.jsonl.gz").write_bytes(data)
    (c / "steps.html").write_text(STEPS, encoding="utf-8")
    return c


# headings that end like sentences: only the reader's sections tell that they open passages
STEPS = "<html><head><title>Sprocket care</title></head><body><h1>Sprocket care</h1>\n" + "\n".join(
    f"<h2>Step {i + 1}: {verb} the sprocket.</h2>\n<p>Make the sprocket {verb} for the given number of teeth. "
    f"The wheel must be oiled first and the cover closed. Write the date in the log when the {verb} is done, "
    "and the name of whoever did it.</p>"
    for i, verb in enumerate(["spin", "halt", "oil", "count", "align", "turn", "stop", "wind", "rest", "mend"])
) + "</body></html>"


@pytest.mark.parametrize("files", ["ship", "shared"])
def test_cluster_reads_every_format_like_a_local_build(cluster, tmp_path, files):
    """PDF (pages), Word and Markdown (sections), HTML: the workers (or the client) use the local
    build's readers; skips are the same, of the same kinds, in the same order.  The client ships a
    document's sections and source, which its passages depend on (before: HTML whose headings end
    like sentences was chunked otherwise with ``ship``)."""
    import dataclasses

    from qa.corpus import ChunkingConfig, chunk_document
    from qa.corpus.readers import read_file

    corpus = formats_corpus(tmp_path)
    (steps,) = read_file(corpus / "steps.html", "steps.html", print)
    bare = dataclasses.replace(steps, sections=(), source="")
    assert [c.start for c in chunk_document(steps, ChunkingConfig())] != [c.start for c in chunk_document(bare)]
    local, _ = build_fake(corpus, tmp_path / "local")
    told = []
    report = build_on(cluster.scheduler_address, corpus, tmp_path / "dask", files=files, on_skip=told.append)
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    assert report.skipped == local.skipped == tuple(told)
    kinds = {s.kind for s in report.skipped}
    assert {"damaged", "duplicate", "unsupported", "empty"} <= kinds
    from qa.index.loaded import load_index

    idx = load_index(tmp_path / "dask")
    metas = {m.id: m for m in idx.docs.meta}
    assert metas["reports/annual.pdf"].pages and metas["minutes.docx"].sections


@pytest.mark.parametrize("files", ["ship", "shared"])
def test_incremental_cluster_build_ships_only_changes(cluster, seed_copy, tmp_path, files):
    build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files)
    build_fake(seed_copy, tmp_path / "local-inc")
    first = {}
    build_on(cluster.scheduler_address, seed_copy, tmp_path / "again", files=files, stats=first)
    edit_corpus(seed_copy)
    stats = {}
    report = build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files, stats=stats)
    assert (report.added, report.changed, report.removed, report.unchanged) == (2, 1, 1, 3)
    # the unchanged documents' sentence vectors are copied, the new ones embedded: as locally
    local_inc, _ = build_fake(seed_copy, tmp_path / "local-inc")
    assert report.sentences_embedded == local_inc.sentences_embedded > 0
    assert_same_index(tmp_path / "local-inc", tmp_path / "dask")
    assert stats["fresh_documents"] == 3  # only the added and changed documents were chunked and embedded
    assert stats["passages"] == report.embedded < report.chunks
    from qa.corpus.readers import load_corpus

    fresh = sum(len(d.text) for d in load_corpus(seed_copy) if d.id in FRESH)
    if files == "ship":  # their texts only went out
        assert fresh <= stats["sent"] < fresh + 5_000 < first["sent"]
    else:  # only their texts came back (the unchanged documents as metadata)
        assert fresh <= stats["received"] < first["received"] - fresh
    build_fake(seed_copy, tmp_path / "local")
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    up = build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files)
    assert up.up_to_date


@pytest.mark.parametrize("files", ["ship", "shared"])
def test_renamed_moved_or_copied_files_are_not_embedded_again_on_the_cluster(cluster, seed_copy, tmp_path, files):
    """As a local build (``incremental.by_content``): a file renamed, moved or copied, or given
    another's text, keeps the passages and vectors of the old one; nothing goes to the workers
    (before: all four shipped, or read back, and embedded); the index is a local build's."""
    build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files)
    build_fake(seed_copy, tmp_path / "local-inc")
    rename_move_copy(seed_copy)
    stats = {}
    report = build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files, stats=stats)
    assert (report.added, report.changed, report.removed, report.unchanged) == (3, 1, 2, 2)
    assert report.embedded == 0 and stats.get("fresh_documents", 0) == 0 and stats["passages"] == 0
    local_inc, _ = build_fake(seed_copy, tmp_path / "local-inc")
    assert (local_inc.embedded, local_inc.sentences_embedded) == (0, report.sentences_embedded)
    assert_same_index(tmp_path / "local-inc", tmp_path / "dask")
    build_fake(seed_copy, tmp_path / "local")
    assert_same_index(tmp_path / "local", tmp_path / "dask")


@pytest.mark.parametrize("files", ["ship", "shared"])
def test_a_new_title_keeps_the_passages_vectors_on_the_cluster(cluster, seed_copy, tmp_path, files):
    """As a local build (``Assembly.retitle``, tests/integration/test_incremental.py): a document
    whose title alone changed keeps its passages' and sentences' vectors, only its term counts are
    counted again; with ``ship`` the workers count it and embed nothing (they are sent its old
    passages: ``incremental.same_passages``); the index is a full local build's, file for file."""
    (seed_copy / "log.html").write_text(PAGE.format(title="Old name"), encoding="utf-8")
    build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files)
    build_fake(seed_copy, tmp_path / "local-inc")
    (seed_copy / "log.html").write_text(PAGE.format(title="Greenhouse diary, summer"), encoding="utf-8")
    stats = {}
    report = build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files, stats=stats)
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 1, 0, 5)
    assert report.embedded == 0 and report.sentences_embedded == 0
    assert stats["fresh_documents"] == 1  # read again or shipped: its terms are counted with the new title
    if files == "ship":
        assert stats["passages"] == 0  # ... and nothing embedded
    local_inc, _ = build_fake(seed_copy, tmp_path / "local-inc")
    assert (local_inc.embedded, local_inc.sentences_embedded) == (0, 0)
    assert_same_index(tmp_path / "local-inc", tmp_path / "dask")
    build_fake(seed_copy, tmp_path / "local")
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    meta = {m.id: m for m in open_fake(tmp_path / "dask").docs.meta}
    assert meta["log.html"].title == "Greenhouse diary, summer"
    # the text changed too: embedded on the workers as a changed document
    (seed_copy / "log.html").write_text(PAGE.format(title="Old name").replace("two metres", "three metres"),
                                        encoding="utf-8")
    stats = {}
    report = build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files, stats=stats)
    assert report.changed == 1 and report.embedded == stats["passages"] > 0
    build_fake(seed_copy, tmp_path / "local")
    assert_same_index(tmp_path / "local", tmp_path / "dask")


@pytest.mark.parametrize("files", ["ship", "shared"])
def test_a_new_tokenizer_counts_again_on_the_cluster(cluster, seed_copy, tmp_path, files, monkeypatch):
    """As a local build (``recount``, tests/integration/test_incremental.py): an index made with an
    older tokenizer is counted again by the workers and keeps its passages' and sentences' vectors
    (before: a full build, every passage embedded again); the workers embed nothing (sent the old
    passages, ``ship``, or their digests, ``shared``); the index is a full local build's, file for
    file, and the report a local incremental build's (renamed, moved and copied files too)."""
    import qa.index.build_settings as build_settings
    import qa.index.loaded as loaded
    from qa.cli.progress import summary

    build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files)
    build_fake(seed_copy, tmp_path / "local-inc")
    monkeypatch.setattr(build_settings, "TOKENIZER_VERSION", "qa-tok-next")
    monkeypatch.setattr(loaded, "TOKENIZER_VERSION", "qa-tok-next")
    stats = {}
    report = build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files, stats=stats)
    assert not report.up_to_date and report.full_reason == "" and report.recounted == 5
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 0, 0, 5)
    assert report.embedded == 0 and report.sentences_embedded == 0
    assert stats["fresh_documents"] == 5 and stats["passages"] == 0  # all counted again on the workers, none embedded
    assert "BM25 counted again for qa's new tokenizer (5 documents, vectors kept)" in summary(report)
    build_fake(seed_copy, tmp_path / "local")
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    assert build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files).up_to_date
    build_fake(seed_copy, tmp_path / "local-inc")
    rename_move_copy(seed_copy)  # a tokenizer change with files renamed, moved and copied
    monkeypatch.setattr(build_settings, "TOKENIZER_VERSION", "qa-tok-after")
    stats = {}
    report = build_on(cluster.scheduler_address, seed_copy, tmp_path / "dask", files=files, stats=stats)
    assert stats["passages"] == 0
    local_inc, _ = build_fake(seed_copy, tmp_path / "local-inc")
    fields = ("added", "changed", "removed", "unchanged", "recounted", "embedded", "sentences_embedded")
    assert [getattr(report, f) for f in fields] == [getattr(local_inc, f) for f in fields]
    assert report.recounted == report.documents == 6 and report.embedded == 0  # every one's text was there
    assert_same_index(tmp_path / "local-inc", tmp_path / "dask")


def test_model_reaches_each_worker_once(cluster, tmp_path):
    from distributed import Client

    from qa.index.cluster import tasks as cluster_tasks

    stats = {}
    build_on(cluster.scheduler_address, seed_corpus(tmp_path), tmp_path / "dask", batch_chars=20_000, stats=stats)
    assert stats["tasks"] >= 10  # many more tasks than workers ...
    with Client(cluster.scheduler_address) as client:
        setups = client.run(lambda: dict(cluster_tasks.SETUPS))
    assert len(setups) == 2
    for per_worker in setups.values():  # ... and each worker loaded the model for this build once
        assert list(per_worker.values())[-1] == 1


@pytest.mark.slow
def test_worker_killed_mid_build_reruns_its_tasks(tmp_path):
    from distributed import Client, LocalCluster

    corpus = seed_corpus(tmp_path)
    build_fake(corpus, tmp_path / "local")
    killed = []
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as lc, Client(lc) as client:
        pids = client.run(os.getpid)

        def strike(stage, done, _total):
            if stage.startswith("embedding:") and done and not killed:
                victim = sorted(pids.values())[0]
                os.kill(victim, signal.SIGKILL)  # the nanny starts a fresh worker; Dask reruns the tasks
                killed.append(victim)

        report = build_on(lc.scheduler_address, corpus, tmp_path / "dask", embedder=SlowFake(),
                          batch_chars=8_000, progress=strike)
        assert killed and killed[0] not in client.run(os.getpid).values()
    assert report.chunks == report.embedded
    assert_same_index(tmp_path / "local", tmp_path / "dask")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_scheduler_is_one_line_and_leaves_the_index(tmp_path, capsys):
    from qa.cli import main
    from qa.errors import ClusterError, ExitCode

    build_fake(SEEDS, tmp_path / "idx")
    before = files_of(tmp_path / "idx")
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(ClusterError) as err:
        build_on(address, SEEDS, tmp_path / "idx", connect_timeout=2, rebuild=True)
    assert err.value.exit_code == ExitCode.CLUSTER != ExitCode.FAILURE
    assert files_of(tmp_path / "idx") == before
    with pytest.raises(SystemExit) as ex:
        main(["index", "--corpus", str(SEEDS), "--index-dir", str(tmp_path / "idx"), "--cluster", address, "-q"])
    assert ex.value.code == 5
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qa: error: cannot reach the Dask scheduler at")
    assert "Traceback" not in lines[0] and files_of(tmp_path / "idx") == before


@pytest.mark.slow
def test_scheduler_lost_mid_build(tmp_path):
    from qa.errors import ClusterError

    build_fake(SEEDS, tmp_path / "idx")
    before = files_of(tmp_path / "idx")
    names_before = sorted(p.name for p in (tmp_path / "idx").iterdir())
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    sched = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                              "--port", str(port), "--no-dashboard"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                               "--no-dashboard", "--host", "127.0.0.1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def strike(stage, done, _total):
            if stage.startswith("embedding:") and sched.poll() is None:
                sched.kill()

        with pytest.raises(ClusterError) as err:
            build_on(address, seed_corpus(tmp_path), tmp_path / "idx", embedder=SlowFake(), batch_chars=8_000,
                     progress=strike, connect_timeout=20, rebuild=True)
        assert "lost the Dask scheduler" in str(err.value)
    finally:
        for proc in (sched, worker):
            proc.kill()
            proc.wait(30)
    assert files_of(tmp_path / "idx") == before  # the previous version is untouched
    assert sorted(p.name for p in (tmp_path / "idx").iterdir()) == names_before  # nothing left behind


# -- the real model: same vectors (within float16 rounding), same answers, same qa eval figures ----
def assert_same_vectors(a: Path, b: Path) -> None:
    """Passage and sentence vectors equal within rounding (ONNX on other threads, other batches):
    the stored int8 codes decode at most one code step (plus one float16 step) apart."""
    from qa.index.versions import current_version, read_manifest
    from qa.search.quantized import load_vectors

    dim = read_manifest(a)[1]["model"]["dim"]
    for stem in ("vectors", "sentences"):
        va = load_vectors(current_version(a) / "dense", stem, dim)
        vb = load_vectors(current_version(b) / "dense", stem, dim)
        assert va.shape == vb.shape and va.codes.dtype == vb.codes.dtype == np.int8, stem
        step = np.maximum(va.scales, vb.scales)[:, None] * 1.01
        assert np.all(np.abs(va[:] - vb[:]) <= step), stem


def cluster_copy_of(local_dir: Path, corpus: Path, target: Path, address: str, **kw):
    """Build ``corpus`` on the cluster with the real model (the one ONNX export in the user cache,
    made by the local build: the same files, the same precision, shipped to the workers)."""
    from qa.index.cluster import build_on_cluster

    return build_on_cluster(corpus, target, cluster=address, **kw)


def eval_figures(report) -> dict:
    d = report.to_dict()
    d.pop("index_dir")
    return d


@pytest.mark.model
@pytest.mark.parametrize("precision", ["int8", "fp32"])
def test_real_model_seeds_same_answers_and_eval(cluster, tmp_path, precision):
    from qa.answer import answer
    from qa.evaluation.questionset import load_questions
    from qa.evaluation.runs import LABELS, evaluate_questions
    from qa.index.build import build_index
    from qa.index.loaded import load_index
    from qa.search.retrieve import SearchConfig

    # the encoder's files shipped to the workers.  int8 (the default) runs one passage per run, so
    # its vectors (and the late-chunked sentence vectors) are the local build's to the bit; fp32
    # batches passages by length, so other batches on the workers: within float16 rounding
    build_index(SEEDS, tmp_path / "local", precision=precision)
    cluster_copy_of(tmp_path / "local", SEEDS, tmp_path / "dask", cluster.scheduler_address, precision=precision)
    assert_same_index(tmp_path / "local", tmp_path / "dask", exact_vectors=precision == "int8")  # onnx/ too
    mine, other = load_index(tmp_path / "local"), load_index(tmp_path / "dask")
    questions = load_questions(SEEDS / "questions.jsonl")
    for q in questions:
        assert answer(mine, q.question).to_dict() == answer(other, q.question).to_dict(), q.id
    a, runs_a = evaluate_questions(mine, questions, SearchConfig(), k=10, labels=LABELS, answers=True)
    b, runs_b = evaluate_questions(other, questions, SearchConfig(), k=10, labels=LABELS, answers=True)
    assert eval_figures(a) == eval_figures(b) and runs_a == runs_b


def write_scifact_slice(dest: Path, n_docs: int) -> Path:
    """The first ``n_docs`` SciFact abstracts as plain corpus.jsonl (read in pieces by workers that
    share the path), with the queries and qrels that judge them."""
    dest.mkdir(parents=True)
    (dest / "qrels").mkdir()
    with gzip.open(SCIFACT / "corpus.jsonl.gz", "rt", encoding="utf-8") as fh:
        docs = [next(fh) for _ in range(n_docs)]
    (dest / "corpus.jsonl").write_text("".join(docs), encoding="utf-8")
    ids = {json.loads(d)["_id"] for d in docs}
    qrels = [ln.split("\t") for ln in (SCIFACT / "qrels" / "test.tsv").read_text().splitlines()[1:]]
    keep = [r for r in qrels if r[1] in ids]
    (dest / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n" + "".join("\t".join(r) + "\n" for r in keep))
    qids = {r[0] for r in keep}
    with open(SCIFACT / "queries.jsonl", encoding="utf-8") as src, open(dest / "queries.jsonl", "w") as out:
        out.writelines(ln for ln in src if json.loads(ln)["_id"] in qids)
    return dest


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.skipif(not SCIFACT.is_dir(), reason="shared/beir/scifact is not beside the checkout")
def test_real_model_scifact_slice_same_eval(cluster, tmp_path):
    from qa.evaluation.beir import evaluate_beir, load_beir
    from qa.evaluation.runs import LABELS
    from qa.index.build import build_index
    from qa.index.loaded import load_index

    folder = write_scifact_slice(tmp_path / f"scifact-{SCIFACT_SLICE}", SCIFACT_SLICE)
    corpus = folder / "corpus.jsonl"
    # int8 passages (the default), one per run: the workers' vectors are the local build's to the bit
    build_index(corpus, tmp_path / "local")
    cluster_copy_of(tmp_path / "local", corpus, tmp_path / "dask", cluster.scheduler_address, files="shared")
    assert_same_index(tmp_path / "local", tmp_path / "dask")
    data = load_beir(folder)
    assert len(data.queries) >= 50
    a, runs_a = evaluate_beir(load_index(tmp_path / "local"), data, k=100, labels=LABELS)
    b, runs_b = evaluate_beir(load_index(tmp_path / "dask"), data, k=100, labels=LABELS)
    assert eval_figures(a) == eval_figures(b) and runs_a == runs_b


def test_build_paths_checked_before_the_cluster_is_reached(seed_copy, tmp_path):
    """check_build_paths first, as a local build: an index folder inside the corpus is a usage error
    (exit 2), and nothing is created, before any scheduler is contacted."""
    from qa.errors import ExitCode, UsageError

    inside = seed_copy / "idx"
    with pytest.raises(UsageError) as err:
        build_on(f"tcp://127.0.0.1:{_free_port()}", seed_copy, inside, connect_timeout=2)
    assert err.value.exit_code == ExitCode.USAGE and not inside.exists()
