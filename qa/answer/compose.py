"""What an answer is (``Answer``, ``Citation``) and how one is put together from chosen sentences.

Every citation's ``text`` is ``doc_text[start:end]``.  ``compose`` writes the claims with their
``[n]`` markers; ``abstain`` says plainly that nothing answers and lists the nearest passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from qa.search import Hit
from .candidates import Candidate

MAX_CLAIMS = 3


@dataclass(frozen=True)
class Citation:
    n: int
    doc: str
    title: str
    start: int  # the cited sentence: doc_text[start:end] == text
    end: int
    text: str
    score: float
    passage_start: int  # the passage it sits in
    passage_end: int
    passage: str
    page: int | None = None  # 1-based page of ``start`` (PDFs)
    section: str | None = None  # the nearest heading before ``start`` (Markdown, Word, HTML)
    slide: int | None = None  # 1-based slide of ``start`` (presentations)
    line: int | None = None  # 1-based line of the source file holding ``start`` (text, Markdown, HTML)
    context: str | None = None  # a table row's header row (its own slice of the document, not in ``text``)

    @property
    def where(self) -> str:
        """Where in the document, for people: "p. 2" (PDFs), "§ Heading", or ""."""
        return f"p. {self.page}" if self.page else (f"§ {self.section}" if self.section else "")

    def excerpt(self, context: int) -> tuple[str, str, str]:
        """(before, sentence, after): the passage around the cited sentence, at most ``context``
        characters either side (cut at a word, marked "…"), whitespace collapsed.  Raw text: an
        interface makes it safe to show (qa.safe_text)."""
        a = max(0, self.start - self.passage_start)
        b = max(a, self.end - self.passage_start)
        before, after = self.passage[:a], self.passage[b:]
        if len(before) > context:
            before = "…" + before[-context:].split(" ", 1)[-1]
        if len(after) > context:
            after = after[:context].rsplit(" ", 1)[0] + "…"
        return tuple(" ".join(part.split()) for part in (before, self.passage[a:b], after))


@dataclass(frozen=True)
class Answer:
    question: str
    searched_for: str
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    hits: tuple[Hit, ...] = field(default=(), repr=False)
    speaker: str | None = None  # who-said questions: the speaker as the documents name them
    did_you_mean: tuple[str, ...] = ()  # names of the corpus close to a name it never mentions
    confidence: float | None = None  # calibrated probability that the answer is right (qa.answer.model)
    low_confidence: bool = False  # answered, but below the documented confidence: the documents' closest
    trace: dict | None = field(default=None, repr=False, compare=False)  # why: top candidates, features

    def to_dict(self, trace: bool = True) -> dict:
        """The ``qa ask --json`` object (``POST /ask`` and the MCP ``ask`` tool give it too); a citation
        of a document whose name is not UTF-8 says so as ``qa docs --json`` does (``doc_encoding``, and
        ``doc_bytes``: the name percent-encoded, ``caf%E9.txt``, which ``GET /documents/`` takes)."""
        from qa.safe_text import name_encoding

        out = {
            "question": self.question,
            "searched_for": self.searched_for,
            "answer": self.text,
            "abstained": self.abstained,
            "confidence": None if self.confidence is None else round(float(self.confidence), 4),
            "low_confidence": self.low_confidence,
            "did_you_mean": list(self.did_you_mean),
            "citations": [
                {
                    "n": c.n, "doc": c.doc, "title": c.title, "start": c.start, "end": c.end, "text": c.text,
                    "score": round(c.score, 4), "page": c.page, "slide": c.slide, "section": c.section,
                    "line": c.line, "context": c.context,
                    "passage": {"start": c.passage_start, "end": c.passage_end, "text": c.passage},
                    **name_encoding("doc", c.doc),  # a file name that is not UTF-8: doc_encoding, doc_bytes
                }
                for c in self.citations
            ],
        }
        if trace and self.trace is not None:
            out["trace"] = self.trace
        return out


def _cite(n: int, cand: Candidate) -> Citation:
    ch = cand.hit.chunk
    return Citation(n, ch.doc, cand.hit.title, cand.start, cand.end, cand.text, cand.score, ch.start, ch.end, ch.text)


def compose(question: str, searched_for: str, hits, claims, prefixes=None, speaker=None) -> Answer:
    citations: list[Citation] = []
    lines: list[str] = []
    for i, group in enumerate(claims):
        marks = []
        for cand in group:
            for part in (cand, *cand.context):  # "It was their second phone discussion" + who "they" are
                citations.append(_cite(len(citations) + 1, part))
                marks.append(f"[{len(citations)}]")
        lead = prefixes[i] if prefixes else ""
        lines.append(f"{lead}{' '.join(group[0].text.split())} {''.join(marks)}")
    return Answer(question, searched_for, "\n".join(lines), tuple(citations), False, tuple(hits), speaker)


def abstain(question: str, searched_for: str, index, hits: list[Hit], reason: str, nearest=None) -> Answer:
    """No answer: say so plainly and list the nearest passages (each cited, so checkable)."""
    citations = []
    for cand in (nearest or [])[:3]:
        citations.append(_cite(len(citations) + 1, cand))
    if not citations:
        for hit in hits[:3]:
            ch = hit.chunk
            s, e = ch.sentences[0] if ch.sentences else (ch.start, ch.end)
            text = index.doc_text(index.doc_idx(hit.passage_no))[s:e]
            citations.append(Citation(len(citations) + 1, ch.doc, hit.title, s, e, text, hit.score,
                                      ch.start, ch.end, ch.text))
    text = reason
    if citations:
        text += " The nearest passages are " + ", ".join(f"[{c.n}]" for c in citations) + "."
    return Answer(question, searched_for, text, tuple(citations), True, tuple(hits))


