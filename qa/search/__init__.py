"""Ranking passages for a question: tokenizer, aliases, BM25, dense search, fusion.

Public API: ``from qa.search import …`` (the names in ``_WHERE``).
"""

from __future__ import annotations

from qa import lazy_exports

# functions named like their module, imported now: once the submodule is loaded it would shadow them
from .aliases import aliases  # noqa: F401  (part of the API)
from .tokenize import tokenize  # noqa: F401  (part of the API)

_WHERE = {
    "ANN_IDS": "ann_copies",
    "ANN_META": "dense",
    "BM25": "bm25",
    "BM25Params": "bm25",
    "DenseSearch": "dense",
    "Hit": "retrieve",
    "Quantized": "quantized",
    "STOPWORDS": "tokenize",
    "TermCounts": "term_counts",
    "SearchConfig": "retrieve",
    "TOKENIZER_VERSION": "tokenize",
    "bm25_run": "retrieve",
    "code_terms": "tokenize",
    "code_tokens": "tokenize",
    "build_ann": "dense",
    "fold": "tokenize",
    "DEFAULT_DENSE_WEIGHT": "retrieve",
    "corpus_weight": "retrieve",
    "distinct_ranking": "retrieve",
    "fuse": "fusion",
    "fuse_with": "retrieve",
    "mentions": "aliases",
    "load_vectors": "quantized",
    "normalize": "tokenize",
    "pread_slices": "row_reads",
    "quantize": "quantized",
    "raw_tokens": "tokenize",
    "resolve": "retrieve",
    "save_vectors": "quantized",
    "search": "retrieve",
    "sentence_run": "best_sentence",
    "uses_sentences": "retrieve",
    "SENTENCE_SHARE": "retrieve",
}
__all__ = sorted([*_WHERE, "aliases", "tokenize"])

__getattr__ = lazy_exports(__name__, _WHERE)
