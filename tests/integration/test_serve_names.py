"""HTTP's /documents/{id} for a file whose name is not UTF-8 (h108, session 20)."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from tests.conftest import StaticHolder, non_utf8_corpus  # noqa: E402


def test_a_name_that_is_not_utf8_is_found_by_its_bytes_and_as_terminals_show_it(tmp_path):
    """``qa docs --json`` gives such a file's ``id_bytes`` percent-encoded (``caf%E9.txt``), yet
    /documents/caf%E9.txt was a 404 (the server decodes the byte to U+FFFD), and so was the form
    ``qa docs`` prints (caf\\xe9.txt): no citation of it could be checked over HTTP."""
    from starlette.testclient import TestClient

    from qa.serve.app import create_app

    client = TestClient(create_app(StaticHolder(non_utf8_corpus(tmp_path))), base_url="http://127.0.0.1")
    for url in ("/documents/caf%E9.txt?start=4&end=14", "/documents/caf%5Cxe9.txt?start=4&end=14"):
        got = client.get(url)
        assert got.status_code == 200 and got.json()["text"] == "ibex guild", url
    assert client.get("/documents/caf%E8.txt").status_code == 404
    assert client.get("/documents/plain.txt?start=4&end=9").json()["text"] == "quorp"


def test_ask_json_names_a_cited_file_that_is_not_utf8_as_http_does(tmp_path, monkeypatch, run_cli):
    """``qa ask --json`` citations of ``caf\\xe9.txt`` carried no ``doc_bytes``/``doc_encoding``
    (``qa docs --json`` gives ``id_bytes``): the CLI, ``POST /ask``, ``/search`` and ``/docs`` now
    name it the same way, the CLI's citations being the HTTP ones field for field."""
    import json

    from starlette.testclient import TestClient

    from qa.index.loaded import Index
    from qa.serve.app import create_app
    from tests.conftest import FakeEmbedder

    index = non_utf8_corpus(tmp_path)
    monkeypatch.setattr(Index, "query_embedder", lambda self: FakeEmbedder())
    question = "When does the ibex guild meet?"
    code, out, err = run_cli("ask", question, "--json", "--index-dir", str(tmp_path / "index"))
    assert code == 0, err
    cli = json.loads(out)["citations"]
    assert cli and cli[0]["doc"] == "caf\udce9.txt"
    assert cli[0]["doc_bytes"] == "caf%E9.txt" and "surrogateescape" in cli[0]["doc_encoding"]
    client = TestClient(create_app(StaticHolder(index)), base_url="http://127.0.0.1")
    http = client.post("/ask", json={"question": question}).json()["citations"]
    assert http == json.loads(json.dumps(cli))
    hit = client.get("/search", params={"q": "ibex guild"}).json()["results"][0]
    assert hit["doc_bytes"] == "caf%E9.txt" and "doc_bytes" not in client.get(
        "/search", params={"q": "quorp glimmer pump"}).json()["results"][0]
    listed = {d["id_bytes"] if "id_bytes" in d else d["id"] for d in client.get("/docs").json()["documents"]}
    assert listed == {"caf%E9.txt", "plain.txt"}
    assert client.get(f"/documents/{hit['doc_bytes']}?start=4&end=14").json()["text"] == "ibex guild"
