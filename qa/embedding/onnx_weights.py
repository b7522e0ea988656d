"""The fp32 model's weights in a file of their own beside ``model.onnx`` (ONNX "external data").

onnxruntime memory-maps an external weights file, where a model with its weights inside is parsed
as 90 MB of protobuf and every weight copied: creating the question encoder's session, the longest
step of a cold ``qa ask``, takes ~130 ms instead of ~330 ms and ~85 ms of CPU instead of ~220 ms
(docs/speed.md).  Same weights, same graph: the vectors are bit-identical (tested), and the int8
model quantized from it is byte-identical.

``external_weights(onnx_dir)`` moves the weights of ``onnx_dir/model.onnx`` out (nothing when they
are out already).  The export writes it so, the export cache and an index's copy of an older
export are converted on their next use by a build.  Each file is written under a temporary name and
renamed into place, weights before model, so a reader sees the old model or the new one whole, and
a file hard-linked from elsewhere (an index's copy of the cache) is replaced, never changed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .onnx_encoder import MODEL_NAME

WEIGHTS_NAME = MODEL_NAME + ".data"
_INSIDE = 1024  # bytes: smaller tensors (shapes, scalars) stay inside the graph file


def has_external_weights(onnx_dir: Path) -> bool:
    """Whether ``onnx_dir``'s fp32 model keeps its weights apart (in ``model.onnx.data``)."""
    return (Path(onnx_dir) / WEIGHTS_NAME).is_file()


def external_weights(onnx_dir: Path) -> bool:
    """Move ``model.onnx``'s weights into ``model.onnx.data``; True when it was done now (False: no
    model, or done already).  Needs the ``onnx`` package; errors are the caller's (an optimisation:
    the model with its weights inside still works)."""
    onnx_dir = Path(onnx_dir)
    model = onnx_dir / MODEL_NAME
    if not model.is_file() or has_external_weights(onnx_dir):
        return False
    import onnx

    graph = onnx.load(str(model))
    mode = model.stat().st_mode & 0o777  # onnx writes the weights 0600: both files get the model's mode
    tmp = Path(tempfile.mkdtemp(prefix=f".{MODEL_NAME}.", dir=onnx_dir))  # hidden: link_tree skips it
    try:
        onnx.save_model(graph, str(tmp / MODEL_NAME), save_as_external_data=True, all_tensors_to_one_file=True,
                        location=WEIGHTS_NAME, size_threshold=_INSIDE)
        for name in (WEIGHTS_NAME, MODEL_NAME):  # the weights first: the new model refers to them
            os.chmod(tmp / name, mode)
            os.replace(tmp / name, onnx_dir / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return True


@contextmanager
def loadable_model(onnx_dir: Path) -> Iterator[Path]:
    """``model.onnx`` as the ``onnx`` package will load it (int8 quantization does): that package
    refuses weights kept apart in a file with more than one hard link (a "hardlink attack"), and
    the export cache's files are linked by every index that keeps a copy.  A private copy then, for
    the time it is read (onnxruntime itself has no such check)."""
    onnx_dir = Path(onnx_dir)
    if not has_external_weights(onnx_dir) or os.stat(onnx_dir / WEIGHTS_NAME).st_nlink == 1:
        yield onnx_dir / MODEL_NAME
        return
    tmp = Path(tempfile.mkdtemp(prefix=f".{MODEL_NAME}.", dir=onnx_dir))
    try:
        for name in (MODEL_NAME, WEIGHTS_NAME):
            shutil.copyfile(onnx_dir / name, tmp / name)
        yield tmp / MODEL_NAME
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
