"""The chat's tests: one way to start the app under the pilot, and a private state directory."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

import pytest

from ..conftest import SEEDS, open_fake, settle


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    """The question history goes to this test's own folder, never the user's state directory."""
    d = tmp_path / "user-state"
    monkeypatch.setenv("QA_STATE_DIR", str(d))
    return d


def make_app(index_dir, **kw):
    from qa.tui.app import QAApp

    return QAApp(index_dir=index_dir, **kw)


@asynccontextmanager
async def started(app, size=(80, 24), *, wait: bool = True, **kw):
    """``app`` running under the pilot at ``size``; settled (index loaded, nothing queued) unless
    ``wait`` is False.  Yields the pilot."""
    async with app.run_test(size=size, **kw) as pilot:
        if wait:
            await settle(app, pilot)
        yield pilot


@pytest.fixture
def chat():
    """``chat(app, size)``: the async context manager ``started``."""
    return started


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def fake_chat(fake_index_dir):
    """A factory of apps on the fake-embedder index of the seeds (``answerer`` etc. as keywords)."""

    def factory(**kw):
        kw.setdefault("corpus", SEEDS)
        kw.setdefault("index", open_fake(fake_index_dir))
        return make_app(fake_index_dir, **kw)

    return factory
