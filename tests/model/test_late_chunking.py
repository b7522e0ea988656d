"""Late-chunked sentence vectors and batch-independent int8 passages, with the real bundled model.

A build encodes each passage once; each sentence row's vector is the mean of that run's token states
over the sentence's characters (special tokens left out), normalised.  int8 passages run one per
session run, so a document's vectors are the same whatever else is built with it.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from ..conftest import SEEDS

pytestmark = pytest.mark.model


def _session(onnx_dir, model_file):
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(onnx_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=256)
    return tok, ort.InferenceSession(str(onnx_dir / model_file), providers=["CPUExecutionProvider"])


def _states(tok, sess, text: str):
    """(token states, offsets, special mask) of ``text`` in one run, straight from onnxruntime."""
    enc = tok.encode(text)
    ids = np.asarray([enc.ids], dtype=np.int64)
    hidden = sess.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids),
                             "token_type_ids": np.zeros_like(ids)})[0][0]
    return hidden, np.asarray(enc.offsets), np.asarray(enc.special_tokens_mask, dtype=bool)


def _unit(v):
    return v / np.linalg.norm(v)


def test_sentence_vectors_are_their_tokens_mean_in_the_passage_run(real_index):
    """Every stored sentence row of the seed index: the normalised mean of its passage's token states
    inside the sentence span (offsets relative to doc_text[start:end]); the passage row: all tokens'."""
    idx = real_index
    assert idx.manifest["model"]["passages"] == "int8"
    tok, sess = _session(idx.version / "onnx", "model.int8.onnx")
    stored = np.asarray(idx.sentence_vectors, dtype=np.float32)
    alone_cos = []
    for c in range(idx.n_chunks):
        doc, cs, ce, s0, s1 = (int(x) for x in idx.chunk_rows[c])
        text = idx.doc_text(doc)[cs:ce]
        hidden, offs, special = _states(tok, sess, text)
        np.testing.assert_allclose(np.asarray(idx.vectors[c], dtype=np.float32), _unit(hidden.mean(axis=0)),
                                   atol=2e-3)
        for r in range(s0, s1):
            a, b = (int(x) - cs for x in idx.sentence_rows[r])
            assert 0 <= a < b <= len(text)
            sel = ~special & (offs[:, 0] >= a) & (offs[:, 1] <= b) & (offs[:, 1] > offs[:, 0])
            assert sel.any()
            np.testing.assert_allclose(stored[r], _unit(hidden[sel].mean(axis=0)), atol=2e-3)
        if c % 10 == 0:  # not the sentence encoded on its own: really pooled from the passage
            sents = [" ".join(text[int(a) - cs:int(b) - cs].split()) for a, b in idx.sentence_rows[s0:s1]]
            alone = idx.query_embedder().embed(sents)
            alone_cos += list((alone * stored[s0:s1]).sum(axis=1))
    assert alone_cos and min(alone_cos) < 0.97


def test_sentences_past_the_truncation_are_encoded_alone(real_index):
    from qa.embedding import OnnxEmbedder

    emb = OnnxEmbedder(real_index.version / "onnx", "m", quantized=True)
    sentences = [f"Sentence {i} tells of river floods, levees and the rain of that spring." for i in range(40)]
    text = " ".join(sentences)  # ~600 tokens: the run keeps the first 256
    spans, at = [], 0
    for s in sentences:
        spans.append((at, at + len(s)))
        at += len(s) + 1
    passages, rows = emb.embed_with_sentences([text, sentences[0]], [spans, [(0, len(sentences[0]))]])
    assert rows.shape == (len(sentences) + 1, emb.dim) and passages.shape == (2, emb.dim)
    np.testing.assert_array_equal(passages, emb.embed([text, sentences[0]]))
    tok, sess = _session(real_index.version / "onnx", "model.int8.onnx")
    hidden, offs, special = _states(tok, sess, text)
    seen = int(offs[~special, 1].max())
    cut = [i for i, (a, b) in enumerate(spans) if b > seen]
    assert 0 < cut[0] < len(sentences) - 10  # sentences before the cut pooled, the rest alone
    alone = emb.embed(sentences)
    for i, (a, b) in enumerate(spans):
        if i in cut:
            np.testing.assert_array_equal(rows[i], alone[i])
        else:
            sel = ~special & (offs[:, 0] >= a) & (offs[:, 1] <= b)
            np.testing.assert_allclose(rows[i], _unit(hidden[sel].mean(axis=0)), atol=1e-5)
            assert float(rows[i] @ alone[i]) < 0.9999
    # a passage holding one sentence: the sentence's tokens are the passage's minus [CLS]/[SEP]
    assert float(rows[-1] @ passages[1]) > 0.95


def _files(index_dir):
    from qa.index.versions import current_version

    version = current_version(index_dir)
    return {p.relative_to(version).as_posix(): p.read_bytes()
            for p in sorted(version.rglob("*")) if p.is_file() and p.name != "manifest.json"}


def _doc_vectors(index_dir, doc_id: str):
    from qa.index.loaded import load_index

    idx = load_index(index_dir)
    d = [m.id for m in idx.docs.meta].index(doc_id)
    rows = idx.doc_chunks(d)
    s0, s1 = int(idx.chunk_rows[rows.start, 3]), int(idx.chunk_rows[rows.stop - 1, 4])
    out = (np.array(idx.vectors[rows.start:rows.stop]), np.array(idx.sentence_vectors[s0:s1]))
    idx.release()
    return out


def test_int8_vectors_do_not_depend_on_the_rest_of_the_build(seed_copy, tmp_path):
    """A document's int8 passage and sentence vectors are the same built alone, with the others, or
    added by an incremental build: the incremental index is byte-identical to a full one."""
    from qa.index.build import build_index

    full = build_index(seed_copy, tmp_path / "full")
    assert full.chunks > 50
    names = sorted(p.name for p in seed_copy.glob("*.txt"))
    moved = tmp_path / "aside"
    moved.mkdir()
    for name in names[:2]:
        shutil.move(str(seed_copy / name), moved / name)
    build_index(seed_copy, tmp_path / "inc")
    for name in names[:2]:
        shutil.move(str(moved / name), seed_copy / name)
    inc = build_index(seed_copy, tmp_path / "inc")
    assert (inc.added, inc.unchanged) == (2, len(names) - 2)
    assert _files(tmp_path / "inc") == _files(tmp_path / "full")

    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(SEEDS / names[0], alone / names[0])
    build_index(alone, tmp_path / "alone-idx")
    for got, want in zip(_doc_vectors(tmp_path / "alone-idx", names[0]), _doc_vectors(tmp_path / "full", names[0])):
        assert got.shape == want.shape and got.tobytes() == want.tobytes()
