"""The welcome line's example question, drawn from the user's own corpus: the name that most
documents mention, else a document's title.  Pure functions over plain text."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from qa.corpus import is_generic

SAMPLE_DOCS = 200  # documents looked at (the example needs no more)
SAMPLE_CHARS = 20_000  # characters looked at per document

_NAME = re.compile(r"(?<![.!?\"“‘'(\[:;]\s)(?<!^)\b([A-Z][a-z]{2,}(?:[-'’][A-Z][a-z]+)?)\b", re.M)
_COMMON = frozenset(
    "The This That These Those There Then Their They Them What When Where Which Who Why How And But For "
    "With From Into After Before Over Under About Also Some Many Most Such Other Our Its His Her She Yes "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Mr Mrs Ms Dr Prof Page Chapter Section Table Figure Note "
    "Contents Index Appendix Version Copyright License Licence Example Examples Usage Options See Default".split()
)


def frequent_name(texts: Iterable[str]) -> str | None:
    """The capitalised word (not opening a sentence) found in the most documents (then the most
    often); None when there is none."""
    docs: Counter = Counter()
    total: Counter = Counter()
    for text in texts:
        found = Counter(m.group(1) for m in _NAME.finditer(text[:SAMPLE_CHARS])
                        if m.group(1) not in _COMMON and not is_generic(m.group(1)))  # never "Contents"
        docs.update(found.keys())
        total.update(found)
    if not docs:
        return None
    return min(docs, key=lambda w: (-docs[w], -total[w], w))


def example_question(titles: list[str], texts: Iterable[str]) -> str | None:
    """A question a newcomer could ask of these documents, or None."""
    name = frequent_name(texts)
    if name:
        return f"What do the documents say about {name}?"
    title = next((t.strip() for t in titles if t and t.strip()), None)
    if title:
        return f"What is “{title[:60]}” about?"
    return None


def example_for(index) -> str | None:
    """``example_question`` for a loaded index (its first ``SAMPLE_DOCS`` documents)."""
    n = min(len(index.docs), SAMPLE_DOCS)
    titles = [index.docs.meta[i].title for i in range(n)]
    return example_question(titles, (index.docs.text(i) for i in range(n)))
