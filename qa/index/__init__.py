"""The on-disk index: building (full and incremental, here or on a cluster), versions, loading.

Modules by concern:

- the store: ``versions`` (layout, lock, publish), ``ownership``, ``permissions``, ``docstore``,
  ``verify``, ``loaded`` (a loaded ``Index``), ``open`` (open or build), ``docs_match``;
- what both builds share: ``build_spec`` (``BuildSpec``, ``BuildReport``, ``DimensionChanged``),
  ``build_settings``, ``prepare`` (one document's passages and term counts), ``incremental``
  (reusing the previous version's rows), ``assemble`` (finishing a version's rows), ``write``
  (writing and publishing it), ``passages`` and ``sentences`` (vectors), ``progress``;
- the local build: ``build``; the Dask build: the ``cluster`` subpackage; keeping an index
  current as its corpus changes: ``watch``.

Public API: ``from qa.index import …`` (the names in ``_WHERE``).
"""

from __future__ import annotations

from qa import lazy_exports

_WHERE = {
    "Progress": "progress",
    "ambiguity": "docs_match",
    "BuildReport": "build_spec",
    "BuildSpec": "build_spec",
    "DimensionChanged": "build_spec",
    "FusionChoice": "fusion_choice",
    "build_index": "build",
    "current_version": "versions",
    "load_index": "loaded",
    "match_docs": "docs_match",
    "open_or_build": "open",
    "prefetch_query_encoder": "prefetch",
    "read_manifest": "versions",
    "rows_for": "sentences",
    "settings": "build_settings",
    "settings_change": "incremental",
    "weights_changed": "incremental",
    "vectors_for": "sentences",
    "EncoderCache": "watch",
    "Update": "watch",
    "WatchThread": "watch",
    "describe_update": "watch",
    "watch_index": "watch",
    "verify_files": "verify",
}
__all__ = sorted([*_WHERE])

__getattr__ = lazy_exports(__name__, _WHERE)
