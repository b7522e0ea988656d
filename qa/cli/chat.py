"""``qa chat``: the terminal chat (a Textual app, imported only when the command runs)."""

from __future__ import annotations

import click

from .group import cli
from .options import corpus_argument, corpus_option, index_dir_option, pick_corpus, resolve_paths


@cli.command("chat")
@corpus_argument
@index_dir_option
@corpus_option
@click.option("-k", "k", type=click.IntRange(1, 100), default=5, show_default=True,
              help="The most sources an answer cites (ctrl+t changes it in the chat).")
@click.option("--watch", is_flag=True, help="Keep the index current as the corpus changes (as qa watch does); "
                                          "each new version is swapped in while the chat runs.")
def chat_command(folder, index_dir, corpus, k, watch):
    """Open the chat: ask questions, read cited answers, open each source in place.

    Builds the index of the corpus first (with a progress bar) when there is none yet.
    """
    corpus, index_dir = resolve_paths(pick_corpus(folder, corpus), index_dir)
    from ..tui.app import QAApp

    QAApp(index_dir=index_dir, corpus=corpus, k=k, watch=watch).run()
