"""Session 20: defects a new user's afternoon with qa found (h108), each made up small."""

from __future__ import annotations

import pytest

from qa.errors import QuestionError


@pytest.mark.parametrize("earlier, said", [("", "history.1: an earlier question is empty"),
                                           ("?", "history.1: an earlier question has no words in it")])
def test_a_bad_earlier_question_is_named_as_such_not_as_the_question(earlier, said):
    """POST /ask {"question": "And what about gzip?", "history": ["What is bzip2?", ""]} answered
    422 "the question is empty": the question was fine, an earlier one was not."""
    from qa.serve.service import ask

    with pytest.raises(QuestionError) as caught:
        ask(None, "And what about gzip?", history=["What is bzip2?", earlier])  # fails before the index is read
    assert caught.value.message == said
    assert "earlier questions" in caught.value.hint


def test_an_address_qa_cannot_listen_on_is_not_blamed_on_the_port():
    """``qa serve --host 999.1.1.1`` (a typo) or an address of another machine said "pick another
    --port, or stop what uses it": the port was fine. A taken port still says so."""
    import socket

    from qa.errors import UsageError
    from qa.serve.app import bind

    for host in ("999.1.1.1", "192.0.2.1"):  # no such address; TEST-NET-1, never this machine's
        with pytest.raises(UsageError) as caught:
            bind(host, 0)
        assert "--port" not in caught.value.hint and "--host" in caught.value.hint
    taken = bind("127.0.0.1", 0)
    try:
        with pytest.raises(UsageError) as caught:
            bind("127.0.0.1", taken.getsockname()[1])
        assert "--port" in caught.value.hint
    finally:
        taken.close()


def test_a_watch_says_when_its_update_was_a_full_build():
    """``qa watch`` on an index of another passage size (or model) rebuilt all of it and said only
    "start: index updated in 17.4 s: 51 added, 0 changed, 0 removed": as if 51 files were new."""
    from qa.index.build_spec import BuildReport
    from qa.index.watch import Update, describe_update

    full = BuildReport("idx", 51, 171, 51, 0, 0, 0, 171, 17.4, full_reason="chunking changed")
    line = describe_update(Update(0, (), report=full))
    assert line.startswith("start: index updated in 17.4 s: 51 added") and line.endswith("; full build: chunking changed)")
    step = BuildReport("idx", 51, 172, 1, 0, 0, 50, 1, 0.5)
    assert "full build" not in describe_update(Update(1, ("a.md",), report=step))


def test_a_watch_says_when_its_update_counted_bm25_again():
    """After an upgrade to a qa with a new tokenizer, a watch's first update counts every passage
    again (nothing embedded) and says so, rather than "0 added, 0 changed" with no reason."""
    from qa.index.build_spec import BuildReport
    from qa.index.watch import Update, describe_update

    recount = BuildReport("idx", 51, 171, 0, 0, 0, 51, 0, 2.1, recounted=51)
    line = describe_update(Update(0, (), report=recount))
    assert line.endswith("0 passages embedded; BM25 counted again for a new tokenizer)")
    assert "full build" not in line
