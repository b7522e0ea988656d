"""``qa mcp``: the real server process over stdio, called through the MCP SDK's own client."""

from __future__ import annotations

import json
import os
import sys

import pytest

pytest.importorskip("mcp")
anyio = pytest.importorskip("anyio")

from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.shared.exceptions import MCPError

from qa.serve.mcp_server import document_uri

from ..conftest import ROOT, SEEDS, ZARIF_QUOTE

QUESTION = "What did Zarif say about the US?"


def _session_run(index_dir, body):
    """Start ``python -m qa mcp`` on ``index_dir`` and run ``await body(session)``."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "qa", "mcp", "--index-dir", str(index_dir), "--corpus", str(SEEDS)],
        env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"},
    )

    async def main():
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await body(session)

    return anyio.run(main)


def _json(result) -> dict:
    assert not result.is_error, result.content
    data = json.loads(result.content[0].text)
    assert result.structured_content in (None, data)
    return data


@pytest.mark.model
def test_mcp_tools_and_resources(real_index_dir):
    from click.testing import CliRunner

    from qa.cli import cli

    cli_json = json.loads(CliRunner().invoke(cli, ["ask", QUESTION, "--json", "-k", "3", "--index-dir",
                                                   str(real_index_dir)], catch_exceptions=False).stdout)

    async def body(session):
        out = {"tools": {t.name for t in (await session.list_tools()).tools}}
        out["ask"] = _json(await session.call_tool("ask", {"question": QUESTION, "k": 3}))
        first = out["ask"]["citations"][0]
        out["slice"] = _json(await session.call_tool("get_document", {"id": first["doc"], "start": first["start"],
                                                                      "end": first["end"]}))
        out["search"] = _json(await session.call_tool("search", {"query": "Astana talks", "k": 3}))
        out["listed"] = _json(await session.call_tool("list_documents", {}))
        out["followup"] = _json(await session.call_tool("ask", {"question": "And what about Russia?",
                                                                "history": [QUESTION]}))
        out["errors"] = [
            await session.call_tool("get_document", {"id": "../../etc/passwd"}),
            await session.call_tool("ask", {"question": "   "}),
            await session.call_tool("ask", {"question": "hi", "k": 0}),
            await session.call_tool("get_document", {"id": first["doc"], "start": 5, "end": 1}),
        ]
        resources = (await session.list_resources()).resources
        out["resources"] = {r.name: str(r.uri) for r in resources}
        read = await session.read_resource(document_uri(first["doc"]))
        out["resource_text"] = read.contents[0].text
        out["resource_errors"] = []
        for uri in ("qa://documents/..%2F..%2Fetc%2Fpasswd", "qa://documents/%2Fetc%2Fpasswd",
                    "qa://documents/nope.txt"):
            try:
                await session.read_resource(uri)
                out["resource_errors"].append(None)
            except MCPError as err:
                out["resource_errors"].append(str(err))
        return out

    out = _session_run(real_index_dir, body)
    assert {"ask", "search", "get_document", "list_documents"} <= out["tools"]
    assert out["ask"] == cli_json  # the same object as qa ask --json
    assert any(ZARIF_QUOTE in c["text"] for c in out["ask"]["citations"])
    first = out["ask"]["citations"][0]
    assert out["slice"]["text"] == first["text"] == (SEEDS / first["doc"]).read_text(encoding="utf-8")[
        first["start"]:first["end"]]
    assert len(out["search"]["results"]) == 3
    for hit in out["search"]["results"]:
        text = (SEEDS / hit["doc"]).read_text(encoding="utf-8")
        assert text[hit["start"]:hit["end"]] == hit["text"]
        assert {"page", "section", "line", "context"} <= set(hit)  # issue 28: where, as /search says it
        assert hit["line"] == text.count("\n", 0, hit["start"]) + 1
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert sorted(d["id"] for d in out["listed"]["documents"]) == seeds
    assert out["followup"]["searched_for"] == "What did Zarif say about Russia?"
    messages = [e.content[0].text for e in out["errors"]]
    assert all(e.is_error for e in out["errors"]), messages
    assert "no document" in messages[0] and "empty" in messages[1] and "k must be" in messages[2]
    assert "start and end" in messages[3]
    assert not any("Traceback" in m for m in messages)
    assert sorted(out["resources"]) == seeds
    assert out["resource_text"] == (SEEDS / first["doc"]).read_text(encoding="utf-8")
    assert all(err is not None for err in out["resource_errors"])
    assert "root:" not in json.dumps(out["resource_errors"])
