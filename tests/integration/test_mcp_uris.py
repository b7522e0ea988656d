"""MCP resources named qa://documents/<id> as the README writes them, and a real server version (issue 28)."""

from __future__ import annotations

import pytest

pytest.importorskip("mcp")
anyio = pytest.importorskip("anyio")

from tests.conftest import StaticHolder, build_fake, non_utf8_corpus, open_fake  # noqa: E402


def test_resource_uris_keep_slashes_and_both_forms_read(tmp_path):
    from mcp import Client

    from qa import __version__
    from qa.serve.mcp_server import create_server, document_uri

    corpus = tmp_path / "corpus"
    (corpus / "manuals").mkdir(parents=True)
    (corpus / "manuals" / "R FAQ.txt").write_text("The quorp manual explains the glimmer pump.\n", encoding="utf-8")
    build_fake(corpus, tmp_path / "index")
    server = create_server(StaticHolder(open_fake(tmp_path / "index")))
    assert document_uri("manuals/R FAQ.txt") == "qa://documents/manuals/R%20FAQ.txt"

    async def main():
        async with Client(server) as client:
            info = client.server_info
            listed = [str(r.uri) for r in (await client.list_resources()).resources]
            plain = await client.read_resource("qa://documents/manuals/R%20FAQ.txt")
            encoded = await client.read_resource("qa://documents/manuals%2FR%20FAQ.txt")
            return info, listed, plain, encoded

    info, listed, plain, encoded = anyio.run(main)
    assert "qa://documents/manuals/R%20FAQ.txt" in listed and not any("%2F" in u for u in listed)
    assert plain.contents[0].text == encoded.contents[0].text == "The quorp manual explains the glimmer pump.\n"
    assert info.version == __version__ != ""  # what initialize reports


def test_a_file_name_that_is_not_utf8_breaks_no_tool(tmp_path):
    """One file named in Latin-1 (b"caf\\xe9.txt") failed list_documents for every document, and
    every ask or search that named it: the MCP SDK's JSON refuses lone surrogates. It is shown as
    ``qa docs`` shows it, caf\\xe9.txt, and that form is taken back."""
    from mcp import Client

    from qa.serve.mcp_server import create_server

    server = create_server(StaticHolder(non_utf8_corpus(tmp_path)))

    async def main():
        async with Client(server) as client:
            listed = await client.call_tool("list_documents", {})
            found = await client.call_tool("search", {"query": "ibex guild", "k": 1})
            got = await client.call_tool("get_document", {"id": "caf\\xe9.txt", "start": 4, "end": 14})
            resources = [str(r.uri) for r in (await client.list_resources()).resources]
            return listed, found, got, resources

    listed, found, got, resources = anyio.run(main)
    assert not listed.is_error and "caf\\\\xe9.txt" in listed.content[0].text and "plain.txt" in listed.content[0].text
    assert not found.is_error and "caf\\\\xe9.txt" in found.content[0].text
    assert not got.is_error and '"text": "ibex guild"' in got.content[0].text
    assert "qa://documents/caf%5Cxe9.txt" in resources
