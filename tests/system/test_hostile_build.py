"""No single file can stop, stall or leak a build (issue 31): each hostile file beside a normal
document is built; the reader process's time and memory budgets; what the walk checked is what is
read; permissions follow the sources; ``qa serve`` refuses weak tokens.  Files are generated here,
small where the behaviour allows (bench/hostile.py builds the full-size ones and measures them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, build_fake, open_fake
from ..hostile_files import (
    NORMAL,
    NORMAL_QUESTION,
    digit_lines_pdf,
    docx_external_entity,
    docx_nested,
    docx_paragraph_bomb,
    docx_text_node_bomb,
    nested_html,
    one_line_text,
    sparse_file,
    undecodable_name,
)

pytest.importorskip("docx")
pytest.importorskip("reportlab")


def _write_nested_html(folder: Path) -> str:
    (folder / "nested.html").write_bytes(nested_html(100_000))
    return "nested.html"


def _write(generator, name: str, *args):
    def make(folder: Path) -> str:
        generator(folder / name, *args)
        return name
    return make


def _write_name(folder: Path) -> str:
    return undecodable_name(folder).name


# name, how to make it, what becomes of it: "read" (and a phrase of its text) or a skip kind and reason part
HOSTILE = [
    ("nested-html", _write_nested_html, ("read", "The innermost sentence of the nested page.")),
    ("undecodable-name", _write_name, ("read", "espresso machine was repaired")),
    ("docx-paragraph-bomb", _write(docx_paragraph_bomb, "p.docx", 400_000), ("over budget", "zip bomb")),
    ("docx-text-node", _write(docx_text_node_bomb, "node.docx", 24 << 20), ("over budget", "zip bomb")),
    ("docx-nesting", _write(docx_nested, "deep.docx", 100_000), ("over budget", "nested more than 256 levels")),
    ("docx-entity", _write(docx_external_entity, "entity.docx"), ("read", "Barn owls hunt voles at night")),
    ("one-line-text", _write(one_line_text, "line.txt", 6 << 20), ("over budget", "long line")),
    ("210-MB-file", _write(sparse_file, "huge.txt", 210_000_000),
     ("too large", "file too large (210.0 MB = 200.3 MiB; the limit is 200 MiB)")),
    ("pdf-digit-lines", _write(digit_lines_pdf, "invoices.pdf"), ("read", "Invoice 1012 was paid on day 4")),
]


@pytest.mark.parametrize("make, outcome", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_beside_a_normal_document(tmp_path, make, outcome):
    from qa.answer import answer

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "normal.txt").write_text(NORMAL, encoding="utf-8")
    name = make(corpus)
    report, _ = build_fake(corpus, tmp_path / "idx")
    idx = open_fake(tmp_path / "idx")
    ids = [m.id for m in idx.docs.meta]
    skipped = {s.path: s for s in report.skipped}
    what, detail = outcome
    if what == "read":
        assert name in ids and not skipped
        assert detail in idx.docs.text(ids.index(name))
    else:
        assert ids == ["normal.txt"] and skipped[name].kind == what and detail in skipped[name].reason
    result = answer(idx, NORMAL_QUESTION)
    assert not result.abstained and "broke the great lamp" in result.citations[0].text


def test_all_hostile_files_at_once_through_the_cli(tmp_path, fake_model, run_cli):
    """One folder, one ``qa index --json``: exit 0, every file accounted for, names written safely."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "normal.txt").write_text(NORMAL, encoding="utf-8")
    names = {h[0]: h[1](corpus) for h in HOSTILE}
    (corpus / os.fsdecode(b"empty-\xfe.txt")).write_bytes(b"")
    code, out, err = run_cli("index", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"), "--json")
    assert code == 0 and "Traceback" not in err
    report = json.loads(out)
    assert report["documents"] == 1 + sum(h[2][0] == "read" for h in HOSTILE)
    by_path = {s["path"]: s for s in report["skipped"]}
    assert set(by_path) == {names[h[0]] for h in HOSTILE if h[2][0] != "read"} | {os.fsdecode(b"empty-\xfe.txt")}
    odd = by_path[os.fsdecode(b"empty-\xfe.txt")]
    assert odd["path_bytes"] == "empty-%FE.txt" and "surrogateescape" in odd["path_encoding"]
    out.encode("utf-8")  # printable: the name's byte is a \udcfe escape in the JSON
    assert "\\udcfe" in out
    code, listing, _ = run_cli("docs", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"))
    assert code == 0 and "caf\\xe9-\\xff-notes.txt" in listing
    code, out, _ = run_cli("docs", "--json", "--corpus", str(corpus), "--index-dir", str(tmp_path / "idx"))
    listed = {d["id"]: d for d in json.loads(out)["documents"]}
    assert code == 0 and listed[names["undecodable-name"]]["id_bytes"] == "caf%E9-%FF-notes.txt"


# -- the reader process's budgets ----------------------------------------------------------------


def _slow_html(path: Path) -> None:
    """A page that takes html.parser and BeautifulSoup several seconds and ~1 GB (4 MB of tags)."""
    path.write_text("<html><body>" + "<p>word <b>bold</b> <i>it</i></p>" * 130_000 + "</body></html>")


def _read(corpus: Path, **budget):
    from qa.corpus.budget import Budget
    from qa.corpus.readers import load_corpus

    skips = []
    docs = {d.id: d for d in load_corpus(corpus, skips.append, budget=Budget(**budget))}
    return docs, {s.path: s for s in skips}


@pytest.fixture
def slow_corpus(tmp_path):
    _slow_html(tmp_path / "slow.html")
    (tmp_path / "normal.txt").write_text(NORMAL, encoding="utf-8")
    (tmp_path / "after.md").write_text("# After\n\nA Markdown file read after the slow one.\n", encoding="utf-8")
    return tmp_path


def test_a_file_over_its_time_budget_is_skipped_and_the_build_goes_on(slow_corpus):
    docs, skips = _read(slow_corpus, seconds=0.5)
    assert sorted(docs) == ["after.md", "normal.txt"]
    assert skips["slow.html"].kind == "over budget"
    assert "s of processor time to read (the limit for one file)" in skips["slow.html"].reason


def test_a_file_over_its_memory_budget_is_skipped_and_the_build_goes_on(slow_corpus):
    docs, skips = _read(slow_corpus, memory=200 << 20)
    assert sorted(docs) == ["after.md", "normal.txt"]
    assert skips["slow.html"].kind == "over budget"
    assert skips["slow.html"].reason == "needs more than 200 MiB of memory to read (the limit for one file)"


def test_a_reader_process_that_dies_costs_nothing_more(tmp_path):
    import qa.corpus.isolate as isolate

    (tmp_path / "a.md").write_text("# One\n\nThe first Markdown file.\n", encoding="utf-8")
    docs, _ = _read(tmp_path)
    assert "a.md" in docs and isolate._IDLE
    for worker in list(isolate._IDLE):
        worker.proc.kill()  # ours: started by this test's build
        worker.proc.wait()
    (tmp_path / "b.md").write_text("# Two\n\nThe second Markdown file.\n", encoding="utf-8")
    docs, skips = _read(tmp_path)
    assert sorted(docs) == ["a.md", "b.md"] and not skips


# -- open, then check ----------------------------------------------------------------------------


def test_a_file_swapped_for_a_symlink_after_the_walk_is_not_read(tmp_path):
    """Issue 31, 4: the walk checked a path and the reader opened it later, through a new link."""
    from qa.corpus.readers import read_file, supported
    from qa.corpus.files import walk_files

    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET outside the corpus.\n", encoding="utf-8")
    (corpus / "note.txt").write_text(NORMAL, encoding="utf-8")
    (corpus / "other.txt").write_text(NORMAL, encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "inner.txt").write_text(NORMAL, encoding="utf-8")
    found = {f.path.name: f for f in walk_files(corpus, lambda s: None, supported)}

    (corpus / "note.txt").unlink()
    os.symlink(outside / "secret.txt", corpus / "note.txt")  # swapped after the check
    (corpus / "other.new").write_text("Another file now.\n", encoding="utf-8")
    os.replace(corpus / "other.new", corpus / "other.txt")  # another file (inode) at that name
    os.rename(corpus / "sub", tmp_path / "sub-moved")
    os.symlink(tmp_path / "sub-moved", corpus / "sub")  # a folder above it now a link out
    for name in ("note.txt", "other.txt", "inner.txt"):
        skips = []
        docs = list(read_file(found[name].path, name, skips.append, found=found[name]))
        assert docs == [] and skips[0].kind == "changed while read", (name, skips)
        assert "changed while being read" in skips[0].reason


def test_walk_errors_are_reported_not_raised(tmp_path, monkeypatch):
    """``os.path.realpath`` raises when a link changes under it: one skipped entry, not a crash."""
    import qa.corpus.files as files
    from qa.corpus.readers import load_corpus

    (tmp_path / "good.txt").write_text(NORMAL, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text(NORMAL, encoding="utf-8")
    os.symlink("good.txt", tmp_path / "link.txt")
    real = os.path.realpath

    def flaky(path, *a, **k):
        if os.fspath(path).endswith(("link.txt", "sub")):
            raise OSError(22, "Invalid argument")
        return real(path, *a, **k)

    monkeypatch.setattr(files.os.path, "realpath", flaky)
    skips = []
    docs = [d.id for d in load_corpus(tmp_path, skips.append)]
    assert docs == ["good.txt"]
    assert sorted((s.path, s.kind) for s in skips) == [("link.txt", "unreadable"), ("sub", "unreadable")]


# -- permissions follow the sources --------------------------------------------------------------


def _modes(index_dir: Path) -> dict[str, int]:
    version = index_dir / (index_dir / "CURRENT").read_text().strip()
    return {"folder": version.stat().st_mode & 0o777, "texts": (version / "texts.bin").stat().st_mode & 0o777}


def test_a_source_made_private_makes_the_up_to_date_index_private(tmp_path):
    """Issue 31, 3: "up to date" left texts.bin world-readable after its source was chmod 600."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    doc = corpus / "diary.txt"
    doc.write_text(NORMAL, encoding="utf-8")
    os.chmod(doc, 0o644)
    old_umask = os.umask(0o022)
    try:
        build_fake(corpus, tmp_path / "idx")
        assert _modes(tmp_path / "idx") == {"folder": 0o755, "texts": 0o644}
        os.chmod(doc, 0o600)
        report, _ = build_fake(corpus, tmp_path / "idx")
        assert report.up_to_date and _modes(tmp_path / "idx") == {"folder": 0o700, "texts": 0o600}
        os.chmod(doc, 0o644)
        report, _ = build_fake(corpus, tmp_path / "idx")
        assert report.up_to_date and _modes(tmp_path / "idx") == {"folder": 0o755, "texts": 0o644}
    finally:
        os.umask(old_umask)


# -- qa serve ------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", [["--token", "a"], ["--token", " "], ["TOKEN_FILE"], ["ENV"]])
def test_serve_refuses_a_weak_token_off_loopback(tmp_path, how):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QA_SERVE_TOKEN": ""}
    if how == ["TOKEN_FILE"]:
        (tmp_path / "token").write_text("tooshort\n")
        how = ["--token-file", str(tmp_path / "token")]
    elif how == ["ENV"]:
        env["QA_SERVE_TOKEN"], how = "tooshort", []
    res = subprocess.run([sys.executable, "-m", "qa", "serve", "--host", "0.0.0.0", "--port", "0",
                          "--index-dir", str(tmp_path / "none"), *how],
                         capture_output=True, text=True, env=env, timeout=120, check=False)
    assert res.returncode == 2 and res.stdout == "" and "Traceback" not in res.stderr
    error = [ln for ln in res.stderr.splitlines() if ln.startswith("qa: error:")]
    assert len(error) == 1 and 'secrets.token_urlsafe(24)' in error[0]
    assert ("visible to other users" in res.stderr) == ("--token" in how)
