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
