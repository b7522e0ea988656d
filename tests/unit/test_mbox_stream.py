"""Mailboxes are split by our own streaming scan (``mbox.message_spans``): the messages the stdlib
``mailbox.mbox`` finds, in bounded memory whatever the file holds."""

from __future__ import annotations

import mailbox
import os
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.corpus.mbox import message_spans, read_mbox


def _spans(path, block):
    fd = os.open(path, os.O_RDONLY)
    try:
        return list(message_spans(fd, block))
    finally:
        os.close(fd)


_PIECE = st.sampled_from([b"From ", b"\n", b"From a@b Sat Jan  1 00:00:00 2000\n", b">From x\n", b"x", b"Fro",
                          b"m ", b" ", b"\n\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECE, max_size=40), st.sampled_from([1, 2, 5, 6, 7, 64]))
def test_spans_are_the_messages_mailbox_finds_at_any_block_size(tmp_path_factory, pieces, block):
    path = tmp_path_factory.mktemp("m") / "x.mbox"
    raw = b"".join(pieces)
    path.write_bytes(raw)
    spans = _spans(path, block)
    box = mailbox.mbox(str(path), create=False)
    try:
        expected = [box.get_bytes(key, from_=True) for key in box.keys()]
    finally:
        box.close()
    assert len(spans) == len(expected)
    for (start, end, line), want in zip(spans, expected):
        assert raw[start:end].startswith(want) and raw[start:end].startswith(b"From ")
        assert line == raw.count(b"\n", 0, start) + 1
    assert [s[1] for s in spans[:-1]] == [s[0] for s in spans[1:]]  # contiguous, nothing lost


def test_a_huge_one_line_message_costs_one_block_of_memory(tmp_path, monkeypatch):
    from qa.corpus import mbox
    from qa.corpus.budget import Budget

    path = tmp_path / "big.mbox"
    with open(path, "wb") as fh:
        fh.write(b"From a@b Sat Jan  1 00:00:00 2000\nSubject: Small\n\nThe small one is read.\n\n")
        fh.write(b"From a@b Sat Jan  1 00:00:00 2000\nSubject: Huge\n\n")
        for _ in range(48):
            fh.write(b"y" * (1 << 20))  # 48 MiB on one line
        fh.write(b"\n\nFrom a@b Sat Jan  1 00:00:00 2000\nSubject: After\n\nThe last one is read too.\n")
    monkeypatch.setattr(mbox, "MAX_MESSAGE_BYTES", 4 << 20)
    skipped = []
    fd = os.open(path, os.O_RDONLY)
    tracemalloc.start()
    try:
        docs = list(read_mbox(fd, path, "big.mbox", skipped.append, Budget(), isolated=False))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        os.close(fd)
    assert [d.id for d in docs] == ["big.mbox#1", "big.mbox#3"]
    assert [(s.path, s.kind) for s in skipped] == [("big.mbox#2", "too large")]
    assert peak < 8 << 20, peak  # the stdlib mailbox reads the 48 MiB line whole


def test_a_file_with_no_message_is_empty(tmp_path):
    from qa.corpus.readers import load_corpus

    (tmp_path / "none.mbox").write_bytes(b"not a mailbox at all\n")
    skipped = []
    assert list(load_corpus(tmp_path, skipped.append)) == []
    assert [(s.path, s.kind) for s in skipped] == [("none.mbox", "empty")]


def test_a_mailbox_of_unreadable_messages_gives_a_bounded_skip_report(tmp_path, monkeypatch):
    from qa.corpus import mbox
    from qa.corpus.readers import load_corpus

    monkeypatch.setattr(mbox, "MAX_SKIPPED", 5)
    (tmp_path / "junk.mbox").write_bytes(b"From x\n\n" * 50 + b"From x\nSubject: Late\n\nNever reached.\n")
    (tmp_path / "after.txt").write_text("A plain file read after the mailbox.\n", encoding="utf-8")
    skipped = []
    docs = [d.id for d in load_corpus(tmp_path, skipped.append)]
    assert docs == ["after.txt"]
    assert [s.path for s in skipped] == [f"junk.mbox#{n}" for n in range(1, 6)] + ["junk.mbox"]
    assert skipped[-1].reason == "5 messages could not be read: the rest of the mailbox (from message 6) is skipped"
