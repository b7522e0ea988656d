"""Workers that share the corpus path read big JSON-lines files in byte ranges: together the pieces
give exactly what ``read_jsonl`` gives for the whole file (documents, sources, bad-line count)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("distributed")

ROW = st.one_of(
    st.builds(lambda i, t, x: json.dumps({"_id": i, "title": t, "text": x}),
              st.text(min_size=1, max_size=8), st.text(max_size=10), st.text(max_size=60)),
    st.builds(lambda i, x: json.dumps({"id": i, "text": x}, ensure_ascii=False), st.integers(0, 99), st.text(max_size=30)),
    st.sampled_from(["", "   ", "not json", "[1, 2]", '{"_id": "x"}', '{"text": 5, "_id": "y"}',
                     '{"question": "what?"}', '{"_id": "z", "title": "", "text": "  "}']),
)


def read_in_pieces(path: Path, size: int):
    from qa.index.cluster import file_pieces
    from qa.index.cluster.tasks import read_lines

    docs, stops, bad, skips = [], [], 0, []
    pieces = file_pieces(path, path.name, size=size)
    for kind, p, shown, rel, *rest in pieces:
        assert kind == "lines" and p == str(path.absolute())
        found, question_at, bad_lines = read_lines(p, rel, *rest, skips)
        docs += found
        bad += bad_lines
        if question_at is not None:
            stops.append(question_at)
    stop = min(stops) if stops else None
    kept = [d for d, line in docs if stop is None or line < stop]
    n_bad = 0 if stop is not None else bad
    return kept, n_bad, len(pieces)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=40), size=st.integers(1, 300))
def test_pieces_read_like_the_whole_file(tmp_path, rows, size):
    from qa.corpus.jsonl import bad_lines, read_jsonl
    from qa.corpus.skips import BAD_LINES

    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(rows) + ("\n" if rows and size % 2 else ""), encoding="utf-8")
    if path.stat().st_size <= size:
        return  # small files are one "file" task, read by read_file itself
    skips: list = []
    whole = list(read_jsonl(path, path.name, skips.append))
    kept, n_bad, n_pieces = read_in_pieces(path, size)
    assert n_pieces >= 1
    assert [(d.id, d.title, d.text, d.source) for d in kept] == [(d.id, d.title, d.text, d.source) for d in whole]
    # the bad-line report a local read gives, and the one the client makes from the pieces' counts
    assert [s for s in skips if s.kind == BAD_LINES] == ([bad_lines(path.name, n_bad)] if n_bad else [])
