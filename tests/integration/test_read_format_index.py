"""The index stores each document's format as its reader read it (``DocMeta.format`` in docs.jsonl):
``qa docs`` shows it, unchanged files keep it without being read, and an index written before it
was stored still opens, its formats the names' word.  Made-up texts, the fake embedder."""

from __future__ import annotations

import json
import os
import time

import numpy as np

from tests.conftest import build_fake, open_fake
from tests.unit.test_man_pages import QUORP
from tests.unit.test_read_format import LICENCE


def corpus_at(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "FOO-2.1").write_text(LICENCE, encoding="utf-8")
    (corpus / "foo.txt").write_text(LICENCE, encoding="utf-8")
    (corpus / "quorp.1").write_text(QUORP, encoding="utf-8")
    old = time.time() - 3600  # not "racy": the next build trusts size and time (``file_stats``)
    for p in corpus.iterdir():
        os.utime(p, (old, old))
    return corpus


def formats(index_dir) -> dict[str, str]:
    idx = open_fake(index_dir)
    try:
        return {m.id: m.format for m in idx.docs.meta}
    finally:
        idx.release()


def passages(index_dir, doc_id: str) -> list:
    """The document's passages as stored: each one's span and its sentences' spans."""
    idx = open_fake(index_dir)
    try:
        d = idx.docs.position[doc_id]
        sents = np.asarray(idx.sentence_rows).tolist()
        return [(a, b, sents[s0:s1]) for doc, a, b, s0, s1 in np.asarray(idx.chunk_rows).tolist() if doc == d]
    finally:
        idx.release()


def test_qa_docs_shows_the_format_a_file_was_read_as(tmp_path, run_cli):
    corpus = corpus_at(tmp_path)
    build_fake(corpus, tmp_path / "index")
    code, out, _ = run_cli("docs", "--json", "--index-dir", str(tmp_path / "index"))
    assert code in (0, None)
    shown = {d["id"]: d["format"] for d in json.loads(out)["documents"]}
    assert shown == {"FOO-2.1": "text", "foo.txt": "text", "quorp.1": "manual page"}
    code, out, _ = run_cli("docs", "--index-dir", str(tmp_path / "index"))
    assert [line.split("\t")[2] for line in out.splitlines()] == ["text", "text", "manual page"]
    assert passages(tmp_path / "index", "FOO-2.1") == passages(tmp_path / "index", "foo.txt")  # chunked alike
    lines = (open_fake(tmp_path / "index").version / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["format"] for line in lines] == ["text", "text", "manual page"]


def test_unchanged_files_keep_their_format_without_being_read(tmp_path, monkeypatch):
    from qa.corpus import readers

    corpus = corpus_at(tmp_path)
    build_fake(corpus, tmp_path / "index")
    read: list[str] = []
    real = readers._read_one
    monkeypatch.setattr(readers, "_read_one", lambda fh, file, rel, *rest: read.append(rel) or real(fh, file, rel, *rest))
    (corpus / "new.txt").write_text("The orchard ledger lists every tree.\n", encoding="utf-8")
    report, _ = build_fake(corpus, tmp_path / "index")
    assert read == ["new.txt"] and (report.added, report.changed, report.unchanged, report.embedded) == (1, 0, 3, 1)
    assert formats(tmp_path / "index") == {"FOO-2.1": "text", "foo.txt": "text", "new.txt": "text",
                                           "quorp.1": "manual page"}
    build_fake(corpus, tmp_path / "full", rebuild=True)
    full, inc = open_fake(tmp_path / "full"), open_fake(tmp_path / "index")
    assert (inc.version / "docs.jsonl").read_bytes() == (full.version / "docs.jsonl").read_bytes()


def as_before_formats(index_dir) -> None:
    """Rewrite the live version as qa wrote it before formats were stored: no "format" in docs.jsonl."""
    from qa.index.versions import write_manifest

    version = index_dir / (index_dir / "CURRENT").read_text().strip()
    rows = [json.loads(line) for line in (version / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    (version / "docs.jsonl").write_text("".join(json.dumps({k: v for k, v in r.items() if k != "format"}) + "\n"
                                                for r in rows), encoding="utf-8")
    manifest = json.loads((version / "manifest.json").read_text())
    manifest = {k: v for k, v in manifest.items() if k not in ("files", "manifest_sha256")}
    (version / "manifest.json").unlink()
    write_manifest(version, manifest)


def test_an_index_written_before_formats_were_stored_opens_and_updates(tmp_path, run_cli, monkeypatch):
    from dataclasses import replace

    from qa.corpus import format_of, readers

    corpus = corpus_at(tmp_path)
    with monkeypatch.context() as m:  # as an older qa read them: each document's format its name's word
        real = readers._read_one
        m.setattr(readers, "_read_one", lambda *a: (lambda d: replace(d, format=format_of(d.source)))(real(*a)))
        build_fake(corpus, tmp_path / "index")
    as_before_formats(tmp_path / "index")
    assert passages(tmp_path / "index", "FOO-2.1") != passages(tmp_path / "index", "foo.txt")  # chunked apart
    # the names' word: what the qa that wrote it chunked them as
    assert formats(tmp_path / "index") == {"FOO-2.1": "manual page", "foo.txt": "text", "quorp.1": "manual page"}
    code, out, _ = run_cli("docs", "--json", "--index-dir", str(tmp_path / "index"))
    assert code in (0, None) and [d["format"] for d in json.loads(out)["documents"]] == ["manual page", "text",
                                                                                         "manual page"]
    report, _ = build_fake(corpus, tmp_path / "index")  # FOO-2.1 is read again (its format unknown): changed
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 1, 0, 2) and not report.full_reason
    assert formats(tmp_path / "index") == {"FOO-2.1": "text", "foo.txt": "text", "quorp.1": "manual page"}
    assert passages(tmp_path / "index", "FOO-2.1") == passages(tmp_path / "index", "foo.txt")  # chunked again
    build_fake(corpus, tmp_path / "full", rebuild=True)
    full, inc = open_fake(tmp_path / "full"), open_fake(tmp_path / "index")
    for name in ("docs.jsonl", "chunks.npy", "sentences.npy", "texts.bin"):
        assert (inc.version / name).read_bytes() == (full.version / name).read_bytes(), name
