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
