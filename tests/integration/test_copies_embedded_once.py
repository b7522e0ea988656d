"""Word-for-word copies of a passage are embedded once, and get the very vectors of the first."""

from __future__ import annotations

import numpy as np

from qa.index.passages import distinct_passages, encode
from tests.conftest import build_fake, open_fake

LICENCE = ("Permission is granted to copy and share this quillwork manual. The quillwork authors give no "
           "warranty of any kind. Redistribution must keep this notice.\n")
OTHER = "The quillwork engine rotates its sprockets twice an hour. Each sprocket has nine teeth.\n"


class LateStub:
    """An embedder with ``embed_with_sentences`` that records every passage it runs."""

    dim = 8

    def __init__(self):
        self.seen: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        v = np.frombuffer(text.encode().ljust(self.dim * 4, b"x")[: self.dim * 4], dtype=np.uint8)[: self.dim]
        v = v.astype(np.float32) + len(text)
        return v / np.linalg.norm(v)

    def embed_with_sentences(self, texts, spans, progress=None):
        self.seen.extend(texts)
        rows = [self._vec(t[a:b] + t) for t, ss in zip(texts, spans) for a, b in ss]
        return np.stack([self._vec(t) for t in texts]), np.stack(rows) if rows else np.zeros((0, self.dim), np.float32)


def test_copies_are_run_once_and_get_the_first_ones_rows():
    texts = ["alpha one. two.", "beta.", "alpha one. two.", "alpha one. two.", "beta."]
    spans = [[(0, 10), (11, 15)], [(0, 5)], [(0, 10), (11, 15)], [(0, 15)], [(0, 5)]]
    firsts, where = distinct_passages(texts, spans)
    assert firsts == [0, 1, 3]  # passage 3: the same text split otherwise is not a copy
    assert where.tolist() == [0, 1, 0, 2, 1]
    stub = LateStub()
    vecs, rows = encode(stub, texts, spans, lambda *a: None)
    assert stub.seen == ["alpha one. two.", "beta.", "alpha one. two."]
    each = [LateStub().embed_with_sentences([t], [s]) for t, s in zip(texts, spans)]
    assert vecs.dtype == rows.dtype == np.float16  # stored as they come (what the index keeps)
    assert np.array_equal(vecs, np.concatenate([p for p, _ in each]).astype(np.float16))
    assert np.array_equal(rows, np.concatenate([r for _, r in each]).astype(np.float16))


def test_a_copied_file_costs_no_embedding(tmp_path):
    alone, copied = tmp_path / "alone", tmp_path / "copied"
    for corpus in (alone, copied):
        corpus.mkdir()
        (corpus / "a.txt").write_text(LICENCE)
        (corpus / "c.txt").write_text(OTHER)
    (copied / "b.txt").write_text(LICENCE)
    report_alone, emb_alone = build_fake(alone, tmp_path / "i1")
    report, emb = build_fake(copied, tmp_path / "i2")
    assert report.copies == report.chunks - report_alone.chunks > 0
    assert report_alone.copies == 0
    # the copy's passages are not run again (this fake embeds sentences apart, one per distinct span)
    assert emb.texts_embedded - report.sentences_embedded == emb_alone.texts_embedded - report_alone.sentences_embedded
    idx = open_fake(tmp_path / "i2")
    rows = {}
    for c in range(idx.n_chunks):
        rows.setdefault(idx.docs.meta[idx.doc_idx(c)].id, []).append(c)
    assert len(rows["a.txt"]) == len(rows["b.txt"])
    for ca, cb in zip(rows["a.txt"], rows["b.txt"]):
        assert np.array_equal(np.asarray(idx.vectors[ca]), np.asarray(idx.vectors[cb]))
        sa, sb = idx.chunk_rows[ca, 3:5], idx.chunk_rows[cb, 3:5]
        assert np.array_equal(np.asarray(idx.sentence_vectors[sa[0]:sa[1]]), np.asarray(idx.sentence_vectors[sb[0]:sb[1]]))


def test_the_summary_says_copies_were_embedded_once(tmp_path):
    from qa.cli.progress import summary

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(LICENCE)
    (corpus / "b.txt").write_text(LICENCE)
    report, _ = build_fake(corpus, tmp_path / "i")
    assert "embedded once" in summary(report)
