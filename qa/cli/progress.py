"""A rich progress display on stderr for index builds, and the closing summary."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click

from qa.progress_text import LONG, left_text, rate_text, stage_label

from ..safe_text import safe_line


class _Quiet:
    def __call__(self, _stage, _done, _total) -> None:
        pass

    @staticmethod
    def say(line: str) -> None:
        click.echo(line, err=True)


@contextmanager
def build_progress(enabled: bool = True, console=None):
    """Yields a ``progress(stage, done, total)`` callback that drives a rich progress bar; its
    ``say(line)`` prints a diagnostic line above the bar (never into the bar's own line)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = console or Console(stderr=True, markup=False, highlight=False, emoji=False)
    if not enabled:
        yield _Quiet()
        return
    bar = Progress(SpinnerColumn(), TextColumn("{task.description:<20}", markup=False), BarColumn(),
                   MofNCompleteColumn(), TimeElapsedColumn(), *speed_columns(), console=console, transient=False)
    tasks: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        stage, _, detail = stage.partition(":")  # "embedding:2 workers, 180 passages/s" (cluster builds)
        label = safe_line(stage_label(stage) + (f" ({detail})" if detail else ""))
        if stage not in tasks:
            tasks[stage] = bar.add_task(label, total=total or None)
        bar.update(tasks[stage], completed=done, total=total or None, description=label)

    def say(line: str) -> None:
        from rich.text import Text

        bar.console.print(Text(line), soft_wrap=True)  # above the live bar, which is then redrawn

    progress.say = say
    import logging

    handlers = [h for h in logging.getLogger("qa").handlers if hasattr(h, "say")]  # qa's stderr handler
    for h in handlers:
        h.say = say
    try:
        with bar:
            yield progress
    finally:
        for h in handlers:
            h.say = None


def speed_columns():
    """The rate (items a second, like rich's TransferSpeedColumn for bytes) and the time left
    (as rich's TimeRemainingColumn), on long bars only."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            long = (task.total or 0) >= LONG
            return Text(rate_text(task.finished_speed or task.speed) if long else "", style="progress.data.speed")

    class Left(ProgressColumn):
        max_refresh = 0.5

        def render(self, task) -> Text:
            long = (task.total or 0) >= LONG and not task.finished
            return Text(left_text(task.time_remaining) if long else "", style="progress.remaining")

    return Rate(), Left()


def summary(report) -> str:
    """What a build did, in one or two lines: what changed, what it cost, what was skipped."""
    where = f" -> {safe_line(report.index_dir)}"
    docs = f"{report.documents:,} document{'s' * (report.documents != 1)}"
    passages = f"{report.chunks:,} passage{'s' * (report.chunks != 1)}"
    if report.up_to_date:
        line = f"Index is up to date: {docs}, {passages} (nothing added, changed or removed){where}"
    elif report.full_reason:
        line = (f"Indexed {docs} as {passages} in {report.seconds:.1f} s "
                f"(full build: {report.full_reason}){where}")
    else:
        reweighed = "; BM25 re-weighed for qa's new BM25 parameters" if report.reweighed else ""
        if getattr(report, "recounted", 0):
            reweighed += f"; BM25 counted again for qa's new tokenizer ({report.recounted:,} documents, vectors kept)"
        line = (f"Updated the index: {changes(report)}; {passages}, {report.embedded:,} embedded{reweighed} "
                f"in {report.seconds:.1f} s{where}")
    copies = report.copies
    if copies and not report.up_to_date:
        line += (f"\n{copies:,} passage{'s' * (copies != 1)} word for word like another "
                 f"{'were' if copies != 1 else 'was'} embedded once")
    skipped = skipped_line(report.skipped)
    return line + (f"\n{skipped}" if skipped else "")


def changes(report) -> str:
    return (f"{report.added:,} added, {report.changed:,} changed, {report.removed:,} removed, "
            f"{report.unchanged:,} unchanged")


def skipped_line(skipped) -> str:
    """"Skipped 3 files: 2 unsupported (.png, .csv), 1 empty" ("" when nothing was skipped)."""
    from qa.corpus import skip_summary

    return safe_line(skip_summary(skipped))


def skip_echoer(verbose: bool = False, say=None):
    """An ``on_skip`` that warns about each bad file on stderr (one line each, through ``say`` while
    a progress bar is drawn); unsupported files are only counted in the summary, and named too
    with ``verbose``."""
    say = say or (lambda line: click.echo(line, err=True))

    def echo_skip(s) -> None:
        if s.quiet and not verbose:
            return
        say(f"qa: {'skipped' if s.quiet else 'warning: skipped'} {safe_line(s.path)}: {safe_line(s.reason)}")

    return echo_skip


def run_build(corpus, index_dir, *, model=None, rebuild=False, max_words=None, wait=60.0, quiet=False,
              precision=None, follow_symlinks=None, verbose=False, cluster=None, cluster_files="ship"):
    """Build with a progress bar on stderr; returns the report (shared by ask/chat auto-build)."""
    from qa.config import follow_symlinks_default
    from qa.corpus import ChunkingConfig
    from qa.index import build_index
    from qa.search import BM25Params

    if follow_symlinks is None:
        follow_symlinks = follow_symlinks_default()
    chunking = ChunkingConfig(max_words=max_words) if max_words else None  # None: the live index's size
    with build_progress(enabled=not quiet) as progress:
        report = build_index(corpus, index_dir, model=model, chunking=chunking, bm25=BM25Params(),
                             rebuild=rebuild, progress=progress, on_skip=skip_echoer(verbose, progress.say),
                             lock_timeout=wait,
                             precision=precision, follow_symlinks=follow_symlinks, cluster=cluster,
                             cluster_files=cluster_files)
    click.echo(summary(report), err=True)
    return report


def open_index(corpus: Path | None, index_dir: Path, *, build_if_missing: bool = True, model: str | None = None):
    """The library's ``open_or_build``, with the CLI's progress bar and a note on stderr for a first build.

    No index and no corpus to build it from (outside a project, without ``--corpus``): an error
    that asks for ``--corpus``."""
    from qa.errors import IndexMissingError
    from qa.index import open_or_build

    from .options import CORPUS_HINT

    def announce(corpus: Path, index_dir: Path) -> None:
        click.echo(f"qa: no index at {safe_line(index_dir)} yet; indexing {safe_line(corpus)} first", err=True)

    try:
        index = open_or_build(corpus, index_dir, model=model, build_if_missing=build_if_missing, build=run_build,
                              on_build=announce)
        other_corpus(index, corpus, index_dir)
        return index
    except IndexMissingError as err:
        if corpus is None and build_if_missing:
            raise IndexMissingError(f"no index at {safe_line(index_dir)}, and no corpus to build it from",
                                    hint=CORPUS_HINT) from None
        raise err from None


def other_corpus(index, corpus: Path | None, index_dir: Path) -> None:
    """Warn when ``--corpus`` (or QA_CORPUS) names another folder than the one the index holds: the
    answers come from the index, and nothing else said so (``qa ask --corpus notes/ --index-dir
    old-index`` answered from old-index's documents in silence)."""
    from qa.config import default_corpus

    built_from = index.manifest.get("corpus") if isinstance(getattr(index, "manifest", None), dict) else None
    if corpus is None or not built_from or corpus == default_corpus() or not Path(corpus).exists():
        return  # no folder named, or none there: nothing to index instead
    try:
        asked = str(Path(corpus).resolve())
    except (OSError, RuntimeError):
        return
    if asked != built_from:
        click.echo(f"qa: warning: the index in {safe_line(index_dir)} was built from {safe_line(built_from)}, not "
                   f"{safe_line(asked)}: the answers come from its documents (qa index --corpus {safe_line(asked)} "
                   f"--index-dir {safe_line(index_dir)} indexes {safe_line(asked)} there)", err=True)
