"""``incremental.passages_digest``: the cluster's workers that read the files compare it instead of
the old rows (``same_passages``) in a recount, so it must name the same passages whatever their form."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from qa.index.incremental import passages_digest, same_passages

SPAN = st.tuples(*[st.integers(0, 10_000)] * 4)
SENT = st.tuples(st.integers(0, 10_000), st.integers(0, 10_000))


@given(st.lists(SPAN, max_size=8), st.lists(SENT, max_size=12), st.lists(SPAN, max_size=8),
       st.lists(SENT, max_size=12))
def test_digest_agrees_with_same_passages(spans, sents, other_spans, other_sents):
    was = (np.asarray(spans, np.int64).reshape(-1, 4), np.asarray(sents, np.int64).reshape(-1, 2))
    # the old rows (arrays, as ``old_passages`` gives them) and a worker's lists of tuples
    assert passages_digest(*was) == passages_digest(spans, sents)
    same = same_passages(was, other_spans, other_sents)
    assert (passages_digest(other_spans, other_sents) == passages_digest(*was)) == same


def test_the_same_numbers_split_otherwise_are_another_digest():
    spans, sents = [(0, 10, 0, 1)], [(0, 10), (10, 20), (20, 30)]
    # the same int64s in a row: one passage more, two sentences fewer
    assert passages_digest(spans, sents) != passages_digest(spans + [(0, 10, 10, 20)], sents[2:])
    assert passages_digest(spans, sents) != passages_digest([(0, 11, 0, 1)], sents)
