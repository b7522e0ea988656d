"""The chat as a newcomer meets it (issue 16): paste, resize, tab order, history across runs,
completion, /mode, k, ticks, notices, quitting, and the small things."""

from __future__ import annotations

import pytest
from textual import events

from ..conftest import SEEDS, build_fake, open_fake, settle
from .conftest import make_app, run, started

ZARIF_DOC = "003_d56011ca44265691.txt"


def scripted(index, question, k=5, config=None, docs=None, history=None):
    """A fixed two-source answer (a UI test, not an engine test); ``config`` is recorded."""
    from qa.answer.compose import Answer, Citation

    scripted.configs.append(config)
    pos = index.docs.position[ZARIF_DOC]
    text = index.docs.text(pos)
    cites = []
    for n, (first, last) in enumerate([("“We have not invited them", "news agency."), ("Zarif", ".")], 1):
        s = text.index(first)
        e = text.index(last, s + len(first)) + len(last)
        cites.append(Citation(n, ZARIF_DOC, index.docs.meta[pos].title, s, e, text[s:e], 0.9, s, e, text[s:e]))
    return Answer(question, question, " ".join(c.text for c in cites) + " [1][2]", tuple(cites), False)


scripted.configs = []


@pytest.fixture
def app(fake_chat):
    scripted.configs.clear()
    return fake_chat(answerer=scripted)


async def ask(app, pilot, question):
    app.prompt.focus()
    app.prompt.value = question
    await pilot.press("enter")
    await settle(app, pilot)
    return app.transcript.answers()[-1]


def visible_in(widget, container) -> bool:
    """``widget`` is (at least partly) on screen inside ``container``."""
    return widget.region.height > 0 and bool(widget.region.intersection(container.region))


def test_multi_line_paste_is_one_question_with_every_line_kept(app):
    async def scenario():
        async with started(app) as pilot:
            app.prompt.post_message(events.Paste("What did Shamkhani say\nabout the UN resolution\n\non Aleppo?"))
            await pilot.pause()
            assert app.prompt.value == "What did Shamkhani say about the UN resolution on Aleppo?"
            assert any("3 pasted lines were joined" in str(n.message) for n in app._notifications)
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.transcript.answers()[-1].question == "What did Shamkhani say about the UN resolution on Aleppo?"

    run(scenario())


def test_transcript_follows_the_latest_answer_after_a_resize_unless_scrolled_up(app):
    async def scenario():
        async with started(app, (120, 35)) as pilot:
            for i in range(5):
                await ask(app, pilot, f"What did Zarif say, part {i}?")
            transcript = app.transcript
            last = transcript.answers()[-1]
            assert visible_in(last, transcript)
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            await pilot.pause()
            assert transcript.max_scroll_y > 0 and visible_in(last, transcript)
            assert transcript.scroll_y == transcript.max_scroll_y
            # scrolled up by the user: a new answer does not pull the view down
            transcript.scroll_home(animate=False)
            await pilot.pause()
            await ask(app, pilot, "And one more?")
            await pilot.pause()
            assert transcript.scroll_y < transcript.max_scroll_y
            # back at the end: following again
            transcript.scroll_end(animate=False)
            await pilot.pause()
            await ask(app, pilot, "And the last?")
            await pilot.pause()
            assert visible_in(transcript.answers()[-1], transcript)

    run(scenario())


def test_tab_goes_input_latest_answer_sources_and_back(app):
    from qa.tui.widgets.sources import CitationList

    async def scenario():
        async with started(app, (100, 30)) as pilot:
            first = await ask(app, pilot, "First question?")
            latest = await ask(app, pilot, "Second question?")
            app.prompt.focus()
            await pilot.press("tab")
            assert app.focused is latest and app.sources.answer is latest.answer
            await pilot.press("tab")
            assert isinstance(app.focused, CitationList)
            await pilot.press("tab")
            assert app.focused is app.prompt
            await pilot.press("shift+tab")
            assert isinstance(app.focused, CitationList)
            await pilot.press("shift+tab")
            assert app.focused is latest
            await pilot.press("shift+tab")
            assert app.focused is app.prompt
            assert first is not latest and app.selected is latest

    run(scenario())


def test_question_history_is_kept_per_index_across_runs(fake_index_dir, tmp_path, state_dir):
    async def first_run():
        app = make_app(fake_index_dir, corpus=SEEDS, index=open_fake(fake_index_dir), answerer=scripted)
        async with started(app) as pilot:
            await ask(app, pilot, "What did Zarif say about the US?")
            await ask(app, pilot, "Who is Lavrov?")

    async def second_run():
        app = make_app(fake_index_dir, corpus=SEEDS, index=open_fake(fake_index_dir), answerer=scripted)
        async with started(app) as pilot:
            await pilot.press("up")
            assert app.prompt.value == "Who is Lavrov?"
            await pilot.press("up")
            assert app.prompt.value == "What did Zarif say about the US?"
            await pilot.press("down", "down")
            assert app.prompt.value == ""
            await pilot.press(*"zarif", "up")  # searched: only questions holding what is typed
            assert app.prompt.value == "What did Zarif say about the US?"

    async def other_index():
        other = tmp_path / "other-index"
        build_fake(SEEDS, other)
        app = make_app(other, corpus=SEEDS, index=open_fake(other), answerer=scripted)
        async with started(app) as pilot:
            await pilot.press("up")
            assert app.prompt.value == "" and app.prompt.history == []

    run(first_run())
    assert list((state_dir / "history").glob("*.json"))  # in the (test's) user state directory
    run(second_run())
    run(other_index())


def test_slash_commands_complete_with_tab_and_mode_switches(app):
    async def scenario():
        async with started(app, (100, 30)) as pilot:
            await pilot.press("/", "f", "i")
            await pilot.pause()
            await pilot.press("tab")
            assert app.prompt.value == "/filter"
            app.prompt.value = ""
            await pilot.press("/", "m", "o")
            await pilot.pause()
            await pilot.press("tab")
            assert app.prompt.value == "/mode"
            await pilot.press("space", "b")
            await pilot.pause()
            await pilot.press("tab")
            assert app.prompt.value == "/mode bm25"
            await pilot.press("enter")
            await pilot.pause()
            assert app.config.mode == "bm25"
            assert "bm25" in app.status.query_one("#status-text").visual.plain
            await ask(app, pilot, "What did Zarif say?")
            assert scripted.configs[-1].mode == "bm25"
            app.prompt.value = "/mode fuzzy"
            await pilot.press("enter")
            await pilot.pause()
            assert app.config.mode == "bm25"  # unknown mode: refused, unchanged

    run(scenario())


QUOTED = "What did Shamkhani say about the UN Security Council resolution on Aleppo?"  # several statements


def test_k_caps_the_sources_each_answer_cites(fake_index_dir):
    """The real answer step on the fake index: k=1 answers cite one source."""
    async def scenario():
        app = make_app(fake_index_dir, corpus=SEEDS, index=open_fake(fake_index_dir), k=1)
        async with started(app, (100, 30)) as pilot:
            block = await ask(app, pilot, QUOTED)
            assert len(block.answer.citations) == 1
            assert "[2]" not in block.answer.text
            assert app.query_one("CitationList").option_count == 1
            app.prompt.value = "/k 10"
            await pilot.press("enter")
            block = await ask(app, pilot, QUOTED)
            assert len(block.answer.citations) > 1

    run(scenario())


def test_keys_typed_right_after_ctrl_t_go_to_the_dialog(app):
    async def scenario():
        async with started(app) as pilot:
            await pilot.press("ctrl+t", "1", "2", "enter")
            await pilot.pause()
            assert app.conversation.k == 12 and app.prompt.value == ""

    run(scenario())


def test_docs_dialog_keeps_its_ticks_after_viewing_a_document(app):
    from qa.tui.screens.documents import DocumentsScreen
    from qa.tui.screens.viewer import DocumentViewer

    async def scenario():
        async with started(app, (100, 30)) as pilot:
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert isinstance(app.screen, DocumentsScreen)
            await pilot.press("space", "down", "space")
            ticked = set(app.screen.query_one("SelectionList").selected)
            assert len(ticked) == 2
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, DocumentViewer)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, DocumentsScreen)
            assert set(app.screen.query_one("SelectionList").selected) == ticked
            await pilot.press("enter")
            await pilot.pause()
            assert set(app.conversation.docs) == ticked

    run(scenario())


def test_notices_stay_clear_of_the_input_and_a_long_question_is_kept(app):
    async def scenario():
        async with started(app, (80, 24), notifications=True) as pilot:
            too_long = "Why " + "very " * 500 + "long?"
            app.prompt.value = too_long
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            assert app.prompt.value == too_long  # kept, to be edited
            assert not app.transcript.answers()
            toasts = list(app.screen.query("Toast"))
            assert toasts
            for toast in toasts:
                assert not toast.region.intersection(app.prompt.region)

    run(scenario())


def test_quit_is_in_the_footer_and_slash_quit_ends_the_chat(app):
    from qa.tui.commands import help_markdown

    async def scenario():
        async with started(app) as pilot:
            shown = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
            assert "Quit" in shown
            assert "/quit" in help_markdown()
            app.prompt.value = "/quit"
            await pilot.press("enter")
            await pilot.pause()
            assert app._exit

    run(scenario())


def test_viewer_footer_offers_no_next_cited_without_citations(app):
    async def scenario():
        async with started(app) as pilot:
            app.open_document(ZARIF_DOC)
            await pilot.pause()
            await pilot.pause()
            enabled = {b.binding.description for b in app.screen.active_bindings.values() if b.enabled}
            assert app.screen.check_action("step", (1,)) is False and "Next cited" not in enabled
            await pilot.press("escape")
            block = await ask(app, pilot, "What did Zarif say?")
            app.open_citation(block.answer, 1)
            await pilot.pause()
            assert app.screen.check_action("step", (1,)) is True

    run(scenario())


def test_fix_command_in_an_error_notice_is_one_unwrapped_line(tmp_path):
    async def scenario():
        deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "index"
        app = make_app(deep, corpus=tmp_path / "no-corpus")  # nothing to build from: the fix is a command
        async with started(app, (80, 24)) as pilot:
            await pilot.pause()
            notice = app.query_one("Notice.-error")
            fix = notice.query_one(".notice-fix")
            line = notice.query_one(".notice-fix-line")
            assert len(notice.problem.fix) > line.content_region.width  # longer than the box
            assert fix.size.height == 1 and fix.size.width > len(notice.problem.fix)  # one line: scrolls, no wrap
            assert notice.problem.fix in fix.visual.plain

    run(scenario())


def test_welcome_example_comes_from_the_corpus(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.txt").write_text(f"Report {i}\n\nThe council met in March. Okonkwo said the budget "
                                         f"was approved, and Okonkwo signed it on day {i}.\n", encoding="utf-8")
    build_fake(corpus, tmp_path / "i")

    async def scenario():
        app = make_app(tmp_path / "i", corpus=corpus, index=open_fake(tmp_path / "i"))
        async with started(app) as pilot:
            await pilot.pause()
            welcome = app.query_one("#welcome").visual.plain
            assert "Okonkwo" in welcome and "Zarif" not in welcome

    run(scenario())


def test_cited_sentence_is_not_shifted_by_indentation_or_its_bar(tmp_path):
    from qa.tui.screens.viewer import Span

    corpus = tmp_path / "c"
    corpus.mkdir()
    text = "Report\n\n    An indented paragraph. Zarif said the cited sentence.\n\n  Another one, not cited.\n"
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    build_fake(corpus, tmp_path / "i")
    s = text.index("Zarif said")
    e = text.index("sentence.") + len("sentence.")

    async def scenario():
        app = make_app(tmp_path / "i", corpus=corpus, index=open_fake(tmp_path / "i"))
        async with started(app, (80, 24)) as pilot:
            app.open_document("a.txt", [Span(1, s, e)], 1)
            await pilot.pause()
            await pilot.pause()
            blocks = list(app.screen.query(".block"))
            cited = app.screen.current_block()
            assert cited.has_class("-cited")
            assert {b.content_region.x for b in blocks} == {cited.content_region.x}  # one column for all
            assert cited.visual.plain.startswith("An indented paragraph.")

    run(scenario())
