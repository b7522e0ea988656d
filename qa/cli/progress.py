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
    parts = [f"Indexed {report.documents} documents as {report.chunks} passages in {report.seconds:.1f} s"]
    if report.unchanged:
        parts.append(f"{report.added} added, {report.changed} changed, {report.removed} removed, "
                     f"{report.unchanged} unchanged")
    elif report.removed:
        parts.append(f"{report.removed} removed")
    if report.skipped:
        parts.append(f"{len(report.skipped)} file(s) skipped")
    return "; ".join(parts) + f" -> {report.index_dir}"


def echo_skip(path: str, reason: str) -> None:
    click.echo(f"qa: warning: skipped {path}: {reason}", err=True)
