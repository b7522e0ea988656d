"""The fp32 model's weights moved into a file apart (``external_weights``): same outputs, links kept."""

from __future__ import annotations

import os

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from qa.embedding import WEIGHTS_NAME, has_external_weights, weights_apart  # noqa: E402
from qa.embedding.onnx_weights import external_weights  # noqa: E402


def _model(path, seed=0):
    """A two-layer graph with weights big enough to go out (and a tiny one that stays inside)."""
    rng = np.random.default_rng(seed)
    w1 = numpy_helper.from_array(rng.standard_normal((16, 64)).astype(np.float32), "w1")
    w2 = numpy_helper.from_array(rng.standard_normal((64, 8)).astype(np.float32), "w2")
    bias = numpy_helper.from_array(np.float32([0.5]), "bias")
    nodes = [helper.make_node("MatMul", ["x", "w1"], ["h"]), helper.make_node("Relu", ["h"], ["r"]),
             helper.make_node("MatMul", ["r", "w2"], ["m"]), helper.make_node("Add", ["m", "bias"], ["y"])]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 16])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 8])], [w1, w2, bias])
    onnx.save_model(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def _run(path, x):
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]


def test_weights_apart_same_outputs_and_a_small_graph_file(tmp_path):
    _model(tmp_path / "model.onnx")
    x = np.random.default_rng(1).standard_normal((3, 16)).astype(np.float32)
    want, size = _run(tmp_path / "model.onnx", x), (tmp_path / "model.onnx").stat().st_size
    assert not has_external_weights(tmp_path)
    assert external_weights(tmp_path) is True
    assert has_external_weights(tmp_path)
    assert (tmp_path / WEIGHTS_NAME).stat().st_size >= 4 * (16 * 64 + 64 * 8)
    assert (tmp_path / "model.onnx").stat().st_size < size // 4
    assert np.array_equal(_run(tmp_path / "model.onnx", x), want)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.onnx", WEIGHTS_NAME]  # no temporary left
    assert external_weights(tmp_path) is False  # done already: nothing rewritten


def test_a_hard_linked_source_is_replaced_never_changed(tmp_path):
    """An index's onnx/ holds hard links to the export cache: converting the index's copy leaves the
    cache's files (and an older index linking them) as they were."""
    src, copy = tmp_path / "cache", tmp_path / "index-onnx"
    src.mkdir()
    copy.mkdir()
    _model(src / "model.onnx")
    before = (src / "model.onnx").read_bytes()
    os.link(src / "model.onnx", copy / "model.onnx")
    weights_apart(copy)
    assert has_external_weights(copy) and not has_external_weights(src)
    assert (src / "model.onnx").read_bytes() == before
    assert os.stat(src / "model.onnx").st_nlink == 1


def test_the_new_files_keep_the_models_mode(tmp_path):
    """onnx writes the weights 0600; both files get the mode the model had (the cache's, or an index's)."""
    _model(tmp_path / "model.onnx")
    os.chmod(tmp_path / "model.onnx", 0o640)
    external_weights(tmp_path)
    assert [(tmp_path / n).stat().st_mode & 0o777 for n in ("model.onnx", WEIGHTS_NAME)] == [0o640, 0o640]


def test_no_model_is_nothing_to_do(tmp_path):
    assert external_weights(tmp_path) is False
    weights_apart(tmp_path / "missing")  # no model there: nothing, no warning needed


def test_an_unreadable_model_is_one_warning_and_left_as_it_is(tmp_path, caplog):
    (tmp_path / "model.onnx").write_bytes(b"not a protobuf at all")
    with caplog.at_level("WARNING"):
        weights_apart(tmp_path)
    assert "weights apart" in caplog.text
    assert (tmp_path / "model.onnx").read_bytes() == b"not a protobuf at all"
    assert not has_external_weights(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["model.onnx"]


def test_int8_quantization_reads_weights_apart_even_when_hard_linked(tmp_path):
    """The onnx package refuses external weights in a hard-linked file; the export cache's are linked
    by every index: quantizing from them still works, and gives the model quantized from the weights
    inside."""
    from qa.embedding.onnx_export import quantize_int8

    inside, apart, other = tmp_path / "inside", tmp_path / "apart", tmp_path / "index-copy"
    for d in (inside, apart, other):
        d.mkdir()
    _model(inside / "model.onnx")
    _model(apart / "model.onnx")
    external_weights(apart)
    os.link(apart / WEIGHTS_NAME, other / WEIGHTS_NAME)  # as an index's onnx/ links the cache's
    quantize_int8(inside)
    quantize_int8(apart)
    assert (apart / "model.int8.onnx").read_bytes() == (inside / "model.int8.onnx").read_bytes()
    assert sorted(p.name for p in apart.iterdir()) == ["model.int8.onnx", "model.onnx", WEIGHTS_NAME]


def test_a_cluster_ships_the_weights_with_an_fp32_model(tmp_path):
    """Cluster builds send ``PassageModel.files()`` to workers that cannot read the export's folder:
    an fp32 model whose weights are apart is useless without them."""
    from qa.index.passages import PassageModel

    _model(tmp_path / "model.onnx")

    def names(precision):
        return [p.name for p in PassageModel(None, "m", tmp_path, precision).files()]

    assert names("fp32") == ["model.onnx", "tokenizer.json", "onnx_config.json"]  # weights inside
    external_weights(tmp_path)
    assert names("fp32") == ["model.onnx", WEIGHTS_NAME, "tokenizer.json", "onnx_config.json"]
    assert names("int8") == ["model.int8.onnx", "tokenizer.json", "onnx_config.json"]
