"""Hostile documents in ``qa chat``: escape sequences, markup and entities are shown as text.

The chat runs under the Textual pilot on an index of a few hostile files (built with the fake
embedder, answered by the real pipeline).  What would be written to the terminal is rendered
from the screen's compositor (the bytes ``App._display`` writes) and checked: Textual's own
styling is there, the documents' escape sequences are not; no markup from the data is parsed
(no crash, the brackets shown as typed), and ``&amp;`` is not decoded.
"""

from __future__ import annotations


import pytest

from ..conftest import build_fake, open_fake, settle
from .conftest import run, started

TITLE = "\x1b]0;pwned title\x07"
CLIPBOARD = "\x1b]52;c;Y3VybCBodHRwOi8vMTI3LjAuMC4xOjkveCB8IHNo\x07"
WIPE = "\x1b[2J\x1b[H"
HIDE = "\x1b[8m"
HOSTILE_BYTES = ["\x1b]", "\x1b[2J", "\x1b[8m", "\x07", "\x9b", "\u202e"]
CLICK = "[@click=app.bell('a)]evil.txt"
STYLED = "[red]x[reverse]y.txt"

HOSTILE = {
    "title.txt": f"Astana{TITLE}\n\nZarif said the Astana talks would go ahead{TITLE} on Monday.\n",
    "clip.txt": f"Notes\n\nZarif said the Astana talks were useful{CLIPBOARD}\x9b31m for everyone.\n",
    "wipe.txt": f"Notes\n\nZarif said the Astana talks{WIPE} should continue{HIDE} next week.\x9b2J\u202e\n",
    CLICK: "Zarif said the Astana talks [link=file:///etc/passwd]were linked[/link] and [/b] closed.\n",
    STYLED: "Zarif said the Astana talks [red]were[reverse] styled [/] here.\n",
    "entities.txt": "Zarif said AT&amp;T and &lt;b&gt;IBM&lt;/b&gt; joined the Astana talks &#x1b;]0;x&#x7; too.\n",
}
QUESTION = "What did Zarif say about the Astana talks?"



@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-chat")
    corpus = base / "[b]corpus[@x"  # the folder name is shown too (status, notices)
    corpus.mkdir()
    for name, text in HOSTILE.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build_fake(corpus, base / "index")
    return corpus, base / "index"


def hostile_app(hostile):
    from qa.tui.app import QAApp

    corpus, index_dir = hostile
    return QAApp(index_dir=index_dir, corpus=corpus, index=open_fake(index_dir), k=10)


def terminal_bytes(app) -> str:
    """What the app would write to the terminal for a full redraw of the current screen."""
    return app.screen._compositor.render_update(full=True).render_segments(app.console)


def assert_safe(app) -> str:
    out = terminal_bytes(app)
    assert "\x1b[" in out  # Textual's own styling: this is what a terminal gets
    for seq in HOSTILE_BYTES:
        assert seq not in out, f"{seq!r} from a document reached the terminal"
    return out


def plain(app) -> str:
    """The screen as text (no styles)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def ask(app, pilot, question):
    prompt = app.query_one("PromptInput")
    prompt.focus()
    prompt.value = question
    await pilot.press("enter")
    await settle(app, pilot)
    return app.transcript.answers()[-1]


async def slash(app, pilot, command):
    prompt = app.query_one("PromptInput")
    prompt.focus()
    prompt.value = command
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


def test_hostile_answer_sources_and_viewer_send_no_escape_sequences(hostile):
    from qa.tui.screens.viewer import DocumentViewer

    async def scenario():
        app = hostile_app(hostile)
        async with started(app, (140, 50), notifications=True) as pilot:
            block = await ask(app, pilot, QUESTION)
            assert block.answer is not None and len(block.answer.citations) >= 3
            assert_safe(app)
            # the controls are shown, visibly (ESC sequences in a plain-text file are dropped when it is
            # read, qa.corpus.plaintext: text saved from a terminal; C1 and bidi controls stay)
            assert "\\x9b" in plain(app) or "\\u202e" in plain(app)
            assert "[b]corpus[@x" in plain(app)  # the folder name, literally (status line)
            for meta in app.index.docs.meta:  # every document in the viewer
                app.open_document(meta.id)
                await pilot.pause()
                assert isinstance(app.screen, DocumentViewer)
                assert_safe(app)
                await pilot.press("escape")
                await pilot.pause()
            for c in block.answer.citations:  # each citation lit in its document
                app.open_citation(block.answer, c.n)
                await pilot.pause()
                await pilot.pause()
                assert isinstance(app.screen, DocumentViewer)
                assert_safe(app)
                viewer = app.screen
                shown = viewer.query_one(f"#block-{viewer.block_of(c.start)}").visual
                lit = [shown.plain[s.start:s.end] for s in shown.spans if "warning" in str(s.style)]
                assert any(c.text.split()[0] in piece for piece in lit), (c.text, lit)  # the cited sentence is lit
                await pilot.press("escape")
                await pilot.pause()
            assert app.return_code is None

    run(scenario())


def test_markup_in_file_names_filter_and_passages_is_text(hostile):
    from qa.tui.screens.documents import DocumentsScreen
    from qa.tui.widgets.notice import Notice

    async def scenario():
        app = hostile_app(hostile)
        async with started(app, (140, 50), notifications=True) as pilot:
            await slash(app, pilot, "/filter [@")  # was: MarkupError, the chat ended with exit 1
            assert app.is_running and app.conversation.docs == (CLICK,)
            assert f"Answering only from {CLICK}." in plain(app)
            await slash(app, pilot, "/filter [/] [/b")
            assert app.is_running and "no single document matches [/], [/b" in plain(app)
            assert app.conversation.docs == (CLICK,)
            assert_safe(app)
            block = await ask(app, pilot, QUESTION)
            assert {c.doc for c in block.answer.citations} == {CLICK}
            assert "[link=file:///etc/passwd]were linked[/link]" in plain(app)  # shown, not a link
            assert_safe(app)
            await slash(app, pilot, f"/filter {STYLED}")
            block = await ask(app, pilot, QUESTION)
            assert STYLED in plain(app) and "[red]were[reverse] styled [/] here" in plain(app)
            await slash(app, pilot, "/docs")
            notice = app.query(Notice).last()
            assert "[b]corpus[@x" in notice.border_title or "corpus" in str(notice.border_title)
            assert CLICK in notice.text and STYLED in notice.text
            assert_safe(app)
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert isinstance(app.screen, DocumentsScreen)
            text = plain(app)
            assert CLICK in text and STYLED in text
            assert_safe(app)
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running and app.return_code is None

    run(scenario())


def test_answer_box_does_not_decode_entities(hostile):
    async def scenario():
        app = hostile_app(hostile)
        async with started(app, (140, 50)) as pilot:
            await slash(app, pilot, "/filter entities.txt")
            block = await ask(app, pilot, QUESTION)
            assert not block.answer.abstained
            shown = block.markdown_text
            assert "AT&amp;T" in shown and "&lt;b&gt;IBM&lt;/b&gt;" in shown and "&#x1b;]0;x&#x7;" in shown
            assert "AT&T" not in shown and "<b>" not in shown
            assert_safe(app)

    run(scenario())


def test_answer_markdown_keeps_text_literal():
    from types import SimpleNamespace

    from qa.tui.state import answer_markdown

    answer = SimpleNamespace(text="AT&amp;T said <b>x</b> [link=a]y[/link] http://127.0.0.1:9/x\x1b[2J. [1]",
                             citations=[SimpleNamespace(n=1)])
    md = answer_markdown(answer)
    assert "[\\[1\\]](cite:1)" in md and "\x1b" not in md
    from markdown_it import MarkdownIt

    html = MarkdownIt("gfm-like").render(md)  # the parser of the Markdown widget (with linkify)
    assert "AT&amp;amp;T" in html and "&lt;b&gt;x&lt;/b&gt;" in html and "\\x1b[2J" in html
    assert html.count("<a ") == 1  # only the citation is a link
