"""``qa serve --workers N``: when a process closes a connection so that the connections even out."""

from __future__ import annotations

from qa.serve.workers import ConnectionBalance


def balance(counts: list[int], slot: int, mine: int | None) -> tuple[bool, list[int]]:
    b = ConnectionBalance(counts, slot, (lambda: mine) if mine is not None else None)
    return b.crowded(), counts


def test_a_process_with_more_than_the_least_loaded_plus_one_closes():
    assert balance([0, 0], 0, 3) == (True, [3, 0])
    assert balance([0, 7], 1, 9) == (True, [0, 9])
    assert balance([0, 5, 2, 6], 0, 4) == (True, [4, 5, 2, 6])  # the least loaded of the others counts


def test_even_or_nearly_even_keeps_the_connection():
    assert balance([0, 7], 0, 8) == (False, [8, 7])
    assert balance([0, 8], 0, 8) == (False, [8, 8])
    assert balance([0, 9], 0, 2) == (False, [2, 9])


def test_one_process_or_a_server_not_yet_running_never_closes():
    assert balance([0], 0, 50) == (False, [50])
    assert balance([4, 0], 0, None) == (False, [4, 0])
