"""The chat's document viewer marks where each page of a PDF starts; the status line counts skips."""

from __future__ import annotations

import asyncio

import pytest

from ..conftest import build_fake, open_fake
from .conftest import started
from ..unit.test_formats import make_pdf

pytest.importorskip("reportlab")

PAGES = [
    ["First page of the report, about the river valley and its people."],
    ["The foundation spent 41,000 dollars in the third quarter of the year on school meals, and",
     "this sentence runs on across the page break to the"],
    None,
    ["top of the fourth page, where it ends. A last sentence closes the report."],
]


def test_split_at_and_page_marks():
    from qa.tui.text_blocks import page_marks, split_at

    ranges = split_at([(0, 10), (12, 40)], (0, 20, 45, 45))
    assert ranges == [(0, 10), (12, 20), (20, 40)]
    marks = page_marks((0, 20, 45, 45), ranges)
    assert marks == {0: ["── p. 1 ──"], 20: ["── p. 2 ──"], None: ["── p. 3 (no text) ──", "── p. 4 (no text) ──"]}
    assert page_marks((0, 20, 20, 30), [(0, 20), (20, 30), (30, 40)])[20] == ["── p. 2 (no text) ──", "── p. 3 ──"]


def test_viewer_marks_page_starts_without_touching_the_text(tmp_path):
    from qa.tui.app import QAApp
    from qa.tui.screens.viewer import DocumentViewer, Span

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "report.pdf").write_bytes(make_pdf(PAGES))
    (corpus / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    build_fake(corpus, tmp_path / "idx")
    index = open_fake(tmp_path / "idx")
    text = index.docs.text(0)
    pages = index.docs.meta[0].pages
    at = text.index("this sentence runs on")
    assert pages[1] < at < pages[3] < text.index(" A last sentence")

    async def scenario():
        app = QAApp(index_dir=tmp_path / "idx", index=index)
        async with started(app, (100, 40)) as pilot:
            status = str(app.query_one("#status-text").visual)
            assert "1 skipped (1 unsupported)" in status
            app.open_document("report.pdf", [Span(1, at, at + 21)], 1)
            await pilot.pause()
            viewer = app.screen
            assert isinstance(viewer, DocumentViewer)
            marks = [str(m.visual) for m in viewer.query(".page-mark")]
            assert marks == ["── p. 1 ──", "── p. 2 ──", "── p. 3 (no text) ──", "── p. 4 ──"]
            blocks = [str(b.visual) for b in viewer.query(".block")]
            assert [text[a:b] for a, b in viewer.ranges] == blocks  # every block an exact slice
            assert any(b.startswith("top of the fourth page") for b in blocks)  # cut where page 4 starts
            assert "p. 2 · chars" in str(viewer.query_one("#viewer-title").visual)

    asyncio.run(scenario())
