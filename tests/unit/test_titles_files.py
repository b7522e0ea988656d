"""Issue 28 item 1 through the read path: titles from each format's own structure, stubs skipped."""

from __future__ import annotations

from qa.corpus import load_corpus


def _read(tmp_path, files: dict[str, str]):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    skipped = []
    docs = {d.id: d for d in load_corpus(corpus, skipped.append)}
    return docs, {s.path: s.kind for s in skipped}


def test_titles_come_from_structure_never_a_generic_heading(tmp_path):
    body = "<p>" + "The log keeps every change before it reaches the database file. " * 5 + "</p>"
    docs, skipped = _read(tmp_path, {
        "wal.html": f"<html><head><title>Write-Ahead Logging</title></head><body><h1>1. Overview</h1>{body}</body></html>",
        "syntax.html": f"<html><head><title>1. Syntax</title></head><body><h1>Upsert clauses</h1>{body}</body></html>",
        "setext.md": "Quorp Engine Guide\n==================\n\nThe quorp engine runs on glimmer oil all winter.\n",
        "contents.md": "# Contents\n\nSome words here.\n\n# Harbour Lights\n\nThe lights are lit at dusk.\n",
        "LICENSE.txt": "\n                          Frobnitz License\n                     Version 3, May 2001\n\n"
                       "   Terms and conditions for the use of the frobnitz apply to every copy made.\n",
        "underlined.txt": "Lantern Keeping\n---------------\n\nThe keeper trims the wick every evening at dusk.\n",
    })
    assert not skipped
    assert {i: d.title for i, d in docs.items()} == {
        "wal.html": "Write-Ahead Logging", "syntax.html": "Upsert clauses", "setext.md": "Quorp Engine Guide",
        "contents.md": "Harbour Lights", "underlined.txt": "Lantern Keeping",
        "LICENSE.txt": "Frobnitz License Version 3, May 2001"}  # with its centred subtitle (session 19)


def test_a_redirect_page_is_skipped_as_a_stub_not_indexed(tmp_path):
    docs, skipped = _read(tmp_path, {
        "Aliasing.html": '<html><head><meta http-equiv="refresh" content="0; url=Shell.html#Aliasing"></head>'
                         '<body><p>The node you are looking for is at <a href="Shell.html#Aliasing">Aliasing</a>.</p>'
                         "</body></html>",
        "real.html": "<html><head><title>Real page</title></head><body><p>" + "Real words on a real page. " * 10
                     + "</p></body></html>",
    })
    assert list(docs) == ["real.html"] and skipped == {"Aliasing.html": "stub"}
