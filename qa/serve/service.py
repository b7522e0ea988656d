"""The JSON the HTTP API and the MCP tools return, built from the library (no web code here).

``ask`` returns exactly the ``qa ask --json`` object (``Answer.to_dict``).  Every function takes
one loaded ``Index`` (a request's snapshot of the holder) and raises a ``QAError`` for what the
caller got wrong: ``NotFoundError`` for a document that is not in the index.
"""

from __future__ import annotations

from qa.errors import QAError, QuestionError, UsageError
from qa.safe_text import name_encoding

MAX_K = 100
MAX_HISTORY = 20  # earlier questions a follow-up may refer to
MAX_DOC_FILTER = 1000
IDS_HINT = "the ids are listed by GET /docs and the list_documents tool"


class NotFoundError(QAError):
    """Something asked for by name (a document id) is not in the index."""


def check_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise UsageError(f"k must be a whole number from 1 to {MAX_K}")
    return k


def search_config(mode: str = "hybrid", fusion: str = "convex"):
    from qa.search import SearchConfig

    return SearchConfig(mode=mode, fusion=fusion)  # UsageError for an unknown mode or fusion


def ask(index, question: str, k: int = 5, mode: str = "hybrid", fusion: str = "convex",
        docs: list[str] | None = None, history: list[str] | None = None) -> dict:
    """The ``qa ask --json`` object for ``question`` (``history``: earlier searched-for questions)."""
    from qa.answer import answer
    from qa.answer import clean_question

    question = clean_question(question)
    config = search_config(mode, fusion)
    check_k(k)
    docs = _doc_filter(index, docs)
    history = list(history or [])
    if len(history) > MAX_HISTORY or not all(isinstance(h, str) for h in history):
        raise UsageError(f"history must be at most {MAX_HISTORY} earlier questions (text)")
    history = [_earlier_question(clean_question, i, h) for i, h in enumerate(history)]
    return answer(index, question, k=k, config=config, docs=docs, history=history).to_dict()


def _earlier_question(clean_question, i: int, text: str) -> str:
    """History item ``i`` cleaned as a question; its error names the item (not "the question")."""
    try:
        return clean_question(text)
    except QuestionError as err:
        raise QuestionError(f"history.{i}: {err.message.replace('the question', 'an earlier question')}",
                            hint="history holds the earlier questions as asked, oldest first") from None


def search(index, query: str, k: int = 10, mode: str = "hybrid", fusion: str = "convex",
           docs: list[str] | None = None) -> dict:
    """Ranked passages with their spans (``doc_text[start:end] == text`` for each) and where each
    starts: ``page`` (PDFs), ``section``, ``line`` of the source file (text formats)."""
    from qa.answer import clean_question
    from qa.search import search as run_search

    query = clean_question(query)
    config = search_config(mode, fusion)
    hits = run_search(index, query, k=check_k(k), config=config, docs=_doc_filter(index, docs))
    return {
        "query": query,
        "results": [
            {
                "rank": rank, "doc": h.chunk.doc, "title": h.title, "passage": h.chunk.id,
                "start": h.chunk.start, "end": h.chunk.end, "text": h.chunk.text,
                "score": round(h.score, 4), "ranks": dict(h.ranks), **index.place(h.chunk.doc, h.chunk.start),
                "copies": [index.chunk(c).doc for c in h.copies],  # other documents with this very passage
                **name_encoding("doc", h.chunk.doc),
            }
            for rank, h in enumerate(hits, 1)
        ],
    }


def documents(index) -> dict:
    """Every document's id, title, format (what it was read as) and length (as ``qa docs --json``)."""
    return {"documents": [{"id": m.id, "title": m.title, "format": m.format, "chars": m.chars,
                           **name_encoding("id", m.id)} for m in index.docs.meta]}


def document(index, doc_id: str, start: int | None = None, end: int | None = None) -> dict:
    """A document's text, or the slice ``[start:end]`` of it (character offsets, as citations use)."""
    position = doc_position(index, doc_id)
    meta = index.docs.meta[position]
    text = index.doc_text(position)
    lo = 0 if start is None else start
    hi = len(text) if end is None else end
    if not 0 <= lo <= hi <= len(text):
        raise UsageError(f"start and end must satisfy 0 <= start <= end <= {len(text)} (the document's length); "
                         f"got start={lo}, end={hi}")
    return {"id": meta.id, "title": meta.title, "chars": len(text), "start": lo, "end": hi, "text": text[lo:hi]}


def health(index, reloading: bool = False, workers: int = 1) -> dict:
    """``workers``: the server's processes (each answers from its own mapping of the same files)."""
    import os

    return {
        "status": "ok",
        "index": {
            "version": index.version.name,
            "documents": len(index.docs),
            "passages": index.n_chunks,
            "model": index.model,
        },
        "reloading": reloading,
        "workers": workers,
        "pid": os.getpid(),
    }


def doc_position(index, doc_id) -> int:
    """The document's number in the index; ids are only ever looked up, never used as paths.  An id
    whose file name is not UTF-8 is found as ``qa docs`` and the MCP tools show it, too: ``caf\\xe9.txt``."""
    asked = doc_id
    if isinstance(doc_id, str) and doc_id not in index.docs.position:
        doc_id = unescape_bytes(doc_id)
    if not isinstance(doc_id, str) or not looks_like_id(doc_id) or doc_id not in index.docs.position:
        raise NotFoundError(f"no document {asked!r} in the index", hint=IDS_HINT)
    return index.docs.position[doc_id]


def escape_bytes(text: str) -> str:
    """``text`` as valid Unicode: a file name's byte that is not UTF-8 (U+DC80..U+DCFF, Python's
    surrogate escape) as ``\\xe9``, any other lone surrogate as ``\\ud800`` (what MCP's JSON can carry)."""
    import re

    from qa.safe_text import escape_char

    return re.sub(r"[\ud800-\udfff]", lambda m: escape_char(m[0]), text)


def unescape_bytes(text: str) -> str:
    """``escape_bytes``'s ``\\xNN`` (NN from 80 to ff) back to the escaped byte."""
    import re

    return re.sub(r"\\x([89a-f][0-9a-f])", lambda m: chr(0xDC00 + int(m[1], 16)), text)


def looks_like_id(doc_id: str) -> bool:
    """False for what could only be an attempt to leave the corpus (``..``, absolute paths, NUL)."""
    if not doc_id or "\x00" in doc_id or doc_id.startswith(("/", "\\")) or (len(doc_id) > 1 and doc_id[1] == ":"):
        return False
    return ".." not in doc_id.replace("\\", "/").split("/")


def _doc_filter(index, docs) -> list[str] | None:
    if docs is None:
        return None
    if not isinstance(docs, list) or len(docs) > MAX_DOC_FILTER or not all(isinstance(d, str) for d in docs):
        raise UsageError(f"docs must be a list of at most {MAX_DOC_FILTER} document ids")
    docs = [d if d in index.docs.position else unescape_bytes(d) for d in docs]  # caf\\xe9.txt too
    unknown = [d for d in docs if d not in index.docs.position]
    if unknown:
        raise UsageError(f"no document {unknown[0]!r} in the index", hint=IDS_HINT)
    return list(docs) or None
