"""Request and response shapes of the HTTP API (pydantic), for validation and the OpenAPI schema.

Responses are sent as built by ``service`` (so ``POST /ask`` is byte-for-byte the ``qa ask --json``
object); these models document them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .service import MAX_DOC_FILTER, MAX_HISTORY, MAX_K

# a document whose file name is not UTF-8 (``safe_text.name_encoding``); absent for every other name
ENCODING = ("only for a file name that is not UTF-8: how the name is written (its bytes 0x80..0xFF as "
            "U+DC80..U+DCFF, surrogateescape)")
BYTES = "only for a file name that is not UTF-8: its bytes percent-encoded (caf%E9.txt), as GET /documents/ takes"
MAX_QUESTION_FIELD = 20_000  # raw characters; after cleaning a question may have at most 2,000


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(..., max_length=MAX_QUESTION_FIELD, examples=["What do the documents say about backups?"])
    k: int = Field(5, ge=1, le=MAX_K, description="The most sources the answer cites.")
    mode: Literal["hybrid", "bm25", "dense"] = "hybrid"
    fusion: Literal["convex", "rrf"] = "convex"
    docs: list[str] | None = Field(None, max_length=MAX_DOC_FILTER, description="Only search these document ids.")
    history: list[str] = Field(default_factory=list, max_length=MAX_HISTORY,
                               description="Earlier questions (their searched_for), oldest first, for follow-ups.")


class PassageSpan(BaseModel):
    start: int
    end: int
    text: str


class CitationOut(BaseModel):
    n: int
    doc: str
    title: str
    start: int = Field(description="doc_text[start:end] == text")
    end: int
    text: str
    score: float
    page: int | None = None
    slide: int | None = None
    section: str | None = None
    line: int | None = Field(None, description="1-based line of the source file (text, Markdown, HTML)")
    context: str | None = Field(None, description="a table row's header row: read the row with it")
    passage: PassageSpan
    doc_encoding: str | None = Field(None, description=ENCODING)
    doc_bytes: str | None = Field(None, description=BYTES)


class AskResponse(BaseModel):
    question: str
    searched_for: str
    answer: str
    abstained: bool
    confidence: float | None = Field(default=None, description="calibrated probability that the answer is right")
    low_confidence: bool = Field(default=False, description="answered below the documented confidence")
    citations: list[CitationOut]


class SearchResult(BaseModel):
    rank: int
    doc: str
    title: str
    passage: str
    start: int
    end: int
    text: str
    score: float
    ranks: dict[str, int]
    page: int | None = None
    slide: int | None = None
    section: str | None = None
    line: int | None = Field(None, description="1-based line of the source file (text, Markdown, HTML)")
    context: str | None = Field(None, description="the header row of the table the passage starts in")
    doc_encoding: str | None = Field(None, description=ENCODING)
    doc_bytes: str | None = Field(None, description=BYTES)


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]


class DocumentInfo(BaseModel):
    id: str
    title: str
    format: str = Field(description='what the document was read as: "text", "PDF", "HTML", "manual page", …')
    chars: int
    id_encoding: str | None = Field(None, description=ENCODING)
    id_bytes: str | None = Field(None, description=BYTES)


class DocumentsResponse(BaseModel):
    documents: list[DocumentInfo]


class DocumentSlice(BaseModel):
    id: str
    title: str
    chars: int
    start: int
    end: int
    text: str = Field(description="document_text[start:end]")


class IndexInfo(BaseModel):
    version: str
    documents: int
    passages: int
    model: str


class HealthResponse(BaseModel):
    status: Literal["ok"]
    index: IndexInfo
    reloading: bool
    workers: int = 1  # server processes sharing the socket
    pid: int | None = None  # the process that answered


class ErrorResponse(BaseModel):
    error: str
    status: int
    hint: str | None = None
