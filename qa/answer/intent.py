"""What kind of question is this?  Who-said-what (speaker and topic), number, date, place, reason, name, other."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .speech import QUESTION_VERBS

_AUX = r"(?:did|does|do|has|have|had|was|is|will|would|could)"
_PATTERNS = [
    # what did X say / tell reporters / claim ... (about) Y
    re.compile(rf"^(?:so |and |but )?what {_AUX} (?P<who>(?:the |an? )?.+?) (?:{QUESTION_VERBS})\b(?P<topic>.*?)\s*\??$", re.I),
    # how did X describe / view / see Y
    re.compile(rf"^how {_AUX} (?P<who>.+?) (?:describe|described|characteri[sz]e|view|see|portray|"
               rf"assess|react to|respond to|feel about|explain) (?P<topic>.+?)\s*\??$", re.I),
    # according to X, ...Y
    re.compile(r"^according to (?P<who>[^,?]+?),\s*(?P<topic>.+?)\s*\??$", re.I),
    re.compile(r"^(?P<topic>.+?),? according to (?P<who>[^,?]+?)\s*\??$", re.I),
    # what was X's view / position / reaction on Y
    re.compile(r"^what (?:was|is|were|are) (?P<who>.+?)['\u2019]s? (?:view|views|position|stance|reaction|"
               r"response|comment|comments|message|statement|remarks?|criticism) (?:on|of|about|to|regarding) "
               r"(?P<topic>.+?)\s*\??$", re.I),
]
_TOPIC_LEAD = re.compile(r"^(?:(?:to )?(?:the )?(?:reporters|journalists|the press|media|parliament|lawmakers)\b)?\s*"
                         r"(?:(?:about|of|on|regarding|concerning|over|against|with respect to|at|in|during|after)\s+)?", re.I)


_SETTING = re.compile(r"^(?:at|in|during|after|before|while|when|at the end of)\s+(.+)$", re.I)


def _topic(raw: str | None) -> tuple[str | None, str | None]:
    """(topic, setting) of the words after the speech verb."""
    if not raw:
        return None, None
    raw = raw.strip()
    m = re.search(r"\b(?:about|regarding|concerning)\s+(.+)$", raw, re.I)
    if m:
        return m.group(1), None
    rest = _TOPIC_LEAD.sub("", raw, count=1) if not _SETTING.match(raw) else raw
    setting = _SETTING.match(rest)
    return (None, setting.group(1)) if setting else (rest, None)
_NOT_A_SPEAKER = re.compile(r"^(it|this|that|they|there|(?:the )?(?:article|text|report|corpus|document)s?)$", re.I)


@dataclass(frozen=True)
class Intent:
    kind: str  # "said", "number", "date", "place", "acronym", "reason", "name", "manner", "other"
    speaker: str | None = None
    topic: str | None = None  # what the statement should be about
    setting: str | None = None  # where/when it was said ("at the press conference"): ranks, never required


def _clean(s: str | None) -> str | None:
    if s is None:
        return None
    s = re.sub(r"^(the|a|an)\s+", "", s.strip(" ?.!,;:\"'"), flags=re.I).strip()
    return s or None


def parse(question: str) -> Intent:
    q = " ".join(question.split())
    for pat in _PATTERNS:
        m = pat.match(q)
        if m:
            who = _clean(m.group("who"))
            if who and not _NOT_A_SPEAKER.match(who) and len(who.split()) <= 8:
                topic, setting = _topic(m.groupdict().get("topic"))
                return Intent("said", who, _clean(topic), _clean(setting))
    low = q.lower()
    if re.match(r"^(how (many|much|long|far|old)|what (number|percentage|share|proportion)|what is the (number|toll))", low) \
            or "how many" in low or "death toll" in low:
        return Intent("number")
    acr = re.match(r"^(?i:what|which) (?i:does|do|is|are) (?:the )?(?i:acronym |abbreviation )?([A-Z][A-Z.]{1,8})\b", q)
    if acr and re.search(r"\b(stand for|mean|short for|abbreviation|acronym)\b", low):
        return Intent("acronym", topic=acr.group(1))
    if re.match(r"^(when|what (day|date|year|month|time)|(on|in) (what|which) (day|date|year|month)|which (day|date|year)|since when)\b", low):
        return Intent("date")
    if re.match(r"^(where|in (which|what) (city|country|province|town|place|region)|which (city|country|province|town))\b", low):
        return Intent("place")
    if re.match(r"^(why|for what reasons?|what (was|is|were|are) the (main )?reasons?)\b", low):
        return Intent("reason")
    if re.match(r"^how (?:did|do|does|has|have|had|is|are|was|were|can|could|will|would|must)\b", low):
        return Intent("manner")  # "How did Turkey and Russia cooperate …?": the way it was done
    named = re.match(r"^what (?:was|is|were|are) the (?:full |real |official )?names? of (.+?)\??$", q, re.I)
    if named:  # "What was the name of the Russian ambassador killed in Ankara?": a name not in the question
        return Intent("name", topic=named.group(1))
    return Intent("other")
