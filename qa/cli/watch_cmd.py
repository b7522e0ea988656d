"""``qa watch``: keep the index current as the corpus changes (``qa.index.watch``), one line per update."""

from __future__ import annotations

import time

import click

from ..errors import CorpusError
from ..safe_text import safe_line
from .group import cli
from .options import corpus_argument, corpus_option, index_dir_option, model_option, pick_corpus, resolve_paths


def build_for_watch(corpus, index_dir, model=None, wait: float = 60.0, follow_symlinks=None):
    """The build a watcher runs on each batch: the ordinary incremental build, no progress bar,
    the passage encoder loaded by the first build that needs it and kept (``EncoderCache``)."""
    from qa.config import follow_symlinks_default
    from qa.index import EncoderCache, build_index

    follow = follow_symlinks_default() if follow_symlinks is None else follow_symlinks
    encoders = EncoderCache()

    def build():
        return build_index(corpus, index_dir, model=model, lock_timeout=wait, follow_symlinks=follow,
                           encoders=encoders)

    return build


def echo_update(update, err: bool = False) -> None:
    """One timestamped line per update: on stdout for ``qa watch``, on stderr beside a server."""
    from qa.index import describe_update

    click.echo(f"{time.strftime('%H:%M:%S')} {safe_line(describe_update(update))}", err=err)


def watch_beside(holder, corpus, index_dir, model=None):
    """``--watch`` for a long-running command: a ``WatchThread`` whose updates go to stderr and
    make ``holder`` (anything with ``current()``, e.g. ``qa serve``'s IndexHolder) load the new
    version now rather than at the next request."""
    from qa.index import WatchThread

    corpus, index_dir = resolve_paths(corpus, index_dir, need_corpus=True)

    def on_update(update) -> None:
        echo_update(update, err=True)
        if update.published:
            holder.current()

    return WatchThread(corpus, index_dir, on_update, build=build_for_watch(corpus, index_dir, model),
                       initial=False)


@cli.command("watch")
@corpus_argument
@corpus_option
@index_dir_option
@model_option
@click.option("--settle", type=click.FloatRange(0.05, 60), default=0.3, show_default=True,
              help="Seconds without a change that end a batch of changes (one rebuild per batch).")
@click.option("--wait", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds to wait for another qa index writing the same index.")
@click.option("--follow-symlinks", is_flag=True, default=None, envvar="QA_FOLLOW_SYMLINKS",
              help="Read files and folders that symlinks in the corpus point to outside it  [env QA_FOLLOW_SYMLINKS]")
def watch_command(folder, corpus, index_dir, model, settle, wait, follow_symlinks):
    """Keep the index current as files are added, changed, moved or deleted (Ctrl-C stops).

    Brings the index up to date first, then rebuilds once per batch of changes (an editor's
    save, a git checkout, a folder copied in) and prints one line per update.  Only new and
    changed documents are embedded; a new version goes live only once it is complete.
    """
    from qa.index import watch_index

    corpus, index_dir = resolve_paths(pick_corpus(folder, corpus), index_dir, need_corpus=True)
    if not corpus.exists():
        raise CorpusError(f"corpus path does not exist: {corpus}", hint="pass the folder: qa watch FOLDER (or --corpus PATH)")
    settle_ms = int(settle * 1000)

    def ready() -> None:
        click.echo(f"qa: watching {safe_line(corpus)} (index {safe_line(index_dir)}); Ctrl-C stops", err=True)

    watch_index(corpus, index_dir, echo_update, build=build_for_watch(corpus, index_dir, model, wait, follow_symlinks),
                settle_ms=settle_ms, max_wait_ms=max(2000, 4 * settle_ms), on_ready=ready)
