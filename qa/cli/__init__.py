"""The ``qa`` command line: a thin click layer over the library.

Data goes to stdout, diagnostics to stderr; a user mistake prints one line, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys

import click

from ..config import file_settings
from ..errors import ExitCode, QAError
from ..safe_text import safe_line
from .render import OutputClosed

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


class _StderrHandler(logging.Handler):
    say = None  # set while a progress bar is drawn: lines go above it (qa.cli.progress)

    def emit(self, record: logging.LogRecord) -> None:
        line = f"qa: {safe_line(record.getMessage())}"
        if self.say is not None:
            self.say(line)
        else:
            click.echo(line, err=True)


def _quiet_libraries() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    log = logging.getLogger("qa")
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        log.addHandler(_StderrHandler())
    log.setLevel(logging.INFO if os.environ.get("QA_VERBOSE") else logging.WARNING)
    log.propagate = False


@click.group(help="Ask questions of a document corpus; every answer cites its exact sources.",
             epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qa")
@click.pass_context
def cli(ctx: click.Context) -> None:
    _quiet_libraries()
    settings = file_settings()
    if settings and ctx.default_map is None:
        ctx.default_map = {name: dict(settings) for name in cli.commands}


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the group, turning errors into one line and an exit code."""
    try:
        cli.main(args=argv, prog_name="qa", standalone_mode=False)
        return int(ExitCode.OK)
    except QAError as err:
        click.echo(f"qa: error: {safe_line(err)}", err=True)
        code = err.exit_code
    except click.exceptions.Abort:
        click.echo("qa: interrupted", err=True)
        code = ExitCode.INTERRUPTED
    except KeyboardInterrupt:
        click.echo("\nqa: interrupted", err=True)
        code = ExitCode.INTERRUPTED
    except click.ClickException as err:
        err.show()
        code = ExitCode.USAGE if err.exit_code == 2 else err.exit_code
    except click.exceptions.Exit as ex:
        code = ex.exit_code
    except (BrokenPipeError, OutputClosed):  # the reader went away (qa ask ... | head -1): stop quietly, like cat
        _silence_stdout()
        code = ExitCode.OK
    except Exception as err:  # noqa: BLE001 - last resort: one line unless debugging
        if os.environ.get("QA_DEBUG"):
            raise
        click.echo(f"qa: internal error: {err.__class__.__name__}: {safe_line(err)} (set QA_DEBUG=1 for details)",
                   err=True)
        code = ExitCode.FAILURE
    if __name__ != "__main__":
        sys.exit(int(code))
    return int(code)


from . import ask as _ask  # noqa: E402,F401  (registers commands)
from . import index_cmd as _index  # noqa: E402,F401
from . import chat as _chat  # noqa: E402,F401
from . import eval_cmd as _eval  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import search_cmd as _search  # noqa: E402,F401
