"""``qa chat --watch``: a file added to the corpus while the chat runs is answerable without a restart."""

from __future__ import annotations

import asyncio
import shutil

from ..conftest import SEEDS, FakeEmbedder, build_fake, open_fake
from .conftest import make_app, run, started


def test_a_new_file_is_swapped_in_while_the_chat_runs(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for src in sorted(SEEDS.glob("*.txt")):
        shutil.copy(src, corpus / src.name)
    build_fake(corpus, tmp_path / "i")

    async def scenario():
        app = make_app(tmp_path / "i", corpus=corpus, index=open_fake(tmp_path / "i"), embedder=FakeEmbedder(),
                       watch=True)
        async with started(app) as pilot:
            first = app.index.version
            assert app.watcher is not None and app.watcher.ready.wait(30)
            (corpus / "ferry.txt").write_text("The Skellig ferry now leaves at dawn.\n", encoding="utf-8")
            for _ in range(300):  # up to 30 s on a busy machine
                await asyncio.sleep(0.1)
                await pilot.pause()
                if app.index.version != first:
                    break
            assert app.index.version != first and "ferry.txt" in app.index.docs.position
            assert len(app.index.docs) == 6

    run(scenario())
