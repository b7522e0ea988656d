"""Chat rough edges of issue 28: a filter seen on a narrow terminal, ticks seen without colour,
a paste after Tab, 1, Escape."""

from __future__ import annotations

from textual import events

from ..conftest import settle
from .conftest import run, started
from .test_chat_newcomer import ZARIF_DOC, app, ask  # noqa: F401  (fixture)


def test_active_filter_shows_on_an_80_column_status_line(app):  # noqa: F811
    async def scenario():
        async with started(app, (80, 24)) as pilot:
            app.set_filter((ZARIF_DOC,))
            await pilot.pause()
            status = app.status.query_one("#status-text")
            shown = status.visual.plain
            assert "FILTER: only " + ZARIF_DOC in shown
            assert shown.index("FILTER") < status.region.width  # within what the line shows

    run(scenario())


def test_ticked_and_unticked_boxes_differ_in_a_plain_capture(app):  # noqa: F811
    from qa.tui.screens.documents import DocumentsScreen, TickList

    async def scenario():
        async with started(app, (100, 30)) as pilot:
            app.push_screen(DocumentsScreen(app.index.docs.meta, (ZARIF_DOC,)))
            await pilot.pause()
            await pilot.pause()
            ticks = app.screen.query_one(TickList)
            lines = ["".join(seg.text for seg in ticks.render_line(y)) for y in range(len(app.index.docs))]
            ticked = [ln for ln in lines if ZARIF_DOC in ln]
            unticked = [ln for ln in lines if ZARIF_DOC not in ln]
            assert ticked and all(TickList.TICKED in ln for ln in ticked)
            assert unticked and not any(TickList.TICKED in ln for ln in unticked)

    run(scenario())


def test_paste_after_tab_1_escape_reaches_the_question_input(app):  # noqa: F811
    async def scenario():
        async with started(app, (100, 30)) as pilot:
            await ask(app, pilot, "What did Zarif say?")
            app.prompt.value = ""
            app.prompt.focus()
            await pilot.press("tab")
            await pilot.press("1")
            await settle(app, pilot)
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.focused is not app.prompt
            app.post_message(events.Paste("Who is Lavrov?"))  # as the terminal delivers it
            await settle(app, pilot)
            assert app.prompt.value == "Who is Lavrov?" and app.focused is app.prompt

    run(scenario())
