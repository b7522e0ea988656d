"""``qa chat``: the Textual app driven through its pilot, plus its pure helpers.

The main flow runs the real model on the seeds (session index ``real_index``); everything else
uses the fake-embedder index, so it needs no model.
"""

from __future__ import annotations

import json
import shutil
import threading

import pytest

from ..conftest import SEEDS, ZARIF_QUOTE, FakeEmbedder, open_fake, settle
from .conftest import make_app, run, started

ZARIF_DOC = "003_d56011ca44265691.txt"
QUESTION = "What did Zarif say about the US?"


async def ask(app, pilot, question: str, typed: bool = False):
    """Submit ``question`` (key by key when ``typed``) and wait for its answer; returns its block."""
    prompt = app.query_one("PromptInput")
    prompt.focus()
    if typed:
        await pilot.press(*question)
    else:
        prompt.value = question
    await pilot.press("enter")
    await settle(app, pilot)
    return app.transcript.answers()[-1]


def notices(app):
    from qa.tui.widgets.notice import Notice

    return list(app.query(Notice))


def notice_text(notice) -> str:
    return f"{notice.border_title}\n{notice.text}"


# -- the main flow, with the real model ---------------------------------------------------------
@pytest.mark.model
def test_question_answered_with_citations_and_sources(real_index, real_index_dir):
    async def scenario():
        app = make_app(real_index_dir, index=real_index)
        async with started(app, (100, 30)) as pilot:
            assert app.status.state == "ready"
            block = await ask(app, pilot, QUESTION, typed=True)
            answer = block.answer
            assert answer is not None and not answer.abstained
            shown = block.markdown_text
            assert "[1]" in shown
            assert ZARIF_QUOTE in shown
            assert "[\\[1\\]](cite:1)" in block.query_one("Markdown").source  # the marker is a link
            # the sources pane lists the selected (newest) answer's citations
            assert app.selected is block
            first = answer.citations[0]
            assert first.doc == ZARIF_DOC
            assert ZARIF_QUOTE in first.text
            assert app.sources.answer is answer
            citations = app.query_one("CitationList")
            assert citations.option_count == len(answer.citations)
            prompt = citations.get_option_at_index(0).prompt.plain
            assert ZARIF_DOC in prompt and f"chars {first.start}–{first.end}" in prompt
            assert f"score {first.score:.3f}" in prompt
            assert (first.title or first.doc) in prompt
            # the input is free again and remembers the question
            assert app.query_one("PromptInput").value == ""
            assert app.query_one("PromptInput").history == [QUESTION]

    run(scenario())


@pytest.mark.model
def test_opening_a_citation_shows_the_highlighted_span(real_index, real_index_dir):
    from qa.tui.screens.viewer import CURRENT_STYLE, DocumentViewer

    async def scenario():
        app = make_app(real_index_dir, index=real_index)
        async with started(app, (80, 24)) as pilot:
            block = await ask(app, pilot, QUESTION)
            first = block.answer.citations[0]
            app.action_focus_sources()
            await pilot.press("enter")  # open the highlighted (first) source
            await pilot.pause()
            await pilot.pause()
            viewer = app.screen
            assert isinstance(viewer, DocumentViewer)
            assert viewer.doc_id == first.doc
            doc_text = real_index.docs.text(real_index.docs.position[first.doc])
            assert viewer.text == doc_text
            cited = viewer.current_block()
            assert cited.has_class("-cited")
            a = viewer.ranges[viewer.block_of(first.start)][0]
            content = cited.visual
            lit = [s for s in content.spans if s.style == CURRENT_STYLE]
            assert [(a + s.start, a + s.end) for s in lit] == [(first.start, first.end)]
            assert content.plain[lit[0].start : lit[0].end] == first.text
            # scrolled so the cited sentence is on screen
            scroll = viewer.query_one("#document")
            assert viewer.cited_line is not None
            assert scroll.scroll_y <= viewer.cited_line < scroll.scroll_y + scroll.size.height
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            # a click on the [1] marker in the answer opens it too
            block.post_message(block.OpenCitation(block.answer, 1))
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, DocumentViewer) and app.screen.current == 0

    run(scenario())


@pytest.mark.model
def test_follow_up_shows_what_was_searched(real_index, real_index_dir):
    async def scenario():
        app = make_app(real_index_dir, index=real_index)
        async with started(app, (100, 30)) as pilot:
            first = await ask(app, pilot, QUESTION)
            assert not first.query(".searched")  # typed == searched: nothing extra shown
            follow = await ask(app, pilot, "And what about Russia?")
            answer = follow.answer
            assert answer.question == "And what about Russia?"
            assert answer.searched_for == "What did Zarif say about Russia?"
            note = follow.query_one(".searched").visual.plain
            assert note == "searched for: What did Zarif say about Russia?"
            assert app.conversation.history == [QUESTION, "What did Zarif say about Russia?"]
            assert app.sources.answer is answer
            # a new conversation forgets the history: the same follow-up is searched as typed
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert app.transcript.answers() == [] and app.conversation.history == []
            again = await ask(app, pilot, "And what about Russia?")
            assert again.answer.searched_for == "And what about Russia?"
            assert again.number == 1

    run(scenario())


@pytest.mark.model
def test_abstention_looks_different(real_index, real_index_dir):
    async def scenario():
        app = make_app(real_index_dir, index=real_index)
        async with started(app, (100, 30)) as pilot:
            good = await ask(app, pilot, QUESTION)
            block = await ask(app, pilot, "What did Zarif say about China?")
            assert block.answer.abstained
            assert block.has_class("-abstained") and not good.has_class("-abstained")
            assert block.border_title == "No answer in the corpus"
            assert good.border_title == "Answer"
            assert block.styles.border_top != good.styles.border_top
            assert app.sources.has_class("-abstained")
            assert "Nearest passages" in app.query_one("#sources-title").visual.plain
            # selecting the earlier answer shows its sources again
            good.focus()
            await pilot.pause()
            assert app.sources.answer is good.answer and not app.sources.has_class("-abstained")

    run(scenario())


@pytest.mark.model
def test_question_asked_before_the_index_is_loaded_waits(real_index, real_index_dir):
    from qa.tui.app import QAApp

    release = threading.Event()

    class SlowApp(QAApp):
        def open_index(self):
            self.on_ui(self.status.set, "loading", "Loading the index…")
            assert release.wait(30)
            return real_index

    async def scenario():
        app = SlowApp(index_dir=real_index_dir)
        async with started(app, (80, 24), wait=False) as pilot:
            await pilot.pause()
            assert app.index is None and app.status.state == "loading"
            await pilot.press(*QUESTION, "enter")
            await pilot.pause()
            [block] = app.transcript.answers()
            assert block.answer is None and block.has_class("-pending")
            assert "Waiting for the index" in block._note.visual.plain
            release.set()
            await settle(app, pilot)
            assert block.answer is not None and ZARIF_QUOTE in block.markdown_text
            assert app.status.state == "ready"

    run(scenario())


# -- errors: readable notices, never a traceback ------------------------------------------------
def test_no_index_shows_a_notice_with_the_fix(tmp_path):
    async def scenario():
        app = make_app(tmp_path / "nothing-here")
        async with started(app, (80, 24)) as pilot:
            assert app.index is None and app.status.state == "error"
            [notice] = notices(app)
            text = notice_text(notice)
            assert "No index yet" in text
            assert f"qa index --index-dir {tmp_path / 'nothing-here'}" in text  # the error's own fix
            assert "Traceback" not in text
            # a question waits rather than being lost
            await pilot.press(*QUESTION, "enter")
            await pilot.pause()
            [block] = app.transcript.answers()
            assert block.answer is None and "could not be loaded" in block._note.visual.plain

    run(scenario())


def test_corrupt_index_shows_the_rebuild_command(tmp_path, fake_index_dir):
    bad = tmp_path / "index"
    shutil.copytree(fake_index_dir, bad)
    version = bad / (bad / "CURRENT").read_text().strip()
    (version / "docs.jsonl").write_text("not json\n")

    async def scenario():
        app = make_app(bad, corpus=SEEDS, embedder=FakeEmbedder())
        async with started(app, (80, 24)):
            [notice] = notices(app)
            text = notice_text(notice)
            assert "cannot be used" in text
            assert f"qa index --rebuild --corpus {SEEDS} --index-dir {bad}" in text

    run(scenario())


def test_missing_index_is_built_with_progress_then_reload_works(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / f"{ZARIF_DOC}", corpus / ZARIF_DOC)
    seen: list[str] = []

    from qa.tui.app import QAApp
    from qa.tui.widgets.status import StatusLine

    class Watching(QAApp):
        def on_mount(self):
            original = self.status.progress

            def progress(corpus_name, stage, done, total):
                seen.append(stage)
                original(corpus_name, stage, done, total)
                assert self.query_one("#build-bar").display

            self.status.progress = progress
            super().on_mount()

    async def scenario():
        app = Watching(index_dir=tmp_path / "index", corpus=corpus, embedder=FakeEmbedder())
        async with started(app, (80, 24)) as pilot:
            assert app.index is not None and len(app.index.docs) == 1
            assert {"reading", "chunking", "embedding", "saving"} <= set(seen)
            assert not app.query_one("#build-bar").display
            assert isinstance(app.status, StatusLine) and app.status.state == "ready"
            assert "Indexed 1 documents" in notice_text(notices(app)[0])
            await pilot.press("ctrl+r")
            await settle(app, pilot)
            assert app.index is not None

    run(scenario())


def test_answer_errors_are_shown_in_the_answer(fake_index_dir):
    from qa.errors import UsageError

    def broken(index, question, **kw):
        if "boom" in question:
            raise RuntimeError("kaput")
        raise UsageError("no document 'x' in the index", hint="see the ids with: qa docs")

    async def scenario():
        app = make_app(fake_index_dir, index=open_fake(fake_index_dir), answerer=broken)
        async with started(app, (80, 24)) as pilot:
            block = await ask(app, pilot, "Who is Lavrov?")
            assert block.has_class("-error") and "no document 'x'" in block._note.visual.plain
            assert "qa docs" in block._note.visual.plain
            block = await ask(app, pilot, "boom?")
            assert block.border_title.startswith("Internal error")
            assert "RuntimeError: kaput" in block._note.visual.plain
            assert app.status.state == "ready"

    run(scenario())


# -- commands, keys, dialogs (fake index: no model) ---------------------------------------------
def scripted(index, question, k=5, config=None, docs=None, history=None):
    """A fixed answer citing the Zarif quote (for tests of the UI, not of the engine)."""
    from qa.answer.compose import Answer, Citation

    pos = index.docs.position[ZARIF_DOC]
    text = index.docs.text(pos)
    s = text.index("“We have not invited them")
    e = text.index("news agency.", s) + len("news agency.")
    chunk = next(c for c in map(index.chunk, range(index.n_chunks)) if c.doc == ZARIF_DOC and c.start <= s < e <= c.end)
    cite = Citation(1, ZARIF_DOC, index.docs.meta[pos].title, s, e, text[s:e], 0.9, chunk.start, chunk.end, chunk.text)
    calls.append({"question": question, "k": k, "docs": docs, "history": list(history or [])})
    return Answer(question, question, " ".join(cite.text.split()) + " [1]", (cite,), False)


calls: list[dict] = []


@pytest.fixture
def fake_app(fake_index_dir):
    calls.clear()
    return make_app(fake_index_dir, corpus=SEEDS, index=open_fake(fake_index_dir), answerer=scripted)


def test_input_history_up_and_down(fake_app):
    async def scenario():
        app = fake_app
        async with started(app, (80, 24)) as pilot:
            await ask(app, pilot, "first question")
            await ask(app, pilot, "second question")
            prompt = app.query_one("PromptInput")
            await pilot.press("up")
            assert prompt.value == "second question"
            await pilot.press("up", "up")
            assert prompt.value == "first question"
            await pilot.press("down")
            assert prompt.value == "second question"
            await pilot.press("down")
            assert prompt.value == ""
            # what is typed first narrows the history to the questions holding it
            await pilot.press("f", "i", "r")
            await pilot.press("up")
            assert prompt.value == "first question"
            await pilot.press("up")
            assert prompt.value == "first question"
            await pilot.press("down")
            assert prompt.value == "fir"
            # typing while an answer or the sources list has focus goes to the input
            prompt.value = ""
            app.transcript.answers()[0].focus()
            await pilot.press("w", "h", "o")
            assert app.focused is prompt and prompt.value == "who"
            app.action_focus_sources()
            await pilot.press("!")
            assert app.focused is prompt and prompt.value == "who!"
            app.transcript.answers()[0].focus()
            await pilot.press("k")  # a key of the answer: moves up, types nothing
            assert prompt.value == "who!" and app.focused is app.transcript.answers()[0]

    run(scenario())


def test_set_k_filter_documents_and_copy(fake_app):
    from qa.tui.screens.documents import DocumentsScreen
    from qa.tui.screens.set_k import SetKScreen

    async def scenario():
        app = fake_app
        async with started(app, (100, 30)) as pilot:
            await pilot.press("ctrl+t")
            await pilot.pause()
            assert isinstance(app.screen, SetKScreen)
            await pilot.press("ctrl+a", "ctrl+k", "0", "enter")  # 0 is refused
            await pilot.pause()
            assert isinstance(app.screen, SetKScreen)
            await pilot.press("backspace", "8", "enter")
            await pilot.pause()
            assert app.conversation.k == 8 and "k=8" in app.status.query_one("#status-text").visual.plain
            # the documents dialog: tick two, apply
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert isinstance(app.screen, DocumentsScreen)
            await pilot.press("space", "down", "down", "down", "space", "enter")
            await pilot.pause()
            ids = [m.id for m in app.index.docs.meta]
            assert app.conversation.docs == (ids[0], ids[3])
            assert "only 2 documents" in app.status.query_one("#status-text").visual.plain
            block = await ask(app, pilot, QUESTION)
            assert calls[-1]["k"] == 8 and calls[-1]["docs"] == [ids[0], ids[3]]
            # slash commands: a unique prefix picks a document; /all clears
            await pilot.press(*"/filter 004", "enter")
            await pilot.pause()
            assert app.conversation.docs == ("004_e3aeec2615f348da.txt",)
            await pilot.press(*"/all", "enter")
            await pilot.pause()
            assert app.conversation.docs == ()
            await pilot.press(*"/k 3", "enter")
            await pilot.pause()
            assert app.conversation.k == 3
            # copy the answer with its citations as plain text
            await pilot.press("ctrl+y")
            await pilot.pause()
            copied = app.clipboard
            assert copied.startswith(f"Q: {QUESTION}\n")
            assert "[1]" in copied and ZARIF_DOC in copied and ZARIF_QUOTE in copied
            assert f"chars {block.answer.citations[0].start}-{block.answer.citations[0].end}" in copied

    run(scenario())


def test_list_documents_help_and_palette(fake_app):
    from qa.tui.screens.help import HelpScreen

    async def scenario():
        app = fake_app
        async with started(app, (80, 24)) as pilot:
            await pilot.press(*"/docs", "enter")
            await pilot.pause()
            listing = notice_text(notices(app)[-1])
            assert "5 documents in seeds" in listing
            for m in app.index.docs.meta:
                assert m.id in listing
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            titles = [c.title for c in app.get_system_commands(app.screen)]
            for wanted in ("New conversation", "Set k…", "Filter documents…", "List documents", "Copy answer", "Help"):
                assert wanted in titles
            footer_keys = {b.key for b in app.BINDINGS if b.show}
            assert {"ctrl+n", "ctrl+t", "ctrl+o", "ctrl+y", "f1"} <= footer_keys
            await pilot.press(*"/nonsense", "enter")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]

    run(scenario())


def test_viewer_steps_between_cited_sentences_and_keys_open_citations(fake_app):
    from qa.tui.screens.viewer import DocumentViewer, Span

    async def scenario():
        app = fake_app
        async with started(app, (80, 24)) as pilot:
            block = await ask(app, pilot, QUESTION)
            block.focus()
            await pilot.press("1")
            await pilot.pause()
            viewer = app.screen
            assert isinstance(viewer, DocumentViewer) and viewer.current == 0
            assert not app.check_action("new_chat", ())  # chat commands are off in the viewer
            await pilot.press("n")  # one cited sentence: stays on it
            await pilot.pause()
            assert viewer.current == 0
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
            # a sentence near the end of a long document: scrolled down to it; n / p step
            text = app.index.docs.text(app.index.docs.position[ZARIF_DOC])
            late = text.rindex("Washington")
            early = text.index("Astana")
            app.open_document(ZARIF_DOC, [Span(1, early, early + 6), Span(2, late, late + 10)], 2)
            await pilot.pause()
            await pilot.pause()
            viewer = app.screen
            scroll = viewer.query_one("#document")
            assert viewer.current == 1 and scroll.scroll_y > scroll.size.height
            assert scroll.scroll_y <= viewer.cited_line < scroll.scroll_y + scroll.size.height
            await pilot.press("p")
            await pilot.pause()
            await pilot.pause()
            assert viewer.current == 0 and scroll.scroll_y == 0
            assert viewer.current_block().has_class("-cited")
            await pilot.press("n")
            await pilot.pause()
            await pilot.pause()
            assert viewer.current == 1 and scroll.scroll_y <= viewer.cited_line < scroll.scroll_y + scroll.size.height

    run(scenario())


def test_empty_or_wordless_question_is_refused_not_asked(fake_app):
    async def scenario():
        app = fake_app
        async with started(app, (80, 24)) as pilot:
            await pilot.press(*"?!?", "enter")
            await pilot.pause()
            assert app.transcript.answers() == [] and calls == []

    run(scenario())


# -- pure helpers --------------------------------------------------------------------------------
def test_answer_markdown_escapes_text_and_links_markers():
    from qa.answer.compose import Answer, Citation
    from qa.tui.state import answer_markdown

    c = Citation(1, "d", "T", 0, 10, "x", 0.5, 0, 10, "x")
    a = Answer("q", "q", "# Not a *heading* [2] <b>\n- item [1]", (c,), False)
    md = answer_markdown(a)
    assert md == "\\# Not a \\*heading\\* \\[2\\] \\<b\\>\n\n\\- item [\\[1\\]](cite:1)"


def test_answer_as_text_and_excerpt():
    from qa.answer.compose import Answer, Citation
    from qa.tui.state import answer_as_text, excerpt

    passage = "Before it. The cited   sentence here. After it."
    c = Citation(1, "doc.txt", "", 100 + 11, 100 + 37, "The cited   sentence here.", 0.75, 100, 100 + len(passage), passage)
    assert excerpt(c) == ("Before it.", "The cited sentence here.", "After it.")
    a = Answer("And Russia?", "What about Russia?", "The cited sentence here. [1]", (c,), False)
    text = answer_as_text(a)
    assert text.splitlines()[:2] == ["Q: And Russia?", "(searched for: What about Russia?)"]
    assert "[1] doc.txt (doc.txt, chars 111-137, score 0.750)" in text
    assert '    "The cited sentence here."' in text


def test_paragraph_blocks_cover_the_text():
    from qa.tui.text_blocks import blocks, paragraphs

    text = "Title\n\nFirst para\nline two.\n\n\n  Second.\n"
    spans = paragraphs(text)
    assert [text[a:b] for a, b in spans] == ["Title", "First para\nline two.", "Second."]
    many = "\n\n".join(f"p{i}" for i in range(1000))
    merged = blocks(many, limit=300)
    assert len(merged) <= 300 and merged[0][0] == 0 and merged[-1][1] == len(many)
    assert all(a < b for a, b in merged) and all(merged[i][1] < merged[i + 1][0] for i in range(len(merged) - 1))


def test_problems_name_the_fixing_command(tmp_path):
    from qa.errors import IndexInvalidError, IndexMissingError, QuestionError
    from qa.index.docs_match import match_docs
    from qa.tui.state import problem_for

    from qa.index.versions import index_fix

    fix = index_fix(tmp_path / "my index", build=True, corpus=SEEDS)  # the error carries its fix
    p = problem_for(IndexMissingError("no index", fix=fix), tmp_path / "my index", SEEDS)
    assert p.fix == f"qa index --corpus {SEEDS} --index-dir '{tmp_path / 'my index'}'"
    p = problem_for(IndexInvalidError("corrupt", fix=index_fix(tmp_path)), tmp_path, None)
    assert p.fix == f"qa index --rebuild --index-dir {tmp_path}" and p.message == "corrupt"
    p = problem_for(QuestionError("empty", hint="ask something"), tmp_path, None)
    assert p.fix is None and p.message == "empty (ask something)"  # advice in words is not a command
    assert problem_for(ValueError("x"), tmp_path, None).title.startswith("Internal error")
    assert match_docs(["003_a.txt", "004_b.txt"], ["003", "004_b.txt", "00", "zz"]) == (["003_a.txt", "004_b.txt"], ["00", "zz"])


def test_slash_parsing_and_help_lists_every_command():
    from qa.tui.commands import COMMANDS, help_markdown, parse_slash

    assert parse_slash("/k 8") == ("/k", ["8"])
    assert parse_slash("/FILTER a b") == ("/filter", ["a", "b"])
    assert parse_slash("/ nothing") is None and parse_slash("What is /k?") is None
    text = help_markdown()
    for c in COMMANDS:
        assert c.title.rstrip("…") in text and (c.slash or "") in text


def test_chat_command_is_registered_and_lazy():
    import subprocess
    import sys

    code = "import sys, qa.cli; print(json.dumps(['textual' in sys.modules, 'chat' in qa.cli.cli.commands]))"
    out = subprocess.run([sys.executable, "-c", "import json; " + code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [False, True]
