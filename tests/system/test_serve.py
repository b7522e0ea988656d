"""``qa serve``: the real HTTP server on an ephemeral loopback port, spoken to with httpx."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from qa.serve import service
from qa.serve.app import (
    VERSION_HEADER,
    bind,
    create_app,
    make_server,
    require_token_for,
)
from qa.serve.holder import IndexHolder

from ..conftest import ROOT, SEEDS, ZARIF_QUOTE, FakeEmbedder, build_fake, open_fake

NEW_DOC = "kestrel.txt"
NEW_TEXT = (
    "Kestrel Bay Lighthouse\n\n"
    "The Kestrel Bay lighthouse was rebuilt in 1911 after a winter storm destroyed its lantern room. "
    "Harbourmaster Orla Brennikova said the new lantern could be seen forty kilometres out to sea.\n"
)
NEW_QUESTION = "When was the Kestrel Bay lighthouse rebuilt?"


class Served:
    """A uvicorn server in a thread, on a port the OS picked, with an httpx client for it."""

    def __init__(self, holder, **app_options):
        self.holder = holder
        sock = bind("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self.server = make_server(create_app(holder, **app_options))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        started = threading.Event()
        for _ in range(2000):
            if self.server.started:
                started.set()
                break
            started.wait(0.01)
        assert started.is_set(), "the server did not start"
        self.client = httpx.Client(base_url=self.url, timeout=60)

    def raw_get(self, target: str) -> tuple[int, dict]:
        """GET with the request target sent byte for byte (no client-side normalisation of ``..``)."""
        host, port = self.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as s:
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split()[1]), json.loads(body)

    def stop(self):
        self.client.close()
        self.server.should_exit = True
        self.thread.join(30)


@pytest.fixture
def fake_copy(tmp_path, seed_copy):
    """A fake-embedder index of a writable copy of the seeds (so a test may add documents)."""
    index_dir = tmp_path / "index"
    build_fake(seed_copy, index_dir)
    return seed_copy, index_dir


@pytest.fixture
def served(fake_index_dir):
    s = Served(IndexHolder(fake_index_dir, embedder=FakeEmbedder()))
    yield s
    s.stop()


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


# -- the routes ------------------------------------------------------------------------------------

def test_ask_is_the_library_answer_s_json(served, fake_index_dir):
    from qa.answer import answer

    r = served.client.post("/ask", json={"question": "What did Zarif say about the US?", "k": 3})
    assert r.status_code == 200 and r.headers[VERSION_HEADER] == served.holder.version
    expected = answer(open_fake(fake_index_dir), "What did Zarif say about the US?", k=3).to_dict()
    assert r.json() == expected and expected["citations"]


def test_every_citation_is_the_slice_documents_returns(served):
    data = served.client.post("/ask", json={"question": "What did Zarif say about the US?"}).json()
    assert not data["abstained"] and any(ZARIF_QUOTE in c["text"] for c in data["citations"])
    for c in data["citations"]:
        got = served.client.get(f"/documents/{c['doc']}", params={"start": c["start"], "end": c["end"]}).json()
        assert got["text"] == c["text"] == (SEEDS / c["doc"]).read_text(encoding="utf-8")[c["start"]:c["end"]]


def test_ask_options_docs_filter_and_history(served):
    doc = "003_d56011ca44265691.txt"
    r = served.client.post("/ask", json={"question": "What did Zarif say?", "docs": [doc], "mode": "bm25",
                                         "fusion": "rrf", "k": 2})
    assert r.status_code == 200 and {c["doc"] for c in r.json()["citations"]} == {doc}
    r = served.client.post("/ask", json={"question": "And what about Russia?",
                                         "history": ["What did Zarif say about the US?"]})
    assert r.json()["searched_for"] == "What did Zarif say about Russia?"
    # /search takes the same filter, repeated (it was ignored: hits from every document)
    r = served.client.get("/search", params={"q": "Zarif", "k": 5, "docs": [doc]})
    assert r.status_code == 200 and {h["doc"] for h in r.json()["results"]} == {doc}
    assert served.client.get("/search", params={"q": "Zarif", "docs": ["nope.txt"]}).status_code == 422


def test_search_docs_documents_health(served):
    res = served.client.get("/search", params={"q": "Astana talks", "k": 4}).json()
    assert res["query"] == "Astana talks" and len(res["results"]) == 4
    assert [h["rank"] for h in res["results"]] == [1, 2, 3, 4]
    for hit in res["results"]:
        text = (SEEDS / hit["doc"]).read_text(encoding="utf-8")
        assert text[hit["start"]:hit["end"]] == hit["text"]
        # issue 28: where the passage is, as citations say it (a plain-text seed: its line, no page)
        assert {"page", "section", "line", "context"} <= set(hit) and hit["page"] is None
        assert hit["line"] == text.count("\n", 0, hit["start"]) + 1
    docs = served.client.get("/docs").json()["documents"]
    assert sorted(d["id"] for d in docs) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert {d["format"] for d in docs} == {"text"}  # what each was read as, as ``qa docs --json`` says
    whole = served.client.get(f"/documents/{docs[2]['id']}").json()
    assert whole["text"] == (SEEDS / docs[2]["id"]).read_text(encoding="utf-8") and whole["chars"] == docs[2]["chars"]
    health = served.client.get("/health").json()
    assert health["status"] == "ok" and health["index"]["documents"] == 5
    assert health["index"]["version"] == served.holder.version and health["index"]["passages"] > 5


def test_openapi_schema(served):
    schema = served.client.get("/openapi.json").json()
    assert {"/ask", "/search", "/docs", "/documents/{doc_id}", "/health"} <= set(schema["paths"])
    ask = schema["paths"]["/ask"]["post"]
    assert "AskRequest" in json.dumps(ask["requestBody"]) and "AskResponse" in json.dumps(ask["responses"]["200"])


def test_head_is_answered_wherever_get_is(served):
    """``HEAD /health`` (a monitor's, ``curl -I``'s) was 405 on every route: FastAPI routes are GET only."""
    doc = served.client.get("/docs").json()["documents"][0]["id"]
    for url in ("/health", "/docs", f"/documents/{doc}?start=0&end=20", "/search?q=Astana+talks&k=2",
                "/openapi.json"):
        got, head = served.client.get(url), served.client.head(url)
        assert head.status_code == got.status_code == 200, url
        assert head.content == b"" and head.headers["content-length"] == got.headers["content-length"], url
        assert head.headers["content-type"] == got.headers["content-type"]
        if url != "/openapi.json":
            assert head.headers[VERSION_HEADER] == got.headers[VERSION_HEADER] == served.holder.version
    assert served.client.head("/ask").status_code == served.client.get("/ask").status_code == 405
    assert served.client.head("/nowhere").status_code == 404


# -- security and errors -----------------------------------------------------------------------------

@pytest.mark.parametrize("target", [
    "/documents/../../etc/passwd",
    "/documents/%2e%2e/%2e%2e/etc/passwd",
    "/documents/..%2f..%2fetc%2fpasswd",
    "/documents/%252e%252e%252fetc%252fpasswd",
    "/documents//etc/passwd",
    "/documents/%2Fetc%2Fpasswd",
    "/documents/..%5c..%5csecret.txt",
    "/documents/C:%5cWindows%5cwin.ini",
    "/documents/000_d17b9e679f9ab68b.txt%00.png",
    "/documents/../secret.txt",
    "/documents/%2e%2e/secret.txt",
])
def test_document_ids_cannot_leave_the_index(served, fake_index_dir, target):
    (fake_index_dir.parent / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    status, body = served.raw_get(target)
    assert status == 404 and body["status"] == 404, body
    assert "TOP SECRET" not in json.dumps(body) and "root:" not in json.dumps(body)


def test_a_document_id_with_a_folder_and_unicode(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "notes").mkdir(parents=True)
    (corpus / "notes" / "café résumé.txt").write_text("The café opens at nine. It closes at five.", encoding="utf-8")
    (corpus / "new\nline #1?.txt").write_text("The otter pond froze in January.", encoding="utf-8")
    build_fake(corpus, tmp_path / "index")
    s = Served(IndexHolder(tmp_path / "index", embedder=FakeEmbedder()))
    try:
        assert [d["id"] for d in s.client.get("/docs").json()["documents"]] == ["new\nline #1?.txt",
                                                                               "notes/café résumé.txt"]
        got = s.client.get("/documents/notes/caf%C3%A9%20r%C3%A9sum%C3%A9.txt", params={"start": 4, "end": 8})
        assert got.json()["text"] == "café"
        # a name holding a newline (was "no such endpoint": the route's pattern stopped at it), "#" and "?"
        got = s.client.get("/documents/new%0Aline%20%231%3F.txt", params={"start": 4, "end": 9})
        assert got.status_code == 200 and got.json()["text"] == "otter"
        status, body = s.raw_get("/documents/notes/../notes/caf%C3%A9%20r%C3%A9sum%C3%A9.txt")
        assert status == 404 and "no document" in body["error"]
    finally:
        s.stop()


def test_bad_requests_are_json_errors_with_the_right_status(served):
    c = served.client
    assert_error(c.post("/ask", content=b"{not json", headers={"content-type": "application/json"}), 400)
    assert_error(c.post("/ask", json={"question": 42}), 422)
    assert_error(c.post("/ask", json={"k": 3}), 422)
    assert_error(c.post("/ask", json={"question": "hi", "k": 0}), 422)
    assert_error(c.post("/ask", json={"question": "hi", "mode": "psychic"}), 422)
    assert_error(c.post("/ask", json={"question": "hi", "surprise": 1}), 422)
    assert "too long" in assert_error(c.post("/ask", json={"question": "why " * 600}), 422)["error"]
    assert "empty" in assert_error(c.post("/ask", json={"question": " \u200b "}), 422)["error"]
    assert "no document" in assert_error(c.post("/ask", json={"question": "hi", "docs": ["nope.txt"]}), 422)["error"]
    assert_error(c.post("/ask", content=b"question=hi", headers={"content-type": "text/plain"}), 415)
    assert "q: Field required" in assert_error(c.get("/search"), 422)["error"]
    assert_error(c.get("/search", params={"q": "x", "k": 1000}), 422)
    assert_error(c.get("/documents/003_d56011ca44265691.txt", params={"start": 10, "end": 5}), 422)
    assert_error(c.get("/documents/003_d56011ca44265691.txt", params={"end": 10 ** 9}), 422)
    assert_error(c.get("/documents/003_d56011ca44265691.txt", params={"start": "x"}), 422)
    assert_error(c.get("/nowhere"), 404)
    assert_error(c.delete("/ask"), 405)
    assert_error(c.get("/health", headers={"host": "attacker.example"}), 400)


def test_request_body_limit_declared_and_streamed(served):
    big = json.dumps({"question": "x" * 100_000}).encode()
    assert_error(served.client.post("/ask", content=big, headers={"content-type": "application/json"}), 413)

    def chunks():  # no Content-Length: the server counts what arrives
        for _ in range(100):
            yield b" " * 1024

    r = served.client.post("/ask", content=chunks(), headers={"content-type": "application/json"})
    assert_error(r, 413)
    assert served.client.get("/health").status_code == 200  # and the server is fine


def test_an_internal_error_is_a_json_500_without_traceback(served, monkeypatch):
    def broken(index):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(service, "documents", broken)
    body = assert_error(served.client.get("/docs"), 500)
    assert "fire" not in body["error"]


@pytest.mark.parametrize("crowded", [False, True])
def test_a_crowded_process_closes_the_connection_it_answered_on(fake_index_dir, crowded):
    """With ``--workers N`` a process holding more than its share of the connections answers with
    "Connection: close" (its client reconnects, to any process: workers.ConnectionBalance)."""

    class Balance:
        def crowded(self):
            return crowded

    s = Served(IndexHolder(fake_index_dir, embedder=FakeEmbedder()), processes=2, balance=Balance())
    try:
        r = s.client.get("/docs")
        assert r.status_code == 200
        assert (r.headers.get("connection") == "close") == crowded
        assert s.client.get("/docs").status_code == 200  # the client simply reconnects
    finally:
        s.stop()


def test_token_is_checked_on_every_request(fake_index_dir):
    s = Served(IndexHolder(fake_index_dir, embedder=FakeEmbedder()), token="s3cret-token")
    try:
        for path in ("/health", "/openapi.json", "/docs", "/nowhere"):
            r = assert_error(s.client.get(path), 401)
            assert "token" in r["error"]
            assert_error(s.client.get(path, headers={"authorization": "Bearer wrong"}), 401)
        r = s.client.get("/health")
        assert r.headers["www-authenticate"].startswith("Bearer")
        ok = {"authorization": "Bearer s3cret-token"}
        assert s.client.get("/health", headers=ok).status_code == 200
        assert s.client.post("/ask", json={"question": "Who is Zarif?"}, headers=ok).status_code == 200
        assert_error(s.client.post("/ask", json={"question": "Who is Zarif?"}), 401)
    finally:
        s.stop()


def test_only_loopback_without_a_token():
    from qa.errors import UsageError

    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        require_token_for(host, None)
    for host in ("0.0.0.0", "192.168.1.10", "::"):
        with pytest.raises(UsageError, match="needs a token"):
            require_token_for(host, None)
        require_token_for(host, "t" * 16)


def test_cli_refuses_a_public_address_without_token(fake_index_dir):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QA_SERVE_TOKEN": ""}
    res = subprocess.run([sys.executable, "-m", "qa", "serve", "--host", "0.0.0.0", "--port", "0",
                          "--index-dir", str(fake_index_dir)], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.strip().startswith("qa: error:") and "needs a token" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr


# -- a new index version -------------------------------------------------------------------------------

def _wait_for_version(client, old: str, rounds: int = 3000) -> str:
    gate = threading.Event()
    for _ in range(rounds):
        version = client.get("/health").json()["index"]["version"]
        if version != old:
            return version
        gate.wait(0.01)
    raise AssertionError("the server never picked up the new index version")


def test_a_rebuilt_index_is_picked_up(fake_copy):
    corpus, index_dir = fake_copy
    s = Served(IndexHolder(index_dir, embedder=FakeEmbedder()))
    try:
        before = s.client.post("/ask", json={"question": NEW_QUESTION}).json()
        assert all(c["doc"] != NEW_DOC for c in before["citations"])
        old = s.holder.version
        (corpus / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
        build_fake(corpus, index_dir)
        new = _wait_for_version(s.client, old)
        r = s.client.post("/ask", json={"question": NEW_QUESTION})
        assert r.headers[VERSION_HEADER] == new and not r.json()["abstained"]
        assert r.json()["citations"][0]["doc"] == NEW_DOC and "1911" in r.json()["answer"]
        assert s.client.get("/health").json()["index"]["documents"] == 6
    finally:
        s.stop()


def test_a_reader_keeps_its_version_while_a_new_one_is_published(fake_copy):
    corpus, index_dir = fake_copy
    holder = IndexHolder(index_dir, embedder=FakeEmbedder())
    old = holder.current()
    (corpus / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
    build_fake(corpus, index_dir)
    # the writer publishes a new version; this reader's is leased, so it stays until the reader is done
    assert old.version.exists() and holder.current() is old
    got = service.ask(old, "What did Zarif say about the US?")
    assert any(ZARIF_QUOTE in c["text"] for c in got["citations"])
    assert service.document(old, "003_d56011ca44265691.txt", 0, 10)["text"] == "Astana Tal"
    holder.wait(60)
    assert holder.current() is not old and len(holder.current().docs) == 6 and holder.reloads == 1


def test_a_broken_new_version_keeps_the_old_one(fake_copy, caplog):
    _corpus, index_dir = fake_copy
    s = Served(IndexHolder(index_dir, embedder=FakeEmbedder()))
    try:
        old = s.holder.version
        broken = index_dir / "v-99999999-broken"
        broken.mkdir()
        (broken / "manifest.json").write_text("{not json", encoding="utf-8")
        (index_dir / "CURRENT").write_text(broken.name + "\n", encoding="utf-8")
        with caplog.at_level("WARNING", logger="qa"):
            s.holder.wait(60)
            r = s.client.post("/ask", json={"question": "What did Zarif say about the US?"})
        assert r.status_code == 200 and r.headers[VERSION_HEADER] == old
        assert s.client.get("/health").json()["index"]["version"] == old
        assert any("keeping index version" in m for m in caplog.messages)
    finally:
        s.stop()


# -- the real server process under load while qa index adds a document -------------------------------

def _start_process(index_dir: Path, corpus: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "qa", "serve", "--port", "0", "--workers", "4",
                             "--index-dir", str(index_dir), "--corpus", str(corpus)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stderr.readline()
    while line.startswith("qa: warning:"):  # e.g. the index copy was built from another folder
        line = proc.stderr.readline()
    m = re.search(r"on (http://127\.0\.0\.1:\d+)", line)
    if not m:
        proc.kill()
        raise AssertionError(f"qa serve did not start: {line}{proc.stderr.read()}")
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep draining its log
    return proc, m.group(1)


@pytest.mark.model
def test_load_while_qa_index_adds_a_document(tmp_path, real_index_dir, seed_copy):
    """300 requests from 16 clients while ``qa index`` adds a document: none fails; the new version cites it.

    Requests 0-199 go out at once (while qa index runs), 200-269 once it has published (while the
    server swaps versions), 270-299 once the server reports the new version."""
    index_dir = tmp_path / "index"
    shutil.copytree(real_index_dir, index_dir)
    proc, url = _start_process(index_dir, seed_copy)
    try:
        old = httpx.get(url + "/health", timeout=60).json()["index"]["version"]
        (seed_copy / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
        indexer = subprocess.Popen([sys.executable, "-m", "qa", "index", "-q", "--corpus", str(seed_copy),
                                    "--index-dir", str(index_dir)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        indexed, swapped = threading.Event(), threading.Event()

        def watch():
            indexer.wait()
            indexed.set()
            with httpx.Client(base_url=url, timeout=120) as c:
                _wait_for_version(c, old)
            swapped.set()

        threading.Thread(target=watch, daemon=True).start()
        budget = iter(range(300))
        lock = threading.Lock()
        results = []  # (request number, question, status, index version, body)
        questions = [NEW_QUESTION, "What did Zarif say about the US?", "Who is Shamkhani?"]

        def client_loop(_):
            with httpx.Client(base_url=url, timeout=120) as c:
                while True:
                    with lock:
                        n = next(budget, None)
                    if n is None:
                        return
                    if n >= 200:
                        (swapped if n >= 270 else indexed).wait(600)
                    question = questions[n % 3]
                    if n % 4 == 3:
                        r = c.get("/search", params={"q": question, "k": 5})
                    else:
                        r = c.post("/ask", json={"question": question, "k": 5})
                    with lock:
                        results.append((n, question, r.status_code, r.headers.get(VERSION_HEADER), r.json()))

        with ThreadPoolExecutor(16) as pool:
            list(pool.map(client_loop, range(16)))
        assert indexer.wait(600) == 0, indexer.stderr.read()
        assert swapped.is_set() and len(results) == 300
        assert [(n, status, body) for n, _q, status, _v, body in results if status != 200] == []
        new = (index_dir / "CURRENT").read_text().strip()
        assert new != old and {v for *_x, v, _b in results} <= {old, new}
        assert all(v == new for n, _q, _s, v, _b in results if n >= 270)
        for n, question, _s, version, body in results:
            cited = [c["doc"] for c in body.get("citations", ())] or [h["doc"] for h in body.get("results", ())]
            if version == old:
                assert NEW_DOC not in cited
            elif question == NEW_QUESTION:  # every answer after the swap cites the new document first
                assert cited[0] == NEW_DOC
                assert "1911" in (body.get("answer") or body["results"][0]["text"])
    finally:
        proc.terminate()
        proc.wait(30)
