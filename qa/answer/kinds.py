"""The kind of fact a question asks for, and whether a sentence gives it.

"How many days" wants a number of days ("63 days", not "1 August 1944"), "when" a date or year,
"where" a place the question does not name itself, "why" a reason ("because", "due to"), "What does
IRGC stand for?" the words it is short for, "What was the name of …?" a name.  ``type_bonus`` scores
a sentence for it, ``counts`` ties a number to what is counted, ``facts`` lists the values given (a
second claim must give another one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.search import raw_tokens, tokenize

_MONTHS = r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?"
_DATE = re.compile(rf"\b(({_MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?|\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})|"
                   r"(1\d|20)\d\d(s|\s*(bc|ad|ce|bce))?(?!\s*(gmt|utc|hrs?)\b)|\d{1,4}\s*(bc|ad|ce|bce)|"
                   r"(\d{1,2}(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                   r"eleventh|twelfth|\w+teenth|twentieth|twenty-first)[\s-]+(century|centuries|millennium)|"
                   r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
                   r"last (week|month|year|weekend)|this (week|month|year))\b", re.I)
_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|"
                     r"thousands?|millions?|billions?|half|none)\b", re.I)
# a sentence that gives a reason: "because", "due to", "in order to", "to avoid …", "furious over the fact that …",
# "criticized for making …"
_REASON = re.compile(r"\b(because|since|as a result|due to|owing to|thanks to|in order to|so that|so as to|caused by|"
                     r"reasons?|result of|therefore|thus|hence|aimed at|over the fact|for \w+ing|to (avoid|prevent|ensure|protect|maintain|"
                     r"keep|show|boast|secure|stop))\b", re.I)
# a sentence that says how something was done: "undermined by Iranian objections", "stood aside while …"
MANNER = re.compile(r"\b(by|through|via|using|while|in exchange for|thanks to)\b", re.I)
PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:[A-Z]\.|[A-Z][a-z]+|de|von|van|al-\w+)){1,3}\b")
_PLACE = re.compile(r"\b(?:(?:in|at|to|from|near)\s+(?:the\s+)?|(?:city|town|village|district|province|region|"
                    r"county|state|capital|port|island|suburb|neighbou?rhood) of\s+)([A-Z][\w'\u2019-]+)")


def expansion(acronym: str, sentence: str) -> float:
    """How plainly the sentence spells the acronym out: 1 for "Revolutionary Guards (IRGC)" or "IRGC (…)",
    0.5 when only capitalised words' initials give it ("Iranian Revolutionary Guard Commander"), else 0."""
    acr = acronym.replace(".", "")
    if re.search(rf"\([^()]*\b{re.escape(acr)}\b[^()]*\)", sentence) or re.search(rf"\b{re.escape(acr)}\s*\(", sentence):
        return 1.0
    words = [w for w in re.findall(r"[A-Z][\w'\u2019-]*", sentence)]
    initials = "".join(w[0] for w in words)
    return 0.5 if len(acr) >= 2 and acr in initials else 0.0


_COUNTED = re.compile(r"\bhow (?:many|much)\s+(.*)", re.I)
NUMBER_ALONE = 0.0  # "how many days": a number without "days" beside it earns no bonus (0.5, 1.0 measured: README)


@dataclass(frozen=True)
class Counted:
    """What "how many / how much" counts: the stems of its noun phrase ("phone", "call") and of the
    lower-case words the question says of it ("killed by … strikes" -> kill, strike; "does the army
    have available" -> armi, avail), which tie a number to it when the text names it with another
    word ("killing 22 of the group's terrorists" for fighters, "army of less than 20,000 deployable
    forces" for troops)."""

    units: tuple[str, ...]
    acts: tuple[str, ...] = ()


@lru_cache(maxsize=1024)
def _count_words(question: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(count phrase, acts) of a question, once per question (asked for each sentence it is held to)."""
    m = _COUNTED.search(question)
    if not m:
        return (), ()
    phrase: list[tuple[str, str]] = []
    words = re.findall(r"[\w'\u2019-]+", m.group(1))
    i = 0
    for i, word in enumerate(words[:4]):
        stems = tokenize(word)
        if not stems:  # a stop word ("did", "of", "were") ends the phrase
            break
        if word[:1].isupper() or word[:1].isdigit():
            continue  # "Turkish", "UN", "ISIS": names qualify the unit, they are not it
        phrase.append((word, stems[0]))
        if len(phrase) == 2:
            i += 1
            break
    else:
        i = len(words[:4])
    acts = [st for w in words[i:] if w[:1].islower() for st in tokenize(w)]
    return tuple(phrase), tuple(dict.fromkeys(acts))


def count_phrase(question: str) -> list[tuple[str, str]]:
    """(word, stem) of what "how many / how much" counts: the lower-case words of the noun phrase
    after it ("how many Turkish soldiers died" -> soldiers, died; "how many phone calls did" ->
    phone, calls); empty when the question names nothing to count."""
    return list(_count_words(question)[0])


@lru_cache(maxsize=1024)
def counted(question: str) -> Counted | None:
    """The stems of ``count_phrase`` and of what the question says of it, or None."""
    phrase, acts = _count_words(question)
    return Counted(tuple(stem for _w, stem in phrase), acts) if phrase else None


# "their second phone discussion": an ordinal counts what follows it
_ORDINAL = re.compile(r"second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth", re.I)
_SHARE = re.compile(r"(\d[\d,.]*)(?:\s*[-\u2013]\s*(\d[\d,.]*))?\s*(?:%|per ?cent\b)", re.I)  # "27-30%"
AFTER, BEFORE = 3, 2  # content words after a number that may name what it counts; before it, what is done to it


def counts(sentence: str, units) -> bool:
    """A number with one of ``units`` among the three content words after it ("63 days", "two phone
    calls", "8.8 lb", "22 of the group's terrorists"), or with one of a ``Counted``'s acts among the
    two content words before it ("killing 22", "an army of less than 20,000")."""
    acts: tuple[str, ...] = ()
    if isinstance(units, Counted):
        units, acts = units.units, units.acts
    units = (units,) if isinstance(units, str) else tuple(units)
    short = {a for u in units for a in _abbreviations().get(u, ())}
    words, stems = _words(sentence)
    content = [i for i, st in enumerate(stems) if st or words[i] in short]
    shares = {g.replace(",", "") for m in _SHARE.finditer(sentence) for g in m.groups() if g} if acts else set()
    for n, i in enumerate(content):
        if not _ORDINAL.fullmatch(words[i]) and not _NUMBER.search(words[i]):
            continue
        after, before = content[n + 1 : n + 1 + AFTER], content[max(0, n - BEFORE) : n]
        if any(words[j] in short or any(u in stems[j] for u in units) for j in after):
            return True
        if acts and words[i] not in shares and any(a in stems[j] for j in before for a in acts):
            # not after: "three cluster bombs" counts bombs; nor a share: "the engine reaches 27-30%"
            return True
    return False


@lru_cache(maxsize=8192)
def _words(sentence: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The sentence's raw words and each word's BM25 tokens, once per sentence."""
    words = tuple(raw_tokens(sentence))
    return words, tuple(tuple(tokenize(w)) for w in words)


# units and their usual abbreviations: "how many pounds" is answered by "8.8 lb"
_UNITS = {"pounds": "lb lbs", "kilograms": "kg kgs", "grams": "g", "tonnes": "t", "kilometres": "km",
          "kilometers": "km", "miles": "mi", "metres": "m", "meters": "m", "centimetres": "cm", "centimeters": "cm",
          "millimetres": "mm", "millimeters": "mm", "feet": "ft", "yards": "yd", "hours": "h hr hrs",
          "minutes": "min mins", "seconds": "s sec secs", "kilowatts": "kw", "megawatts": "mw", "watts": "w",
          "litres": "l", "liters": "l", "gallons": "gal", "acres": "ac", "hectares": "ha", "degrees": "°"}


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, tuple[str, ...]]:
    """The stem of each unit word -> its abbreviations (as ``raw_tokens`` gives them: lower case)."""
    out: dict[str, tuple[str, ...]] = {}
    for word, short in _UNITS.items():
        for form in (word, word.rstrip("s"), "foot" if word == "feet" else word):
            for stem in tokenize(form):
                out[stem] = tuple(dict.fromkeys(out.get(stem, ()) + tuple(short.split())))
    return out


def type_bonus(kind: str, sentence: str, topic: str | None = None, unit=None, given: frozenset = frozenset()) -> float:
    """1 when ``sentence`` holds the kind of fact asked for (a place is one the question does not
    name itself, ``given``: "near Damascus" does not say where, near Damascus, something happened)."""
    if kind == "acronym" and topic:
        return expansion(topic, sentence)
    if kind == "number":
        if not _NUMBER.search(sentence):
            return 0.0
        return 1.0 if unit is None or counts(sentence, unit) else NUMBER_ALONE
    if kind == "date":
        return 1.0 if _DATE.search(sentence) else 0.0
    if kind == "reason":
        return 1.0 if _REASON.search(sentence) else 0.0
    if kind == "place":
        return 1.0 if any(m.group(1) not in given for m in _PLACE.finditer(sentence)) else 0.0
    if kind == "name":
        return 1.0 if new_name(sentence, topic or "") else 0.0
    if kind == "manner":
        return 1.0 if MANNER.search(sentence) else 0.0
    return 0.0


_CALENDAR = re.compile(rf"(?:{_MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\W*", re.I)


def new_name(sentence: str, asked: str) -> bool:
    """Does ``sentence`` give a name of two or more capitalised words ("Andrei Karlov", "Catch Me Who
    Can") that is not made of words ``asked`` already uses ("the Russian Ambassador") or of days and months?"""
    known = _asked_stems(asked)
    for m in PERSON.finditer(sentence):
        words = [w for w in m.group(0).split() if not _CALENDAR.fullmatch(w)]
        if any(st not in known for w in words for st in tokenize(w)) and len(words) >= 2:
            return True
    return False


@lru_cache(maxsize=1024)
def _asked_stems(asked: str) -> frozenset[str]:
    return frozenset(tokenize(asked))


def facts(kind: str, text: str) -> frozenset[str]:
    """The values of the asked-for kind a text gives: years, days and months for "when" ("March 2011"
    -> march, 2011), numbers for "how many", places for "where"; empty for other kinds."""
    if kind == "date":
        return frozenset(w for m in _DATE.finditer(text) for w in re.findall(r"\d+|[a-z]+", m.group(0).lower())
                         if w not in ("st", "nd", "rd", "th", "s", "last", "this", "in"))
    if kind == "number":
        return frozenset(m.group(0).replace(",", "").lower() for m in re.finditer(r"\d[\d,.]*|\b[A-Za-z]+\b", text)
                         if m.group(0)[0].isdigit() or _NUMBER.fullmatch(m.group(0)))
    if kind == "place":
        return frozenset(m.group(1) for m in _PLACE.finditer(text))
    return frozenset()


@lru_cache(maxsize=1024)
def named(question: str) -> frozenset[str]:
    """The capitalised words a question names (not its first word)."""
    return frozenset(re.findall(r"(?<=\s)[A-Z][\w'\u2019-]+", question))
