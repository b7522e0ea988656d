"""A folder as people keep it, end to end: ``qa index`` then ``qa ask --json`` as processes, with the real model."""

from __future__ import annotations

import json
import os

import pytest

from ..integration.test_corpus_folder import HEADER, QUESTION_DOCX, QUESTION_PDF, SUMMARY, corpus  # noqa: F401  (a fixture)


@pytest.mark.model
def test_end_to_end_with_the_real_model(corpus, tmp_path):
    """``qa index`` then ``qa ask --json`` as processes, with the bundled model."""
    import subprocess
    import sys

    def qa(*args):
        return subprocess.run([sys.executable, "-m", "qa", *args], capture_output=True, text=True, timeout=900,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})

    idx_dir = str(tmp_path / "idx")
    built = qa("index", "--corpus", str(corpus), "--index-dir", idx_dir, "-q")
    assert built.returncode == 0, built.stderr
    assert built.stderr.strip().splitlines()[-1] == SUMMARY
    res = qa("ask", QUESTION_PDF, "--json", "--index-dir", idx_dir)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    first = data["citations"][0]
    assert first["doc"] == "reports/annual.pdf" and first["page"] == 2 and "41,000 dollars" in first["text"]
    from qa.index.loaded import load_index

    idx = load_index(idx_dir)
    for c in data["citations"]:
        text = idx.docs.text(idx.docs.position[c["doc"]])
        assert text[c["start"]:c["end"]] == c["text"] and HEADER not in c["passage"]["text"]
    res = qa("ask", QUESTION_DOCX, "--json", "--index-dir", idx_dir)
    first = json.loads(res.stdout)["citations"][0]
    assert first["doc"] == "minutes.docx" and first["section"] == "Board decisions"
