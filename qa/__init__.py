"""qa: cited question answering over a document corpus.

The pipeline is plain Python: documents -> chunking -> index -> retrieve -> answer.
Heavy libraries (torch, sentence_transformers, faiss, onnxruntime, textual) are imported
inside the functions that need them, so importing ``qa`` is cheap.

Each stage package (corpus, embedding, search, index, answer, evaluation) names its public API in
its ``__init__``; the other stages import only those names, which are loaded on first use.
"""

from importlib import import_module

__version__ = "0.1.0"


def lazy_exports(package: str, where: dict[str, str]):
    """A module ``__getattr__`` for a stage package: ``from qa.index import load_index`` loads
    ``qa.index.loaded`` on first use, so importing a package never imports what is not used.
    ``where`` maps each public name to the submodule that defines it."""

    def __getattr__(name: str):
        if name in where:
            value = getattr(import_module(f".{where[name]}", package), name)
            setattr(import_module(package), name, value)  # looked up once
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
