"""The on-disk index: building (full and incremental), versions and their checks, loading.

Public API: ``from qa.index import …`` (the names in ``_WHERE``).
"""

from __future__ import annotations

from qa import lazy_exports

_WHERE = {
    "FusionChoice": "fusion_choice",
    "LONG": "progress",
    "Progress": "progress",
    "ambiguity": "docs_match",
    "build_index": "build",
    "current_version": "versions",
    "left_text": "progress",
    "load_index": "loaded",
    "match_docs": "docs_match",
    "open_or_build": "open",
    "rate_text": "progress",
    "read_manifest": "versions",
    "rows_for": "sentences",
    "settings": "build_settings",
    "settings_change": "incremental",
    "stage_label": "progress",
    "vectors_for": "sentences",
    "verify_files": "verify",
}
__all__ = sorted([*_WHERE])

__getattr__ = lazy_exports(__name__, _WHERE)
