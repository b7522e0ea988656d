"""The chat explains an answer on request (``/why``, F2, the palette): the same trace as
``qa ask --explain``, as a notice in the transcript."""

from __future__ import annotations

from qa.answer import explain_lines
from .conftest import run, started
from .test_tui import ask, notice_text, notices


def test_why_explains_the_selected_answer(fake_chat):
    async def scenario():
        app = fake_chat()
        async with started(app, (100, 40)) as pilot:
            await pilot.press(*"/why", "enter")  # nothing asked yet: a warning, no notice
            await pilot.pause()
            assert not notices(app)
            block = await ask(app, pilot, "Where did the Astana talks take place?")
            assert block.answer is not None and block.answer.trace is not None
            await pilot.press(*"/why", "enter")
            await pilot.pause()
            text = notice_text(notices(app)[-1])
            assert f"Why answer {block.number}" in text
            first = explain_lines(block.answer.trace)[0]
            assert first.startswith("why: ") and first in text
            assert "top candidates" in text
            app.query_one("PromptInput").focus()
            await pilot.press("f2")
            await pilot.pause()
            assert len(notices(app)) == 2
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Explain answer" in titles

    run(scenario())
