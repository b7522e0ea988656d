"""Question sets: loading the JSONL format and finding the passages that hold each gold quote.

A question set is JSONL, one ``{"id", "question", "relevant": [{"doc", "quote"}]}`` a line; a
passage is relevant when it lies in a gold document and holds one of that document's quotes
(compared after ``qa.tokenize.fold``: whitespace, quotes and case normalised), so the set survives
re-chunking.  A quote may also be given as a bare string (``"relevant": ["the quote"]``): it is
then looked for in every document, as a user writing questions about their own folder knows the
words of the answer but not the document's id.  Questions with ``"relevant": []`` are unanswerable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from qa.answer import clean_question
from qa.errors import QuestionError, UsageError
from qa.search import fold


class QuestionSetError(UsageError):
    """A question file that cannot be read; the message names file:line."""


@dataclass(frozen=True)
class Gold:
    doc: str | None  # None: the quote may be in any document
    quote: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    relevant: tuple[Gold, ...]
    kind: str = ""
    answers: tuple[str, ...] = ()  # gold answer strings (SQuAD-style sets), judged by ``answers.holds``
    plausible: tuple[str, ...] = ()  # unanswerable: the tempting wrong answer the question was written around
    where: str = field(default="", compare=False)  # "file:line" it was read from (for error messages)

    @property
    def label(self) -> str:
        """How errors name the question: ``file:line: question ID`` (or ``question ID``)."""
        return f"{self.where}: question {self.id}" if self.where else f"question {self.id}"

    @property
    def answerable(self) -> bool:
        return bool(self.relevant) and self.kind != "unanswerable"


def load_questions(path: str | Path) -> list[Question]:
    """Read a question set; any bad line raises ``QuestionSetError`` naming ``file:line``."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise QuestionSetError(f"question file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionSetError(f"cannot read question file {path}: {exc}") from None
    out: list[Question] = []
    seen: set[str] = set()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise QuestionSetError(f"{where}: not valid JSON ({exc.msg})") from None
        q = _question(row, where)
        if q.id in seen:
            raise QuestionSetError(f"{where}: duplicate question id {q.id!r}")
        seen.add(q.id)
        out.append(q)
    if not out:
        raise QuestionSetError(f"{path} holds no questions", hint='one JSON object a line: {"id", "question", "relevant"}')
    return out


def _question(row, where: str) -> Question:
    fmt = '{"id", "question", "relevant": [{"doc", "quote"}]}'
    if not isinstance(row, dict):
        raise QuestionSetError(f"{where}: expected a JSON object {fmt}")
    missing = [k for k in ("id", "question", "relevant") if k not in row]
    if missing:
        raise QuestionSetError(f"{where}: missing field {', '.join(repr(m) for m in missing)}", hint=f"each line is {fmt}")
    qid, text, rel = row["id"], row["question"], row["relevant"]
    if not isinstance(qid, (str, int)) or isinstance(qid, bool) or not str(qid).strip() or any(c.isspace() for c in str(qid)):
        raise QuestionSetError(f"{where}: 'id' must be a non-empty string without spaces")
    if not isinstance(text, str) or not text.strip():
        raise QuestionSetError(f"{where}: 'question' must be a non-empty string")
    try:
        clean_question(text)  # what qa ask would refuse is refused here, with file:line
    except QuestionError as err:
        raise QuestionSetError(f"{where}: {err.message}") from None
    if not isinstance(rel, list):
        raise QuestionSetError(f"{where}: 'relevant' must be a list of {{\"doc\", \"quote\"}} (empty if unanswerable)")
    golds = []
    for i, g in enumerate(rel, 1):
        if isinstance(g, str):  # a bare quote: in whichever document holds it
            g = {"doc": None, "quote": g}
        elif not (isinstance(g, dict) and isinstance(g.get("doc"), str) and isinstance(g.get("quote"), str)):
            raise QuestionSetError(f"{where}: relevant item {i} must be {{\"doc\": str, \"quote\": str}} "
                                   "or a quote (a string)")
        if not fold(g["quote"]):
            raise QuestionSetError(f"{where}: relevant item {i} has an empty quote")
        golds.append(Gold(g["doc"], g["quote"]))
    kind = row.get("kind", "")
    return Question(str(qid), text.strip(), tuple(golds), kind if isinstance(kind, str) else "",
                    _strings(row.get("answers"), where, "answers"),
                    _strings(row.get("plausible_answers"), where, "plausible_answers"), where=where)


def _strings(value, where: str, name: str) -> tuple[str, ...]:
    """An optional list of answer strings (absent or null: none)."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QuestionSetError(f"{where}: {name!r} must be a list of strings")
    return tuple(dict.fromkeys(v for v in value if v.strip()))


# -- relevance -------------------------------------------------------------------------------
def passage_qrels(index, questions: Sequence[Question]) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Relevant passages (chunk ids) per answerable question, and warnings about gold data.

    A gold document missing from the index or a quote not in its document (a bare quote: in no
    document) is an error (the set and the index disagree); a quote that no single passage holds
    (it spans a passage boundary) is a warning, and the question counts as a miss unless another
    quote is found.
    """
    rows = np.asarray(index.chunk_rows[:, 0])
    folded: dict[int, str] = {}  # document texts folded once (bare quotes are looked for in all of them)

    def text_of(d: int) -> str:
        if d not in folded:
            folded[d] = fold(index.doc_text(d))
        return folded[d]

    qrels: dict[str, dict[str, int]] = {}
    warnings: list[str] = []
    for q in questions:
        if not q.answerable:
            continue
        rel: dict[str, int] = {}
        for g in q.relevant:
            quote = fold(g.quote)
            if g.doc is None:
                docs = [d for d in range(len(index.docs.meta)) if quote in text_of(d)]
                if not docs:
                    raise UsageError(f"{q.label}: quote not found in any document: {g.quote[:60]!r}")
            else:
                d = index.docs.position.get(g.doc)
                if d is None:
                    raise UsageError(f"{q.label}: gold document {g.doc!r} is not in the index",
                                     hint="evaluate against an index of the corpus the questions were written for")
                if quote not in text_of(d):
                    raise UsageError(f"{q.label}: quote not found in {g.doc}: {g.quote[:60]!r}")
                docs = [d]
            found = []
            for d in docs:
                lo, hi = np.searchsorted(rows, d, side="left"), np.searchsorted(rows, d, side="right")
                found += [index.chunk(i).id for i in range(int(lo), int(hi)) if quote in fold(index.chunk(i).text)]
            if not found:
                where = g.doc or ", ".join(index.docs.meta[d].id for d in docs[:3])
                warnings.append(f"{q.label}: no single passage holds the quote {g.quote[:50]!r} ({where})")
            rel.update({c: 1 for c in found})
        qrels[q.id] = rel
    return qrels, warnings
