"""``qa index --cluster ADDRESS``: the same build as ``qa.index.build``, on a Dask cluster.

- ``run``: the client: connects, reads or walks the corpus, submits tasks (``build_on_cluster``);
- ``tasks``: what the workers run (the model plugin, chunk + count + embed a batch);
- ``pieces``: a large JSON-lines file cut into tasks (``--cluster-files shared``);
- ``stream``: submitting tasks and collecting their results as they complete;
- ``merge``: the client merging the batches into a version (with the shared ``assemble`` and
  ``write`` modules, so the version is the one a local build writes).

The subpackage depends on the shared build modules (``build_spec``, ``prepare``, ``assemble``,
``write``, ``incremental``), never on ``qa.index.build``.
"""

from __future__ import annotations

from qa import lazy_exports

_WHERE = {
    "CONNECT_TIMEOUT": "run",
    "FILES_MODES": "run",
    "PIECE_BYTES": "pieces",
    "build_on_cluster": "run",
    "connect": "run",
    "file_pieces": "pieces",
}
__all__ = sorted(_WHERE)

__getattr__ = lazy_exports(__name__, _WHERE)
