"""The on-disk index: building (full and incremental), versions and their checks, loading.

The names below are this stage's public API: other stages import only these
(``from qa.index import …``).
They are loaded on first use, so importing the package stays light.
"""

from __future__ import annotations

from importlib import import_module

_WHERE = {
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


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
