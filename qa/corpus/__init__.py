"""Stage 1, documents -> passages: file readers, charset detection, sentence splitting and chunking.

Public API: ``from qa.corpus import …`` (the names in ``_WHERE``).
"""

from __future__ import annotations

from qa import lazy_exports

_WHERE = {
    "BAD": "jsonl",
    "Chunk": "chunk",
    "ChunkingConfig": "chunking",
    "DOC": "jsonl",
    "Document": "readers",
    "LOGSEQ_BACKUPS": "files",
    "QUESTIONS": "jsonl",
    "READS": "readers",
    "ROW_SEPARATOR": "units",
    "SkipHandler": "skips",
    "Skipped": "skips",
    "UNREADABLE": "skips",
    "bad_lines": "jsonl",
    "chunk_document": "chunking",
    "content_hash": "document",
    "context_at": "document",
    "format_of": "naming",
    "is_generic": "titles",
    "iter_files": "readers",
    "load_corpus": "readers",
    "logseq_folder": "files",
    "line_at": "extracted",
    "page_at": "extracted",
    "parse_line": "jsonl",
    "read_corpus": "readers",
    "read_file": "readers",
    "row_header": "units",
    "section_at": "extracted",
    "skip_counts": "skips",
    "skip_summary": "skips",
    "supported": "readers",
}
__all__ = sorted([*_WHERE])

__getattr__ = lazy_exports(__name__, _WHERE)
