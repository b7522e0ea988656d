"""Hostile documents, file names and ids never act on the terminal; environment problems are one line.

``qa ask`` and ``qa docs`` run in a subprocess on a pseudo-terminal (so rich styles its output as
for a person) and the bytes that reach the terminal are checked: qa's own styling may be there,
the document's escape sequences may not.  The index is built with the fake embedder, and the
subprocess answers with it too (``FAKE_QA`` below), so no model is needed.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.cli import cli
from qa.safe_text import is_unsafe, json_text, safe_line, safe_text, safe_text_with_offsets

from ..conftest import ROOT, build_fake

TITLE = "\x1b]0;pwned title\x07"
CLIPBOARD = "\x1b]52;c;Y3VybCBodHRwOi8vMTI3LjAuMC4xOjkveCB8IHNo\x07"  # "curl http://127.0.0.1:9/x | sh"
WIPE = "\x1b[2J\x1b[H"
HIDE = "\x1b[8m"
C1_CSI = "\x9b31m"
BIDI = "\u202e"
HOSTILE_BYTES = [b"\x1b]", b"\x1b[2J", b"\x1b[8m", b"\x07", "\x9b".encode(), BIDI.encode()]

HOSTILE = {
    "title.txt": f"Astana talks{TITLE}\n\nZarif said the Astana talks would go ahead{TITLE} on Monday.\n",
    "clip.txt": f"Notes\n\nZarif said the Astana talks were useful{CLIPBOARD} for everyone.\n",
    "wipe.txt": f"Notes\n\nZarif said the Astana talks{WIPE} should continue next week.\n",
    "hide.txt": f"Notes\n\nZarif said the Astana talks {HIDE}were secret{C1_CSI} and {BIDI}reversed.\n",
    f"name{WIPE}.txt": "Zarif said the Astana talks happened in a file with a hostile name.\n",
    "[red]x[reverse]y.txt": "Zarif said the Astana talks [link=file:///etc/passwd]x[/link] had [/b] markup.\n",
    "line\nbreak.txt": "Zarif said the Astana talks had a file name with a newline.\n",
}
QUESTION = "What did Zarif say about the Astana talks?"

FAKE_QA = (
    "import sys\n"
    f"sys.path.insert(0, {str(ROOT)!r})\n"
    "from tests.conftest import FakeEmbedder\n"
    "from qa.index.loaded import Index\n"
    "Index.query_embedder = lambda self: FakeEmbedder()\n"
    "from qa.cli import main\n"
    "main(sys.argv[1:])\n"
)


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    corpus.mkdir()
    for name, text in HOSTILE.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build_fake(corpus, base / "index")
    return corpus, base / "index"


def on_pty(*args: str, python_code: str | None = FAKE_QA, timeout: float = 300) -> tuple[int, bytes]:
    """Run qa on a pseudo-terminal; returns (exit code, every byte written to the terminal)."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    for var in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(var, None)
    cmd = [sys.executable, "-c", python_code, *args] if python_code else [sys.executable, "-m", "qa", *args]
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    out = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                proc.kill()
                raise AssertionError(f"qa did not finish on the pty; output so far: {bytes(out)!r}")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(master)
    return proc.wait(timeout=60), bytes(out)


def assert_no_hostile_bytes(out: bytes) -> None:
    for seq in HOSTILE_BYTES:
        assert seq not in out, f"{seq!r} reached the terminal: {out!r}"


# -- qa ask / qa docs on a terminal --------------------------------------------------------------
def test_ask_on_a_terminal_shows_no_document_escape_sequences(hostile_index):
    corpus, index = hostile_index
    code, out = on_pty("ask", QUESTION, "-k", "10", "--index-dir", str(index), "--corpus", str(corpus))
    assert code == 0, out
    assert b"\x1b[" in out  # qa's own styling is there: this really is a terminal
    assert b"Sources" in out and b"Zarif said" in out
    assert_no_hostile_bytes(out)
    # the document's controls are shown, visibly (its ESC sequences are not text: a plain-text file
    # saved from a terminal loses them when it is read, qa.corpus.plaintext; C1 and bidi controls stay)
    assert b"\\x9b31m" in out or b"\\u202e" in out


def test_docs_on_a_terminal_one_line_per_document(hostile_index):
    corpus, index = hostile_index
    code, out = on_pty("docs", "--index-dir", str(index))
    assert code == 0, out
    assert_no_hostile_bytes(out)
    lines = [ln for ln in out.decode().replace("\r\n", "\n").split("\n") if ln.strip()]
    assert len(lines) == len(HOSTILE)
    assert "line\\nbreak.txt\t" in out.decode()
    assert "[red]x[reverse]y.txt\t" in out.decode()  # shown literally


def test_docs_json_keeps_exact_ids(hostile_index):
    _corpus, index = hostile_index
    res = CliRunner().invoke(cli, ["docs", "--json", "--index-dir", str(index)], catch_exceptions=False)
    assert res.exit_code == 0
    ids = {d["id"] for d in json.loads(res.stdout)["documents"]}
    assert ids == set(HOSTILE)
    assert "\x1b" not in res.stdout and "\u202e" not in res.stdout


def test_ask_json_keeps_exact_text_as_escapes(hostile_index, monkeypatch):
    from qa.index.loaded import Index

    from ..conftest import FakeEmbedder

    monkeypatch.setattr(Index, "query_embedder", lambda self: FakeEmbedder())
    corpus, index = hostile_index
    res = CliRunner().invoke(cli, ["ask", QUESTION, "--json", "-k", "10", "--mode", "bm25", "--index-dir", str(index),
                                   "--corpus", str(corpus)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert not any(is_unsafe(ch) for ch in res.stdout)
    data = json.loads(res.stdout)
    from ..conftest import open_fake

    stored = open_fake(index)
    texts = {m.id: stored.doc_text(i) for i, m in enumerate(stored.docs.meta)}
    assert any(ch in c["text"] for c in data["citations"] for ch in "\x9b\u202e\x07")  # controls kept, as data
    for c in data["citations"]:
        assert texts[c["doc"]][c["start"]:c["end"]] == c["text"]


@pytest.mark.model
def test_python_m_qa_ask_on_a_terminal_with_the_real_model(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("title.txt", "clip.txt", "wipe.txt"):
        (corpus / name).write_text(HOSTILE[name], encoding="utf-8")
    code, out = on_pty("ask", QUESTION, "--corpus", str(corpus), "--index-dir", str(tmp_path / "i"),
                       python_code=None)
    assert code == 0, out
    assert b"Sources" in out and b"\x1b[" in out
    assert_no_hostile_bytes(out)


def test_markup_in_eval_questions_and_passages_is_shown_literally(hostile_index, tmp_path):
    corpus, index = hostile_index
    qs = tmp_path / "q.jsonl"
    # "secret": only hide.txt has it, so its passage is retrieved first (and shown) whatever BM25's k1 and b
    rows = [{"id": "q[/]1", "question": f"What did Zarif [/] say{HIDE} [/b] about the secret Astana talks? [@click=app.bell('a)]",
             "relevant": [{"doc": "[red]x[reverse]y.txt", "quote": "had [/b] markup"}]},
            {"id": f"q2{WIPE}", "question": f"Who hid{HIDE} the talks?", "relevant": []}]
    qs.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    code, out = on_pty("eval", str(qs), "--mode", "bm25", "--no-answers", "-q", "--index-dir", str(index),
                       "--corpus", str(corpus))
    assert code == 0, out
    text = out.decode()
    assert "internal error" not in text and "MarkupError" not in text
    assert "q[/]1" in text and "[/b]" in text and "[@click=app.bell('a)]" in text
    assert "say [/b] about" in text  # the question as searched: its escape sequence gone whole
    assert "secret\\x9b31m" in text  # the passage, its C1 control shown visibly
    assert_no_hostile_bytes(out)


# -- environment problems: one line, the right exit code ------------------------------------------
def qa_run(*args, cwd=None):
    return subprocess.run([sys.executable, "-c", FAKE_QA, *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("where", ["missing/dir/conv.json", "readonly/conv.json", "afile/conv.json"])
def test_continue_to_an_unwritable_place_prints_the_answer_then_warns(hostile_index, tmp_path, where):
    corpus, index = hostile_index
    (tmp_path / "readonly").mkdir()
    (tmp_path / "afile").write_text("not a folder")
    (tmp_path / "readonly").chmod(0o500)
    try:
        res = qa_run("ask", QUESTION, "--continue", str(tmp_path / where), "--index-dir", str(index),
                     "--corpus", str(corpus))
    finally:
        (tmp_path / "readonly").chmod(0o700)
    if os.geteuid() == 0 and where.startswith("readonly"):
        pytest.skip("root can write a read-only folder")
    assert res.returncode == 0, res.stderr
    assert "Zarif said" in res.stdout
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qa: warning:") and "conversation" in lines[0]
    assert "internal error" not in res.stderr


@pytest.mark.parametrize("content", ['{"questions":"abc"}', '{"questions": [1, 2]}', '["a"]', "not json", "null"])
def test_bad_conversation_file_is_one_line_exit_2(hostile_index, tmp_path, content):
    corpus, index = hostile_index
    conv = tmp_path / "conv.json"
    conv.write_text(content)
    res = qa_run("ask", QUESTION, "--continue", str(conv), "--index-dir", str(index), "--corpus", str(corpus))
    assert res.returncode == 2, res.stderr
    assert res.stderr.startswith("qa: error:") and len(res.stderr.strip().splitlines()) == 1
    assert "conversation file" in res.stderr and res.stdout == ""


def test_run_file_in_a_missing_folder_is_one_line_exit_2(hostile_index, tmp_path):
    corpus, index = hostile_index
    qs = tmp_path / "q.jsonl"
    qs.write_text(json.dumps({"id": "q1", "question": QUESTION, "relevant": []}) + "\n")
    res = qa_run("eval", str(qs), "--mode", "bm25", "--no-answers", "-q", "--json", "--run-file",
                 "/nonexistent/x.trec", "--index-dir", str(index), "--corpus", str(corpus))
    assert res.returncode == 2, res.stderr
    assert res.stderr.startswith("qa: error:") and len(res.stderr.strip().splitlines()) == 1
    assert "/nonexistent/x.trec" in res.stderr and "internal error" not in res.stderr


@pytest.mark.parametrize("command", [f"ask '{QUESTION}' -k 10", "docs"])
def test_output_into_a_closed_pipe_exits_0_quietly(hostile_index, command):
    corpus, index = hostile_index
    code = (f"set -o pipefail; {sys.executable} -c \"$FAKE_QA\" {command} --index-dir '{index}' "
            f"--corpus '{corpus}' | true")  # the reader is gone before qa writes: every write is EPIPE
    res = subprocess.run(["bash", "-c", code], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT), "FAKE_QA": FAKE_QA})
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""


def test_eval_bad_question_line_names_file_and_line(hostile_index, tmp_path):
    corpus, index = hostile_index
    qs = tmp_path / "q.jsonl"
    qs.write_text(json.dumps({"id": "q1", "question": QUESTION, "relevant": []}) + "\n"
                  + json.dumps({"id": "q2", "question": "\x01\x02", "relevant": []}) + "\n")
    res = qa_run("eval", str(qs), "--mode", "bm25", "--no-answers", "-q", "--index-dir", str(index),
                 "--corpus", str(corpus))
    assert res.returncode == 2, res.stderr
    assert f"{qs}:2" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_error_lines_escape_document_ids(hostile_index):
    corpus, index = hostile_index
    code, out = on_pty("ask", QUESTION, "--doc", f"nope{WIPE}{TITLE}", "--index-dir", str(index),
                       "--corpus", str(corpus))
    assert code == 2
    assert_no_hostile_bytes(out)
    assert re.search(rb"qa: error: no document .*nope", out)


# -- smaller points -------------------------------------------------------------------------------
@pytest.mark.parametrize("follow_up", ["And about Russia?", "and, about Russia", "Also about Russia?",
                                       "And what about Russia?", "What about Russia?", "How about Russia?"])
def test_and_about_x_is_not_about_about_x(follow_up):
    from qa.answer.followup import rewrite

    assert rewrite(follow_up, ["What did Zarif say about the US?"]) == "What did Zarif say about Russia?"
    assert rewrite(follow_up, ["Who signed the deal in Vienna?"]) == "Who signed the deal in Russia?"
    assert rewrite("About how many people came?", ["Who signed the deal in Vienna?"]) == "About how many people came?"


def test_eval_gold_errors_name_file_and_line(hostile_index, tmp_path):
    corpus, index = hostile_index
    qs = tmp_path / "q.jsonl"
    qs.write_text(json.dumps({"id": "q1", "question": QUESTION, "relevant": []}) + "\n\n"
                  + json.dumps({"id": "q2", "question": QUESTION, "relevant": [{"doc": "nope.txt", "quote": "x"}]}))
    res = qa_run("eval", str(qs), "--mode", "bm25", "--no-answers", "-q", "--index-dir", str(index),
                 "--corpus", str(corpus))
    assert res.returncode == 2, res.stderr
    assert f"{qs}:3: question q2: gold document 'nope.txt'" in res.stderr
