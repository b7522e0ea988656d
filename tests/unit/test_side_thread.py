"""The side thread BM25 runs on while the dense search walks its graph (qa/search/overlap.py)."""

from __future__ import annotations

import gc
import threading

import pytest

from qa.search.overlap import SideThread, SpareCore, idle_and_total


ALWAYS = lambda: True  # noqa: E731 - a core always spare: these tests are about the thread, not the machine


def _threads(name: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(name)]


def test_a_job_runs_on_one_persistent_thread_not_the_callers():
    side = SideThread(spare=ALWAYS, name="qa-test-persist")
    seen = [side.submit(threading.get_ident).result() for _ in range(5)]
    assert len(set(seen)) == 1 and seen[0] != threading.get_ident()  # made once, reused
    [thread] = _threads("qa-test-persist")
    assert thread.daemon  # never holds up the end of a process (qa ask's quick exit)
    side.close()


def test_a_busy_side_thread_says_none_so_the_caller_runs_the_job_itself():
    side = SideThread(spare=ALWAYS, name="qa-test-busy")
    gate = threading.Event()
    first = side.submit(gate.wait, 10)
    assert first is not None
    assert side.submit(lambda: 1) is None  # one job at a time: a second caller is not queued behind it
    gate.set()
    assert first.result() is True
    again = None
    for _ in range(1000):  # free again once the first job is done (released by its done callback)
        again = side.submit(lambda: 2)
        if again is not None:
            break
        threading.Event().wait(0.001)
    assert again is not None and again.result() == 2
    side.close()


def test_an_exception_reaches_the_caller_and_frees_the_thread():
    side = SideThread(spare=ALWAYS, name="qa-test-error")

    def boom():
        raise ValueError("bad query")

    with pytest.raises(ValueError, match="bad query"):
        side.submit(boom).result()
    assert side.submit(lambda: 3).result() == 3
    side.close()


def test_the_thread_ends_when_its_owner_is_dropped():
    side = SideThread(spare=ALWAYS, name="qa-test-drop")
    assert side.submit(lambda: 4).result() == 4
    [thread] = _threads("qa-test-drop")
    del side
    gc.collect()
    thread.join(5)
    assert not thread.is_alive()


def test_close_ends_the_thread_and_a_later_job_starts_a_new_one():
    side = SideThread(spare=ALWAYS, name="qa-test-close")
    side.submit(lambda: 5).result()
    [thread] = _threads("qa-test-close")
    side.close()
    thread.join(5)
    assert not thread.is_alive()
    assert side.submit(lambda: 6).result() == 6
    side.close()


def test_a_forked_child_makes_its_own_thread_and_slot(monkeypatch):
    """A child process inherits the object but not its thread (nor a slot freed by it): the process
    id tells them apart."""
    import os

    side = SideThread(spare=ALWAYS, name="qa-test-fork")
    gate = threading.Event()
    held = side.submit(gate.wait, 10)  # a job in flight when the "fork" happens
    monkeypatch.setattr(os, "getpid", lambda: -1)
    assert side.submit(lambda: 8).result(5) == 8  # a new thread, a free slot
    assert len(_threads("qa-test-fork")) == 2
    gate.set()
    held.result(5)
    monkeypatch.undo()
    side.close()


def test_racing_first_callers_start_one_thread():
    side = SideThread(spare=ALWAYS, name="qa-test-race")
    barrier, gate = threading.Barrier(4), threading.Event()
    got = []

    def call():
        barrier.wait()
        got.append(side.submit(gate.wait, 10))  # held until every caller has tried

    callers = [threading.Thread(target=call) for _ in range(4)]
    for t in callers:
        t.start()
    for t in callers:
        t.join()
    gate.set()
    assert len(_threads("qa-test-race")) == 1
    assert [f.result(5) for f in got if f is not None] == [True]  # one job at a time: the others run their own
    side.close()


def test_idle_time_is_read_from_proc_stat_lines():
    assert idle_and_total("cpu  100 5 50 800 20 0 3 2 0 0") == (820, 980)  # idle + iowait; guest ticks not twice
    assert idle_and_total("cpu 1 2 3 4") == (4, 10)


def test_no_core_to_spare_means_the_caller_runs_the_job_itself(monkeypatch):
    import qa.search.overlap as overlap

    ticks = iter([(0, 0), (100, 1000), (1100, 2000), (1100, 3000)])  # 10% idle of 2 cores, then 100%, then 0%

    def read():
        idle, total = next(ticks)
        return f"cpu  {total - idle} 0 0 {idle} 0 0 0 0 0 0"

    spare = SpareCore(read, cores=2)
    monkeypatch.setattr(overlap, "INTERVAL", 0.0)  # a reading at every call
    assert spare() is True  # nothing known yet: yes
    assert spare() is False  # 0.2 of 2 cores idle: 0.4 of a core
    assert spare() is True  # two cores idle
    assert spare() is False
    side = SideThread(spare=lambda: False, name="qa-test-spare")
    assert side.submit(lambda: 1) is None and not _threads("qa-test-spare")
    assert SpareCore(lambda: "not a stat line")() is True  # unreadable: as if spare
