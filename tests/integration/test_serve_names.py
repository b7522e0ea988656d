"""HTTP's /documents/{id} for a file whose name is not UTF-8 (h108, session 20)."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from tests.conftest import build_fake, open_fake  # noqa: E402


class _Holder:
    def __init__(self, index):
        self.index = index

    def current(self):
        return self.index


def test_a_name_that_is_not_utf8_is_found_by_its_bytes_and_as_terminals_show_it(tmp_path):
    """``qa docs --json`` gives such a file's ``id_bytes`` percent-encoded (``caf%E9.txt``), yet
    /documents/caf%E9.txt was a 404 (the server decodes the byte to U+FFFD), and so was the form
    ``qa docs`` prints (caf\\xe9.txt): no citation of it could be checked over HTTP."""
    from starlette.testclient import TestClient

    from qa.serve.app import create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    try:
        with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as f:
            f.write(b"The ibex guild meets on Mondays in the old barn.\n")
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    (corpus / "plain.txt").write_text("The quorp manual explains the glimmer pump.\n", encoding="utf-8")
    build_fake(corpus, tmp_path / "index")
    client = TestClient(create_app(_Holder(open_fake(tmp_path / "index"))), base_url="http://127.0.0.1")
    for url in ("/documents/caf%E9.txt?start=4&end=14", "/documents/caf%5Cxe9.txt?start=4&end=14"):
        got = client.get(url)
        assert got.status_code == 200 and got.json()["text"] == "ibex guild", url
    assert client.get("/documents/caf%E8.txt").status_code == 404
    assert client.get("/documents/plain.txt?start=4&end=9").json()["text"] == "quorp"
