"""``qa serve`` (HTTP JSON API) and ``qa mcp`` (Model Context Protocol over stdio): thin wrappers of qa.serve."""

from __future__ import annotations

import os

import click

from ..errors import UsageError
from ..safe_text import safe_line
from .group import cli
from .options import corpus_option, index_dir_option, model_option, resolve_paths

DEFAULT_WORKERS = max(1, os.cpu_count() or 1)


def _holder(corpus, index_dir, model, load: bool = True):
    """The shared index (built first when the corpus has none, as ``qa ask`` does); ``load=False``:
    only checked (worker processes open it themselves), returned as (index folder, version)."""
    try:
        from qa.serve.holder import IndexHolder
    except ImportError as exc:
        raise _missing_extra(exc) from None
    from .progress import open_index

    corpus, index_dir = resolve_paths(corpus, index_dir)
    index = open_index(corpus, index_dir, model=model)
    if not load:
        index.release()
        return index_dir, index.version.name
    return IndexHolder(index_dir, index=index, model=model)


def _missing_extra(exc: ImportError) -> UsageError:
    return UsageError(f"qa serve and qa mcp need extra packages ({exc.name or exc} is not installed)",
                      hint="pip install 'qa[serve]'")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--token", envvar="QA_SERVE_TOKEN", default=None,
              help="Require 'Authorization: Bearer TOKEN' on every request  [env QA_SERVE_TOKEN]")
@click.option("--workers", type=click.IntRange(1, 64), default=DEFAULT_WORKERS, show_default=True,
              help="Server processes (each maps the same index files; default: the machine's cores).")
@click.option("--watch", is_flag=True, help="Keep the index current as the corpus changes (as qa watch does); "
                                          "each new version is swapped in without a restart.")
@index_dir_option
@corpus_option
@model_option
def serve_command(host, port, token, workers, watch, index_dir, corpus, model):
    """Serve the index over HTTP: POST /ask, GET /search, /docs, /documents/{id}, /health, /openapi.json."""
    try:
        from qa.serve.app import bind, create_app, make_server, require_token_for
    except ImportError as exc:
        raise _missing_extra(exc) from None

    require_token_for(host, token)
    sock = bind(host, port)  # a taken port fails before the index is loaded
    holder = _holder(corpus, index_dir, model) if workers == 1 else None
    folder, version = (holder.index_dir, holder.version) if holder else _holder(corpus, index_dir, model, load=False)
    if watch:
        from types import SimpleNamespace

        from .watch_cmd import watch_beside

        # worker processes each see the new CURRENT at their next request (their own holders)
        watch_beside(holder or SimpleNamespace(current=lambda: None), corpus, index_dir, model)
    bound_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"qa: serving {safe_line(folder)} ({safe_line(version)}) on http://{shown}:{bound_port}"
               + (" (token required)" if token else "") + (f" ({workers} worker processes)" if workers > 1 else ""),
               err=True)
    if holder is not None:
        make_server(create_app(holder, token=token, workers=4)).run(sockets=[sock])
        return
    from qa.serve.workers import WorkerSpec, serve_processes

    serve_processes(sock, WorkerSpec(folder, model, token, workers))


@cli.command("mcp")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Tool calls answered at the same time.")
@index_dir_option
@corpus_option
@model_option
def mcp_command(workers, index_dir, corpus, model):
    """Serve the index to AI assistants: a Model Context Protocol server on stdin/stdout."""
    try:
        from qa.serve.mcp_server import run_stdio
    except ImportError as exc:
        raise _missing_extra(exc) from None

    run_stdio(_holder(corpus, index_dir, model), workers=workers)
