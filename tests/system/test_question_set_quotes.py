"""Every gold quote of the question sets made here is still in the text qa reads (and in an independent
extraction): each set's ``check.py`` (``bench/data/quote_check.py``) run as a user runs it.  A reader
change that alters a document's text can silently turn a fitting question's label to "no candidate holds
the answer" or move a held-out figure; this makes it fail here instead, naming the question.  The checks
themselves are shown to catch a broken quote and a broken answer by the corrupted copies below."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
SETS = ("debian_docs", "handbooks", "papers", "techdocs", "licences", "news", "readmes", "infoman", "vignettes")


def run_check(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(DATA / name / "check.py"), *args], capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("name", SETS)
def test_every_gold_quote_is_in_the_documents(name):
    done = run_check(name)
    if name == "papers" and done.returncode == 2:
        pytest.skip("no SciFact copy beside the repository (../shared)")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 problems" in done.stdout + done.stderr


@pytest.mark.parametrize("name", ("techdocs", "licences", "readmes", "infoman", "vignettes"))
def test_a_broken_quote_and_a_broken_answer_are_reported(name, tmp_path):
    rows = [json.loads(line) for line in (DATA / name / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    answerable = [r for r in rows if r["kind"] == "answerable"]
    answerable[0]["relevant"][0]["quote"] += " zyzzyva"
    answerable[1]["answers"] = ["a made-up answer nobody wrote"]
    copy = tmp_path / "questions.jsonl"
    copy.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    done = run_check(name, "--questions", str(copy))
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert answerable[0]["id"] in out and answerable[1]["id"] in out


def test_an_info_quote_is_checked_against_the_file_not_only_against_qa(tmp_path):
    """infoman's independent text is the Info file itself: a cross reference that qa reads as "See X"
    (the file says "*Note X::") is in qa's text but not in it, and is reported."""
    quote = "This is a GNU extension which can be disabled with ‘--posix’. See N command on the last line."
    row = {"id": "x001", "question": "q", "answers": ["GNU extension"], "kind": "answerable",
           "relevant": [{"doc": "sed/sed.info.gz", "quote": quote}]}
    copy = tmp_path / "questions.jsonl"
    copy.write_text(json.dumps(row) + "\n", encoding="utf-8")
    out = run_check("infoman", "--questions", str(copy))
    assert out.returncode == 1
    assert "(x001): quote not in the independent text of sed/sed.info.gz" in out.stdout
    assert "not in qa's text" not in out.stdout
