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
    bar = Progress(SpinnerColumn(), TextColumn("{task.description:<20}", markup=False), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=console, transient=False)
    tasks: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        stage, _, detail = stage.partition(":")  # "embedding:2 workers, 180 passages/s" (cluster builds)
        label = STAGES.get(stage, stage) + (f" ({detail})" if detail else "")
        if stage not in tasks:
            tasks[stage] = bar.add_task(label, total=total or None)
        bar.update(tasks[stage], completed=done, total=total or None, description=label)

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


def skip_kind(reason: str) -> str:
    """The kind of a skip reason: "binary file", "empty file", "unreadable", "symlink loop"..."""
    kind = reason.split(":", 1)[0].split(" (", 1)[0].strip()
    return kind if len(kind) <= 40 else "other"


def skipped_line(skipped) -> str:
    if not skipped:
        return ""
    kinds: dict[str, int] = {}
    for _path, reason in skipped:
        kinds[skip_kind(reason)] = kinds.get(skip_kind(reason), 0) + 1
    detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"Skipped {len(skipped)} file{'s' * (len(skipped) != 1)}: {detail} (see the warnings above)"


def echo_skip(path: str, reason: str) -> None:
    click.echo(f"qa: warning: skipped {path}: {reason}", err=True)
