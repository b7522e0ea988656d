"""Follow-up questions made self-contained, by rules that can be read and tested.

``rewrite(question, history)`` takes the earlier *searched-for* questions (oldest first, each
already standalone) and returns what to search for now:

- "And what about Russia?" (or "And about Russia?") after "What did Zarif say about the US?"
  -> "What did Zarif say about Russia?"
- "What did he say about Russia?" -> the last speaker replaces "he"
- "Who else criticised the resolution?" after a question about Shamkhani and the UN Security
  Council resolution -> "Who besides Shamkhani criticised the UN Security Council resolution?"
- "When was it adopted?" -> "it" becomes the last topic
- "And what about grep?" after "What is sed?" -> "What is grep?"
A question that already stands alone is returned unchanged.
"""

from __future__ import annotations

import re

from .analysis import said_of

_ABOUT = re.compile(  # "And what about X?", "What about X?", "And about X?" (not "About how many…?")
    r"^(?:(?:and|but|so|ok|okay|also)[, ]*(?:(?:what|how) )?|(?:what|how) )about (?P<x>.+?)\s*\??$"
    r"|^(?:and|also|plus) (?!(?:what|who|whom|when|where|why|how|which|did|does|do|is|are|was|were|can|will|"
    r"would|has|have|had)\b)(?P<y>(?:the |a )?[\w'\u2019 .-]+?)\s*\??$",
    re.I,
)
_PREP_TAIL = re.compile(r"^(?P<head>.*\b(?:about|of|on|in|from|for|with|to|at|over|against|by))\s+(?P<np>[^?]+?)\s*\??$",
                        re.I)
# "What is sed?", "Who was Marlow?": a question word, a form of "be", then only its subject
_COPULA = re.compile(r"^(?P<head>(?:what|who|which|where)\s+(?:is|are|was|were))\s+(?:the\s+|a\s+|an\s+)?[^\s?]+\s*\??$",
                     re.I)
_HE = re.compile(r"\b(he|she|him|her|they|them)\b", re.I)
_HIS = re.compile(r"\b(his|her|their)\b(?=\s+\w)", re.I)
_IT = re.compile(r"\b(it|that|this)\b", re.I)
_ELSE = re.compile(r"^(who|what|which \w+) else\b", re.I)
_NAME = re.compile(r"\b([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)*)")
_QWORDS = {"What", "Who", "When", "Where", "Why", "How", "Which", "Did", "Does", "Do", "Is", "Are", "Was", "Were",
           "And", "But", "So", "According", "The", "In", "On"}


def _last(history: list[str]):
    """(speaker, topic) of the most recent earlier question that has them."""
    speaker = topic = None
    for prev in reversed(history):
        said = said_of(prev)
        speaker = speaker or (said.speaker if said else _person(prev))
        topic = topic or (said.topic if said else None) or _tail_np(prev)
        if speaker and topic:
            break
    return speaker, topic


def _looks_like_person(x: str) -> bool:
    """A capitalised name that is not a place or organisation we know ("Lavrov", not "Russia")."""
    from qa.search import aliases

    words = x.split()
    return bool(words) and all(w[:1].isupper() for w in words) and len(aliases(x)) == 1 and len(words) <= 3


def _person(question: str) -> str | None:
    names = [m.group(1) for m in _NAME.finditer(question) if m.group(1).split()[0] not in _QWORDS]
    return names[0] if names else None


def _tail_np(question: str) -> str | None:
    m = _PREP_TAIL.match(question.strip())
    return m.group("np").strip() if m else None


def _fuller(phrase: str, topic: str | None) -> str:
    """'the resolution' -> 'the UN Security Council resolution' when the earlier topic says so."""
    if not topic:
        return phrase
    head = phrase.split()[-1].lower()
    if topic.lower().split()[-1:] == [head] or f" {head}" in f" {topic.lower()}":
        return topic if topic.lower().startswith("the ") else f"the {topic}"
    return phrase


def rewrite(question: str, history: list[str]) -> str:
    """``question`` made self-contained using the earlier questions (oldest first)."""
    q = " ".join(question.split())
    if not history:
        return q
    speaker, topic = _last(history)
    prev = history[-1].strip()

    m = _ABOUT.match(q)
    if m:
        x = (m.group("x") or m.group("y") or "").strip()
        pi = said_of(prev)  # the question it follows, never an earlier one
        if pi is not None:
            if _looks_like_person(x):  # "And Lavrov?": the same question of another speaker
                return f"What did {x} say about {pi.topic}?" if pi.topic else f"What did {x} say?"
            return f"What did {pi.speaker} say about {x}?"
        tail = _PREP_TAIL.match(prev)
        if tail:
            head = tail.group("head")
            prep = head.split()[-1].lower()
            x = re.sub(rf"^{prep}\s+", "", x, flags=re.I)
            return f"{head} {x}?"
        copula = _COPULA.match(prev)
        if copula:  # "What is sed?" -> "What is grep?": the same question of the new subject
            return f"{copula.group('head')} {x}?"
        stem = prev.rstrip("?").strip()
        return f"{stem}: {x}?" if re.search(r"\w", stem) else f"{x}?"  # nothing to go on: the subject alone

    em = _ELSE.match(q)
    if em:
        rest = em.group(1) + (f" besides {speaker}" if speaker else "") + q[em.end():]
        rest = re.sub(r"\bthe (\w+)\b", lambda mm: _fuller(mm.group(0), topic), rest, count=1)
        return rest if rest.endswith("?") else rest + "?"

    out = q
    if speaker and _HE.search(q):
        out = _HE.sub(speaker, out, count=1)
        out = _HIS.sub(f"{speaker}'s", out, count=1)
    if topic and _IT.search(out) and len(out.split()) <= 9 and not (said_of(out) and said_of(out).topic):
        out = _IT.sub(_fuller("the " + topic.split()[-1], topic) if not topic.lower().startswith("the ") else topic,
                      out, count=1)
    return out
