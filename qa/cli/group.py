"""The ``qa`` command group and what every command shares: the exit codes' help, the library's
log lines on stderr, the libraries kept quiet and offline, the settings file as defaults."""

from __future__ import annotations

import logging
import os

import click

from ..config import file_settings
from ..safe_text import safe_line

EXIT_CODES_HELP = (
    "\b\nExit codes:\n"
    "  0    success\n"
    "  1    internal error (a bug)\n"
    "  2    usage error: bad flags, bad question, bad question file\n"
    "  3    no index, or the index is invalid / built differently\n"
    "  4    bad corpus: missing path, nothing readable\n"
    "  5    cluster: the Dask scheduler is unreachable, has no workers, or was lost\n"
    "  130  interrupted"
)


class StderrHandler(logging.Handler):
    say = None  # set while a progress bar is drawn: lines go above it (qa.cli.progress)

    def emit(self, record: logging.LogRecord) -> None:
        line = f"qa: {safe_line(record.getMessage())}"
        if self.say is not None:
            self.say(line)
        else:
            click.echo(line, err=True)


def quiet_libraries() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    log = logging.getLogger("qa")
    if not any(isinstance(h, StderrHandler) for h in log.handlers):
        log.addHandler(StderrHandler())
    log.setLevel(logging.INFO if os.environ.get("QA_VERBOSE") else logging.WARNING)
    log.propagate = False


@click.group(help="Ask questions of a document corpus; every answer cites its exact sources.",
             epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qa")
@click.pass_context
def cli(ctx: click.Context) -> None:
    quiet_libraries()
    settings = file_settings()
    if settings and ctx.default_map is None:
        ctx.default_map = {name: dict(settings) for name in cli.commands}
