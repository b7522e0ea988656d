"""Gzip-compressed documents (``qa.corpus.gunzip``): read as the file inside them would be, under the
budget's limit on decompressed bytes; cut-short or damaged streams skipped with the reason.
Real gzip files, made here with the stdlib ``gzip`` module; made-up text."""

from __future__ import annotations

import gzip
import io
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.corpus import format_of, load_corpus, skip_summary
from qa.corpus.budget import Budget, MiB
from qa.corpus.extracted import ReadError
from qa.corpus.gunzip import Gunzipped, inner_name, limit
from qa.corpus.readers import supported
from qa.corpus.skips import DAMAGED, OVER_BUDGET, UNSUPPORTED
from qa.corpus.text_title import plain_title

from .test_formats import make_docx
from .test_formats_more import RST, make_odt

PROSE = ("The quorp engine keeps its glimmer oil warm through the winter months, and the crew "
         "checks the gauges every morning before the ship leaves the harbour.\n")
MARKDOWN = "# Glimmer pumps\n\nThe *glimmer* pump needs oil.\n\n## Winter care\n\nKeep the pump warm in winter.\n"
HTML = ("<html><head><title>Valve guide</title></head><body><h1>Valve guide</h1>"
        "<p>Turn the brass valve twice before dawn.</p><h2>Cleaning</h2><p>Wipe it with a dry cloth.</p></body></html>")
CHANGELOG = ("quorp (1.2-1) unstable; urgency=medium\n\n  * Fix the glimmer pump leaking oil.\n\n"
             " -- Ann Example <ann@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n")


def _write(folder, files: dict[str, bytes | str]):
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def _read(folder, budget: Budget | None = None):
    skipped = []
    docs = {d.id: d for d in load_corpus(folder, skipped.append, budget=budget)}
    return docs, {s.path: s for s in skipped}


def _gz(data: bytes | str) -> bytes:
    return gzip.compress(data if isinstance(data, bytes) else data.encode("utf-8"), mtime=0)


def test_a_gzipped_document_reads_as_the_file_inside(tmp_path):
    """Same text, title, sections and lines as the uncompressed file: one reader per inner suffix."""
    inner = {"pkg/notes.txt": PROSE, "pkg/pumps.md": MARKDOWN, "pkg/valve.html": HTML, "pkg/guide.rst": RST,
             "pkg/README": "Quorp engines\n=============\n\n" + PROSE, "pkg/changelog.Debian": CHANGELOG,
             "pkg/NEWS.Debian": PROSE, "pkg/report.docx": make_docx("Harbour report")}
    _write(tmp_path / "plain", inner)
    make_odt(tmp_path / "plain" / "pkg" / "field.odt")
    (tmp_path / "zipped" / "pkg").mkdir(parents=True)
    for path in (tmp_path / "plain" / "pkg").iterdir():
        (tmp_path / "zipped" / "pkg" / (path.name + ".gz")).write_bytes(_gz(path.read_bytes()))
    plain, plain_skips = _read(tmp_path / "plain")
    zipped, zipped_skips = _read(tmp_path / "zipped")
    assert not plain_skips and not zipped_skips
    assert set(zipped) == {rel + ".gz" for rel in plain} and len(plain) == 9  # the id: the real path
    for rel, doc in plain.items():
        got = zipped[rel + ".gz"]
        assert (got.text, got.title, got.sections, got.lines, got.pages) == (
            doc.text, doc.title, doc.sections, doc.lines, doc.pages), rel
        assert format_of(got.source) == format_of(doc.source), rel
        assert got.source.endswith(rel + ".gz")
    assert zipped["pkg/README.gz"].title == "pkg: Quorp engines"  # a README is about its folder
    assert zipped["pkg/changelog.Debian.gz"].title == "pkg: changelog.Debian"  # not its signature line
    assert zipped["pkg/NEWS.Debian.gz"].title == "pkg: NEWS.Debian"  # no title in its text: its inner name
    assert format_of("x/valve.html.gz") == "HTML" and format_of("x/README.gz") == "text"
    assert "glimmer pump leaking oil" in zipped["pkg/changelog.Debian.gz"].text


def test_a_debian_changelog_is_named_by_its_file_not_its_signature_line():
    assert plain_title(CHANGELOG) == "" and plain_title("\n" + CHANGELOG.replace("quorp", "libquorp2.0-1")) == ""
    assert plain_title("Quorp release notes\n===================\n\nquorp (1.2) is out; urgency=none.\n") \
        == "Quorp release notes"


def test_only_documents_are_read_gzipped_the_rest_is_named_in_the_summary(tmp_path):
    for name in ("a.txt.gz", "a.MD.GZ", "a.htm.gz", "a.rst.gz", "a.pdf.gz", "a.docx.gz", "README.gz",
                 "copyright.gz", "FAQ.gz", "NEWS.Debian.gz", "changelog.Debian.amd64.gz", "corpus.jsonl.gz"):
        assert supported(name), name
    for name in ("data.csv.gz", "foo.tar.gz", "x.png.gz", "foo.tgz", "inbox.mbox.gz", ".gz", "a.gz.gz",
                 "Makefile.gz"):
        assert not supported(name), name
    assert inner_name("guide.html.GZ") == "guide.html" and inner_name("x.gz.") is None and inner_name(".gz") is None
    _write(tmp_path, {"doc.txt.gz": _gz(PROSE), "data.csv.gz": _gz("a,b\n1,2\n"), "foo.tar.gz": _gz(b"x" * 600),
                      "x.png.gz": _gz(b"\x89PNG"), "foo.tgz": _gz(b"x"), "app.log.1.gz": _gz("a log line\n")})
    docs, skipped = _read(tmp_path)
    assert set(docs) == {"doc.txt.gz"}
    assert {p: s.kind for p, s in skipped.items()} == dict.fromkeys(
        ["data.csv.gz", "foo.tar.gz", "x.png.gz", "foo.tgz", "app.log.1.gz"], UNSUPPORTED)
    assert skipped["foo.tar.gz"].reason == "unsupported file type (.tar.gz)"
    assert skip_summary(skipped.values()) == "Skipped 5 files: 5 unsupported (.1.gz, .csv.gz, .png.gz, .tar.gz, .tgz)"


def test_a_cut_short_or_corrupt_gzip_is_skipped_as_damaged_and_the_rest_is_read(tmp_path):
    whole = _gz(PROSE * 40)
    flipped = bytearray(_gz(MARKDOWN * 40))
    flipped[30] ^= 0xFF  # inside the deflate data
    _write(tmp_path, {"cut.txt.gz": whole[: len(whole) // 2], "bad.md.gz": bytes(flipped),
                      "notgzip.txt.gz": PROSE, "tail.gz.txt": PROSE, "README.gz": _gz(PROSE),
                      "crc.html.gz": whole[:-8] + b"\0\0\0\0" + whole[-4:], "empty.txt.gz": _gz(b""), "zero.md.gz": b""})
    docs, skipped = _read(tmp_path)
    assert set(docs) == {"README.gz", "tail.gz.txt"}
    assert {p: s.kind for p, s in skipped.items()} == {
        "cut.txt.gz": DAMAGED, "bad.md.gz": DAMAGED, "notgzip.txt.gz": DAMAGED, "crc.html.gz": DAMAGED,
        "empty.txt.gz": "empty", "zero.md.gz": "empty"}
    assert skipped["cut.txt.gz"].reason.startswith("truncated gzip stream")
    assert skipped["notgzip.txt.gz"].reason.startswith("not a valid gzip file")
    assert "CRC" in skipped["crc.html.gz"].reason


class _Counting(io.BytesIO):
    """A file that counts the compressed bytes read from it."""

    taken = 0

    def read(self, n=-1):
        data = super().read(n)
        self.taken += len(data)
        return data


def _bomb(n: int) -> bytes:
    """``n`` bytes of one repeated line, gzipped block by block (never held whole)."""
    out = io.BytesIO()
    line = b"all work and no play makes the quorp engine a dull machine\n"
    block = line * ((1 << 20) // len(line))
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as gz:
        for _ in range(n // len(block)):
            gz.write(block)
    return out.getvalue()


def test_a_decompression_bomb_is_refused_without_inflating_it_all():
    bomb = _bomb(64 * MiB)  # ~0.2 MB gzipped
    assert len(bomb) < MiB
    fh = _Counting(bomb)
    stream = Gunzipped(fh, 2 * MiB)
    with pytest.raises(ReadError) as err:
        stream.read()
    assert err.value.kind == OVER_BUDGET and "more than 2 MiB" in str(err.value)
    assert stream.inflated <= 2 * MiB + (1 << 20)  # stopped at the limit, not at the end
    assert fh.taken < len(bomb) / 4


def test_the_limit_is_exact_and_seeking_cannot_pass_it():
    data = bytes(range(256)) * 4096  # 1 MiB
    assert Gunzipped(io.BytesIO(_gz(data)), len(data)).read() == data
    with pytest.raises(ReadError) as err:
        Gunzipped(io.BytesIO(_gz(data)), len(data) - 1).read()
    assert err.value.kind == OVER_BUDGET
    stream = Gunzipped(io.BytesIO(_gz(data)), 1000)
    with pytest.raises(ReadError):
        stream.seek(len(data) // 2)
    assert stream.inflated <= 1001 + io.DEFAULT_BUFFER_SIZE
    assert limit(Budget()) == 200 * MiB and limit(Budget(max_unzipped=MiB)) == MiB


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.md.gz", "README.gz", "bomb.docx.gz"])
def test_a_bomb_in_a_folder_is_skipped_over_budget_the_rest_read(tmp_path, name):
    """In this process (.txt.gz, README.gz) or a reader process (.md.gz, .docx.gz): the same limit."""
    _write(tmp_path, {name: _bomb(16 * MiB), "ok.md.gz": _gz(MARKDOWN)})
    docs, skipped = _read(tmp_path, Budget(max_file_bytes=4 * MiB))
    assert set(docs) == {"ok.md.gz"}
    assert skipped[name].kind == OVER_BUDGET and "decompresses to more than 4 MiB" in skipped[name].reason


def test_parsed_formats_are_decompressed_in_the_reader_process(tmp_path, monkeypatch):
    from qa.corpus import isolate, readers

    if not readers.isolate_readers():
        pytest.skip("no reader processes here")
    seen = []
    real = isolate.read_isolated

    def spy(fd, suffix, *args, **kw):
        seen.append(suffix)
        return real(fd, suffix, *args, **kw)

    def not_here(*_a, **_k):
        raise AssertionError("read in the build's process")

    monkeypatch.setattr(isolate, "read_isolated", spy)
    monkeypatch.setattr(readers, "extract", not_here)
    _write(tmp_path, {"pumps.md.gz": _gz(MARKDOWN), "valve.html.gz": _gz(HTML)})
    docs, skipped = _read(tmp_path)
    assert set(docs) == {"pumps.md.gz", "valve.html.gz"} and not skipped
    assert sorted(seen) == [".html.gz", ".md.gz"]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.integers(1, 4000), st.lists(st.integers(1, 700), min_size=1, max_size=20))
def test_gunzipped_gives_the_bytes_or_refuses_past_the_limit(data, cap, reads):
    stream = Gunzipped(io.BytesIO(_gz(data)), cap)
    got = bytearray()
    try:
        for n in reads:
            got += stream.read(n)
        got += stream.read()
    except ReadError as exc:
        assert exc.kind == OVER_BUDGET and len(data) > cap
        assert data.startswith(bytes(got)) and len(got) <= cap
        return
    assert bytes(got) == data and len(data) <= cap


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=2000), st.data())
def test_every_cut_of_a_gzip_stream_is_damaged(data, draw):
    whole = _gz(data)
    cut = draw.draw(st.integers(1, len(whole) - 1))
    with pytest.raises(ReadError) as err:
        Gunzipped(io.BytesIO(whole[:cut]), 1 << 20).read()
    assert err.value.kind == DAMAGED


def test_a_stream_of_many_members_reads_whole_and_rewinds(tmp_path):
    """gzip files may be concatenated members ("cat a.gz b.gz"); reading seeks back to the start
    (charset detection), which inflates again from the start, never from a stale point."""
    body = "Première ligne.\n" + PROSE
    data = _gz(body.encode("cp1252")) + _gz(PROSE.encode("cp1252"))
    stream = Gunzipped(io.BytesIO(data), 1 << 20)
    first = stream.read(10)
    stream.seek(0)
    assert stream.read(10) == first and stream.read() == (body + PROSE).encode("cp1252")[10:]
    _write(tmp_path, {"notes.txt.gz": data})
    docs, _ = _read(tmp_path)
    assert docs["notes.txt.gz"].text == body + PROSE


def test_a_raw_deflate_or_zlib_stream_is_not_gzip():
    for data in (zlib.compress(PROSE.encode()), b"PK\x03\x04" + bytes(60), b"\x1f\x8b\x09" + bytes(20)):
        with pytest.raises(ReadError) as err:
            Gunzipped(io.BytesIO(data), 1 << 20).read()
        assert err.value.kind == DAMAGED
