"""``qa mcp``: a Model Context Protocol server over stdio (the official ``mcp`` SDK).

Tools ``ask``, ``search``, ``get_document`` and ``list_documents`` return the same JSON as the
HTTP API (``service``); every document is also a resource ``qa://documents/<id>`` (the id as
``qa docs`` shows it, slashes kept; only characters a URI cannot hold are percent-encoded, and
a fully encoded form, ``manuals%2FR-FAQ.pdf``, is read too).
Answers run in worker threads on a snapshot of the shared ``IndexHolder``, so a rebuilt index is
picked up between calls.  stdout carries only the protocol; diagnostics go to stderr.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import (
    ResourceError,
    ResourceNotFoundError,
    ToolError,
)
from mcp.types import Resource as MCPResource

from qa.errors import QAError

from . import service

Mode = Literal["hybrid", "bm25", "dense"]
Fusion = Literal["convex", "rrf"]
DOC_URI = "qa://documents/"
INSTRUCTIONS = (
    "Answers questions from the user's own documents. Every citation is an exact slice of a document: "
    "get_document(id, start, end) returns document_text[start:end]. Use ask for an answer, search for passages."
)


def document_uri(doc_id: str) -> str:
    return DOC_URI + quote(service.escape_bytes(doc_id), safe="/")


def valid_unicode(value):
    """``value`` (a tool's JSON) with every string valid Unicode: a document id whose file name is
    not UTF-8 as ``caf\\xe9.txt`` (``service.escape_bytes``; the tools and resources take that form
    back).  The MCP SDK's JSON refuses lone surrogates: one such file failed ``list_documents`` for
    every document, and ``ask`` whenever its answer or trace named it."""
    if isinstance(value, str):
        return service.escape_bytes(value)
    if isinstance(value, dict):
        return {valid_unicode(k): valid_unicode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [valid_unicode(v) for v in value]
    return value


class QAServer(MCPServer):
    """An MCP server whose resource list is the documents of the live index."""

    def __init__(self, holder, workers: int = 2):
        import anyio

        from qa import __version__

        super().__init__(name="qa", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
        self.holder = holder
        self.limiter = anyio.CapacityLimiter(max(1, workers))

    async def list_resources(self) -> list[MCPResource]:
        listed = await super().list_resources()
        index = await self.call(lambda index: index)
        return listed + [
            MCPResource(uri=document_uri(m.id), name=service.escape_bytes(m.id),
                        title=service.escape_bytes(m.title or m.id), mime_type="text/plain",
                        description=f"{m.format}, {m.chars} characters")
            for m in index.docs.meta
        ]

    async def call(self, fn, **kwargs):
        """``fn(index, **kwargs)`` in a worker thread on one snapshot of the index."""
        import anyio

        return await anyio.to_thread.run_sync(lambda: fn(self.holder.current(), **kwargs), limiter=self.limiter)

    async def tool_call(self, fn, **kwargs) -> dict[str, Any]:
        try:
            return valid_unicode(await self.call(fn, **kwargs))
        except QAError as err:  # the caller's mistake: its message, for the model to correct
            raise ToolError(service.escape_bytes(str(err))) from None


def create_server(holder, workers: int = 2) -> QAServer:
    server = QAServer(holder, workers)

    @server.tool(description="Answer a question from the documents: sentences quoted from them, each cited "
                             "[n] with its document id and exact character span (the `qa ask --json` object).")
    async def ask(question: str, k: int = 5, mode: Mode = "hybrid", fusion: Fusion = "convex",
                  docs: list[str] | None = None, history: list[str] | None = None) -> dict[str, Any]:
        return await server.tool_call(service.ask, question=question, k=k, mode=mode, fusion=fusion, docs=docs,
                                      history=history)

    @server.tool(description="The passages that best match a query, ranked, with document ids and spans.")
    async def search(query: str, k: int = 10, mode: Mode = "hybrid", fusion: Fusion = "convex",
                     docs: list[str] | None = None) -> dict[str, Any]:
        return await server.tool_call(service.search, query=query, k=k, mode=mode, fusion=fusion, docs=docs)

    @server.tool(description="A document's text, or its slice [start:end] in characters (to check a citation).")
    async def get_document(id: str, start: int | None = None, end: int | None = None) -> dict[str, Any]:
        return await server.tool_call(service.document, doc_id=id, start=start, end=end)

    @server.tool(description="Every document in the index: id, title and length in characters.")
    async def list_documents() -> dict[str, Any]:
        return await server.tool_call(service.documents)

    @server.resource(DOC_URI + "{+doc_id}", name="document", mime_type="text/plain",
                     description="A document's full text (qa://documents/<id>, slashes kept)")
    async def read_document(doc_id: str) -> str:
        try:
            return (await server.call(service.document, doc_id=doc_id))["text"]
        except service.NotFoundError as err:
            raise ResourceNotFoundError(err.message) from None
        except QAError as err:
            raise ResourceError(str(err)) from None

    return server


def run_stdio(holder, workers: int = 2) -> None:
    create_server(holder, workers).run("stdio")
