"""Preparing one document for an index: its passages, sentences, BM25 term counts and the texts
to embed.  The per-document work of a build, the same whether it runs here (``build``) or on a
Dask worker (``cluster.tasks``)."""

from __future__ import annotations

from collections import Counter

from qa.corpus import ROW_SEPARATOR, ChunkingConfig, Document, chunk_document, row_header
from qa.search import tokenize

from .build_settings import index_text


def prepare_document(doc: Document, chunking: ChunkingConfig):
    """A document's passages: ``(start, end, first sentence, end sentence)`` spans (sentence numbers
    local to the document), sentence spans, BM25 term counts and the texts to embed."""
    spans, sents, counters, texts = [], [], [], []
    known: dict[int, int] = {}  # table rows seen -> their table's first row (each table walked once)
    for chunk in chunk_document(doc, chunking):
        s0 = len(sents)
        sents.extend(chunk.sentences)
        spans.append((chunk.start, chunk.end, s0, len(sents)))
        counters.append(Counter(tokenize(index_text(doc.title, chunk.text, chunk_context(doc.text, chunk, doc.tables, known)))))
        texts.append(chunk.text)
    return spans, sents, counters, texts


def chunk_context(text: str, chunk, headers: tuple[int, ...] = (), known: dict[int, int] | None = None) -> str:
    """The header row of the table the passage's first row belongs to, when the passage does not
    hold it (a long table's later rows): BM25 reads it with the passage ("" when none)."""
    for s, e in chunk.sentences:
        if (s == 0 or text[s - 1] == "\n") and ROW_SEPARATOR in text[s:e]:
            span = row_header(text, s, headers, known)
            return text[span[0]:span[1]] if span and span[0] < chunk.start else ""
    return ""


def passage_sentences(spans, sents) -> list[list[tuple[int, int]]]:
    """Each passage's sentence spans as offsets into its text (``doc_text[start:end]``), from
    ``prepare_document``'s passage spans and document sentence spans: what late chunking pools."""
    return [[(s - a, e - a) for s, e in sents[s0:s1]] for a, _b, s0, s1 in spans]
