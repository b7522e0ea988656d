"""An unchanged folder is re-indexed from ``stat`` alone; a touched file is hashed, not parsed (issue 28)."""

from __future__ import annotations

import json
import os
import time

import pytest

from tests.conftest import build_fake


@pytest.fixture
def reads(monkeypatch):
    from qa.corpus import readers

    calls: list[str] = []
    real = readers._read_one

    def counting(fh, file, rel, *rest):  # (open file, path, rel, suffix, size, budget)
        calls.append(rel)
        return real(fh, file, rel, *rest)

    monkeypatch.setattr(readers, "_read_one", counting)
    return calls


def _folder(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("The quorp engine hums at night. Nobody knows why it hums.\n", encoding="utf-8")
    (corpus / "sub" / "b.md").write_text("# Glimmer\n\nThe glimmer pump runs in winter.\n", encoding="utf-8")
    (corpus / "c.txt").write_bytes(b"\x00\x01binary\x00")
    old = time.time() - 3600
    for p in corpus.rglob("*.*"):
        os.utime(p, (old, old))
    return corpus


def test_unchanged_folder_reads_nothing(tmp_path, reads):
    corpus, index = _folder(tmp_path), tmp_path / "index"
    first, _ = build_fake(corpus, index)
    assert sorted(reads) == ["a.txt", "c.txt", "sub/b.md"]
    reads.clear()
    again, _ = build_fake(corpus, index)
    assert reads == [] and again.up_to_date
    assert [s.path for s in again.skipped] == [s.path for s in first.skipped] == ["c.txt"]


def test_touched_file_is_hashed_not_parsed_and_changed_file_is_read(tmp_path, reads):
    corpus, index = _folder(tmp_path), tmp_path / "index"
    build_fake(corpus, index)
    reads.clear()
    os.utime(corpus / "a.txt")  # same bytes, new time
    report, _ = build_fake(corpus, index)
    assert reads == [] and report.up_to_date
    (corpus / "sub" / "b.md").write_text("# Glimmer\n\nThe glimmer pump now runs in summer too.\n", encoding="utf-8")
    report, _ = build_fake(corpus, index)
    assert reads == ["sub/b.md"] and report.changed == 1 and report.unchanged == 1


def test_stats_index_equals_a_full_build(tmp_path):
    corpus, index = _folder(tmp_path), tmp_path / "index"
    build_fake(corpus, index)
    (corpus / "d.txt").write_text("A new note about the harbour lantern.\n", encoding="utf-8")
    build_fake(corpus, index)
    full = tmp_path / "full"
    build_fake(corpus, full)
    from qa.index.loaded import load_index

    a, b = load_index(index), load_index(full)
    assert a.docs.meta == b.docs.meta
    assert [a.docs.text(i) for i in range(len(a.docs))] == [b.docs.text(i) for i in range(len(b.docs))]
    table = json.loads((a.version / "files.json").read_text())["files"]
    assert sorted(table) == ["a.txt", "c.txt", "d.txt", "sub/b.md"]
    a.release(), b.release()


def test_another_reader_version_reads_again(tmp_path, reads, monkeypatch):
    from qa.index import file_stats

    corpus, index = _folder(tmp_path), tmp_path / "index"
    build_fake(corpus, index)
    reads.clear()
    monkeypatch.setattr(file_stats, "READERS", file_stats.READERS + 1)
    report, _ = build_fake(corpus, index)
    assert sorted(reads) == ["a.txt", "c.txt", "sub/b.md"] and report.unchanged == 2


def test_a_print_page_skipped_as_a_copy_is_read_once_its_chapters_are_gone(tmp_path):
    """An mdBook print page skipped because its chapters are beside it is checked again on the next
    build, though it did not change: a chapter removed by hand leaves the print page its only copy."""
    corpus, index = tmp_path / "book", tmp_path / "index"
    corpus.mkdir()
    mark = '<!-- Book generated using mdBook --><meta name="robots" content="noindex">'
    sidebar = ('<nav><ol class="chapter"><li><a href="one.html">One</a></li>'
               '<li><a href="two.html">Two</a></li></ol></nav>')
    (corpus / "one.html").write_text("<p>The quorp engine hums at night.</p>", encoding="utf-8")
    (corpus / "two.html").write_text("<p>The glimmer pump runs in winter.</p>", encoding="utf-8")
    (corpus / "print.html").write_text(f"<html><head>{mark}</head><body>{sidebar}<p>The quorp engine hums at "
                                       "night.</p><p>The glimmer pump runs in winter.</p></body></html>",
                                       encoding="utf-8")
    first, _ = build_fake(corpus, index)
    assert [(s.path, s.kind) for s in first.skipped] == [("print.html", "duplicate")] and first.documents == 2
    (corpus / "two.html").unlink()
    again, _ = build_fake(corpus, index)
    assert not again.skipped and again.documents == 2 and again.added == 1  # print.html, read now


def test_a_pages_source_skipped_as_a_copy_is_read_once_its_built_page_is_gone(tmp_path):
    """A Sphinx page's source (``_sources/page.rst.txt``) skipped because its built page is beside it
    is checked again on the next build, though it did not change: without the page it is the only copy."""
    corpus, index = tmp_path / "docs", tmp_path / "index"
    (corpus / "_sources").mkdir(parents=True)
    (corpus / "one.html").write_text("<p>The quorp engine hums at night.</p>", encoding="utf-8")
    (corpus / "_sources" / "one.rst.txt").write_text("The quorp engine hums at night.\n", encoding="utf-8")
    first, _ = build_fake(corpus, index)
    assert [(s.path, s.kind) for s in first.skipped] == [("_sources/one.rst.txt", "duplicate")] and first.documents == 1
    (corpus / "one.html").unlink()
    again, _ = build_fake(corpus, index)
    assert not again.skipped and again.documents == 1 and again.added == 1  # the source, read now


def test_documents_from_the_store_chunk_as_a_fresh_read(tmp_path):
    """An unchanged file's document, taken from the index's store (``FileStats.lookup``), keeps its
    verbatim blocks (``Document.code``): chunked again it gives the units a fresh read gives, its
    changelog items apart and its code block's wrapped help joined."""
    from qa.corpus import chunk_document, load_corpus
    from qa.index.file_stats import FileStats
    from qa.index.loaded import load_index

    items = [f"* [{n:03d}ab] - tls: {s} of the module in the harbour station" for n, s in enumerate(
        ["add debugging output for the handshake states", "check the certificate chain length first",
         "make the session cache evict its oldest entries", "expose the negotiated protocol version",
         "warn once when a deprecated cipher suite is picked", "keep the keylog callback alive longer",
         "document the new option for the minimum version", "stop reading from a socket closed early",
         "move the renegotiation limits into the constants"])]
    help_ = ["  -r, --replace         Replace the lantern file when trying to normalize it instead of",
             "                        creating a new one next to it in the harbour folder"]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "CHANGES.md"
    path.write_text("# Changes\n\n" + "\n".join(items) + "\n\n```\n" + "\n".join(help_) + "\n```\n", encoding="utf-8")
    old = time.time() - 3600
    os.utime(path, (old, old))
    build_fake(corpus, tmp_path / "index")
    index = load_index(tmp_path / "index")
    stored, _ = FileStats(index).lookup("CHANGES.md", path, path.stat())
    fresh = next(iter(load_corpus(corpus)))
    assert stored[0].text == fresh.text and stored[0].code == fresh.code and fresh.code
    spans = [c.sentences for c in chunk_document(fresh)]
    assert [c.sentences for c in chunk_document(stored[0])] == spans
    units = [fresh.text[s:e] for sents in spans for s, e in sents]
    assert any(u.startswith("-r, --replace") and u.endswith("harbour folder") for u in units)
    assert not any("\n" in u for u in units if "tls:" in u)
    index.release()


def test_a_page_in_another_language_follows_its_english_copy(tmp_path):
    """A French copy skipped because its English copy is beside it is read once the English one is gone,
    and skipped again when an English copy comes back, though the French file never changed."""
    corpus, index = tmp_path / "site", tmp_path / "index"
    corpus.mkdir()
    english = corpus / "frob.html.en"
    english.write_text("<p>The quorp engine hums at night.</p>", encoding="utf-8")
    (corpus / "frob.html.fr").write_text("<p>Le moteur quorp ronronne la nuit.</p>", encoding="utf-8")
    first, _ = build_fake(corpus, index)
    assert [(s.path, s.kind) for s in first.skipped] == [("frob.html.fr", "duplicate")] and first.documents == 1
    english.unlink()
    again, _ = build_fake(corpus, index)
    assert not again.skipped and again.documents == 1 and again.added == 1  # frob.html.fr, read now
    english.write_text("<p>The quorp engine hums at night.</p>", encoding="utf-8")
    third, _ = build_fake(corpus, index)
    assert [(s.path, s.kind) for s in third.skipped] == [("frob.html.fr", "duplicate")] and third.documents == 1


def test_a_built_mkdocs_page_skipped_as_a_copy_is_read_once_its_markdown_is_gone(tmp_path):
    """A page of a built MkDocs site (``site/one/index.html``) skipped because ``docs/one.md`` is read
    is checked again on the next build: without its source it is the only copy; with it back, a copy."""
    corpus, index = tmp_path / "proj", tmp_path / "index"
    (corpus / "docs").mkdir(parents=True)
    (corpus / "site" / "one").mkdir(parents=True)
    (corpus / "mkdocs.yml").write_text("site_name: Quorp\n", encoding="utf-8")
    (corpus / "docs" / "one.md").write_text("# One\n\nThe quorp engine hums at night.\n", encoding="utf-8")
    (corpus / "site" / "one" / "index.html").write_text("<p>The quorp engine hums at night.</p>", encoding="utf-8")
    first, _ = build_fake(corpus, index)
    assert ("site/one/index.html", "duplicate") in [(s.path, s.kind) for s in first.skipped]
    assert first.documents == 1
    md = (corpus / "docs" / "one.md").read_bytes()
    (corpus / "docs" / "one.md").unlink()
    again, _ = build_fake(corpus, index)
    assert "site/one/index.html" not in [s.path for s in again.skipped] and again.documents == 1
    (corpus / "docs" / "one.md").write_bytes(md)
    third, _ = build_fake(corpus, index)
    assert ("site/one/index.html", "duplicate") in [(s.path, s.kind) for s in third.skipped]
    assert third.documents == 1
