"""Ranking passages for a question: tokenizer, aliases, BM25, dense search, fusion.

The names below are this stage's public API: other stages import only these
(``from qa.search import …``).
They are loaded on first use, so importing the package stays light.
"""

from __future__ import annotations

from importlib import import_module

# functions named like their module, imported now: once the submodule is loaded it would shadow them
from .aliases import aliases  # noqa: F401  (part of the API)
from .tokenize import tokenize  # noqa: F401  (part of the API)

_WHERE = {
    "DenseSearch": "dense",
    "Hit": "retrieve",
    "STOPWORDS": "tokenize",
    "SearchConfig": "retrieve",
    "TOKENIZER_VERSION": "tokenize",
    "bm25_run": "retrieve",
    "build_ann": "dense",
    "fold": "tokenize",
    "fuse": "retrieve",
    "mentions": "aliases",
    "normalize": "tokenize",
    "raw_tokens": "tokenize",
    "search": "retrieve",
}
__all__ = sorted([*_WHERE, "aliases", "tokenize"])


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
