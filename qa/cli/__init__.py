"""The ``qa`` command line: a thin click layer over the library.

Data goes to stdout, diagnostics to stderr; a user mistake prints one line, never a traceback.
"""

from __future__ import annotations

import os
import sys
import threading

import click

from ..errors import ExitCode, QAError
from ..safe_text import safe_line
from .group import cli
from .render import OutputClosed


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _end_process(code: int) -> None:
    """End a finished one-shot ``qa ask`` without tearing the interpreter down: its output flushed
    and the exit handlers run, as at a normal exit, but no module teardown, no last garbage
    collections over every object, no freeing of the index and the ONNX session one by one (a
    process's memory goes back to the system whole).  Measured: 40-60 ms of a cold ask's wall time."""
    import atexit

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away: as below, stop quietly
            if stream is sys.stdout:
                _silence_stdout()
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's own; elsewhere: a normal exit
    if run_exit_handlers is None:
        return
    run_exit_handlers()
    os._exit(code)


def _only_daemon_threads() -> bool:
    """Nothing a normal exit would wait for: every other thread is a daemon (the encoder prefetch's)."""
    main_thread = threading.main_thread()
    return all(t is main_thread or t.daemon for t in threading.enumerate())


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the group, turning errors into one line and an exit code.

    Called as the command line (``argv`` None), a finished ``qa ask`` ends the process at once
    (``_end_process``); called with ``argv`` (tests, embedding), it returns or raises as usual."""
    try:
        cli.main(args=argv, prog_name="qa", standalone_mode=False)
        if argv is None and sys.argv[1:2] == ["ask"] and _only_daemon_threads():
            _end_process(int(ExitCode.OK))
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


from . import ask, chat, eval_cmd, index_cmd, search_cmd, serve, watch_cmd  # noqa: E402,F401  (each registers its commands on ``cli``)

__all__ = ["cli", "main"]
