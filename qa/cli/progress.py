"""A rich progress display on stderr for index builds, and the closing summary."""

from __future__ import annotations

from contextlib import contextmanager

import click

STAGES = {"reading": "Reading documents", "chunking": "Chunking", "embedding": "Embedding passages",
          "bm25": "BM25 index", "saving": "Saving"}


@contextmanager
def build_progress(enabled: bool = True):
    """Yields a ``progress(stage, done, total)`` callback that drives a rich progress bar."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not enabled:
        yield lambda _s, _d, _t: None
        return
    bar = Progress(SpinnerColumn(), TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=console, transient=False)
    tasks: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total or None)
        bar.update(tasks[stage], completed=done, total=total or None)

    with bar:
        yield progress


def summary(report) -> str:
    """What a build did, in one or two lines: what changed, what it cost, what was skipped."""
    where = f" -> {report.index_dir}"
    docs = f"{report.documents:,} document{'s' * (report.documents != 1)}"
    passages = f"{report.chunks:,} passage{'s' * (report.chunks != 1)}"
    if report.up_to_date:
        line = f"Index is up to date: {docs}, {passages} (nothing added, changed or removed){where}"
    elif report.full_reason:
        line = (f"Indexed {docs} as {passages} in {report.seconds:.1f} s "
                f"(full build: {report.full_reason}){where}")
    else:
        line = (f"Updated the index: {changes(report)}; {passages}, {report.embedded:,} embedded "
                f"in {report.seconds:.1f} s{where}")
    skipped = skipped_line(report.skipped)
    return line + (f"\n{skipped}" if skipped else "")


def changes(report) -> str:
    return (f"{report.added:,} added, {report.changed:,} changed, {report.removed:,} removed, "
            f"{report.unchanged:,} unchanged")


def skipped_line(skipped) -> str:
    """"Skipped 3 files: 2 unsupported (.png, .csv), 1 empty" ("" when nothing was skipped)."""
    from qa.corpus.skips import skip_summary

    return skip_summary(skipped)


def skip_echoer(verbose: bool = False):
    """An ``on_skip`` that warns about each bad file on stderr (one line each); unsupported files
    are only counted in the summary, and named too with ``verbose``."""

    def echo_skip(s) -> None:
        if s.quiet and not verbose:
            return
        click.echo(f"qa: {'skipped' if s.quiet else 'warning: skipped'} {s.path}: {s.reason}", err=True)

    return echo_skip
