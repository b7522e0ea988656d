"""qa: cited question answering over a document corpus.

The pipeline is plain Python: documents -> chunking -> index -> retrieve -> answer.
Heavy libraries (torch, sentence_transformers, faiss, onnxruntime, textual) are imported
inside the functions that need them, so importing ``qa`` is cheap.
"""

__version__ = "0.1.0"
