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
