"""``qa serve``: the HTTP JSON API (FastAPI on uvicorn) over one shared, hot-swapped index.

Routes: ``POST /ask`` (the ``qa ask --json`` object), ``GET /search``, ``GET /docs``,
``GET /documents/{id}``, ``GET /health`` (``HEAD`` too: ``guard.Guard``); the OpenAPI schema at
``/openapi.json``.  Answers run
in a bounded worker pool of threads; each takes one snapshot of the holder's index, named in the
``X-QA-Index-Version`` response header.  Every error is a JSON body ``{"error", "status"[, "hint"]}``.
"""

from __future__ import annotations

import logging
import socket

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse as _JSONResponse
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException

from qa.errors import IndexInvalidError, IndexMissingError, QAError, UsageError
from qa.safe_text import json_text

from . import service
from .guard import MAX_BODY, Guard, TokenError, check_token
from .schemas import (
    AskRequest,
    AskResponse,
    DocumentSlice,
    DocumentsResponse,
    ErrorResponse,
    HealthResponse,
    SearchResponse,
)

log = logging.getLogger("qa")
VERSION_HEADER = "X-QA-Index-Version"
class _DocId(Convertor):
    """A document id in a path: slashes, and any character a file name may hold, newlines too
    (starlette's ``path`` is ``.*``, so ``/documents/new%0Aline.txt`` was "no such endpoint")."""

    regex = r"[\s\S]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("docid", _DocId())

ERRORS = {code: {"model": ErrorResponse} for code in (400, 401, 404, 413, 415, 422, 500, 503)}


class JSONResponse(_JSONResponse):
    """Starlette's, writing a string that is not valid Unicode (a file name whose bytes are not
    UTF-8, surrogate-escaped) as ``\\udcXX`` escapes instead of failing the request."""

    def render(self, content) -> bytes:
        return json_text(content, allow_nan=False, separators=(",", ":")).encode("utf-8")


def require_token_for(host: str, token: str | None) -> None:
    """Binding anything but loopback exposes the corpus: only with a token that is hard to guess
    (``guard.check_token``)."""
    try:
        check_token(host, token)
    except TokenError as err:
        raise UsageError(str(err), hint=err.hint) from None


def error_body(status: int, message: str, hint: str | None = None, fix: str | None = None) -> JSONResponse:
    body = {"error": message, "status": status}
    if hint:
        body["hint"] = hint
    if fix:
        body["fix"] = fix  # the command that fixes it
    return JSONResponse(body, status_code=status)


def status_of(err: QAError) -> int:
    if isinstance(err, service.NotFoundError):
        return 404
    if isinstance(err, UsageError):
        return 422
    if isinstance(err, (IndexMissingError, IndexInvalidError)):
        return 503
    return 500


def create_app(holder, *, token: str | None = None, workers: int = 4, max_body: int = MAX_BODY,
               processes: int = 1, balance=None):
    """The ASGI application answering from ``holder`` (an ``IndexHolder``); ``workers`` threads
    answer at once in this process, one of ``processes`` serving the same socket (``workers.py``;
    ``balance``: its ``ConnectionBalance``, which says when to close a connection)."""
    import anyio

    app = FastAPI(title="qa", version=_qa_version(), docs_url=None, redoc_url=None,
                  description="Cited question answering over your own documents. Every citation is an exact "
                              "slice of its document: GET /documents/{id}?start=&end= returns it.")
    limiter = anyio.CapacityLimiter(max(1, workers))

    async def in_pool(fn, **kwargs) -> JSONResponse:
        """Run ``fn(index, **kwargs)`` in the worker pool on one snapshot of the index."""
        def job():
            index = holder.current()
            return fn(index, **kwargs), index.version.name

        data, version = await anyio.to_thread.run_sync(job, limiter=limiter)
        headers = {VERSION_HEADER: version}
        if balance is not None and balance.crowded():  # this process holds more than its share
            headers["Connection"] = "close"
        return JSONResponse(data, headers=headers)

    @app.exception_handler(QAError)
    async def _qa_error(request: Request, err: QAError):
        return error_body(status_of(err), err.message, err.hint, err.fix.command if err.fix else None)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError):
        return error_body(422 if _is_body_shape(err) else 400, _describe(err))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, err: HTTPException):
        message = {404: "no such endpoint", 405: "method not allowed here"}.get(err.status_code, str(err.detail))
        response = error_body(err.status_code, message)
        for key, value in (err.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def _crash(request: Request, err: Exception):
        log.error("internal error on %s %s: %s: %s", request.method, request.url.path, err.__class__.__name__, err)
        return error_body(500, "internal error (the server log has the details)")

    @app.post("/ask", response_model=AskResponse, responses=ERRORS,
              summary="Answer a question with cited sentences (the `qa ask --json` object)")
    async def ask(body: AskRequest):
        return await in_pool(service.ask, question=body.question, k=body.k, mode=body.mode, fusion=body.fusion,
                             docs=body.docs, history=body.history)

    @app.get("/search", response_model=SearchResponse, responses=ERRORS, summary="Ranked passages with spans")
    async def search(q: str = Query(..., max_length=20_000, description="What to search for"),
                     k: int = Query(10, ge=1, le=service.MAX_K),
                     mode: str = Query("hybrid", pattern="^(hybrid|bm25|dense)$"),
                     fusion: str = Query("convex", pattern="^(convex|rrf)$"),
                     docs: list[str] | None = Query(None, max_length=service.MAX_DOC_FILTER,
                                                    description="Only search these document ids (repeatable)")):
        return await in_pool(service.search, query=q, k=k, mode=mode, fusion=fusion, docs=docs)

    @app.get("/docs", response_model=DocumentsResponse, responses=ERRORS, summary="The documents in the index")
    async def docs():
        return await in_pool(service.documents)

    @app.get("/documents/{doc_id:docid}", response_model=DocumentSlice, responses=ERRORS,
             summary="A document's text, or the slice [start:end] (to check a citation)")
    async def document(request: Request, doc_id: str, start: int | None = Query(None, ge=0),
                       end: int | None = Query(None, ge=0)):
        return await in_pool(service.document, doc_id=raw_doc_id(request, doc_id), start=start, end=end)

    @app.get("/health", response_model=HealthResponse, responses=ERRORS, summary="Index version and size")
    async def health():  # answered at once, not queued behind questions in the pool
        index = holder.current()
        return JSONResponse(service.health(index, reloading=holder.reloading, workers=processes),
                            headers={VERSION_HEADER: index.version.name})

    return Guard(app, token=token, max_body=max_body)


def raw_doc_id(request: Request, doc_id: str) -> str:
    """The id as the URL's bytes spell it: a file name that is not UTF-8, percent-encoded as
    ``qa docs --json`` gives it (``id_bytes``: ``caf%E9.txt``), is decoded by the server with U+FFFD
    for the byte, which no id holds; the path's own bytes keep it (surrogate-escaped, as the index)."""
    from urllib.parse import unquote_to_bytes

    raw = request.scope.get("raw_path") or b""
    at = raw.find(b"/documents/")
    if "\ufffd" not in doc_id or at < 0:
        return doc_id
    return unquote_to_bytes(raw[at + len(b"/documents/"):].split(b"?")[0]).decode("utf-8", "surrogateescape")


def _is_body_shape(err: RequestValidationError) -> bool:
    """422 for a well-formed request with wrong values; 400 for a body that is not JSON at all."""
    return not any(e.get("type") == "json_invalid" for e in err.errors())


def _describe(err: RequestValidationError) -> str:
    first = err.errors()[0] if err.errors() else {}
    if first.get("type") == "json_invalid":
        return "the request body is not valid JSON"
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    message = first.get("msg", "invalid request")
    return f"{where}: {message}" if where else message


def _qa_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("qa")
    except PackageNotFoundError:
        return "0"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port; read it back from ``getsockname()``)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc})", hint=_bind_hint(exc)) from None
    sock.listen(128)
    return sock


def _bind_hint(exc: OSError) -> str:
    """What to change: the port when it is taken (or privileged), else the address (a name that does
    not resolve, an address of another machine: "pick another --port" fixed neither)."""
    import errno

    if exc.errno == errno.EADDRINUSE:
        return "pick another --port, or stop what uses it"
    if exc.errno == errno.EACCES:
        return "ports below 1024 need privileges: pick another --port"
    return "--host must be an address of this machine: 127.0.0.1 (the default), ::1, or 0.0.0.0 for all"


def make_server(app, log_level: str = "warning"):
    """A uvicorn server for ``app``; run it with ``server.run(sockets=[bind(host, port)])``."""
    import uvicorn

    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off",
                            server_header=False, timeout_graceful_shutdown=5)
    return uvicorn.Server(config)
