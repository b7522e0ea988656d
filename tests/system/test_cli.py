"""The command line: qa index, qa ask (human and --json), qa docs, errors as one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from qa.cli import cli

from ..conftest import SEEDS, ZARIF_QUOTE


def run(args, **kw):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kw)


def qa_process(*args, env=None, cwd=None):
    """The real ``qa`` entry point in a subprocess (exit codes, stderr, no traceback)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-c", "from qa.cli import main; main()", *args],
                          capture_output=True, text=True, env=full_env, cwd=cwd, timeout=600)


@pytest.mark.model
def test_ask_json_schema_and_slices(real_index_dir):
    res = run(["ask", "What did Zarif say about the US?", "--json", "--index-dir", str(real_index_dir)])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert set(data) >= {"question", "answer", "abstained", "citations", "searched_for"}
    assert data["question"] == "What did Zarif say about the US?" and data["abstained"] is False
    first = data["citations"][0]
    assert set(first) >= {"n", "doc", "title", "start", "end", "text", "score"}
    assert first["doc"] == "003_d56011ca44265691.txt" and ZARIF_QUOTE in first["text"]
    for c in data["citations"]:
        source = (SEEDS / c["doc"]).read_text(encoding="utf-8")
        assert source[c["start"] : c["end"]] == c["text"]
        assert f"[{c['n']}]" in data["answer"]


@pytest.mark.model
def test_ask_human_output(real_index_dir):
    res = run(["ask", "What did Zarif say about the US?", "--index-dir", str(real_index_dir)])
    assert res.exit_code == 0
    assert ZARIF_QUOTE in res.stdout and "[1]" in res.stdout
    assert "003_d56011ca44265691.txt" in res.stdout and "Sources" in res.stdout


@pytest.mark.model
def test_ask_continue_conversation_file(real_index_dir, tmp_path):
    conv = tmp_path / "conv.json"
    base = ["--index-dir", str(real_index_dir), "--continue", str(conv), "--json"]
    run(["ask", "What did Zarif say about the US?", *base])
    data = json.loads(run(["ask", "And what about Russia?", *base]).stdout)
    assert data["searched_for"] == "What did Zarif say about Russia?"
    assert json.loads(conv.read_text())["questions"] == ["What did Zarif say about the US?",
                                                         "What did Zarif say about Russia?"]


@pytest.mark.model
def test_ask_restricted_to_a_document(real_index_dir):
    data = json.loads(run(["ask", "What did Shamkhani say about the resolution?", "--json", "--doc",
                           "002_010941f5ae1e0e3a.txt", "--index-dir", str(real_index_dir)]).stdout)
    assert data["citations"] and {c["doc"] for c in data["citations"]} == {"002_010941f5ae1e0e3a.txt"}


@pytest.mark.model
def test_index_then_ask_in_a_fresh_directory(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("002_010941f5ae1e0e3a.txt", "004_e3aeec2615f348da.txt"):
        (corpus / name).write_bytes((SEEDS / name).read_bytes())
    idx = tmp_path / "idx"
    res = qa_process("index", "--corpus", str(corpus), "--index-dir", str(idx))
    assert res.returncode == 0, res.stderr
    assert "Indexed 2 documents" in res.stderr and res.stdout == ""
    res = qa_process("ask", "Where will Lavrov and Kerry meet?", "--json", "--index-dir", str(idx))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert any("Switzerland" in c["text"] or "Lausanne" in c["text"] for c in data["citations"])
    assert "Traceback" not in res.stderr


def test_ask_builds_the_default_index_on_first_use(tmp_path, fake_index_dir):
    """With QA_CORPUS/QA_INDEX_DIR set and no index yet, qa ask indexes first (progress on stderr)."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Zarif said the talks in Astana would go ahead without the United States.\n")
    res = qa_process("ask", "What did Zarif say about the talks?", "--json",
                     env={"QA_CORPUS": str(corpus), "QA_INDEX_DIR": str(tmp_path / "i")})
    assert res.returncode == 0, res.stderr
    assert "indexing" in res.stderr and "Indexed 1 document" in res.stderr
    data = json.loads(res.stdout)
    assert data["citations"][0]["doc"] == "a.txt"


@pytest.mark.parametrize("question", ["", "   ", "\x01\x02\x1b", "?!?"])
def test_bad_question_is_one_line_usage_error(question, tmp_path):
    res = qa_process("ask", question, "--index-dir", str(tmp_path / "none"))
    assert res.returncode == 2
    assert res.stderr.startswith("qa: error:") and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr


def test_missing_index_is_exit_3_with_fix(tmp_path):
    res = qa_process("ask", "anything", "--index-dir", str(tmp_path / "none"), "--corpus", str(tmp_path / "nope"))
    assert res.returncode == 3
    assert "no index" in res.stderr and "qa index" in res.stderr and "Traceback" not in res.stderr


def test_missing_corpus_is_exit_4(tmp_path):
    res = qa_process("index", "--corpus", str(tmp_path / "nope"), "--index-dir", str(tmp_path / "i"))
    assert res.returncode == 4 and "does not exist" in res.stderr and "Traceback" not in res.stderr


def test_help_is_cheap_and_lists_exit_codes():
    res = qa_process("--help")
    assert res.returncode == 0 and "Exit codes" in res.stdout
    probe = subprocess.run([sys.executable, "-c", "import sys; from qa.cli import cli; "
                            "from click.testing import CliRunner; CliRunner().invoke(cli, ['--help']); "
                            "print(sorted(m for m in ('torch','sentence_transformers','faiss','textual','onnxruntime') "
                            "if m in sys.modules))"], capture_output=True, text=True)
    assert probe.stdout.strip() == "[]"


def test_docs_lists_documents(fake_index_dir):
    res = run(["docs", "--index-dir", str(fake_index_dir)])
    assert res.exit_code == 0
    assert "003_d56011ca44265691.txt\tAstana Talks" in res.stdout


# -- as a newcomer meets it (issue 16) ------------------------------------------------------------
@pytest.fixture
def fake_queries(monkeypatch):
    """Questions encoded by the fake embedder (the fake index has no real model to load)."""
    from qa.index.loaded import Index

    from ..conftest import FakeEmbedder

    monkeypatch.setattr(Index, "query_embedder", lambda self: FakeEmbedder())


def test_ask_doc_takes_a_unique_prefix_like_the_chat_filter(fake_index_dir, fake_queries):
    base = ["ask", "What did Zarif say about the US?", "--json", "--index-dir", str(fake_index_dir)]
    res = run([*base, "--doc", "003"])
    assert res.exit_code == 0, res.output
    assert {c["doc"] for c in json.loads(res.stdout)["citations"]} == {"003_d56011ca44265691.txt"}
    res = CliRunner().invoke(cli, [*base, "--doc", "00"])
    assert res.exit_code != 0 and "matches 5 documents" in str(res.exception)


def test_continue_keeps_the_question_when_the_reader_goes_away(tmp_path):
    """``qa ask … --continue FILE | head -1``: the reader closes the pipe before the answer is all
    written; the question is in the conversation file all the same (before: lost, the history was
    written after the answer and the closed pipe ended the command first)."""
    from ..conftest import ROOT, build_fake
    from .test_cli_terminal import FAKE_QA

    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "boat.txt").write_text("The Marigold is moored at pier nine. Its sails were mended in May.\n"
                                     "Pieter keeps the boat's logbook in the galley drawer.\n", encoding="utf-8")
    build_fake(corpus, tmp_path / "index")
    conv = tmp_path / "conv.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    read, write = os.pipe()
    os.close(read)  # the reader is gone before a line is written: every write meets a closed pipe
    try:
        proc = subprocess.run([sys.executable, "-c", FAKE_QA, "ask", "Where is the Marigold moored?",
                               "--index-dir", str(tmp_path / "index"), "--continue", str(conv)],
                              stdout=write, stderr=subprocess.PIPE, text=True, env=env, timeout=300)
    finally:
        os.close(write)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert json.loads(conv.read_text(encoding="utf-8"))["questions"] == ["Where is the Marigold moored?"]
    shell = subprocess.run(f'"{sys.executable}" -c "$FAKE_QA" ask "Who keeps the logbook?" --index-dir '
                           f'"{tmp_path / "index"}" --continue "{conv}" | head -1', shell=True,
                           capture_output=True, text=True, env={**env, "FAKE_QA": FAKE_QA}, timeout=300)
    assert shell.returncode == 0 and len(shell.stdout.splitlines()) <= 1, shell.stderr
    assert json.loads(conv.read_text(encoding="utf-8"))["questions"][-1] == "Who keeps the logbook?"


def test_piped_answer_is_not_wrapped(fake_index_dir, fake_queries):
    res = run(["ask", "What did Zarif say about the US?", "--index-dir", str(fake_index_dir)])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert max(map(len, lines)) > 80  # long lines stay whole: no hard wrap at 80 columns
    assert not [ln for ln in lines if ln != ln.rstrip()]  # and no padding
    assert ZARIF_QUOTE in res.stdout


def test_k_caps_the_sources_an_answer_cites(fake_index_dir, fake_queries):
    question = "What did Shamkhani say about the UN Security Council resolution on Aleppo?"  # several statements
    base = ["ask", question, "--json", "--index-dir", str(fake_index_dir)]
    wide = json.loads(run([*base, "-k", "10"]).stdout)
    one = json.loads(run([*base, "-k", "1"]).stdout)
    assert len(wide["citations"]) > 1 and len(one["citations"]) == 1
    assert "[1]" in one["answer"] and "[2]" not in one["answer"]


def test_cap_citations_keeps_the_text_and_markers_consistent():
    from qa.answer.cap import cap_citations
    from qa.answer.compose import Answer, Citation

    cites = tuple(Citation(n, "d", "", 0, 1, "x", 1.0, 0, 1, "x") for n in (1, 2, 3))
    answer = Answer("q", "q", "first claim [1][2]\nsecond claim [3]", cites, False)
    assert cap_citations(answer, 1).text == "first claim [1]" and len(cap_citations(answer, 1).citations) == 1
    assert cap_citations(answer, 2).text == "first claim [1][2]"
    assert cap_citations(answer, 3) is answer
    nearest = Answer("q", "q", "No answer. The nearest passages are [1], [2], [3].", cites, True)
    assert cap_citations(nearest, 1).text == "No answer. The nearest passage is [1]."
    assert cap_citations(nearest, 2).text == "No answer. The nearest passages are [1], [2]."


def test_docs_json_is_one_object(fake_index_dir):
    res = run(["docs", "--json", "--index-dir", str(fake_index_dir)])
    assert res.exit_code == 0
    data = json.loads(res.stdout)  # one object, not JSON lines
    assert set(data) == {"documents", "skipped", "fusion"} and data["skipped"] == []
    assert data["fusion"]["fusion"] == "convex" and 0 <= data["fusion"]["dense_weight"] <= 1  # issue 26
    assert len(data["documents"]) == 5 and data["documents"][3]["id"] == "003_d56011ca44265691.txt"


def test_outside_a_project_qa_asks_for_a_corpus(tmp_path):
    env = {"QA_CORPUS": "", "QA_INDEX_DIR": ""}
    res = qa_process("index", cwd=tmp_path, env=env)
    assert res.returncode == 2 and "--corpus" in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "index").exists()  # nothing indexed, nothing written
    res = qa_process("ask", "What did Zarif say?", cwd=tmp_path, env=env)
    assert res.returncode == 3 and "--corpus" in res.stderr and not (tmp_path / "index").exists()
    # a project: seeds/ in the working directory is the default corpus
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("Zarif said the talks would go ahead.\n", encoding="utf-8")
    from qa.config import default_corpus

    old = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert default_corpus() == tmp_path / "seeds"
    finally:
        os.chdir(old)


def test_onnx_export_is_its_own_progress_stage(tmp_path, monkeypatch):
    from qa.embedding import onnx_export
    from qa.progress_text import stage_label

    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    done = []

    def export(path, target):  # the real export needs the model (see the model-marked build tests)
        target.mkdir(parents=True)
        (target / onnx_export.CONFIG_NAME).write_text("{}")
        done.append("export")

    monkeypatch.setattr(onnx_export, "export_onnx", export)
    monkeypatch.setattr(onnx_export, "quantize_int8", lambda d: (d / onnx_export.INT8_NAME).write_text("") or done.append("int8"))
    calls = []
    onnx_export.cached_export(model, tmp_path / "cache", int8=True, progress=lambda *a: calls.append(a))
    assert done == ["export", "int8"]
    assert calls == [("exporting", 0, 2), ("exporting", 1, 2), ("exporting", 2, 2)]
    assert stage_label("exporting") == "Exporting the model"
    calls.clear()
    onnx_export.cached_export(model, tmp_path / "cache", int8=True, progress=lambda *a: calls.append(a))
    assert calls == []  # exported once: no stage on later builds


def test_long_bars_show_rate_and_time_left():
    """The CLI's columns on a rich Progress with a scripted clock (no wall-clock time)."""
    from rich.console import Console
    from rich.progress import Progress, TextColumn

    from qa.cli.progress import speed_columns

    now = [0.0]
    console = Console(record=True, width=120, force_terminal=False)
    bar = Progress(TextColumn("{task.description}"), *speed_columns(), console=console, get_time=lambda: now[0],
                   auto_refresh=False)
    long = bar.add_task("Embedding passages", total=1000)
    short = bar.add_task("Saving", total=1)
    for step in range(1, 5):
        now[0] = step * 1.0
        bar.update(long, completed=step * 100)
        bar.update(short, completed=0)
    console.print(bar.get_renderable())
    shown = console.export_text()
    line = next(ln for ln in shown.splitlines() if "Embedding" in ln)
    assert "100/s" in line and "6 s left" in line
    assert "/s" not in next(ln for ln in shown.splitlines() if "Saving" in ln)
