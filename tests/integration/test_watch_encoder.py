"""``qa watch`` loads the passage encoder once per session and reuses it for every rebuild."""

from __future__ import annotations

import threading

from ..conftest import FakeEmbedder


def test_the_encoder_is_loaded_once_over_several_rebuilds(seed_copy, tmp_path, monkeypatch):
    from qa.cli.watch_cmd import build_for_watch
    from qa.index import passages, watch_index

    loaded = []

    def factory(*args, **kwargs):
        loaded.append(args)
        return FakeEmbedder(), None

    monkeypatch.setattr(passages, "passage_encoder", factory)
    monkeypatch.setattr(passages, "keep_query_encoder", lambda *a: False)
    index_dir = tmp_path / "idx"
    build = build_for_watch(seed_copy, index_dir)

    built = threading.Semaphore(0)
    updates = []

    def on_update(update):
        updates.append(update)
        built.release()

    def batches():  # each batch: a change made once the last build is over, then reported
        for n in range(3):
            assert built.acquire(timeout=120)
            path = seed_copy / f"new{n}.txt"
            path.write_text(f"Note {n}. The courier number {n} arrives at dawn with the parcel.\n", encoding="utf-8")
            yield {(1, str(path))}

    watch_index(seed_copy, index_dir, on_update, build=build, batches=batches(), settle_ms=10)
    assert [u.error for u in updates] == [None] * len(updates)
    assert [u.report.embedded > 0 for u in updates] == [True] * 4  # every build embedded something
    assert updates[-1].report.documents == 8
    assert len(loaded) == 1


def test_each_watch_session_has_its_own_encoder(seed_copy, tmp_path, monkeypatch):
    from qa.index.watch import EncoderCache
    from qa.index import passages

    monkeypatch.setattr(passages, "passage_encoder", lambda *a, **k: (FakeEmbedder(), None))
    one, two = EncoderCache(), EncoderCache()
    first = one("m", None, True, "int8")[0]
    assert one("m", None, True, "int8")[0] is first and one.loads == 1
    assert one("m", None, True, "fp32")[0] is not first and one.loads == 2  # another precision, another encoder
    assert two("m", None, True, "int8")[0] is not first
