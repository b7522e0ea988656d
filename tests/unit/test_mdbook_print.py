"""An mdBook's print page (every chapter on one page) is skipped when its chapters are beside it.

Made-up books shaped as mdBook writes them: the sidebar in every page (mdBook before 0.4.41) or in
``toc.html`` (later), the generator comment, and the robots ``noindex`` only on the print page.
"""

from __future__ import annotations

from qa.corpus import load_corpus
from qa.corpus.mdbook import chapters, copy_of_chapters, is_print_page
from qa.corpus.skips import DUPLICATE

CHAPTERS = {
    "ch01-frobbing.html": ("Frobbing", "The frobnicator turns each widget twice before it is packed."),
    "guide/ch02-packing.html": ("Packing", "Packed widgets are stacked nine to a crate in the cold store."),
}
SIDEBAR = ('<nav id="sidebar" class="sidebar" aria-label="Table of contents"><div class="sidebar-scrollbox">'
           '<ol class="chapter"><li class="chapter-item expanded "><a href="ch01-frobbing.html">'
           '<strong aria-hidden="true">1.</strong> Frobbing</a></li><li><ol class="section">'
           '<li class="chapter-item expanded "><a href="guide/ch02-packing.html#top">'
           '<strong aria-hidden="true">1.1.</strong> Packing</a></li></ol></li>'
           '<li class="chapter-item"><a href="https://example.org/frob">Upstream</a></li></ol></div></nav>')


def _page(body: str, *, printed: bool = False, sidebar: bool = True, marked: bool = True) -> str:
    head = ("<!DOCTYPE HTML><html lang=\"en\"><head>"
            + ("<!-- Book generated using mdBook -->" if marked else "")
            + "<meta charset=\"UTF-8\"><title>The Frob Book</title>"
            + ('<meta name="robots" content="noindex">' if printed else "") + "</head><body>")
    return head + (SIDEBAR if sidebar else "") + f'<div id="content"><main>{body}</main></div></body></html>'


def _chapter(title: str, text: str) -> str:
    return f'<h1 id="{title.lower()}">{title}</h1><p>{text}</p>'


def _book(root, *, inline: bool = True, drop: str = "") -> None:
    for name, (title, text) in CHAPTERS.items():
        if name != drop:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(_page(_chapter(title, text), sidebar=inline), encoding="utf-8")
    whole = '<div style="break-before: page;"></div>'.join(_chapter(t, x) for t, x in CHAPTERS.values())
    (root / "print.html").write_text(_page(whole, printed=True, sidebar=inline), encoding="utf-8")
    if not inline:
        (root / "toc.html").write_text('<!DOCTYPE HTML><html><head><meta name="robots" content="noindex">'
                                       f"</head><body>{SIDEBAR}</body></html>", encoding="utf-8")


def _read(root):
    skipped = []
    docs = {d.id: d for d in load_corpus(root, on_skip=skipped.append)}
    return docs, skipped


def test_a_print_page_beside_its_chapters_is_skipped_as_their_copy(tmp_path):
    _book(tmp_path)
    docs, skipped = _read(tmp_path)
    assert "print.html" not in docs
    assert {"ch01-frobbing.html", "guide/ch02-packing.html"} <= set(docs)
    (s,) = [s for s in skipped if s.path == "print.html"]
    assert s.kind == DUPLICATE and "2 chapter pages beside it" in s.reason and "mdBook" in s.reason
    assert sum("turns each widget twice" in d.text for d in docs.values()) == 1


def test_the_chapters_may_be_listed_in_toc_html_as_later_mdbook_writes_them(tmp_path):
    _book(tmp_path, inline=False)
    docs, skipped = _read(tmp_path)
    assert "print.html" not in docs and [s.kind for s in skipped if s.path == "print.html"] == [DUPLICATE]


def test_a_print_page_whose_chapters_are_not_all_there_is_read(tmp_path):
    _book(tmp_path, drop="guide/ch02-packing.html")
    docs, skipped = _read(tmp_path)
    assert "nine to a crate" in docs["print.html"].text  # the only copy of that chapter
    assert not [s for s in skipped if s.path == "print.html"]


def test_a_lone_print_page_is_read(tmp_path):
    (tmp_path / "print.html").write_text(_page(_chapter("Frobbing", CHAPTERS["ch01-frobbing.html"][1]),
                                               printed=True), encoding="utf-8")
    docs, _ = _read(tmp_path)
    assert "turns each widget twice" in docs["print.html"].text


def test_a_chapter_named_print_is_no_print_page(tmp_path):
    """Rust by Example's chapter "Formatted print" is ``hello/print.html``: an mdBook page, but
    without the print page's ``noindex``; a page without mdBook's comment is no print page either."""
    _book(tmp_path)
    (tmp_path / "hello").mkdir()
    (tmp_path / "hello" / "print.html").write_text(_page(_chapter("Printing", "Widgets print labels.")),
                                                   encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "print.html").write_text(_page(_chapter("Frobbing", "Crates are blue."), printed=True,
                                                         marked=False), encoding="utf-8")
    for name in CHAPTERS:
        (tmp_path / "other" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "other" / name).write_text("<p>x</p>", encoding="utf-8")
    docs, _ = _read(tmp_path)
    assert "Widgets print labels." in docs["hello/print.html"].text
    assert "Crates are blue." in docs["other/print.html"].text


def test_chapters_are_files_of_the_book_never_urls_or_paths_out_of_it(tmp_path):
    page = SIDEBAR.replace("guide/ch02-packing.html", "../outside.html").encode()
    assert chapters(page) == ["ch01-frobbing.html", "../outside.html"]  # no link to another site
    (tmp_path / "book").mkdir()
    (tmp_path / "outside.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "book" / "ch01-frobbing.html").write_text("<p>x</p>", encoding="utf-8")
    printed = tmp_path / "book" / "print.html"
    printed.write_bytes(_page("<p>all</p>", printed=True).replace(SIDEBAR, page.decode()).encode())
    with open(printed, "rb") as fh:
        assert copy_of_chapters(fh, printed) is None  # "../outside.html" is not the book's: read it
        assert fh.tell() == 0
    assert is_print_page(printed.read_bytes()) and not is_print_page(b"<html><head></head></html>")
