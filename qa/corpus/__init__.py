"""Stage 1, documents -> passages: file readers, charset detection, sentence splitting and chunking.

The names below are this stage's public API: other stages import only these
(``from qa.corpus import …``).
They are loaded on first use, so importing the package stays light.
"""

from __future__ import annotations

from importlib import import_module

_WHERE = {
    "BAD": "jsonl",
    "Chunk": "chunking",
    "ChunkingConfig": "chunking",
    "DOC": "jsonl",
    "Document": "readers",
    "QUESTIONS": "jsonl",
    "READS": "readers",
    "SkipHandler": "skips",
    "Skipped": "skips",
    "UNREADABLE": "skips",
    "bad_lines": "jsonl",
    "chunk_document": "chunking",
    "iter_files": "readers",
    "load_corpus": "readers",
    "page_at": "extracted",
    "parse_line": "jsonl",
    "read_corpus": "readers",
    "read_file": "readers",
    "section_at": "extracted",
    "skip_counts": "skips",
    "skip_summary": "skips",
    "supported": "readers",
}
__all__ = sorted([*_WHERE])


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
