"""Answer-level evaluation: answer every question with ``qa.answer`` and judge what it says.

Two kinds of gold are understood, per question:

- ``relevant`` quotes (every question set): the answer's text holds a gold quote
  (compared after ``qa.search.tokenize.fold``);
- ``answers`` strings (SQuAD-style sets such as ``../shared/squad2``): judged the SQuAD way,
  after lower-casing and removing punctuation and articles (a, an, the):
  *answer-hit* when a gold answer occurs in the answer text with its ``[n]`` markers removed,
  *first citation* when citation [1] holds one.  An abstention on an answerable question is a miss.

A question is unanswerable when its ``kind`` says so or it has no ``relevant`` quotes.  Figures:
answer-hit, first citation holds the answer, unanswerable abstained (right), answerable abstained
(wrong), answered an unanswerable with its plausible distractor, median words of the answers given,
and one row per question.
"""

from __future__ import annotations

import re
import statistics
import string
from dataclasses import dataclass
from typing import Callable, Sequence

from qa.answer import without_markers
from qa.search import fold

Progress = Callable[[str, int, int], None]

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014")


def squad_normalise(text: str) -> str:
    """SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces."""
    text = text.lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def holds(text: str, golds: Sequence[str]) -> bool:
    """Does ``text`` (qa's ``[n]`` markers removed) hold one of the gold answer strings?"""
    norm = f" {squad_normalise(without_markers(text))} "
    return any(g and f" {g} " in norm for g in (squad_normalise(a) for a in golds))


def answer_words(text: str) -> int:
    return len(without_markers(text).split())


@dataclass(frozen=True)
class AnswerRow:
    id: str
    question: str
    kind: str
    answerable: bool
    abstained: bool
    quote: bool  # the answer text holds a gold quote (``relevant``)
    hit: bool | None  # a gold answer string is in the answer (None: the set gives no answer strings)
    first: bool | None  # citation [1] holds a gold answer string (None: no answer strings)
    distractor: bool  # unanswerable, answered with the tempting wrong answer
    words: int  # words in the answer (0 for an abstention)
    answer: str  # the answer text, on one line
    confidence: float | None = None  # the probability qa gave the answer (None: abstained or no model)


@dataclass(frozen=True)
class AnswerReport:
    answerable: int
    quote_in_answer: int  # answerable questions whose answer text holds a gold quote
    abstained_answerable: int  # wrong abstentions
    unanswerable: int
    abstained_unanswerable: int  # right abstentions
    misses: tuple[str, ...] = ()  # ids of answerable questions without a gold quote in the answer
    wrong_abstentions: tuple[str, ...] = ()  # ids: abstained on answerable, or answered unanswerable
    with_answers: int = 0  # answerable questions that carry gold answer strings
    answer_hit: int = 0
    first_citation: int = 0
    distractor: int = 0  # unanswerable questions answered with the plausible wrong answer
    median_words: float = 0.0  # of the answers given (abstentions left out)
    rows: tuple[AnswerRow, ...] = ()
    naive: "AnswerReport | None" = None  # the naive top sentence on the same questions (``naive.py``)
    ablated: tuple[str, ...] = ()  # rules of the answer stage switched off (``qa.answer.RULES``)

    @property
    def quote_rate(self) -> float:
        return self.quote_in_answer / self.answerable if self.answerable else 0.0

    def figures(self) -> dict[str, float | None]:
        """The headline rates (None where the set cannot say)."""
        def rate(n, d):
            return round(n / d, 4) if d else None

        out = {
            "quote_in_answer": rate(self.quote_in_answer, self.answerable),
            "answer_hit": rate(self.answer_hit, self.with_answers),
            "first_citation": rate(self.first_citation, self.with_answers),
            "unanswerable_abstained": rate(self.abstained_unanswerable, self.unanswerable),
            "answerable_abstained": rate(self.abstained_answerable, self.answerable),
            "median_words": self.median_words,
        }
        if self.naive is not None:
            base = self.naive.figures()
            out["naive"] = base
            out["margin"] = {n: (None if v is None or base.get(n) is None else round(v - base[n], 4))
                             for n, v in out.items() if n not in ("naive", "margin")}
            if self.rows and self.naive.rows:  # how far each margin could move on another sample
                from .paired import margin_intervals

                out["margin_95"] = {n: (None if iv is None else list(iv))
                                    for n, iv in margin_intervals(self.rows, self.naive.rows).items()}
        return out


def judge(q, a) -> AnswerRow:
    """One question's row: ``q`` a ``questionset.Question``, ``a`` a ``qa.answer.compose.Answer``."""
    golds = q.answers
    text = fold(a.text)
    quote = (not a.abstained) and any(fold(g.quote) in text for g in q.relevant)
    hit = first = None
    if golds:
        hit = (not a.abstained) and holds(a.text, golds)
        first = (not a.abstained) and bool(a.citations) and holds(a.citations[0].text, golds)
    distractor = (not q.answerable) and not a.abstained and bool(q.plausible) and holds(a.text, q.plausible)
    words = 0 if a.abstained else answer_words(a.text)
    return AnswerRow(q.id, q.question, q.kind, q.answerable, a.abstained, quote, hit, first, distractor, words,
                     " ".join(a.text.split()), getattr(a, "confidence", None))


def summarise(rows: Sequence[AnswerRow], naive: AnswerReport | None = None, ablated=()) -> AnswerReport:
    ans = [r for r in rows if r.answerable]
    una = [r for r in rows if not r.answerable]
    with_golds = [r for r in ans if r.hit is not None]
    given = [r.words for r in rows if not r.abstained]
    return AnswerReport(
        answerable=len(ans),
        quote_in_answer=sum(r.quote for r in ans),
        abstained_answerable=sum(r.abstained for r in ans),
        unanswerable=len(una),
        abstained_unanswerable=sum(r.abstained for r in una),
        misses=tuple(r.id for r in ans if not r.quote),
        wrong_abstentions=tuple(r.id for r in ans if r.abstained) + tuple(r.id for r in una if not r.abstained),
        with_answers=len(with_golds),
        answer_hit=sum(bool(r.hit) for r in with_golds),
        first_citation=sum(bool(r.first) for r in with_golds),
        distractor=sum(r.distractor for r in una),
        median_words=float(statistics.median(given)) if given else 0.0,
        rows=tuple(rows),
        naive=naive,
        ablated=tuple(sorted(ablated)),
    )


def answer_report(index, questions: Sequence, config=None, k: int = 5,
                  progress: Progress | None = None, off=frozenset(), naive: bool = True) -> AnswerReport:
    """Answer every question with ``qa.answer.answer`` (``off``: rules switched off) and judge each
    answer; with ``naive``, the naive top sentence (``naive.py``) is judged beside it."""
    from qa.answer import answer
    from qa.search import SearchConfig

    config = config or SearchConfig()
    progress = progress or (lambda _s, _d, _t: None)
    rows, base = [], []
    for n, q in enumerate(questions):
        progress("Answering", n, len(questions))
        rows.append(judge(q, answer(index, q.question, k=k, config=config, off=frozenset(off))))
        if naive:
            from .naive import naive_answer

            base.append(judge(q, naive_answer(index, q.question, config)))
    progress("Answering", len(questions), len(questions))
    return summarise(rows, summarise(base) if naive else None, off)
