"""Readers under budgets and the small defects of issue 31, one function at a time (no index, no
model, no reader process): deep HTML, zip bombs, entities, huge lines, sizes, PDF running lines,
undecodable names shown and written safely, serve tokens, hard-linked modes, a full disk."""

from __future__ import annotations

import errno
import io
import json
import os
import tracemalloc
import zipfile

import pytest

from qa.corpus.extracted import ReadError
from qa.corpus.html import read_html

from ..hostile_files import (
    docx_external_entity,
    docx_nested,
    docx_paragraph_bomb,
    docx_text_node_bomb,
    nested_html,
    one_line_text,
)

pytest.importorskip("docx")


# -- HTML nesting --------------------------------------------------------------------------------


def test_100000_nested_divs_are_read_with_their_text():
    """Issue 31, 1: reading time grew with the square of the depth (100,000 levels: hours)."""
    out = read_html(nested_html(100_000))
    assert out.text == "A page of deeply nested markup follows.\n\nThe innermost sentence of the nested page."


def test_unmatched_end_tags_under_deep_nesting():
    """Each unmatched end tag searched every open element: depth x tags without a depth cap."""
    out = read_html(b"<div>" * 50_000 + b"</span>" * 50_000 + b"<p>Still here at the end.</p>")
    assert out.text.endswith("Still here at the end.")


def test_nested_tables_and_menus_keep_their_text_once():
    tables = read_html(b"<table><tr><td>" * 3000 + b"deep cell" + b"</td></tr></table>" * 3000)
    assert tables.text == "deep cell"
    menus = read_html(b'<div class="menu">' * 3000 + b"menu words" + b"</div>" * 3000
                      + b"<p>" + b"The main content of the page is this long paragraph. " * 5 + b"</p>")
    assert "menu words" not in menus.text and menus.text.startswith("The main content")


def test_depth_cap_keeps_text_order():
    from qa.corpus.html import MAX_DEPTH

    html = "".join(f"<div>level {i} " for i in range(MAX_DEPTH + 50)) + "</div>" * (MAX_DEPTH + 50)
    words = read_html(html).text.split()
    levels = [int(w) for w in words if w.isdigit()]
    assert levels == list(range(MAX_DEPTH + 50))


# -- zip-based formats ---------------------------------------------------------------------------


def test_docx_paragraph_bomb_is_refused_unread(tmp_path):
    """Issue 31, 5: 8 million paragraphs in 1 MB reached 4.8 GB; here 400,000 (same ratio)."""
    from qa.corpus.docx import read_docx

    path = tmp_path / "bomb.docx"
    docx_paragraph_bomb(path, 400_000)
    tracemalloc.start()
    try:
        with pytest.raises(ReadError) as err:
            read_docx(path.read_bytes(), "bomb.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.kind == "over budget" and "zip bomb" in str(err.value)
    assert peak < 8 * path.stat().st_size + (4 << 20)  # nothing inflated


def test_docx_huge_text_node_and_total_budget(tmp_path):
    from qa.corpus.budget import Budget
    from qa.corpus.docx import read_docx

    path = tmp_path / "node.docx"
    docx_text_node_bomb(path, 24 << 20)
    with pytest.raises(ReadError, match="zip bomb") as err:
        read_docx(path.read_bytes())
    assert err.value.kind == "over budget"
    with pytest.raises(ReadError, match=r"would unzip to .* \(the limit is 1 MiB\)"):
        read_docx(path.read_bytes(), budget=Budget(max_unzipped=1 << 20))


def test_a_member_lying_about_its_size_is_damaged_not_inflated():
    """What check_zip trusts (the declared size) is all zipfile will inflate: a member whose
    data is bigger than it says fails its check instead of flooding memory."""
    from qa.corpus.unzip import check_zip

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<a>" + b"x" * (32 << 20) + b"</a>")
    data = bytearray(buf.getvalue())
    cd = data.rfind(b"PK\x01\x02")  # central directory entry: uncompressed size at +24
    data[cd + 24: cd + 28] = (1000).to_bytes(4, "little")
    assert check_zip(bytes(data)) == 1000
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf, pytest.raises(zipfile.BadZipFile):
        zf.read("word/document.xml")


def test_docx_nested_100000_levels_is_skipped_in_a_moment(tmp_path):
    from qa.corpus.docx import read_docx

    path = tmp_path / "deep.docx"
    docx_nested(path, 100_000)
    with pytest.raises(ReadError, match="nested more than 256 levels") as err:
        read_docx(path.read_bytes())
    assert err.value.kind == "over budget"


def test_docx_external_entity_keeps_the_text_after_it(tmp_path):
    """Issue 31, 7: python-docx read a text node up to the entity only."""
    from qa.corpus.docx import read_docx

    path = tmp_path / "entity.docx"
    docx_external_entity(path)
    text = read_docx(path.read_bytes()).text
    assert text == "Barn owls hunt voles at night over the meadows."
    assert "localhost" not in text and os.uname().nodename not in text  # nothing resolved


def test_docx_heading_styles_are_looked_up_once():
    """python-docx's paragraph.style scans every style per paragraph (5,000 paragraphs: 16 s)."""
    import docx
    from docx.styles.styles import Styles

    from qa.corpus.docx import read_docx

    d = docx.Document()
    d.add_heading("Chapter One", level=1)
    for i in range(300):
        d.add_paragraph(f"Paragraph number {i} of the chapter.")
    buf = io.BytesIO()
    d.save(buf)
    calls = []
    real = Styles.default

    def counted(self, style_type):
        calls.append(style_type)
        return real(self, style_type)

    Styles.default = counted
    try:
        out = read_docx(buf.getvalue())
    finally:
        Styles.default = real
    assert out.sections == ((0, "Chapter One"),) and len(calls) <= 2


# -- plain text ----------------------------------------------------------------------------------


def test_huge_one_line_text_is_refused_after_its_budget(tmp_path):
    """Issue 31, 7: a 200 MB one-line file reached 3.2 GB; reading stops at the line budget."""
    from qa.corpus.charset import read_text

    path = tmp_path / "line.txt"
    one_line_text(path, 24 << 20)
    tracemalloc.start()
    try:
        text, why = read_text(path, max_line=4 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text is None and why.startswith("long line: more than 4,194,304 characters")
    assert peak < 16 << 20


def test_long_lines_across_blocks_and_inside_one(tmp_path):
    from qa.corpus.charset import read_text

    path = tmp_path / "t.txt"
    path.write_bytes(b"short line\n" + b"x" * 3000 + b"\nend\n")
    assert read_text(path, max_line=2999)[0] is None
    assert read_text(path, max_line=3000)[0] is not None
    path.write_bytes(b"a\r" * 10 + b"y" * 50 + b"\r\n")
    assert read_text(path, max_line=49)[0] is None and read_text(path, max_line=50)[0] is not None


def test_a_late_bad_byte_is_still_detected(tmp_path):
    from qa.corpus.charset import BLOCK, read_text

    data = b"plain ascii text line.\n" * (BLOCK // 23 + 100) + "caf\xe9 cr\xe8me br\xfbl\xe9e.\n".encode("latin-1")
    path = tmp_path / "late.txt"
    path.write_bytes(data)
    text, note = read_text(path)
    assert text.endswith("café crème brûlée.\n") and note.startswith("not UTF-8")


def test_sizes_are_not_rounded_onto_the_limit():
    """Issue 31, 7: a 210 MB file was "200 MiB; the limit is 200 MiB"."""
    from qa.corpus.budget import limit_text, size_text

    assert size_text(210_000_000) == "210.0 MB = 200.3 MiB"
    assert size_text(200 * 1024 * 1024 + 1) != f"{size_text(200 * 1024 * 1024)}"
    assert "200.000001" in size_text(200 * 1024 * 1024 + 1)
    assert limit_text(200 * 1024 * 1024) == "200 MiB"


# -- PDF running lines ---------------------------------------------------------------------------


def _pages(*pages):
    from qa.corpus.pdf import Line

    out = []
    for lines in pages:
        out.append([Line(t, top=800 - 20 * i, bottom=790 - 20 * i, height=10, left=72, right=500)
                    for i, t in enumerate(lines)])
    return out


def test_lines_that_differ_in_digits_in_mid_page_are_text():
    """Issue 31, 6: such pages lost every line ("no text layer: scanned?")."""
    from qa.corpus.pdf import drop_running_lines

    pages = _pages(*[[f"Annual Report {2020}", f"Sample {p} measured 4{p}.5 grams at noon.",
                      f"Body text of page {'abcd'[p]} goes here.", f"Page {p + 1}"] for p in range(4)])
    drop_running_lines(pages)
    texts = [[ln.text for ln in lines] for lines in pages]
    assert texts == [[f"Sample {p} measured 4{p}.5 grams at noon.", f"Body text of page {'abcd'[p]} goes here."]
                     for p in range(4)]


def test_a_page_whose_only_line_repeats_keeps_it():
    from qa.corpus.pdf import drop_running_lines

    pages = _pages(["Annual Report 2020", "First page body."], ["Annual Report 2020"],
                   ["Annual Report 2020", "Third page body."], ["Annual Report 2020", "Fourth page body."])
    drop_running_lines(pages)
    assert [[ln.text for ln in lines] for lines in pages] == [
        ["First page body."], ["Annual Report 2020"], ["Third page body."], ["Fourth page body."]]


def test_rows_repeated_on_a_page_are_content():
    from qa.corpus.pdf import drop_running_lines

    pages = _pages(*[[f"Row {p}{i}: paid {i + p} dollars" for i in range(5)] for p in range(4)])
    drop_running_lines(pages)
    assert all(len(lines) == 5 for lines in pages)


# -- names that are not UTF-8 --------------------------------------------------------------------


NAME = os.fsdecode(b"caf\xe9-\xff.txt")


def test_an_undecodable_name_is_shown_as_its_bytes():
    from qa.safe_text import safe_line

    assert safe_line(NAME) == "caf\\xe9-\\xff.txt"
    assert safe_line(safe_line(NAME)) == safe_line(NAME)


def test_json_of_a_skipped_undecodable_name_says_how_it_is_written():
    from qa.corpus.skips import Skipped
    from qa.safe_text import json_text

    d = Skipped(NAME, "empty", "empty file").to_dict()
    assert d["path"] == NAME and d["path_bytes"] == "caf%E9-%FF.txt" and "surrogateescape" in d["path_encoding"]
    assert json.loads(json_text(d))["path"] == NAME
    json_text(d).encode("utf-8")  # valid UTF-8 to print or write
    assert "path_encoding" not in Skipped("plain.txt", "empty", "empty file").to_dict()


def test_index_files_with_an_undecodable_name_round_trip(tmp_path):
    """Issue 31, 2: writing docs.jsonl / manifest.json raised UnicodeEncodeError (exit 1, no index)."""
    from qa.index.docstore import DocMeta, DocStore

    meta = DocMeta(NAME, "A title", str(tmp_path / NAME), "0" * 64, 5)
    DocStore.write(tmp_path, [meta], ["hello"])
    store = DocStore(tmp_path)
    assert store.meta[0].id == NAME and store.position[NAME] == 0 and store.text(0) == "hello"


# -- serve tokens --------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["a", " ", "short-token-15c", "tab\tinside-a-long-token"])
def test_weak_or_unusable_tokens_are_refused_off_loopback(token):
    from qa.serve.guard import TokenError, check_token

    with pytest.raises(TokenError) as err:
        check_token("0.0.0.0", token)
    assert "secrets.token_urlsafe" in err.value.hint


def test_good_tokens_and_loopback():
    from qa.serve.guard import TokenError, check_token

    check_token("0.0.0.0", "x" * 16)
    check_token("127.0.0.1", None)
    check_token("127.0.0.1", "short")  # this machine only: any usable token
    with pytest.raises(TokenError):
        check_token("::1", " ")


def test_token_file_first_line(tmp_path):
    from qa.cli.serve import read_token
    from qa.errors import UsageError

    f = tmp_path / "token"
    f.write_text("Zx9-long-enough-token-value\nignored\n")
    assert read_token(None, str(f), False) == "Zx9-long-enough-token-value"
    f.write_text("\n")
    with pytest.raises(UsageError, match="no token"):
        read_token(None, str(f), False)
    with pytest.raises(UsageError, match="cannot read the token file"):
        read_token(None, str(tmp_path / "missing"), False)


# -- modes of hard-linked files, a full disk -----------------------------------------------------


def test_a_hard_linked_file_is_copied_when_its_mode_must_change(tmp_path):
    """Issue 31, 7: one private index made the shared model cache private too (every index)."""
    from qa.index.permissions import set_modes

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "model.onnx").write_bytes(b"weights")
    os.chmod(cache / "model.onnx", 0o644)
    version = tmp_path / "v-1"
    (version / "onnx").mkdir(parents=True)
    os.link(cache / "model.onnx", version / "onnx" / "model.onnx")
    set_modes(version, hide=0o077)
    assert os.stat(cache / "model.onnx").st_mode & 0o777 == 0o644
    assert os.stat(version / "onnx" / "model.onnx").st_mode & 0o777 == 0o600
    assert (version / "onnx" / "model.onnx").read_bytes() == b"weights"
    assert not [p for p in (version / "onnx").iterdir() if p.name.startswith(".")]


def test_a_full_disk_while_copying_the_model_says_so(tmp_path, monkeypatch):
    """Issue 31, 7: shutil.copytree's error list made it "Error (check the folder)"."""
    import shutil

    from qa.index.ownership import write_error
    from qa.index.passages import keep_query_encoder

    ready = tmp_path / "export"
    ready.mkdir()
    for name in ("model.onnx", "tokenizer.json", "onnx_config.json"):
        (ready / name).write_bytes(b"x" * 100)

    def no_link(src, dst, **kw):
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    def full(src, dst, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "link", no_link)
    monkeypatch.setattr(shutil, "copy2", full)
    monkeypatch.setattr(shutil, "copyfile", full)
    build = tmp_path / "build"
    build.mkdir()
    with pytest.raises(OSError) as err:
        keep_query_encoder(build, None, None, ready=ready)
    message = str(write_error(tmp_path, err.value))
    assert "No space left on device" in message
