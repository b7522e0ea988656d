"""Odd input files: decoded, or skipped with one warning each and a summary; the rest is indexed."""

from __future__ import annotations

import gzip
import json
import os
import tracemalloc

import pytest

from ..conftest import build_fake, open_fake
from qa.corpus.readers import load_corpus, read_text

WESTERN = (
    "Le ministre a déclaré à Zürich que la réunion était fermée; Mädchen, naïve résumé, déjà vu.\n"
    "The foreign minister said the talks in Astana will continue next week, officials confirmed.\n"
)
QUOTES = "He said \u201cwe are against their presence\u201d \u2013 the minister\u2019s remarks\u2026 cost \u20ac5.\n"


def docs_and_skips(path):
    skips = []
    docs = {d.id: d for d in load_corpus(path, lambda s: skips.append((s.path, s.reason)))}
    return docs, skips


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("latin1.txt", WESTERN.encode("latin-1"), WESTERN),
        ("cp1252.txt", QUOTES.encode("cp1252"), QUOTES),
        ("cp1252_long.txt", (QUOTES + WESTERN).encode("cp1252") * 20, (QUOTES + WESTERN) * 20),
        ("utf16.txt", WESTERN.encode("utf-16"), WESTERN),  # with BOM (little endian here)
        ("utf16be.txt", b"\xfe\xff" + WESTERN.encode("utf-16-be"), WESTERN),
        ("utf16le_nobom.txt", WESTERN.encode("utf-16-le"), WESTERN),
        ("utf8bom.txt", b"\xef\xbb\xbf" + WESTERN.encode("utf-8"), WESTERN),
        ("utf32.txt", WESTERN.encode("utf-32"), WESTERN),
        ("cyrillic.txt", ("Министр иностранных дел России Сергей Лавров заявил, что переговоры "
                          "в Астане продолжатся на следующей неделе.\n" * 3).encode("cp1251"),
         "Министр иностранных дел России Сергей Лавров заявил, что переговоры "
         "в Астане продолжатся на следующей неделе.\n" * 3),
        ("late_latin1.txt", ("plain ascii line number one.\n" * 400 + WESTERN).encode("latin-1"),
         "plain ascii line number one.\n" * 400 + WESTERN),
    ],
)
def test_encodings_are_detected(tmp_path, name, data, expected):
    (tmp_path / name).write_bytes(data)
    docs, skips = docs_and_skips(tmp_path)
    assert skips == []
    assert docs[name].text == expected


def test_nul_bytes_inside_text_become_spaces(tmp_path):
    text, _note = _read(tmp_path, b"A line of text.\n" * 1000 + b"one\x00stray NUL byte late in the file.\n")
    assert text.endswith("one stray NUL byte late in the file.\n")


def _read(tmp_path, data, name="f.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_text(path)


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\t\n   \r\n", "empty file"),
        ("binary.txt", bytes(range(256)) * 64, "binary file"),
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000), "binary file"),
        ("only_tags.html", b"<html><head><title>x</title></head><body><script>var a=1;</script></body></html>",
         "no text"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(WESTERN, encoding="utf-8")
    docs, skips = docs_and_skips(tmp_path)
    assert list(docs) == ["good.txt"]
    assert skips == [(name, reason)]


def test_binary_file_is_not_read_past_its_first_block(tmp_path, monkeypatch):
    big = tmp_path / "dump.txt"
    with open(big, "wb") as fh:
        fh.write(b"\x00\x01" * 8192)
        fh.truncate(64 * 1024 * 1024)  # sparse: 64 MiB of zeros
    tracemalloc.start()
    try:
        text, reason = read_text(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text is None and reason == "binary file"
    assert peak < 1024 * 1024


def test_huge_file_is_read_once(tmp_path):
    """A big text file: its bytes are read once and decoded once (no extra full copies)."""
    line = "Zarif said the talks in Astana would continue, according to officials in Tehran.\n"
    data = (line * (8 * 1024 * 1024 // len(line))).encode("utf-8")
    path = tmp_path / "huge.txt"
    path.write_bytes(data)
    tracemalloc.start()
    try:
        docs, skips = docs_and_skips(tmp_path)
        doc = docs["huge.txt"]
        assert len(doc.hash) == 64
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert skips == [] and len(doc.text) == len(data)
    # bytes + str of an ASCII text is 2x; reading twice or an extra copy would be 3x
    assert peak < 2.5 * len(data), peak / len(data)


def test_too_large_file_is_skipped(tmp_path, monkeypatch):
    import qa.corpus.readers as documents

    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 1000)
    (tmp_path / "big.txt").write_text("word " * 500, encoding="utf-8")
    (tmp_path / "good.txt").write_text(WESTERN, encoding="utf-8")
    docs, skips = docs_and_skips(tmp_path)
    assert list(docs) == ["good.txt"]
    assert skips == [("big.txt", "file too large (0 MiB; the limit is 0 MiB)")]


def test_unreadable_file(tmp_path, monkeypatch):
    """Permission denied on open (simulated: tests run as root, where chmod 000 does not bite)."""
    import builtins

    locked = tmp_path / "secret.txt"
    locked.write_text(WESTERN, encoding="utf-8")
    (tmp_path / "good.txt").write_text(WESTERN, encoding="utf-8")
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if os.fspath(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    docs, skips = docs_and_skips(tmp_path)
    assert list(docs) == ["good.txt"]
    assert skips == [("secret.txt", "unreadable: Permission denied")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(tmp_path):
    locked = tmp_path / "secret.txt"
    locked.write_text(WESTERN, encoding="utf-8")
    locked.chmod(0)
    docs, skips = docs_and_skips(tmp_path)
    assert docs == {} and skips == [("secret.txt", "unreadable: Permission denied")]


def test_unreadable_folder(tmp_path, monkeypatch):
    import qa.corpus.readers as documents

    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "a.txt").write_text(WESTERN, encoding="utf-8")
    (tmp_path / "good.txt").write_text(WESTERN, encoding="utf-8")
    real_scandir = os.scandir

    def guarded(path):
        if os.fspath(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(documents.os, "scandir", guarded)
    docs, skips = docs_and_skips(tmp_path)
    assert list(docs) == ["good.txt"]
    assert skips == [("closed", "unreadable folder: Permission denied")]


def test_symlink_loops_and_broken_links(tmp_path):
    (tmp_path / "good.txt").write_text(WESTERN, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.txt").write_text(QUOTES, encoding="utf-8")
    os.symlink("..", tmp_path / "sub" / "up")  # folder loop
    os.symlink("sub", tmp_path / "again")  # the same folder twice: read once
    os.symlink("b.txt", tmp_path / "a.txt")  # file loop
    os.symlink("a.txt", tmp_path / "b.txt")
    os.symlink("nowhere.txt", tmp_path / "dangling.txt")
    docs, skips = docs_and_skips(tmp_path)
    assert sorted(docs) == ["good.txt", "sub/inner.txt"]
    assert sorted(skips) == [
        ("a.txt", "symlink loop"),
        ("again", "already read through another path (symlink)"),  # the real path names the document
        ("b.txt", "symlink loop"),
        ("dangling.txt", "broken symlink"),
        ("sub/up", "symlink loop (points back to a folder above it)"),
    ]


def test_fifo_and_folder_named_like_a_file(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    (tmp_path / "notes.txt").mkdir()  # a folder with a file's name is just a folder
    (tmp_path / "notes.txt" / "inside.md").write_text("# Inside Notes Here\n\n" + WESTERN, encoding="utf-8")
    docs, skips = docs_and_skips(tmp_path)
    assert list(docs) == ["notes.txt/inside.md"] and docs["notes.txt/inside.md"].title == "Inside Notes Here"
    assert skips == [("pipe.txt", "not a regular file")]


def test_bad_jsonl_lines_and_bad_gzip(tmp_path):
    rows = [{"_id": "d1", "title": "One", "text": WESTERN}, "not an object", {"no": "text"},
            {"_id": "d2", "title": "", "text": QUOTES}]
    lines = [json.dumps(r) for r in rows] + ["{broken json", b"\xff\xfe bad utf8".decode("latin-1")]
    (tmp_path / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "broken.jsonl.gz").write_bytes(gzip.compress(b'{"_id": "g1", "text": "x"}\n')[:-12])
    docs, skips = docs_and_skips(tmp_path)
    assert sorted(docs) == ["d1", "d2"]
    reasons = dict(skips)
    assert reasons["corpus.jsonl"] == "4 line(s) not BEIR documents ({'_id', 'title', 'text'})"
    assert reasons["broken.jsonl.gz"].startswith("truncated gzip stream")


def test_mixed_corpus_is_indexed_with_a_summary(tmp_path, capsys, fake_model):
    """Everything readable is indexed; each bad file is one warning; one summary line counts them."""
    from qa.cli import main

    c = tmp_path / "corpus"
    c.mkdir()
    (c / "latin1.txt").write_bytes(WESTERN.encode("latin-1"))
    (c / "utf16.txt").write_bytes(QUOTES.encode("utf-16"))
    (c / "good.md").write_text("# A Good Title\n\n" + WESTERN, encoding="utf-8")
    (c / "empty.txt").write_bytes(b"")
    (c / "blob.txt").write_bytes(bytes(range(256)))
    os.symlink(".", c / "loop")
    capsys.readouterr()
    code = main(["index", "--corpus", str(c), "--index-dir", str(tmp_path / "idx"), "-q"])
    err = capsys.readouterr().err
    assert code == 0
    lines = err.strip().splitlines()
    assert lines[:3] == [
        "qa: warning: skipped blob.txt: binary file",
        "qa: warning: skipped empty.txt: empty file",
        "qa: warning: skipped loop: symlink loop (points back to a folder above it)",
    ]
    assert lines[3].startswith("Indexed 3 documents as ")
    assert lines[4] == "Skipped 3 files: 1 binary, 1 empty, 1 symlink loop"
    idx = open_fake(tmp_path / "idx")
    assert [m.id for m in idx.docs.meta] == ["good.md", "latin1.txt", "utf16.txt"]
    assert idx.docs.text(1) == WESTERN and idx.docs.text(2) == QUOTES


def test_build_report_lists_skips(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    (c / "ok.txt").write_text(WESTERN, encoding="utf-8")
    (c / "bin.txt").write_bytes(b"\x00" * 100)
    report, _ = build_fake(c, tmp_path / "idx")
    assert report.documents == 1 and [(s.path, s.kind, s.reason) for s in report.skipped] == [
        ("bin.txt", "binary", "binary file")]
