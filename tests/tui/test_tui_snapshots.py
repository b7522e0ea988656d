"""SVG snapshots of ``qa chat`` (pytest-textual-snapshot).

They show the UI, not the answer engine: the app runs on the fake-embedder index of the seeds
with a scripted answerer that cites fixed sentences (in their paragraphs) of the seed documents,
so the pictures change only with the UI (and the status line's passage count, which follows
chunking).  After a deliberate change, look at the new pictures and regenerate:

    python -m pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from ..conftest import SEEDS, open_fake, settle

pytestmark = pytest.mark.snapshot

ZARIF_DOC = "003_d56011ca44265691.txt"
LAVROV_DOC = "004_e3aeec2615f348da.txt"
QUESTION = "What did Zarif say about the US?"


def _cite(index, n, doc, first_words, last_words, score):
    from qa.answer.compose import Citation
    from qa.tui.text_blocks import paragraphs

    pos = index.docs.position[doc]
    text = index.docs.text(pos)
    s = text.index(first_words)
    e = text.index(last_words, s) + len(last_words)
    # the passage is the sentence's paragraph and its neighbours, not its chunk: the pictures do
    # not follow chunking
    paras = paragraphs(text)
    i = next(i for i, (a, b) in enumerate(paras) if a <= s < e <= b)
    a, b = paras[max(i - 1, 0)][0], paras[min(i + 1, len(paras) - 1)][1]
    return Citation(n, doc, index.docs.meta[pos].title, s, e, text[s:e], score, a, b, text[a:b])


def scripted(index, question, k=5, config=None, docs=None, history=None):
    """Fixed answers: the Zarif quote for the US question, an abstention for anything else."""
    from qa.answer.compose import Answer

    if "US" in question:
        cites = (
            _cite(index, 1, ZARIF_DOC, "“We have not invited them", "news agency.", 0.912),
            _cite(index, 2, LAVROV_DOC, "Zarif said Iran considers", "priorities in Syria.", 0.604),
        )
        text = "\n".join(f"{' '.join(c.text.split())} [{c.n}]" for c in cites)
        return Answer(question, question, text, cites, False)
    cites = (_cite(index, 1, ZARIF_DOC, "“We have not invited them", "news agency.", 0.311),)
    text = "The corpus quotes Mohammad Javad Zarif, but not on China. The nearest passage is [1]."
    return Answer(question, question, text, cites, True)


def make_app(fake_index_dir):
    from qa.tui.app import QAApp

    return QAApp(index_dir=fake_index_dir, corpus=SEEDS, index=open_fake(fake_index_dir), answerer=scripted)




async def ask(pilot, question):
    await settle(pilot.app, pilot)
    prompt = pilot.app.query_one("PromptInput")
    prompt.cursor_blink = False  # a blinking cursor would make the pictures differ run to run
    prompt.value = question
    await pilot.press("enter")
    await settle(pilot.app, pilot)


def test_snapshot_chat_with_an_answer(snap_compare, fake_index_dir):
    async def run_before(pilot):
        await ask(pilot, QUESTION)

    assert snap_compare(make_app(fake_index_dir), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_sources_pane(snap_compare, fake_index_dir):
    async def run_before(pilot):
        await ask(pilot, QUESTION)
        pilot.app.action_focus_sources()
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(make_app(fake_index_dir), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_document_viewer(snap_compare, fake_index_dir):
    async def run_before(pilot):
        await ask(pilot, QUESTION)
        pilot.app.action_focus_sources()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(fake_index_dir), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_abstention(snap_compare, fake_index_dir):
    async def run_before(pilot):
        await ask(pilot, "What did Zarif say about China?")

    assert snap_compare(make_app(fake_index_dir), terminal_size=(80, 24), run_before=run_before)
