"""A hostile message in a mailbox is read in the reader process, under the per-file budgets: it
is skipped with its reason and the other messages (and files) are read."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest


def _message(subject: str, body: str = "", html: str = "") -> bytes:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = "ana@example.org"
    if html:
        msg.set_content(html, subtype="html", cte="8bit")
    else:
        msg.set_content(body)
    return b"From ana@example.org Tue Mar  3 09:15:00 2026\n" + bytes(msg) + b"\n"


SLOW = "<html><body>" + "<p>word <b>bold</b> <i>it</i></p>" * 130_000 + "</body></html>"  # seconds and ~1 GB


def _read(corpus: Path, **budget):
    from qa.corpus.budget import Budget
    from qa.corpus.readers import load_corpus

    skips = []
    docs = {d.id: d for d in load_corpus(corpus, skips.append, budget=Budget(**budget))}
    return docs, skips


@pytest.mark.parametrize("budget", [{"seconds": 0.5}, {"memory": 200 << 20}])
def test_a_message_over_its_budget_is_skipped_alone(tmp_path, budget):
    (tmp_path / "inbox.mbox").write_bytes(_message("Boiler", "The boiler was serviced in May.\n")
                                          + _message("Slow", html=SLOW)
                                          + _message("Keys", "Keys are with the neighbour.\n"))
    (tmp_path / "after.md").write_text("# After\n\nRead after the mailbox.\n", encoding="utf-8")
    docs, skips = _read(tmp_path, **budget)
    assert sorted(docs) == ["after.md", "inbox.mbox#1", "inbox.mbox#3"]
    assert [(s.path, s.kind) for s in skips] == [("inbox.mbox#2", "over budget")]
    assert "(the limit for one file)" in skips[0].reason


def test_a_mailbox_of_hostile_messages_costs_a_few_budgets_not_one_each(tmp_path):
    from qa.corpus.mbox import MAX_OVER_BUDGET

    (tmp_path / "bad.mbox").write_bytes(b"".join(_message(f"Slow {n}", html=SLOW) for n in range(MAX_OVER_BUDGET + 2))
                                        + _message("Late", "Never reached.\n"))
    (tmp_path / "after.txt").write_text("A plain file read after the mailbox.\n", encoding="utf-8")
    docs, skips = _read(tmp_path, seconds=0.5)
    assert sorted(docs) == ["after.txt"]
    assert [s.path for s in skips] == [f"bad.mbox#{n}" for n in range(1, MAX_OVER_BUDGET + 1)] + ["bad.mbox"]
    assert {s.kind for s in skips} == {"over budget"}
    assert f"the rest of the mailbox (from message {MAX_OVER_BUDGET + 1}) is skipped" in skips[-1].reason


def test_a_reader_that_crashes_on_a_message_costs_that_message_only(tmp_path, monkeypatch):
    import os
    import signal

    import qa.corpus.isolate as isolate

    original = isolate.ReaderProcess.read

    def read(self, fd, suffix, rel, size, budget, offset=None):
        if rel.endswith("#2"):  # the reader dies mid-message, as in a parser's segfault
            real = self._exactly

            def crash(n, deadline):
                os.kill(self.proc.pid, signal.SIGSEGV)  # ours: this build's reader process
                self.proc.wait()
                return real(n, deadline)

            self._exactly = crash
        return original(self, fd, suffix, rel, size, budget, offset)

    monkeypatch.setattr(isolate.ReaderProcess, "read", read)
    (tmp_path / "inbox.mbox").write_bytes(b"".join(_message(s, f"The {s.lower()} note is fine.\n")
                                                   for s in ("Boiler", "Crash", "Keys")))
    docs, skips = _read(tmp_path)
    assert sorted(docs) == ["inbox.mbox#1", "inbox.mbox#3"]
    assert [(s.path, s.kind, s.reason) for s in skips] == [
        ("inbox.mbox#2", "damaged", "the reader crashed (SIGSEGV): a damaged or hostile file")]
