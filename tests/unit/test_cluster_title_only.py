"""A cluster worker's batch with documents sent under a new title (``tasks.process``): those whose
passages are their old ones are counted, not embedded; the others' vectors are the ones they get
alone, with or without late-chunked sentence vectors."""

from __future__ import annotations

import numpy as np
import pytest

from qa.corpus import ChunkingConfig, Document
from tests.conftest import FakeEmbedder
from tests.integration.test_copies_embedded_once import LateStub

pytest.importorskip("distributed")

TEXTS = {
    "a.txt": "The east greenhouse holds tomatoes. They are watered every morning.\n\nThe vents open at dawn.\n",
    "b.txt": "Peppers ripened a week early in August. The gardener noted it in the log.\n",
    "c.txt": "Basil grows by the door. It needs little water. Slugs like it too.\n",
}


def _docs():
    return [Document(i, f"{i} title", t, "") for i, t in TEXTS.items()]


def _was(doc):
    from qa.index.prepare import prepare_document

    spans, sents, _, _ = prepare_document(doc, ChunkingConfig())
    return np.asarray(spans, np.int64).reshape(-1, 4), np.asarray(sents, np.int64).reshape(-1, 2)


@pytest.mark.parametrize("embedder", [FakeEmbedder(), LateStub()], ids=["apart", "late"])
def test_documents_with_their_old_passages_are_not_embedded(embedder):
    from qa.index.cluster.tasks import process

    docs = _docs()
    a_was = _was(docs[0])
    c_spans, c_sents = _was(docs[2])
    c_was = (c_spans[:, [0, 1, 2, 3]] + [0, 1, 0, 0], c_sents)  # other passages than now: embedded
    batch = process(docs, ChunkingConfig(), embedder, [a_was, None, c_was])
    assert batch.kept.tolist() == [True, False, False]
    alone = process(docs[1:], ChunkingConfig(), embedder)  # what b and c get without a
    assert batch.passages == len(batch.vectors) == alone.passages == len(alone.spans)
    assert np.array_equal(batch.vectors, alone.vectors)
    n_a = int(batch.doc_sents[0])
    assert n_a > 0 and (batch.sent_which[:n_a] == -1).all()  # a's sentence vectors are its old ones
    assert np.array_equal(batch.sent_vectors[batch.sent_which[n_a:]], alone.sent_vectors[alone.sent_which])
    # a is still chunked and counted (its term counts read the new title)
    full = process(docs, ChunkingConfig(), embedder)
    assert np.array_equal(batch.spans, full.spans) and np.array_equal(batch.sents, full.sents)
    assert batch.vocab == full.vocab and np.array_equal(batch.term_ids, full.term_ids)
    assert np.array_equal(batch.vectors, full.vectors[int(full.doc_chunks[0]):])
