"""The rough edges a newcomer hit (issue 28), one test each where no index or model is needed."""

from __future__ import annotations

import io
import re

from rich.console import Console

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def screen_lines(raw: str) -> list[str]:
    """What a terminal shows: each line's text after its last carriage return, escapes removed."""
    return [_ANSI.sub("", ln.split("\r")[-1] if ln.split("\r")[-1].strip() else ln.replace("\r", ""))
            for ln in raw.split("\n")]


def test_warnings_go_above_the_progress_bar_not_into_it():
    from qa.cli.progress import build_progress, skip_echoer
    from qa.corpus import Skipped

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, markup=False, highlight=False)
    with build_progress(True, console=console) as progress:
        progress("reading", 1, 3)
        skip_echoer(False, progress.say)(Skipped("misc/blob.txt", "binary", "binary file"))
        progress("reading", 3, 3)
    lines = screen_lines(out.getvalue())
    warning = [ln for ln in lines if "qa: warning: skipped misc/blob.txt" in ln]
    assert warning and all(ln.strip().startswith("qa: warning") for ln in warning)


def test_outside_a_project_the_suggested_build_names_a_corpus(tmp_path, monkeypatch):
    from qa.index.versions import index_fix

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QA_CORPUS", raising=False)
    fix = index_fix(tmp_path / "index", build=True)
    assert "--corpus" in fix.command  # `qa index --index-dir …` alone fails with "no corpus given"
    assert "--corpus" in index_fix(tmp_path / "index", build=True, corpus="notes").command


def test_error_hints_do_not_suggest_the_seed_question():
    import pytest

    from qa.answer import clean_question
    from qa.errors import QAError

    for bad in ("   ", "?!"):
        with pytest.raises(QAError) as err:
            clean_question(bad)
        text = str(err.value) + str(getattr(err.value, "hint", ""))
        assert "Zarif" not in text and "Shamkhani" not in text


def test_welcome_example_is_never_a_table_of_contents():
    from qa.tui.examples import example_question

    texts = ["Table of\nContents\n1 Intro . . . 3\nSee the Contents page. Also Contents again. The Quorp pump."] * 3
    assert "Contents" not in (example_question(["Manual"], texts) or "")


def test_history_does_not_recall_commands(tmp_path):
    from qa.tui.history import QuestionHistory

    h = QuestionHistory(tmp_path / "h.json")
    h.add("What is a quorp?")
    h.add("/all")
    h.add("/k 3")
    assert h.items == ["What is a quorp?"]
    assert QuestionHistory(tmp_path / "h.json").items == ["What is a quorp?"]


def test_k_is_described_as_the_most_sources_cited():
    from click.testing import CliRunner

    from qa.cli import cli
    from qa.tui.commands import COMMANDS

    for cmd in ("chat", "ask"):
        out = CliRunner().invoke(cli, [cmd, "--help"]).output
        assert "Passages to retrieve" not in out and "sources" in " ".join(out.split()).lower()
    assert not any("passages to retrieve" in str(c).lower() for c in COMMANDS)
